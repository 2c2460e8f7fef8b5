"""Injected-artifact families for bench/quality.py: each inserts one artifact into a human translation.

A family is ``inject(text) -> (bad, start, end, good) | None``: the text with the artifact, the span an
editor would expect flagged, and the text a correct repair gives (None: the family is flag-only; the
original when the repair restores it). ``FIX_MODE[family]`` says which repair is expected: "safe" (plain
`fix`), "unsafe" (`fix --unsafe-fixes`) or absent (flag only).

The first families (issues 3 and 9) mutate the document's own words; the rest (issue 11) insert sentences
written for this benchmark, never corpus lines: capitalised fragments split off a sentence, quote spacing
and placement, name variants by transliteration pair, caption and credit leftovers; then money, ordinals,
brackets, doubled phrases and malformed quote pairs, and Cyrillic look-alike letters.
"""
from __future__ import annotations

import re

PREPS = "by|with|in|for|from|on|at|to"
# A sentence end inside a paragraph, followed by a capitalised sentence: where a leftover sits.
BOUNDARY = r"(?<=[a-z]{2})\. (?=[A-Z][a-z])"

# --- fragments of our own (issue 11): a complete sentence, then a piece cut off it -------------------
SENTENCES = ["The ministry approved the new rules on Monday.", "The army tested the drone last week.",
             "The council opened the bridge in the spring.", "Engineers repaired the pipeline overnight.",
             "The company shipped the first batch in March.", "Police closed the road for the whole day.",
             "The school hired twelve new teachers this year.", "Farmers planted the fields early."]
PREP_FRAGMENTS = ["With a laser on board.", "For small shops and kiosks.", "Without any warning to the residents.",
                  "Under the supervision of the regional office.", "Despite the heavy rain in the valley.",
                  "After several months of careful preparation.", "Through the narrow streets of the old town.",
                  "Between the two rival villages."]
INFINITIVE_FRAGMENTS = ["To protect the harbour from winter storms.", "To reduce the waiting time at the border.",
                        "To support families with young children.", "To test the new radar in real conditions.",
                        "To attract more visitors to the region.", "To replace the old wooden carriages."]
NOUN_FRAGMENTS = ["A small victory for the local farmers.", "Another blow to the struggling airline.",
                  "The first such case in the region.", "A clear signal to the regional authorities.",
                  "Enormous costs for the municipal budget.", "Endless queues at the only petrol station."]

# --- name variants by transliteration pair: invented surnames, (majority form, variant) --------------
NAME_PAIRS = {
    "kh_h": [("Kharitonenko", "Haritonenko"), ("Mikhailuk", "Mihailuk"), ("Tkhorenko", "Thorenko")],
    "zh_z": [("Zhuravets", "Zuravets"), ("Bazhenko", "Bazenko"), ("Luzhkovich", "Luzkovich")],
    "ts_tz_c": [("Kovalets", "Kovaletz"), ("Tsvetkova", "Cvetkova"), ("Petrenkets", "Petrenkec")],
    "w_v": [("Wolodarski", "Volodarski"), ("Kowalenko", "Kovalenko"), ("Dworetsky", "Dvoretsky")],
    "y_i_j": [("Podolyak", "Podoliak"), ("Yaremchuk", "Jaremchuk"), ("Kostyuchenko", "Kostiuchenko")],
    "doubled": [("Shapovalov", "Shappovalov"), ("Melnikov", "Mellnikov"), ("Hrytsenko", "Hrytssenko")],
    "accents": [("Dvořák", "Dvorak"), ("Kovačević", "Kovacevic"), ("Erdoğan", "Erdogan")],
}
NAME_FRAME = (" Minister {a} arrived in the port city on Tuesday. {a} met the harbour staff there. "
              "Later {b} said the repairs would take a month.")

# --- quote spacing and placement (sentences of our own, straight marks; the article's style may differ) -
QUOTE_FAMILIES = {
    # (bad, good): the bad form has the misplaced space or the missing one
    "quote_space_after_open": (' The mayor said, " we will rebuild the bridge."',
                               ' The mayor said, "we will rebuild the bridge."'),
    "quote_no_space_after_close": (' "Never again!"he said after the vote.', ' "Never again!" he said after the vote.'),
    "quote_space_before_close": (' "We have no choice now. "', ' "We have no choice now."'),
}

