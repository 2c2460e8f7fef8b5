"""Repetition left by machine translation: doubled words (MT501), duplicated sentences (MT502) and a word
coordinated with itself (MT503).

Both delete a copy. Only what cannot be deliberate is deleted safely: a doubled lowercase word that is
neither grammatical (``had had``, ``that that``) nor a reduplication (``bye bye``, ``very very``), and a
sentence repeated word for word right after itself, outside quotations.
"""
from __future__ import annotations

import itertools
import operator
import re
import sys

from ..model import Edit
from . import detector, quoted
from .lexicon import FUNCTION_WORDS
from .quoting import QUOTATION_MARKS, quote_open

# A word followed by the same word after spaces or tabs on the same line (never across a line break).
DOUBLED = re.compile(r"(?<![\w'’-])([^\W\d_]+(?:['’][^\W\d_]+)?)([ \t]+)(?i:\1)(?![\w'’-])")
if sys.version_info >= (3, 11):
    # The same matches; possessive quantifiers (3.11+) stop the engine from retrying shorter prefixes of
    # every word, which halves this detector's time.
    DOUBLED = re.compile(r"(?<![\w'’-])([^\W\d_]++(?:['’][^\W\d_]++)?+)([ \t]++)(?i:\1)(?![\w'’-])")

# Doubles that are grammatical: "what it is is", "he had had enough", "said that that plan", "to avoid this
# this time", "gave her her
# coat", "his will will be read", "a can can hold".
GRAMMATICAL = frozenset("""
had that this is was do did her will can must might may well
""".split())

# Reduplication as a word of its own: intensifiers, interjections, onomatopoeia, baby talk, dances.
REDUPLICATED = frozenset("""
very really so no yes yeah oh ah aah uh um hmm ha haha he hi ho hey hee boo bye night chop tut tsk
knock bang boom beep bling bow bling buzz choo ding dum tick tock pom tom yo la na blah bla yada ta
now there well come go pretty long far many much big bad little tiny wee pee poo goody hush
aye cha can mahi beri dik tsetse murmur ow oww ouch wow yay hurray hooray whoa woo wah ooh
hip fifty again more same quick bravo encore cheers hear sorry please hello hurry okay ready
knock bling quack vroom woof meow moo oink baa tweet kiss wink nudge ylang mwah faster slowly yadda
""".split())

# Particles: a phrasal verb may meet a preposition of the same form ("brought in in a wheelchair",
# "logged on on Monday", "what it is about about").
PARTICLES = frozenset("in on up out off down over by around through back about along away".split())
# Verbs whose particle may meet a preposition of the same form. A doubled particle after any other word
# ("a role in in conservation", "distributed in in newspapers") is a plain doubled word.
PHRASAL_VERBS = frozenset("""
bring brings bringing brought log logs logged logging check checks checked checking come comes came coming
get gets got getting go goes went going gone put puts putting set sets setting turn turns turned turning
take takes took taken taking give gives gave given giving hand hands handed call calls called sign signs
signed fill fills filled move moves moved plug plugged break breaks broke broken drop drops dropped pass
passes passed let lets sit sits sat stand stands stood lock locked shut shuts close closed send sends sent
cut cuts fall falls fell sell sold weigh weighed chip chipped pitch pitched pay paid add added back backed
show shows showed shown stay stayed hold holds held carry carried keep keeps kept look looks looked run
runs ran pull pulled push pushed walk walked drive drove driven fly flew flown settle settled step stepped
is was are were be been being it about
""".split())
_PREV_WORD_ANY = re.compile(r"([^\W\d_]+)[^\w]*$")



# MT502 reads the previous paragraph: a paragraph repeated as the next one.
@detector("repetition", rules=("MT501", "MT502", "MT503"), reads="neighbours")
def detect(doc, ctx):
    own, neighbours = doc.scope != "neighbours", doc.scope != "own"
    if ctx.enabled("MT501") and own:
        yield from _doubled_words(doc, ctx)
        yield from _doubled_phrases(doc, ctx)
    if ctx.enabled("MT503") and own:
        yield from _self_coordinated(doc, ctx)
    if ctx.enabled("MT502") and own:
        yield from _duplicated_sentences(doc, ctx)
    if ctx.enabled("MT502") and neighbours:
        yield from _repeated_paragraphs(doc, ctx)


