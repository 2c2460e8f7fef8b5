"""Broken sentences: stray periods (MT101), stray tokens (MT102), orphan fragments (MT103), and phrases
split off the sentence before them (MT105; noun phrases MT107, opt-in; both ask the English lexicon of
english.py).

All three look at the same place: a sentence boundary inside a paragraph, and what follows it.
"""
from __future__ import annotations

import re
from functools import lru_cache

from ..model import Edit
from ..rulepacks import pack_data
from ..segment.sentences import is_abbreviation, token_before_period
from . import detector
from .lexicon import (
    CONTINUATIONS,
    DETERMINERS,
    FINITE,
    FUNCTION_WORDS,
    LY_VERBS,
    NEW_SENTENCE_PHRASES,
    NON_VERB_SUFFIXES,
    SENTENCE_OPENERS,
    SUFFIX_VERBS,
)
from .quoting import QUOTES_AND_APOSTROPHES
from .repetition import repeats_tail

# Closing formulas and greetings: sentences of their own, never fragments of the sentence before (MT101-MT105).
SIGN_OFFS = ("thank you", "thanks", "best regards", "kind regards", "warm regards", "regards", "many thanks",
             "with best wishes", "best wishes", "with kind regards", "good luck", "see you", "happy new year",
             "merry christmas", "sincerely", "yours sincerely", "yours faithfully", "have a nice day", "cheers",
             "all the best", "take care")
NAME_PARTICLES = ("al-", "el-", "ad-", "as-", "ash-", "at-", "ar-", "an-", "ibn ", "bin ", "de ", "van ", "von ", "da ",
                  "di ", "du ", "der ", "den ", "la ", "le ", "d'", "d’", "dos ", "das ", "del ")
WORD = re.compile(r"[^\W\d_][\w'’-]*|\d[\d.,]*")


@lru_cache(maxsize=1)
def _stray_tokens() -> frozenset:
    return frozenset(t.lower() for t in pack_data("sentence_breaks")["stray_tokens"])


@lru_cache(maxsize=1)
def _stray_anywhere() -> frozenset:
    return frozenset(t.lower() for t in pack_data("sentence_breaks").get("stray_anywhere", ()))


@lru_cache(maxsize=1)
def _leading_label():
    data = pack_data("sentence_breaks")
    labels = sorted([*data.get("stray_labels", ()), *data.get("stray_link_labels", ())], key=len, reverse=True)
    return re.compile(r"(?i:" + "|".join(re.escape(x) for x in labels) + r")[ \t]+(?=[A-Z])") if labels else None


@lru_cache(maxsize=1)
def _label_firsts() -> frozenset:
    """The first characters of the labels, both cases: most sentences start with none of them."""
    data = pack_data("sentence_breaks")
    return frozenset(c for x in [*data.get("stray_labels", ()), *data.get("stray_link_labels", ())]
                     for c in (x[0].lower(), x[0].upper()))


@lru_cache(maxsize=1)
def _link_labels() -> frozenset:
    return frozenset(x.lower() for x in pack_data("sentence_breaks").get("stray_link_labels", ()))


def _leading_leftover(body: str) -> tuple[int, bool]:
    """(the length of a credit or link label MT left in front of a sentence, whether the text after it is a
    link's title rather than a sentence): "Photo: If Moscow moves deeper, he said, ..." -> the label;
    "Read more: The history of the harbour." -> the label and the title. (0, False): no leftover; a label
    before a short credit ("Photo: Reuters") or a caption's title (no verb) is a credit line. The verb test
    asks the English lexicon (english.py), read only when such a label stands inside a paragraph."""
    label = _leading_label()
    m = label.match(body) if label and body[:1] in _label_firsts() else None
    if not m:
        return 0, False
    ws = words(body[m.end():])
    # Running text, not a credit ("Source: Port authority data") nor a caption's title ("Photo: Soldiers
    # Fire Near Bakhmut", "Source: Ministry of Defence of Ukraine"): four words or more, most lowercase.
    caps = sum(1 for w in ws if w[0].isupper() or w[0].isdigit())
    if len(ws) < 4 or caps * 2 >= len(ws):
        return 0, False
    sentence = _lexicon_finite(ws)  # a title has no verb: "Video: Felix and Lucie: together again!"
    if body[:m.end()].strip().lower() in _link_labels():
        return m.end(), not sentence  # "Read more: <a headline>": the link's title
    return (m.end(), False) if sentence else (0, False)


