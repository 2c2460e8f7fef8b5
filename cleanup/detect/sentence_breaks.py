"""Broken sentences: stray periods (MT101), stray tokens (MT102), orphan fragments (MT103).

All three look at the same place: a sentence boundary inside a paragraph, and what follows it.
"""
from __future__ import annotations

import re
from functools import lru_cache

from ..model import Edit
from ..rulepacks import pack_data
from ..segment.sentences import is_abbreviation, token_before_period
from . import detector
from .quoting import QUOTES_AND_APOSTROPHES
from .repetition import repeats_tail
from .lexicon import (CONTINUATIONS, DETERMINERS, FINITE, FUNCTION_WORDS, LY_VERBS, NEW_SENTENCE_PHRASES,
                      NON_VERB_SUFFIXES, SENTENCE_OPENERS, SUFFIX_VERBS)

NAME_PARTICLES = ("al-", "el-", "ad-", "as-", "ash-", "at-", "ar-", "an-", "ibn ", "bin ", "de ", "van ", "von ", "da ",
                  "di ", "du ", "der ", "den ", "la ", "le ", "d'", "d’", "dos ", "das ", "del ")
WORD = re.compile(r"[^\W\d_][\w'’-]*|\d[\d.,]*")


@lru_cache(maxsize=1)
def _stray_tokens() -> frozenset:
    return frozenset(t.lower() for t in pack_data("sentence_breaks")["stray_tokens"])


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
        elif prev in DETERMINERS or prev == "to" or (prev in CONTINUATIONS and prev not in ("and", "or", "but", "so", "yet", "nor")):
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


@detector("sentence_breaks", rules=("MT101", "MT102", "MT103"))
def detect(doc, ctx):
    text = doc.text
    stray = _stray_tokens()
    for pi, para in enumerate(doc.paragraphs):
        if para.is_heading:
            continue
        sents = doc.sentences_by_paragraph[pi]
        for k in range(1, len(sents)):
            prev, cur = sents[k - 1], sents[k]
            body = text[cur.start:cur.end]
            # Stray caption/credit token: "this month. via. If Moscow"
            if len(body) <= 20 and body.lower() in stray and k + 1 < len(sents):
                yield ctx.finding("MT102", cur.start, cur.end, "token", token=body, edits=[Edit(prev.end, cur.end, "")])
                continue
            if text[prev.end - 1] != "." or text[prev.end - 2:prev.end] == ".." or body[0] in QUOTES_AND_APOSTROPHES:
                continue  # '?', '!', an ellipsis, a closing quote, or a new quotation: not a stray period
            if repeats_tail(text[prev.start:prev.end], body):
                continue  # the end of the sentence again ("from the city. from the city."): MT502's, not a join
            lowercase = body[0].islower()
            if not lowercase and (len(body) > 120 or not body.endswith(".") or not body[0].isalpha()):
                continue  # only short capitalised sentences can be orphan fragments
            tok = token_before_period(text, prev.end - 1, prev.start)
            if not tok or tok[0].isdigit() or is_abbreviation(tok) or len(tok) == 1:
                continue  # a list marker, a number, an initial or an abbreviation
            ws = words(body)
            if not ws:
                continue
            if lowercase:
                if re.search(r"[A-Z]", ws[0][1:]) or body.lower().startswith(NAME_PARTICLES):
                    continue  # a lowercase brand (eBay, iPhone) or a name (al-Assad, de Gaulle)
                yield from _lowercase_continuation(ctx, text, prev, cur, body, ws, k + 1 == len(sents))
            elif not _is_quoted(text, cur.start, cur.end):
                if 2 <= len(ws) <= 8 and not looks_finite(ws) and ws[0].lower() not in FUNCTION_WORDS \
                        and not _title_like(ws):
                    yield ctx.finding("MT103", cur.start, cur.end, "capitalised", fragment=_short(body),
                                      edits=[Edit(prev.end, cur.end, "")], applicability="unsafe")


def _lowercase_continuation(ctx, text, prev, cur, body, ws, last):
    first = ws[0].lower()
    period = prev.end - 1
    if len(ws) == 1:
        yield ctx.finding("MT102", cur.start, cur.end, "token", token=body, edits=[Edit(prev.end, cur.end, "")],
                          applicability="unsafe")
        return
    verbless = not looks_finite(ws)
    opens_sentence = first in SENTENCE_OPENERS or body.lower().startswith(NEW_SENTENCE_PHRASES)
    if first in CONTINUATIONS and not opens_sentence:
        # The rest of the same clause: "stop them. by force," -> "stop them by force,"
        yield ctx.finding("MT101", period, cur.start + len(ws[0]), "join", word=ws[0],
                          edits=[Edit(period, period + 1, "")])
    elif verbless and body.endswith("."):
        yield ctx.finding("MT103", cur.start, cur.end, "lowercase", fragment=_short(body),
                          edits=[Edit(prev.end, cur.end, "")], applicability="unsafe")
    elif opens_sentence and not verbless:
        # A new sentence that lost its capital: "in Kyiv. the army said" -> "The army said"
        yield ctx.finding("MT101", cur.start, cur.start + len(ws[0]), "capital", word=ws[0],
                          edits=[Edit(cur.start, cur.start + 1, body[0].upper())])
    else:
        yield ctx.finding("MT101", period, cur.start + len(ws[0]), "unsure", word=ws[0],
                          edits=[Edit(period, period + 1, "")], applicability="unsafe")


def _title_like(ws) -> bool:
    """A run of capitalised words (a title, caption or heading run into the text), not a fragment."""
    caps = sum(1 for w in ws if w[0].isupper())
    return caps * 2 >= len(ws) or (len(ws) > 1 and ws[1][0].isupper())


def _short(s: str, n: int = 40) -> str:
    return s if len(s) <= n else s[: n - 1] + "…"