def _doubled_words(doc, ctx):
    text = doc.text
    salad: dict | None = None
    for line in doc.lines:
        for m in DOUBLED.finditer(text, line.start, line.end):
            first, second = m.group(1), text[m.end(2):m.end()]
            if not second.islower():
                continue  # a capitalised double: a name (Cao Cao, Bora Bora) or a title
            if first != second and not _sentence_initial(text, m.start(), line.start):
                continue  # "Whoosh whoosh" inside a sentence: not a plain doubled word
            word = second
            if word in GRAMMATICAL or word in REDUPLICATED:
                continue
            if word in PARTICLES:
                before = _PREV_WORD_ANY.search(text, max(line.start, m.start() - 40), m.start())
                # "about about" ("what it is about about", "talked about about how") is too often right.
                if word == "about" or before is None or before.group(1).lower() in PHRASAL_VERBS:
                    continue  # "brought in in a wheelchair": a particle, then a preposition
            function_word = word in FUNCTION_WORDS
            if not function_word and (len(word) <= 3 or not _has_vowel(word)):
                continue  # short syllables doubled: onomatopoeia or a name (hun hun, cao cao)
            if not function_word and first != second:
                continue  # "Whoosh whoosh." opening a sentence: onomatopoeia
            if _run_of_three(text, m, line) or doc.is_masked(m.start(), m.end()):
                continue  # "ow ow ow", "go go go": deliberate
            if not function_word and quote_open(doc, line.start, m.start()):
                continue  # "help help," in quoted speech: deliberate
            # Delete the second copy with the space before it: minimal, and keeps the first copy's case.
            s, e = m.start(2), m.end()
            # A doubled content word often stands for two source words ("membrane membrane" for
            # "electrolyte membrane"), and inside word salad no deletion makes the sentence right.
            # "not not" may be a deliberate double negative.
            stranded = _stranded_preposition(text, m.start(), word)
            if stranded and _TIME_PHRASE.match(text, m.end()):
                continue  # "looking for for several days", "voted on on Monday": grammatical
            safe = function_word and word != "not" and not stranded
            if safe and salad is None:
                salad = {}
            safe = safe and not _word_salad(text, m, line, salad is not None and _in_salad(doc, salad, m.start()))
            yield ctx.finding("MT501", m.start(), m.end(), "doubled", word=word, edits=[Edit(s, e, "")],
                              applicability="safe" if safe else "unsafe")


# "the woman police have been looking for for days", "what they voted on on Monday": a preposition that
# ends a verb phrase, then the same preposition opening the next phrase. Grammatical; never deleted safely.
STRANDING = frozenset(("for", "on", "about", "with"))
_WORD_BEFORE = re.compile(r"([^\W\d_]+)[ \t]+$")


# A time phrase after the second preposition: "for [for several days]", "on [on Monday]".
_TIME_PHRASE = re.compile(r"""[ \t]+(?:(?:a|an|the|several|many|some|a\ few|few|\d+|two|three|four|five|six|seven|eight|
nine|ten|twelve|twenty|hundreds\ of|dozens\ of)[ \t]+)?(?:days?|weeks?|months?|years?|hours?|minutes?|decades?|
while|long|ages|now|monday|tuesday|wednesday|thursday|friday|saturday|sunday|time)\b""", re.IGNORECASE | re.VERBOSE)


def _stranded_preposition(text: str, start: int, word: str) -> bool:
    if word not in STRANDING:
        return False
    m = _WORD_BEFORE.search(text, max(0, start - 40), start)
    return m is not None and m.group(1).lower().endswith(("ing", "ed"))