@lru_cache(maxsize=1)
def _agency_credits() -> frozenset:
    return frozenset(pack_data("sentence_breaks").get("agency_credits", ()))


def words(s: str) -> list[str]:
    return WORD.findall(s)


def looks_finite(ws: list[str]) -> bool:
    """True when some word of ``ws`` may be a finite verb (so the piece is a clause, not a fragment).

    Errs towards True: a word counts as a possible verb unless its position or shape says otherwise."""
    prev = ""
    for i, w in enumerate(ws):
        lw = w.lower()
        if lw in FINITE:
            if not (prev == "to" and lw in ("be", "have", "do")):
                return True
        elif lw in FUNCTION_WORDS or w[0].isdigit():
            pass
        elif i > 0 and w[0].isupper():
            pass  # a proper noun inside the sentence
        elif prev in DETERMINERS or prev == "to" or (prev in CONTINUATIONS and prev not in COORDINATORS):
            pass  # after a determiner: a noun or adjective; after "to": an infinitive; after a preposition: its object
        elif lw.endswith(NON_VERB_SUFFIXES) and lw not in LY_VERBS and lw not in SUFFIX_VERBS and len(lw) > 4:
            pass
        elif lw.endswith("ing") and len(lw) > 4:
            pass  # a participle alone is no finite verb
        else:
            return True
        prev = lw
    return False


def _is_quoted(text: str, start: int, end: int) -> bool:
    s = text[start:end].strip()
    return bool(s) and (s[0] in QUOTES_AND_APOSTROPHES or s[-1] in QUOTES_AND_APOSTROPHES)


@detector("sentence_breaks", rules=("MT101", "MT102", "MT103", "MT105", "MT106", "MT107"))
def detect(doc, ctx):
    text = doc.text
    for pi, para in enumerate(doc.paragraphs):
        if para.is_heading:
            continue
        sents = doc.sentences_by_paragraph[pi]
        for k in range(1, len(sents)):
            prev, cur = sents[k - 1], sents[k]
            body = text[cur.start:cur.end]
            found, finding = _leftover(ctx, prev, cur, body, last=k + 1 == len(sents))
            if found:
                yield finding
                continue
            yield from _after_period(ctx, doc, prev, cur, body, k + 1 == len(sents))


def _leftover(ctx, prev, cur, body, last):
    """(whether the sentence is a caption or credit leftover, its MT102 finding or None if not selected)."""
    # Stray caption/credit token: "this month. via. If Moscow"
    if len(body) <= 20 and ((body.lower() in _stray_tokens() and not last) or body.lower() in _stray_anywhere()):
        return True, ctx.finding("MT102", cur.start, cur.end, "token", token=body, edits=[Edit(prev.end, cur.end, "")])
    n, title = _leading_leftover(body)
    if n and title:  # "Read more: The history of the harbour.": a link, label and title
        return True, ctx.finding("MT102", cur.start, cur.end, "link", token=body[:n].strip(),
                                 edits=[Edit(prev.end, cur.end, "")], applicability="unsafe")
    if n:  # "this month. Photo: If Moscow moves deeper": the label, not the sentence. Unsafe: the sentence
        # may be the photo's caption run into the text, which a human translation keeps.
        return True, ctx.finding("MT102", cur.start, cur.start + n, "label", token=body[:n].strip(),
                                 edits=[Edit(cur.start, cur.start + n, "")], applicability="unsafe")
    return False, None