# --- second round (sentences of our own): money, ordinals, brackets, doubled phrases, quote pairs -
# (bad, good): the bad form has the artifact, the good one the repair a careful editor makes
SENTENCE_FAMILIES = {
    "currency_space": (" The new bridge will cost $ 45 million.", " The new bridge will cost $45 million."),
    "split_ordinal": (" The festival opens for the 25 th time.", " The festival opens for the 25th time."),
    "bracket_space": (" The report ( in two volumes) came out.", " The report (in two volumes) came out."),
    "doubled_phrase": (" The ferry crossed the lake the lake twice.", " The ferry crossed the lake twice."),
    "quote_mixed_pair": (" The crowd chanted “no more war\" until dark.",
                         " The crowd chanted “no more war” until dark."),
    "quote_wrong_way": (" The crowd chanted ”no more war” until dark.", " The crowd chanted “no more war” until dark."),
    "self_coordinated": (" The council praised the safety and safety of the new tram.",
                         " The council praised the safety of the new tram."),
    "coordinated_phrase": (" The song was played all over the world and all over the world on Friday.",
                           " The song was played all over the world on Friday."),
    "glued_credit": (" Port cities tighten their controls-Xinhua The rules start today.",
                     " Port cities tighten their controls - Xinhua The rules start today."),
    "dotted_day": (" The festival opens on 3. December in the old town.",
                   " The festival opens on 3 December in the old town."),
    "spaced_time": (" The last train leaves at 11: 45 p.m. from the main station.",
                    " The last train leaves at 11:45 p.m. from the main station."),
    "semicolon_sentence": (" Students get free books; The cost of each course is low.",
                           " Students get free books. The cost of each course is low."),
    "currency_after_amount": (" A ticket for the concert costs 45 € at the door.",
                              " A ticket for the concert costs €45 at the door."),
    "spaced_slash_unit": (" The new train reaches 160 km / h on the plain.",
                          " The new train reaches 160 km/h on the plain."),
    "spaced_slash_words": (" Nobody knew whether the mayor / governor of the region had signed it.",
                           " Nobody knew whether the mayor/governor of the region had signed it."),
    "dotted_day_month": (" The shop reopens on 14.09. after the repairs.",
                         " The shop reopens on 14 September after the repairs."),
    "clock_hour": (" The museum stays open until 22 o'clock on Fridays.",
                   " The museum stays open until 22:00 on Fridays."),
    "spaced_thousands": (" The region counted 12 480 new voters this spring.",
                         " The region counted 12,480 new voters this spring."),
}
FAMILY_MODE = {"doubled_phrase": "unsafe", "quote_mixed_pair": "unsafe", "self_coordinated": "unsafe",
               "semicolon_sentence": "unsafe", "coordinated_phrase": "unsafe", "spaced_thousands": "unsafe",
               "spaced_slash_words": "unsafe", "dotted_day_month": "unsafe"}

# --- caption and credit leftovers between sentences, and at the article's end -----------------------
STRAY = {"stray_photo_paren": "(photo)", "stray_photo_colon": "Photo:", "stray_read_more": "Read more:",
         "stray_source": "Source:", "stray_reported": "reported."}

FIX_MODE: dict[str, str] = {}