# Words that join a word to itself in an idiom: "more and more", "time to time", "bit by bit", "day after day".
LINKS = frozenset("and or nor to by after upon for on in into than".split())
CONJUNCTIONS = frozenset("and or nor by after upon".split())
# Two words followed by the same two words ("Small-sized Yokan Small-sized Yokan", "in the in the").
_WORD = r"[^\W\d_][\w'’-]*+"
DOUBLED_PHRASE = re.compile(rf"(?<![\w'’-])({_WORD}[ \t]++{_WORD})([ \t]++)\1(?![\w'’-])")


def _doubled_phrases(doc, ctx):
    """MT501: a two-word phrase written twice in a row on one line. Unsafe: a title or a chant may repeat
    on purpose ("New York New York"); a run of one word (``go go go go``), reduplication and quoted speech
    are left alone."""
    text = doc.text
    for line in doc.lines:
        for m in _phrase_candidates(text, line.start, line.end):
            first, second = m.group(1).lower().split()
            if first == second or (first in REDUPLICATED and second in REDUPLICATED):
                continue
            if second in LINKS or first in CONJUNCTIONS:
                # "more and more and", "from time to time to", "again and over and over": an "X and X" idiom
                # overlapping itself
                continue
            if doc.is_masked(m.start(), m.end()) or quote_open(doc, line.start, m.start()):
                continue
            if m.end() < line.end and text.startswith(m.group(2) + m.group(1), m.end()):
                continue  # three times or more: deliberate
            yield ctx.finding("MT501", m.start(), m.end(), "phrase", phrase=m.group(1),
                              edits=[Edit(m.end(1), m.end(), "")], applicability="unsafe")


# MT503: "its quality and quality" (two source synonyms, one English word). The scan starts at the
# conjunction (a literal: fast) and compares the words on both sides.
_CONJUNCTION = re.compile(r"[ ](and|or)[ ]")
_LOWER_WORD = re.compile(r"[a-z]{3,}+(?![\w'’-])")
_WORD_CHAR = re.compile(r"[\w'’-]")
# What may follow the copy when the phrase ends there: punctuation, or a word that cannot be the noun the
# copy modifies ("milk and milk foam" is English).
_PHRASE_END = re.compile(r"[ \t]*(?:[.,;:!?)\]”\"’]|$)|[ ](?:in|of|on|at|to|for|with|by|from|as|is|are|was|were|has|"
                         r"have|had|can|could|will|would|should|may|might|must|and|or|but|the|a|an|other|this|"
                         r"that|which|who|while|because)\b", re.MULTILINE)
# English repetitions: idioms ("again and again", "half and half", "through and through"), pronouns
# ("something and something else"), numbers, and verbs repeated for emphasis ("try and try again").
SELF_COORDINATED_OK = frozenset("""
this that these those its something someone somebody anything anyone everything everyone nothing such what
which who here there then now one two half again over more less most round around through out down off
time far near ever never much very well back worse try wait work walk talk run think cry hope pray read
write look search fight push pull dig climb ring knock tick tock blah bye yes ran fell rose grew grown sank
spun swam dug fought thought sought drove went gone flew flown wept slept kept spent
""".split())
# Plurals ("years and years"), comparatives ("better and better"), emphatic verbs ("waited and waited").
_SELF_COORDINATED_ENDINGS = ("s", "er", "ed", "ing")


def _self_coordinated(doc, ctx):
    """MT503: a lowercase word joined to itself by "and" or "or" where the phrase ends after the copy (or
    the word is an -ly adverb). Unsafe: the source's second word may be worth restoring."""
    text = doc.text
    for m in _CONJUNCTION.finditer(text):
        span = _coordinated_phrase(text, m)
        if span is not None and not doc.is_masked(*span):
            start, end = span
            yield ctx.finding("MT503", start, end, "coordinated", conjunction=m.group(1), phrase=text[start:end],
                              edits=[Edit(m.start(), end, "")], applicability="unsafe")
            continue
        after = _LOWER_WORD.match(text, m.end())
        if after is None:
            continue
        word = after.group()
        start = m.start() - len(word)
        if start < 0 or text[start:m.start()] != word or (start and _WORD_CHAR.match(text, start - 1)):
            continue
        if word in SELF_COORDINATED_OK or word.endswith(_SELF_COORDINATED_ENDINGS):
            continue
        end = after.end()
        if not word.endswith("ly") and not _PHRASE_END.match(text, end):
            continue  # "milk and milk foam": the copy modifies the next word
        if m.group(1) == "or" and text.startswith(" and ", end):
            continue  # "administrative or administrative and economic functions": the copy opens a pair
        if text.startswith(m.group() + word, end) or text.endswith(word + m.group(), 0, start) \
                or doc.is_masked(start, end):
            continue  # three times or more: deliberate
        yield ctx.finding("MT503", start, end, "coordinated", conjunction=m.group(1), phrase=text[start:end],
                          edits=[Edit(m.start(), end, "")], applicability="unsafe")