def _after_period(ctx, doc, prev, cur, body, last):
    """What follows a sentence that ends in a period: a stray period, a lost capital, an orphan fragment."""
    text = doc.text
    if text[prev.end - 1] != "." or text[prev.end - 2:prev.end] == ".." or body[0] in QUOTES_AND_APOSTROPHES:
        return  # '?', '!', an ellipsis, a closing quote, or a new quotation: not a stray period
    if repeats_tail(text[prev.start:prev.end], body):
        return  # the end of the sentence again ("from the city. from the city."): MT502's, not a join
    lowercase = body[0].islower()
    if not lowercase and (len(body) > 120 or not body.endswith(".") or not body[0].isalpha()):
        return  # only short capitalised sentences can be orphan fragments
    tok = token_before_period(text, prev.end - 1, prev.start)
    if not tok or tok[0].isdigit() or is_abbreviation(tok) or len(tok) == 1:
        return  # a list marker, a number, an initial or an abbreviation
    if _PAREN_MARKER.match(body) or _line_opening_marker(text, prev.end - 1 - len(tok), tok) or \
            _line_opening_marker(text, cur.start, body[:-1] if body.endswith(".") else ""):
        return  # " ii. moral rights …", " b. Affirmer offers …": a list item's marker opening its line
    ws = words(body)
    if not ws:
        return
    if lowercase:
        if re.search(r"[A-Z]", ws[0][1:]) or body.lower().startswith(NAME_PARTICLES):
            return  # a lowercase brand (eBay, iPhone) or a name (al-Assad, de Gaulle)
        if ws[0] in _agency_credits():
            return  # "… in the final round. dpa": a news agency's credit, written in lowercase
        if ws[0] not in _COMMON_OPENERS and _lowercase_name(doc, ws[0]):
            return  # "… for Windows. orjson does not support PyPy": a name its owner writes in lowercase
        yield from _lowercase_continuation(ctx, text, prev, cur, body, ws, last)
    elif not _is_quoted(text, cur.start, cur.end):
        if 2 <= len(ws) <= 8 and not looks_finite(ws) and ws[0].lower() not in FUNCTION_WORDS \
                and not _title_like(ws) and not body.lower().startswith(SIGN_OFFS):
            yield ctx.finding("MT103", cur.start, cur.end, "capitalised", fragment=_short(body),
                              edits=[Edit(prev.end, cur.end, "")], applicability="unsafe")
        elif (ctx.enabled("MT105") or ctx.enabled("MT107")) and \
                (rule := _split_off_phrase(text[prev.start:prev.end], body, ws)):
            yield ctx.finding(rule, cur.start, cur.end, "phrase", fragment=_short(body),
                              edits=[Edit(prev.end - 1, cur.start + 1, _joint(ws) + body[0].lower())],
                              applicability="unsafe")


# Words that open a clause or continue one: never a name written in lowercase.
_COMMON_OPENERS = FUNCTION_WORDS | CONTINUATIONS | SENTENCE_OPENERS


def _lowercase_name(doc, word: str) -> bool:
    """Whether ``word``, lowercase after a period, is a name written in lowercase (a product, a library, a
    handle: ``orjson``, ``urllib3``, ``sarif-kit``) rather than a sentence that lost its capital. A word
    with a digit is one; otherwise the article must write it in lowercase inside a sentence too, never
    with a capital, and the English lexicon (english.py, read only here) must not know it: ``prices``
    written lowercase elsewhere is still an English word that lost its capital."""
    if any(c.isdigit() for c in word):
        return True
    word = re.split("['’]", word, maxsplit=1)[0]  # "monobank's": the name
    if word in _COMMON_OPENERS or word in _PRONOUNS or len(word) < 2:
        return False  # "everyone's", "someone": English words the lexicon (nouns, verbs, adjectives) lacks
    # All three must hold; the cheaper question goes first. In an article, the text (a scan a word): the
    # lexicon, whose tables take some 50 ms to load, is read only for the rare word the article also writes
    # in lowercase inside a sentence. In a long text, the lexicon (loaded once, then a set lookup), which
    # answers most words before any scan or index of the text.
    if len(doc.text) > _LONG_TEXT and _english_word(word):
        return False
    if _is_token(doc, word[:1].upper() + word[1:]) or not _is_token(doc, word, inside=True):
        return False
    return not _english_word(word)