def families(rng):  # noqa: C901 - a list of small closures, one per family
    """The injection functions in report order (each a closure over ``rng``)."""

    def pick(pattern, t):
        ms = list(re.finditer(pattern, t))
        return rng.choice(ms) if ms else None

    out = []

    def family(name, mode=None):
        def register(fn):
            fn.__name__ = name
            if mode:
                FIX_MODE[name] = mode
            out.append(fn)
            return fn

        return register

    # ---- issues 3 and 9 -------------------------------------------------------------------------------
    @family("stray_period", "safe")
    def _(t):
        m = pick(rf"(?<=[a-z]) ({PREPS}) (?=[a-z])", t)
        return m and (t[:m.start()] + "." + t[m.start():], m.start(), m.start() + 1, t)

    @family("stray_token", "safe")
    def _(t):
        m = pick(r"(?<=[a-z])\. (?=[A-Z])", t)
        return m and (t[:m.start() + 1] + " via." + t[m.start() + 1:], m.start() + 1, m.start() + 6, t)

    @family("orphan_fragment")
    def _(t):
        m = pick(r" (\w+ \w+)\. (?=[A-Z])", t)
        if not m:
            return None
        frag = " more " + m.group(1).split()[1] + "."
        return t[:m.end() - 1] + frag + t[m.end() - 1:], m.end(), m.end() - 1 + len(frag), None

    @family("doubled_word", "safe")
    def _(t):
        m = pick(r"(?<= )(the|of|and|to|in) (?=[a-z])", t)
        return m and (t[:m.end()] + m.group(1) + " " + t[m.end():], m.start(), m.end() + len(m.group(1)), t)

    @family("name_variant", "safe")
    def _(t):
        m = pick(r"(?<=[a-z])\. (?=[A-Z])", t)
        if not m:
            return None
        add_bad = " Officials in Kyiv agreed, and Kiev said so."
        add_good = add_bad.replace("Kiev", "Kyiv")
        i = m.start() + 1
        return t[:i] + add_bad + t[i:], i, i + len(add_bad), t[:i] + add_good + t[i:]

    @family("source_script", "safe")
    def _(t):
        m = pick(r"(?<= )(every|the) ", t)
        return m and (t[:m.start()] + "кожна " + t[m.start():], m.start(), m.start() + 6, t)

    @family("punctuation_spacing", "safe")
    def _(t):
        m = pick(r"(?<=[a-z]),(?= )", t)
        return m and (t[:m.start()] + " " + t[m.start():], m.start(), m.start() + 2, t)

    @family("mojibake", "safe")
    def _(t):
        m = pick(r"(?<=[a-z])[’'](?=[a-z])", t)
        return m and (t[:m.start()] + "â€™" + t[m.end():], m.start(), m.start() + 3, t[:m.start()] + "’" + t[m.end():])

    @family("decimal_comma", "safe")
    def _(t):
        m = pick(r"(?<=[a-z]) (?=[a-z])", t)
        return m and (t[:m.start()] + " 3,5 million" + t[m.start():], m.start() + 1, m.start() + 12,
                      t[:m.start()] + " 3.5 million" + t[m.start():])

    @family("duplicated_sentence", "safe")
    def _(t):
        m = pick(r"(?<=[.!?] )([A-Z][^.!?\n\"“”]{30,200}[.!?]) ", t)
        return m and (t[:m.end()] + m.group(1) + " " + t[m.end():], m.end(), m.end() + len(m.group(1)), t)

    @family("missing_space", "safe")
    def _(t):
        m = pick(r"(?<=[a-z]{3})\. (?=[A-Z][a-z])", t)
        return m and (t[:m.start() + 1] + t[m.end():], m.start(), m.start() + 2, t)

    @family("doubled_quote", "safe")
    def _(t):
        m = pick(r"(?<= )([a-z]+ [a-z]+)(?= [a-z])", t)
        return m and (t[:m.start()] + '""' + m.group(1) + '""' + t[m.end():], m.start(), m.end() + 4,
                      t[:m.start()] + '"' + m.group(1) + '"' + t[m.end():])

    @family("repeated_tail", "safe")
    def _(t):
        m = pick(r"(?<= )([a-z]+ [a-z]+ [a-z]+)\. (?=[A-Z])", t)
        if not m:
            return None
        tail = " " + m.group(1) + "."
        return t[:m.end() - 1] + tail + t[m.end() - 1:], m.end(), m.end() - 1 + len(tail), t

    # ---- issue 11: capitalised fragments split off a complete sentence (flag only; the fix is unsafe) --
    def fragment(pool):
        def inject(t):
            m = pick(BOUNDARY, t)
            if not m:
                return None
            sent, frag = rng.choice(SENTENCES), rng.choice(pool)
            i = m.start() + 1
            add = " " + sent + " " + frag
            s = i + 2 + len(sent)
            return t[:i] + add + t[i:], s, s + len(frag), None

        return inject

    family("fragment_prepositional")(fragment(PREP_FRAGMENTS))
    family("fragment_infinitive")(fragment(INFINITIVE_FRAGMENTS))
    family("fragment_noun_phrase")(fragment(NOUN_FRAGMENTS))

    # ---- issue 11: quote spacing and placement (safe: the repair is plain) ----------------------------
    def quote(bad_add, good_add, paragraph_end):
        def inject(t):
            if paragraph_end:  # the paragraph ends with the quotation: put it at the end of one
                ends = [m.start() for m in re.finditer(r"(?<=[a-z][.!?])(?=\n|\Z)", t)]
                if not ends:
                    return None
                i = rng.choice(ends)
            else:
                m = pick(BOUNDARY, t)
                if not m:
                    return None
                i = m.start() + 1
            d = next(k for k in range(len(bad_add)) if bad_add[k] != good_add[k])
            return t[:i] + bad_add + t[i:], i + d - 1, i + d + 2, t[:i] + good_add + t[i:]

        return inject

    for name, (bad, good) in QUOTE_FAMILIES.items():
        family(name, "safe")(quote(bad, good, name == "quote_space_before_close"))

    # ---- issue 11: one name spelled two ways by a transliteration pair (2:1; the fix is unsafe) ------
    def names(pairs):
        def inject(t):
            m = pick(BOUNDARY, t)
            if not m:
                return None
            a, b = rng.choice(pairs)
            i = m.start() + 1
            bad, good = NAME_FRAME.format(a=a, b=b), NAME_FRAME.format(a=a, b=a)
            s = i + bad.rindex(b)
            return t[:i] + bad + t[i:], s, s + len(b), t[:i] + good + t[i:]

        return inject

    for pair, pairs in NAME_PAIRS.items():
        family(f"name_{pair}", "unsafe")(names(pairs))

    # ---- issue 11: caption and credit leftovers, between sentences and at the article's end ----------
    def stray(token, at_end):
        def inject(t):
            if at_end:
                m = re.search(r"(?<=[a-z][.!?])\s*\Z", t)
                if not m:
                    return None
                i = m.start()
            else:
                m = pick(BOUNDARY, t)
                if not m:
                    return None
                i = m.start() + 1
            return t[:i] + " " + token + t[i:], i + 1, i + 1 + len(token), t

        return inject

    for name, token in STRAY.items():
        family(name, "safe" if name == "stray_reported" else "unsafe")(stray(token, False))
    family("stray_reported_at_end", "safe")(stray("reported.", True))

    # ---- issue 11, second round: artifacts the rules did not know, each inserted as a sentence of our own
    # (or a change of one character of the document), with the text a correct repair gives ----------------
    def sentence(bad_add, good_add):
        def inject(t):
            m = pick(BOUNDARY, t)
            if not m:
                return None
            i = m.start() + 1
            d = next(k for k in range(min(len(bad_add), len(good_add))) if bad_add[k] != good_add[k])
            return t[:i] + bad_add + t[i:], i + d - 1, i + d + 2, t[:i] + good_add + t[i:]

        return inject

    for name, (bad, good) in SENTENCE_FAMILIES.items():
        family(name, FAMILY_MODE.get(name, "safe"))(sentence(bad, good))

    # A quotation left in the source language's marks (MT318): the repair is a pair in the article's style.
    for name, (lq, rq) in (("guillemets", ("«", "»")), ("low_high_quotes", ("„", "“"))):
        @family(name, "safe")
        def _(t, lq=lq, rq=rq):
            m = pick(BOUNDARY, t)
            if not m:
                return None
            i = m.start() + 1
            curly = t.count("“") + t.count("”") > t.count('"')
            ql, qr = ("“", "”") if curly else ('"', '"')
            said = " The crowd chanted {}no more war{} until dark."
            bad = said.format(lq, rq)
            return t[:i] + bad + t[i:], i + 19, i + 32, t[:i] + said.format(ql, qr) + t[i:]

    # A source-language name that lost its capital (MT401, flagged without a fix).
    @family("lowercase_foreign")
    def _(t):
        m = pick(BOUNDARY, t)
        if not m:
            return None
        i = m.start() + 1
        add = " The shop belongs to Petra kubištová from Opava."
        s = i + add.index("kubištová")
        return t[:i] + add + t[i:], s, s + len("kubištová"), None

    @family("cyrillic_lookalike", "safe")
    def _(t):
        m = pick(r"(?<=[a-z]{2})[oaec](?=[a-z]{2})", t)
        if not m:
            return None
        twin = {"o": "о", "a": "а", "e": "е", "c": "с"}[m.group(0)]
        return t[:m.start()] + twin + t[m.end():], m.start(), m.end(), t

    def flagged(sent, token):
        """Insert ``sent`` at a sentence boundary; the finding is expected on ``token`` (flag only)."""
        def inject(t):
            m = pick(BOUNDARY, t)
            if not m:
                return None
            i = m.start() + 1
            s = i + sent.index(token)
            return t[:i] + sent + t[i:], s, s + len(token), None

        return inject

    # A decoder token where a word was lost (MT403): flag only, the word is in the source.
    family("decoder_unk")(flagged(" The delegation met <unk> officials on Friday.", "<unk>"))
    family("decoder_unknown_piece")(flagged(" The storm was rated EF4 ⁇ 5 by the agency.", "⁇"))
    family("decoder_bpe")(flagged(" The philosopher Kier@@ kegaard wrote about it.", "@@"))

    # An ampersand abbreviation spaced by the detokeniser (MT319): the repair closes it up (unsafe).
    family("spaced_ampersand", "unsafe")(sentence(" The group doubled its R & D spending this year.",
                                                  " The group doubled its R&D spending this year."))

    # Two quotations side by side with nothing between them (MT320): flag only, in the article's marks.
    @family("adjacent_quotations")
    def _(t):
        m = pick(BOUNDARY, t)
        if not m:
            return None
        i = m.start() + 1
        lq, rq = ("“", "”") if t.count("“") + t.count("”") > t.count('"') else ('"', '"')
        add = f" The shop sells {lq}Evening Plum{rq} {lq}Fresh Green{rq} and other sweets."
        s = i + add.index(rq + " " + lq)
        return t[:i] + add + t[i:], s, s + 3, None

    # A clause's comma left after a sentence's full stop (MT321): flag only, either mark may be the stray one.
    family("mark_after_full_stop")(flagged(" The kiosk was easy to find. , and the staff were friendly.", " ,"))

    # A chat model's preamble at the top of its translation (MT404): deleting the line is the repair (unsafe).
    @family("chat_preamble", "unsafe")
    def _(t):
        add = "Sure! Here's the English translation:\n\n"
        return add + t, 0, len(add) - 2, t

    # A degree sign split from its C (MT322): the repair closes the space (safe).
    family("spaced_degree", "safe")(sentence(" The water was kept at 30 ° C all day.",
                                             " The water was kept at 30 °C all day."))

    # A speaker set off by a dash after the quotation, the Russian and Ukrainian way (MT323): flag only.
    family("dash_attribution")(flagged(" Power will return to the hospitals first, - the prime minister said.",
                                       "- "))

    # Source script filling an editor's brackets (MT401): the deletion of the brackets is unsafe.
    family("bracketed_source", "unsafe")(sentence(" The envoy met the president [Франции] on Monday.",
                                                  " The envoy met the president on Monday."))

    # The Ukrainian apostrophe (U+02BC) in an English word (MT324): the repair is the apostrophe (safe).
    family("apostrophe_lookalike", "safe")(sentence(" The Presidentʼs Office confirmed the visit.",
                                                    " The President’s Office confirmed the visit."))

    # The Vietnam News Agency's end-of-story mark after a sentence (MT325): the repair deletes it (safe).
    family("end_of_story_mark", "safe")(sentence(" The ministry sent aid to the flooded districts./. VNA",
                                                 " The ministry sent aid to the flooded districts. VNA"))

    # A line of the web page's furniture after the article (MT108): flagged; its deletion is unsafe and leaves
    # the blank line before it, so the repair is not compared.
    @family("page_furniture")
    def _(t):
        body, line = t.rstrip("\n"), "Please enter your comment!"
        return f"{body}\n\n{line}\n", len(body) + 2, len(body) + 3 + len(line), None

    # A quotation mark glued to the sentences on both sides (MT326): the space goes after a closing mark
    # (safe where the paragraph's marks all pair up).
    family("quote_glued", "safe")(sentence(' Officials urged residents to "stay indoors."No injuries were reported.',
                                           ' Officials urged residents to "stay indoors." No injuries were reported.'))

    # A line of its own in the source script, left untranslated (MT405): flagged, no fix.
    family("source_line")(flagged("\nФото: пресслужба міської ради\n", "Фото: пресслужба міської ради"))

    return out