# A phrase of two to four words, then punctuation or a preposition: "all over the world and all over the
# world.", "the United States and the United States in". A verb after the copy may start a clause of its
# own ("follow the state and the state will pay"): left alone.
_PHRASE_WORDS = re.compile(r"[\w'’-]+(?:[ ][\w'’-]+){1,3}")
_MULTI_END = re.compile(r"[ \t]*(?:[.,;:!?)\]”\"’]|$)|[ ](?:in|of|on|at|to|for|with|by|from|under|over|about)\b",
                        re.MULTILINE)


_PARTICLES = frozenset("up down out off away on over back around about in".split())


def _coordinated_phrase(text: str, m) -> tuple[int, int] | None:
    """The span of a phrase of two to four words joined to itself by the conjunction ``m`` (its copy ending
    the phrase, not a run of three), or None."""
    nxt = text.find(" ", m.end(), m.end() + 40)
    first = text[m.end():nxt] if nxt > 0 else ""
    before = text[max(0, m.start() - 80):m.start()]
    if not first or f" {first} " not in f" {before}":
        return None  # the word after the conjunction opens no phrase before it (nearly always: a fast test)
    words = before.split(" ")
    for k in (4, 3, 2):  # the longest phrase first
        if len(words) <= k:
            continue
        phrase = " ".join(words[-k:])
        end = m.end() + len(phrase)
        start = m.start() - len(phrase)
        if not _PHRASE_WORDS.fullmatch(phrase) or f" {m.group(1)} " in f" {phrase} " \
                or not text.startswith(phrase, m.end()) \
                or (end < len(text) and _WORD_CHAR.match(text, end)) or (start and _WORD_CHAR.match(text, start - 1)):
            continue
        if phrase.rsplit(" ", 1)[1] in _PARTICLES:
            return None  # "I clean up and clean up": a phrasal verb repeated for emphasis
        if not _MULTI_END.match(text, end) or text.startswith(m.group() + phrase, end) \
                or text.endswith(phrase + m.group(), 0, start):
            return None  # the clause goes on after the copy, or three times or more: deliberate
        return start, end
    return None


_TOKEN = re.compile(r"\S+")


def _phrase_candidates(text: str, start: int, end: int):
    """DOUBLED_PHRASE's matches in [start, end), found fast: whitespace tokens w, x, w, x' (x' may carry the
    punctuation that ends the phrase) point to the few places where the regex can match."""
    ws = text[start:end].split()
    if len(ws) < 4:
        return
    same = list(map(operator.eq, ws, ws[2:]))  # in C: token i equals token i + 2
    if True not in same:
        return
    hits = [i for i in itertools.compress(range(len(ws) - 3), same) if ws[i + 3].startswith(ws[i + 1])]
    if not hits:
        return
    offsets = [m.start() for m in _TOKEN.finditer(text, start, end)]
    last = start
    for i in hits:
        if offsets[i] < last:
            continue  # inside the previous match
        m = DOUBLED_PHRASE.match(text, offsets[i], end)
        if m:
            last = m.end()
            yield m


def _in_salad(doc, salad: dict, pos) -> bool:
    """Whether the paragraph holding ``pos`` reads as word salad; each paragraph is judged once, when asked."""
    i = doc.paragraph_index(pos)
    if i < 0:
        return False
    if i not in salad:
        salad[i] = _is_salad(doc, doc.paragraphs[i])
    return salad[i]