_LONG_TEXT = 200_000


def _english_word(word: str) -> bool:
    """Whether the English lexicon knows the word (each part of a hyphenated one); True without a lexicon."""
    from . import english

    parts = [p for p in word.split("-") if p]
    return not english.available() or all(english.known(p) for p in parts)


_PRONOUNS = frozenset("""someone somebody anyone anybody everyone everybody no-one noone nobody whoever whatever
whichever whomever something anything everything nothing oneself""".split())
_TOKEN = re.compile(r"(?<![\w'’-])[\w-]+")
_TOKEN_INSIDE = re.compile(r"(?<![\w'’.-])(?<!\.\s)[\w-]+")  # not right after a period


# The first questions of a document are answered by a str.find scan a word (about 0.5 ns a character), later
# ones by an index of the whole text (about 85 ns a character: worth 160 scans), built once, so that a text that
# asks about many words stays linear: at most _MAX_SCANS scans, then the index.
_MAX_SCANS = 128


def _forms_index(doc):
    """The document's word forms (_word_forms), or None while it may still answer by scans."""
    asked = doc.memo.get("word_form_questions", 0) + 1
    doc.memo["word_form_questions"] = asked
    if asked <= _MAX_SCANS:
        return None
    return doc.remember("word_forms", lambda: _word_forms(doc.text))


def _is_token(doc, form: str, inside: bool = False) -> bool:
    """Whether ``form`` is a whole token of the text (as _TOKEN finds them; with ``inside``, somewhere not
    right after a period, as _TOKEN_INSIDE finds them): a scan, or the index once the scans are spent."""
    index = _forms_index(doc)
    if index is not None:
        return form in index[1 if inside else 0]
    return any(True for _ in _token_at(doc.text, form, inside=inside))


def _token_at(text: str, word: str, inside: bool):
    """The offsets where ``word`` stands as a whole token: not preceded by a word character, an apostrophe
    or a hyphen (with ``inside``: nor by a period, or a period and one white-space character), not followed
    by a word character or a hyphen."""
    n = len(word)
    i = text.find(word)
    while i >= 0:
        j = i + n
        before = text[i - 1] if i else ""
        if not (before and (before.isalnum() or before in "_'’-" or (inside and before == "."))) \
                and not (j < len(text) and (text[j].isalnum() or text[j] in "_-")) \
                and not (inside and i >= 2 and text[i - 2] == "." and before.isspace()):
            yield i
        i = text.find(word, i + 1)


def _word_forms(text: str) -> tuple[frozenset, frozenset]:
    """Every word of the text as written, and those that occur at least once not right after a period:
    two scans, so that asking about a word costs a set lookup, not a scan of the text (a long text has
    many such words)."""
    return frozenset(_TOKEN.findall(text)), frozenset(_TOKEN_INSIDE.findall(text))


# "… at least don't throw through them. b) Get the source": a list item's marker, never a lowercase word.
_PAREN_MARKER = re.compile(r"(?:[a-z]|[ivx]{1,4})\)\s")
_ROMAN = re.compile(r"(?:x{0,3})(?:ix|iv|v?i{0,3})", re.IGNORECASE)


def _line_opening_marker(text: str, start: int, token: str) -> bool:
    """Whether ``token`` (the text before a period, at ``start``) is a list item's marker that opens its
    line: one letter or a roman numeral (`b.`, `iv.`), nothing but spaces or a bracket before it."""
    if not token or not (len(token) == 1 and token.isalpha() or _ROMAN.fullmatch(token)):
        return False
    line_start = text.rfind("\n", 0, start) + 1
    return not text[line_start:start].strip(" \t(")


