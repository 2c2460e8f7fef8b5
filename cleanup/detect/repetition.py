"""Repetition left by machine translation: doubled words (MT501) and duplicated sentences (MT502).

Both delete a copy. Only what cannot be deliberate is deleted safely: a doubled lowercase word that is
neither grammatical (``had had``, ``that that``) nor a reduplication (``bye bye``, ``very very``), and a
sentence repeated word for word right after itself, outside quotations.
"""
from __future__ import annotations

import re

from ..model import Edit
from . import detector

# A word followed by the same word after spaces or tabs on the same line (never across a line break).
DOUBLED = re.compile(r"(?<![\w'’-])([^\W\d_]+(?:['’][^\W\d_]+)?)([ \t]+)(?i:\1)(?![\w'’-])")

# Doubles that are grammatical: "what it is is", "he had had enough", "said that that plan", "gave her her
# coat", "his will will be read", "a can can hold".
GRAMMATICAL = frozenset("""
had that is was do did her will can must might may well
""".split())

# Reduplication as a word of its own: intensifiers, interjections, onomatopoeia, baby talk, dances.
REDUPLICATED = frozenset("""
very really so no yes yeah oh ah aah uh um hmm ha haha he hi ho hey hee boo bye night chop tut tsk
knock bang boom beep bling bow bling buzz choo ding dum tick tock pom tom yo la na blah bla yada ta
now there well come go pretty long far many much big bad little tiny wee pee poo goody hush
aye cha can mahi beri dik tsetse murmur ow oww ouch wow yay hurray hooray whoa woo wah ooh
hip boo-boo fifty again more same quick bravo encore cheers hear
""".split())

# Particles: a phrasal verb may meet a preposition of the same form ("brought in in a wheelchair",
# "logged on on Monday", "what it is about about").
PARTICLES = frozenset("in on up out off down over by around through back about along away".split())

QUOTES = "\"“”„«»"


@detector("repetition")
def detect(doc, ctx):
    if ctx.enabled("MT501"):
        yield from _doubled_words(doc, ctx)
    if ctx.enabled("MT502"):
        yield from _duplicated_sentences(doc, ctx)


def _doubled_words(doc, ctx):
    text = doc.text
    for line in doc.lines:
        for m in DOUBLED.finditer(text, line.start, line.end):
            first, second = m.group(1), text[m.end(2):m.end()]
            if not second.islower():
                continue  # different words, or a capitalised double: a name (Cao Cao, Bora Bora) or a title
            if first != second and not _sentence_initial(text, m.start(), line.start):
                continue  # "Whoosh whoosh" inside a sentence: not a plain doubled word
            word = second
            if word in GRAMMATICAL or word in REDUPLICATED or word in PARTICLES:
                continue
            if _run_of_three(text, m, line):
                continue  # "ow ow ow", "go go go": deliberate
            if doc.is_masked(m.start(), m.end()):
                continue
            # Delete the second copy with the space before it: minimal, and keeps the first copy's case.
            s, e = m.start(2), m.end()
            # "Whoosh whoosh" opening a sentence may be onomatopoeia; "The the" is not.
            applicability = "unsafe" if first != second and len(word) > 3 else "safe"
            yield ctx.finding("MT501", m.start(), m.end(), f"Doubled word '{word}'", [Edit(s, e, "")], applicability)


def _sentence_initial(text: str, pos: int, line_start: int) -> bool:
    k = pos - 1
    while k >= line_start and text[k] in " \t\"“'‘(":
        k -= 1
    return k < line_start or text[k] in ".!?…:"


def _run_of_three(text, m, line) -> bool:
    word = m.group(1).lower()
    after = re.match(r"[ \t]+([^\W\d_]+)", text[m.end():line.end])
    if after and after.group(1).lower() == word:
        return True
    before = re.search(r"([^\W\d_]+)[ \t]+$", text[line.start:m.start()])
    return bool(before and before.group(1).lower() == word)


# -- duplicated sentences --------------------------------------------------------------------------
_NORM_SPACE = re.compile(r"\s+")
MIN_WORDS = 5


def _norm(s: str) -> str:
    return _NORM_SPACE.sub(" ", s).strip().casefold()


def _has_quote(s: str) -> bool:
    return any(c in QUOTES for c in s)


def _inside_quote(text: str, start: int, pos: int) -> bool:
    """True when a quotation opened in text[start:pos] is still open at ``pos``."""
    chunk = text[start:pos]
    if chunk.count('"') % 2:
        return True
    return chunk.count("“") > chunk.count("”") or chunk.count("«") > chunk.count("»")


def _duplicated_sentences(doc, ctx):
    from rapidfuzz import fuzz

    text = doc.text
    for pi, para in enumerate(doc.paragraphs):
        sents = doc.sentences_by_paragraph[pi]
        for k in range(1, len(sents)):
            a, b = sents[k - 1], sents[k]
            ta, tb = text[a.start:a.end], text[b.start:b.end]
            if len(tb.split()) < MIN_WORDS or len(ta.split()) < MIN_WORDS:
                continue
            if _has_quote(ta) or _has_quote(tb) or _inside_quote(text, para.start, a.start):
                continue  # a refrain in a quotation is deliberate
            if _NORM_SPACE.sub(" ", ta) == _NORM_SPACE.sub(" ", tb):
                yield ctx.finding("MT502", b.start, b.end, "The same sentence is repeated", [Edit(a.end, b.end, "")],
                                  "safe")
            elif fuzz.ratio(_norm(ta), _norm(tb)) >= 95:
                yield ctx.finding("MT502", b.start, b.end, "This sentence repeats the one before it almost word for word",
                                  [Edit(a.end, b.end, "")], "unsafe")
    # A paragraph repeated as the next paragraph (a heading followed by its own lead is deliberate).
    paras = doc.paragraphs
    for k in range(1, len(paras)):
        p, q = paras[k - 1], paras[k]
        if p.is_heading or q.is_heading or p.is_list_item or q.is_list_item:
            continue
        tp, tq = text[p.start:p.end], text[q.start:q.end]
        if len(tp.split()) < MIN_WORDS or _has_quote(tp):
            continue
        if tp == tq:
            yield ctx.finding("MT502", q.start, q.end, "The same paragraph is repeated", [Edit(p.end, q.end, "")], "safe")