def _has_vowel(w: str) -> bool:
    return any(c in "aeiouy" for c in w)


TOKEN = re.compile(r"[^\W\d_][\w'’-]*|\d[\d.,]*|[^\w\s]+")
ARTICLES = frozenset(("the", "a", "an"))
SUBJECTS = frozenset("i he she we they".split())
AUX = frozenset("is are was were be".split())
POSSESSIVES = frozenset("this these those my your our their its".split())
POSSESSIVES_OR_SUBJECTS = POSSESSIVES | SUBJECTS
MODALS = frozenset("will would can could should may might must".split())
# What never follows an article in English: a preposition, a conjunction, a subject pronoun, another
# article, an auxiliary, a comma.
NOT_AFTER_ARTICLE = frozenset("""of in to for from with by at on into onto than as and but or nor because although
though unless whereas i he she we they the a an is are was were be been will would can could should , ; ! ?""".split())


def _bad_bigrams(tokens) -> int:
    """Word pairs that English prose never has ("the of", "he they", "its the", "he the", "would in", ",,")."""
    toks = [t.lower() for t in tokens]
    return sum(1 for a, b in zip(toks, toks[1:], strict=False)
               if (a in ARTICLES and b in NOT_AFTER_ARTICLE) or (a in POSSESSIVES_OR_SUBJECTS and b in ARTICLES)
               or (a in SUBJECTS and b in SUBJECTS) or (a in AUX and b in AUX and a != b)
               or (a in MODALS and b in ("of", "in", "for", "with", "at", "from")) or a in ("..", ",,", ",.", ".,"))


def _word_salad(text, m, line, para_salad) -> bool:
    """True when the words around a double are no English sentence, so that deleting the copy repairs
    nothing: the paragraph reads as word salad, or the neighbourhood has a pair English never has."""
    if para_salad:
        return True
    before = TOKEN.findall(text, max(line.start, m.start() - 60), m.start())[-6:]
    after = TOKEN.findall(text, m.end(), min(line.end, m.end() + 60))[:6]
    if not after or not after[0][0].isalpha():
        return True  # "his his," : the double is not followed by what it should govern
    return _bad_bigrams(before + [m.group(1)] + after) > 0


def _is_salad(doc, p) -> bool:
    toks = TOKEN.findall(doc.text, p.start, p.end)
    bad = _bad_bigrams(toks)
    return bad >= 2 and bad * 200 >= len(toks)  # at least one in 200 tokens


def _sentence_initial(text: str, pos: int, line_start: int) -> bool:
    k = pos - 1
    while k >= line_start and text[k] in " \t\"“'‘(":
        k -= 1
    return k < line_start or text[k] in ".!?…:"


_NEXT_WORD = re.compile(r"[ \t]+([^\W\d_]+)")
_PREV_WORD = re.compile(r"([^\W\d_]+)[ \t]+$")


def _run_of_three(text, m, line) -> bool:
    """A third copy right before or after ("ow ow ow"); looks only at the neighbouring word."""
    word = m.group(1).lower()
    after = _NEXT_WORD.match(text, m.end(), line.end)
    if after and after.group(1).lower() == word:
        return True
    # A window is enough: only the word right before counts (keeps this linear on long lines).
    before = _PREV_WORD.search(text, max(line.start, m.start() - 200), m.start())
    return bool(before and before.group(1).lower() == word)


# -- duplicated sentences --------------------------------------------------------------------------
MIN_WORDS = 5


def _has_quote(s: str) -> bool:
    """A quotation mark, or a Markdown/e-mail quote marker at the start ("> They lie...")."""
    return any(q in s for q in QUOTATION_MARKS) or s.lstrip().startswith(">")


_DIGITS = re.compile(r"\d+")


_TAIL_WORD = re.compile(r"[^\W_][\w'’-]*")