def _lowercase_continuation(ctx, text, prev, cur, body, ws, last):
    first = ws[0].lower()
    period = prev.end - 1
    if len(ws) == 1:
        yield ctx.finding("MT102", cur.start, cur.end, "token", token=body, edits=[Edit(prev.end, cur.end, "")],
                          applicability="unsafe")
        return
    capital = [Edit(cur.start, cur.start + 1, body[0].upper())]
    if first in INTERJECTIONS or (body.endswith("?") and first.replace("’", "'") in QUESTION_OPENERS
                                  and not _opens_question(text[prev.start:prev.end])):
        # "better times again. how long does it take …?", "no extra costs. ok say all": a question or an
        # interjection of its own, lowercase as its writer typed it (chat, reviews, forum posts). No stray
        # period stands there, and a faithful translation keeps the writer's lowercase: the WMT22 human
        # translations have as many as each MT system. The capital is MT106's, opt-in.
        yield ctx.finding("MT106", cur.start, cur.start + len(ws[0]), "informal", word=ws[0], edits=capital,
                          applicability="unsafe")
        return
    verbless = not looks_finite(ws)
    # "…the parts. thank you in advance.": a closing formula is a sentence of its own that lost its capital
    formula = body.lower().startswith(SIGN_OFFS)
    opens_sentence = first in SENTENCE_OPENERS or body.lower().startswith(NEW_SENTENCE_PHRASES) or formula
    if formula:
        verbless = False
    if first in CONTINUATIONS and not opens_sentence and first in COORDINATORS \
            and COORDINATED_SUBJECT_RE.match(body, len(ws[0])) and not body.endswith("?"):
        # "I ordered in November. but it was confirmed": a clause of its own after a coordinator. The
        # capital keeps the writer's sentence break and is always English; a join may run on.
        yield ctx.finding("MT101", cur.start, cur.start + len(ws[0]), "capital", word=ws[0], edits=capital)
    elif first in COORDINATORS and not opens_sentence and not body.endswith("?") and looks_finite(ws[1:]):
        # "as a partner. but below the handle are two scratches": a clause of its own (its verb after the
        # coordinator). Joining may glue two separate thoughts into one run-on sentence, so only an editor
        # can choose between the join and the capital; the capital is offered.
        yield ctx.finding("MT101", period, cur.start + len(ws[0]), "unsure", word=ws[0], edits=capital,
                          applicability="unsafe")
    elif first in CONTINUATIONS and not opens_sentence and (
            (body.endswith("?") and (first in WH_WORDS or not _opens_question(text[prev.start:prev.end])))
            or (first not in COORDINATORS and _has_own_clause(body[len(ws[0]):]))):
        # "a very rich man. after some time he left.": the rest is a sentence of its own (an adverbial,
        # then a subject and its verb), or a question after a statement ("there. which ones?"); joining
        # makes a run-on. The capital is the likelier repair, but only an editor can tell.
        yield ctx.finding("MT101", period, cur.start + len(ws[0]), "unsure", word=ws[0], edits=capital,
                          applicability="unsafe")
    elif first in CONTINUATIONS and not opens_sentence:
        # The rest of the same clause: "stop them. by force," -> "stop them by force,"
        yield ctx.finding("MT101", period, cur.start + len(ws[0]), "join", word=ws[0],
                          edits=[Edit(period, period + 1, "")])
    elif verbless and body.endswith(".") and _participle(ws):
        # "hit the coast on Sunday. leaving three towns without power.": no orphan but the sentence's own
        # participle phrase, cut off by a stray period; deleting it would lose what it says.
        yield ctx.finding("MT101", period, cur.start + len(ws[0]), "unsure", word=ws[0],
                          edits=[Edit(period, period + 1, ",")], applicability="unsafe")
    elif verbless and body.endswith("."):
        yield ctx.finding("MT103", cur.start, cur.end, "lowercase", fragment=_short(body),
                          edits=[Edit(prev.end, cur.end, "")], applicability="unsafe")
    elif opens_sentence and not verbless:
        # A new sentence that lost its capital: "in Kyiv. the army said" -> "The army said". A pronoun
        # before a capitalised title ("he Executive Director said") is more likely a damaged "the": unsafe.
        damaged = first in PRONOUNS and len(ws) > 1 and ws[1][0].isupper() and ws[1] != "I"
        yield ctx.finding("MT101", cur.start, cur.start + len(ws[0]), "capital", word=ws[0], edits=capital,
                          applicability="unsafe" if damaged else "safe")
    else:
        # "no extra costs. ok say all", "with the chair. suddenly the crack was there": neither a preposition
        # nor a conjunction carries the clause on, so the likelier repair is the capital (read on de-en, cs-en
        # and zh-en MT, 8 in 11 outside word salad); still only an editor can tell. A participle ("gathered on
        # Friday. leading to the death of …") goes on the sentence before it: a comma, not a capital, which
        # would leave a fragment.
        edits = [Edit(period, period + 1, ",")] if _participle(ws) else capital
        yield ctx.finding("MT101", period, cur.start + len(ws[0]), "unsure", word=ws[0], edits=edits,
                          applicability="unsafe")


# -ing words that work as prepositions: the phrase they open belongs to the sentence after it ("… the product.
# According to the email, the price was wrong"; "during the war he left").
_PREPOSITION_ING = frozenset("according during regarding concerning considering notwithstanding pending barring"
                             .split())


def _participle(ws: list[str]) -> bool:
    """``leading to the``, ``leaving three``: an -ing word the lexicon knows only as a verb form (not
    ``meeting``, ``building``, ``morning``), followed by a function word or a number that opens its object,
    as a participle phrase goes on; not by a coordinator (``berthing and mooring will …``: a gerund subject)
    nor a verb (``spending rose``)."""
    from . import english

    first, second = ws[0].lower(), ws[1].lower() if len(ws) > 1 else ""
    if not first.endswith("ing") or len(first) < 6 or first in _PREPOSITION_ING or not english.available():
        return False
    if not (second.isdigit() or (second in FUNCTION_WORDS and second not in COORDINATORS)):
        return False
    return (english.known(first) is True and not english.can_be_noun(first) and not english.can_be_adjective(first)
            and not english.can_be_finite(first))


COORDINATORS = frozenset(("and", "but", "or", "nor", "so", "yet"))
# Words that open a sentence of their own in chat and reviews ("no" is left out: "no extra costs" goes on).
INTERJECTIONS = frozenset("yes yeah yep ok okay hi hiya hello hey sorry please".split())
PRONOUNS = frozenset(("he", "she", "it", "we", "they"))
# A speech tag closing the piece: ", he added." / ", the minister said." (attribution, not a new clause)
SPEECH_TAG_RE = re.compile(r",[”\"’']?\s+(?:\w+\s+){0,3}(?:said|says|added|adds|told|noted|stressed|explained|"
                           r"wrote|insisted|warned|recalled|asked)\b[^,]*$")
WH_WORDS = frozenset(("which", "what", "where", "when", "how", "why", "who", "whom", "whose"))
QUESTION_OPENERS = WH_WORDS | frozenset("""is are was were am do does did have has had will would shall should can
could may might must isn't aren't wasn't weren't don't doesn't didn't haven't hasn't won't wouldn't can't couldn't
shouldn't""".split())
# A pronoun subject and its verb right after "and"/"but"/"so" (there, "it" cannot be an object).
COORDINATED_SUBJECT_RE = re.compile(r"[ \t]+(?:i|he|she|it|we|they|you|there)[ \t]+[a-z]", re.IGNORECASE)
# Pronouns that are only ever subjects ("it" and "you" are objects too: "to send it back").
SUBJECT_VERB_RE = re.compile(r"\b(?:he|she|they|we|i|there)\s+[a-z]", re.IGNORECASE)
_CLAUSE_BREAK = re.compile(r"[,;:()\"“”]|\b(?:that|which|who|whom|whose|what|how|why|where|when|because|if|as|and|"
                           r"but|or)\b")