def repeats_tail(a: str, b: str) -> bool:
    """Whether sentence ``b`` (two words or more, ending with a period) is the last words of sentence ``a``
    again: "The army retreated from the city. from the city." """
    if len(b) < 4 or len(a) <= len(b) or b[-1] != "." or a[-1] != "." or b[-2].casefold() != a[-2].casefold():
        return False  # the cheap tests first: this runs on every pair of sentences
    wb = _TAIL_WORD.findall(b.casefold())
    if len(wb) < 2:
        return False
    wa = _TAIL_WORD.findall(a.casefold())
    return len(wb) < len(wa) and wa[-len(wb):] == wb


def _duplicated_sentences(doc, ctx):
    from rapidfuzz import fuzz

    text = doc.text
    for pi, para in enumerate(doc.paragraphs):
        sents = doc.sentences_by_paragraph[pi]
        words_b: list[str] | None = None  # the words of the sentence before, when already split
        for k in range(1, len(sents)):
            a, b = sents[k - 1], sents[k]
            ta, tb = text[a.start:a.end], text[b.start:b.end]
            words_a, words_b = words_b, None
            if repeats_tail(ta, tb):
                if _has_quote(tb) or quote_open(doc, para.start, b.start):
                    continue  # an echo inside a quotation is the speaker's
                # "retreated from the city. from the city." A lowercase copy is no sentence at all; a
                # capitalised one ("Would end soon.") may be a deliberate echo.
                yield ctx.finding("MT502", b.start, b.end, "tail", edits=[Edit(a.end, b.end, "")], fragment=tb,
                                  applicability="safe" if tb[:1].islower() else "unsafe")
                continue
            wa = words_a if words_a is not None else ta.split()
            wb = words_b = tb.split()
            if len(wb) < MIN_WORDS or len(wa) < MIN_WORDS:
                continue
            # The rare event first: is it (nearly) the same sentence? Sentences carry no outer white space,
            # so comparing their words is comparing them with white space collapsed.
            same = wa == wb
            if not same and not _similar_lengths(wa, wb, ta, tb):
                continue  # no ratio of 95 can join sentences whose lengths differ by more than a twentieth
            if not same and not fuzz.ratio(" ".join(wa).casefold(), " ".join(wb).casefold(), score_cutoff=95):
                continue
            if _has_quote(ta) or _has_quote(tb) or quote_open(doc, para.start, a.start):
                continue  # a refrain in a quotation is deliberate
            if same:
                yield ctx.finding("MT502", b.start, b.end, "sentence", edits=[Edit(a.end, b.end, "")],
                                  sentence=quoted(text, b.start, b.end))
            elif _DIGITS.findall(ta) == _DIGITS.findall(tb):
                yield ctx.finding("MT502", b.start, b.end, "near-sentence", edits=[Edit(a.end, b.end, "")],
                                  sentence=quoted(text, b.start, b.end),
                                  applicability="unsafe")


def _similar_lengths(wa: list[str], wb: list[str], ta: str, tb: str) -> bool:
    """Whether the joined words could reach fuzz.ratio 95: its distance counts at least the difference of
    the lengths, so 100 * (1 - |la - lb| / (la + lb)) >= 95 is needed. Casefolding can lengthen a
    non-ASCII word ("ß" -> "ss"): then no shortcut."""
    if not (ta.isascii() and tb.isascii()):
        return True
    la = sum(map(len, wa)) + len(wa) - 1
    lb = sum(map(len, wb)) + len(wb) - 1
    return 20 * abs(la - lb) <= la + lb


def _repeated_paragraphs(doc, ctx):
    """A paragraph repeated as the next paragraph (a heading followed by its own lead is deliberate)."""
    text = doc.text
    paras = doc.paragraphs
    for k in range(1, len(paras)):
        p, q = paras[k - 1], paras[k]
        if p.is_heading or q.is_heading or p.is_list_item or q.is_list_item:
            continue
        tp, tq = text[p.start:p.end], text[q.start:q.end]
        if len(tp.split()) < MIN_WORDS or _has_quote(tp) or _has_quote(tq):
            continue
        if tp == tq:
            yield ctx.finding("MT502", q.start, q.end, "paragraph", edits=[Edit(p.end, q.end, "")], reads="previous",
                              paragraph=quoted(text, q.start, q.end))