def _opens_question(sentence: str) -> bool:
    """Whether a sentence opens like a question ("Why would you go", "Did you stay"): a question mark after
    a stray period then ends that question, and the join is right."""
    ws = words(sentence)
    return bool(ws) and ws[0].lower().replace("’", "'") in QUESTION_OPENERS


def _has_own_clause(rest: str) -> bool:
    """Whether ``rest`` (a lowercase piece after its first word) holds a subject and its verb of its own,
    right after a short opening phrase, not counting a closing speech tag: "some time he left" does,
    "force, he added" does not."""
    head = _CLAUSE_BREAK.split(SPEECH_TAG_RE.sub("", rest), maxsplit=1)[0]
    return bool(SUBJECT_VERB_RE.search(" ".join(head.split()[:4])))


# Capitalised phrases split off the sentence before them: "The army tested the drone. With a laser on
# board." The test needs to know which words can be finite verbs: the lexicon of english.py.
PREPOSITIONS = CONTINUATIONS - COORDINATORS - {"which", "whom", "whose", "where", "whereby", "instead", "rather",
                                               "than", "as", "so", "yet", "because", "while", "whereas", "although",
                                               "though", "unless"}
ARTICLES = frozenset(("a", "an", "another"))
# What opens a verb's object: inside a prepositional phrase a noun is never followed by one of these.
OBJECT_OPENERS = frozenset("the a an this these those his her their its our my your".split())
PHRASE_OPENERS = PREPOSITIONS | DETERMINERS | {"to"}  # what may follow a word inside the phrase
FRAGMENT_OPENERS = PREPOSITIONS | ARTICLES | {"to"}  # what a split-off phrase starts with
CLOSING_FORMULAS = SIGN_OFFS + ("for example", "for instance", "in short", "in addition", "of course",
                                "to be continued", "to sum up", "at last", "at least", "in other words", "no comment",
                                "for the time being", "until further notice", "in memory of", "with thanks to",
                                "for more information", "for details", "for comparison", "for reference")
AUXILIARIES = frozenset("""is are was were am be been has have had do does did will would shall should can could may
might must isn't aren't wasn't weren't hasn't haven't hadn't don't doesn't didn't won't wouldn't can't cannot
couldn't shouldn't mustn't it's that's there's here's what's who's he's she's let's i'm we're they're you're
i've we've they've you've i'd we'd they'd you'd he'd she'd i'll we'll they'll you'll he'll she'll it'll""".split())


def _split_off_phrase(prev: str, body: str, ws) -> str | None:
    """The rule for a short capitalised phrase without any word that can be a finite verb, right after a
    complete sentence in the same paragraph: MT105 for a prepositional or infinitive phrase, MT107 for a
    noun phrase; None for anything else, and for a phrase said in the first or second person."""
    from . import english

    if not body.endswith(".") or not 3 <= len(ws) <= 10 or _title_like(ws):
        return None
    first = ws[0].lower()
    if first not in FRAGMENT_OPENERS:
        return None
    if body.lower().startswith(CLOSING_FORMULAS) or body.lower().startswith(NEW_SENTENCE_PHRASES):
        return None
    if _PERSONAL.search(prev) or _PERSONAL.search(body):
        return None  # speech, chat, a review: "I'm starving. From 7:30 until now." is how people talk
    if not english.available():  # the lexicon is read here, for the first candidate of the process
        return None
    pw = words(prev)
    if len(pw) < 4 or not _lexicon_finite(pw):
        return None  # the sentence before must be complete, or this is a heading or a list
    head, _, tail = body.partition(",")  # "At best, people move in": after a comma, a clause may follow
    if _lexicon_finite(words(head), phrase=first not in ARTICLES) or _lexicon_finite(words(tail)):
        return None
    return "MT107" if first in ARTICLES else "MT105"


# The first and second person: a speaker's own words (a quotation, chat, a review, a letter), where a phrase
# standing alone is how people talk or write, not a sentence MT split. "US" (the country) is not "us".
_PERSONAL = re.compile(r"\b(?:I|[Mm]e|[Mm]y|[Mm]ine|[Mm]yself|[Yy]ou|[Yy]our|[Yy]ours|[Yy]ourselves|[Yy]ourself|[Ww]e|"
                       r"us|[Oo]ur|[Oo]urs|[Oo]urselves)\b")


def _joint(ws) -> str:
    """How a split-off phrase rejoins its sentence: a prepositional or infinitive phrase with a space, a
    noun phrase (an apposition) with a comma."""
    return ", " if ws[0].lower() in ARTICLES else " "


def _lexicon_finite(ws, phrase: bool = False) -> bool:
    """Whether some word of ``ws`` can be a finite verb where it stands (english.py answers for each word;
    position decides between a noun and a verb reading). With ``phrase`` (a piece that opens with a
    preposition or "to"), the nouns of a noun phrase run on to the next function word: only a past form
    there reads as a verb."""
    from . import english

    prev, in_np = "", False
    for i, w in enumerate(ws):
        lw = w.lower().replace("’", "'")
        if lw in AUXILIARIES:
            if not (prev == "to" and lw in ("be", "have", "do")):
                return True
        elif lw in PRONOUNS:
            in_np = False  # "In winter it snows": a subject ends the phrase; the word after it is its verb
        elif phrase and lw in CLAUSE_DETERMINERS and _content_word(prev) and (i < 2 or ws[i - 2].lower() != "to"):
            # "In the dry season little water remains": a second noun phrase, a clause's subject (but not
            # after an infinitive, whose object it is: "To protect the harbour")
            return True
        elif lw in FUNCTION_WORDS or w[0].isdigit() or (i > 0 and w[0].isupper()):
            in_np = lw in DETERMINERS or lw in PHRASE_OPENERS
        elif prev in DETERMINERS or prev == "to" or prev in PHRASE_OPENERS:
            in_np = True  # a noun or adjective after a determiner, an infinitive, a preposition's object
        elif phrase and in_np and not _verb_in_phrase(lw, ws[i + 1].lower() if i + 1 < len(ws) else ""):
            pass  # a noun of the phrase
        elif english.can_be_noun(lw) and english.can_be_adjective(prev) and not prev.endswith("s") \
                and not english.is_past(lw):
            pass  # "enormous costs", "a clear signal": after an adjective, the noun reading
        elif lw in FINITE or english.can_be_finite(lw):
            return True
        prev = lw
    return False


# Determiners that open a noun phrase of their own: right after a noun (no preposition between), the
# subject of a clause ("In Kyiv the mayor said", "In the dry season little water remains").
CLAUSE_DETERMINERS = frozenset("the a an this these those some little much many several no each every most".split())


def _content_word(lw: str) -> bool:
    return bool(lw) and lw not in FUNCTION_WORDS and lw not in PRONOUNS and lw not in AUXILIARIES \
        and not lw[0].isdigit()


def _verb_in_phrase(lw: str, following: str) -> bool:
    """Whether a word inside a phrase's noun phrase reads as a verb all the same: a past form that is no
    adjective, a verb before its object ("For more information see the manual"), or a word that can only be
    a verb ("In latitudes above 40 degrees some oscillation occurs")."""
    from . import english

    if english.is_past(lw) and not english.can_be_adjective(lw):
        return True
    if not english.can_be_finite(lw):
        return False
    return following in OBJECT_OPENERS or not (english.can_be_noun(lw) or english.can_be_adjective(lw))


def _title_like(ws) -> bool:
    """A run of capitalised words (a title, caption or heading run into the text), not a fragment."""
    caps = sum(1 for w in ws if w[0].isupper())
    return caps * 2 >= len(ws) or (len(ws) > 1 and ws[1][0].isupper())


def _short(s: str, n: int = 40) -> str:
    return s if len(s) <= n else s[: n - 1] + "…"
