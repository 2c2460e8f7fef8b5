"""Quotation marks: a pair of two styles or a mark turned the wrong way (MT310), a quotation mark without a
partner in its paragraph, misplaced where it stands (MT311) or at one end of an utterance whose other end
may lie in another paragraph (MT317); doubled marks (MT312); and, opt-in, the article's style preferences:
double quotes in the article's minority style (MT316) and mixed apostrophes (MT313), as frequent in human
translations as in MT. A quotation in the source language's marks (`«…»`, `„…“`) becomes an English one (MT318).
A mark glued to the sentences on both sides (`calm."No`) gets its space on the side its pair says (MT326).

The article's style is decided by counting, separately, double quotation marks (``"`` vs ``“ ”``) and
apostrophes inside words (``'`` vs ``’`` in ``it's``). Marks that are not quotation marks are never
counted nor touched: inch and second marks after a digit (``12"``, ``5'11"``), feet and minute marks
(``5'``, ``50°27'``), masked regions (URLs, e-mail addresses, code).
"""
from __future__ import annotations

import re

from ..model import Edit
from . import detector, quoted
from .quoting import (
    CLOSE,
    LOW,
    OPEN,
    QUOTE_STYLE,
    STRAIGHT,
    counted_doubles,
    double_quotes,
    may_be_inch,
    quote_style,
    role,
    word_apostrophes,
)


# MT311 reads the next paragraph: a quotation that runs on into it reopens there.
@detector("quotes", rules=("MT310", "MT311", "MT312", "MT313", "MT316", "MT317", "MT318", "MT326"),
          reads="neighbours", facts=(QUOTE_STYLE,))
def detect(doc, ctx):
    own, neighbours = doc.scope != "neighbours", doc.scope != "own"
    if ctx.enabled("MT312") and own:
        yield from _doubled(doc, ctx)
    if ctx.enabled("MT318") and own:
        yield from _foreign_pairs(doc, ctx)
    if (ctx.enabled("MT310") or ctx.enabled("MT316")) and own:
        yield from _mixed_doubles(doc, ctx)
    if ctx.enabled("MT313") and own:
        yield from _mixed_apostrophes(doc, ctx)
    if ctx.enabled("MT326") and own:
        yield from _glued_marks(doc, ctx)
    if (ctx.enabled("MT311") or ctx.enabled("MT317")) and neighbours:
        yield from _unbalanced(doc, ctx)


def _mixed_doubles(doc, ctx):
    """MT310: a pair of marks of two styles (“word"), or a curly mark turned the wrong way (”word”): malformed
    wherever it stands. MT316 (opt-in): a well-formed pair, or a lone mark, in the article's minority style."""
    text = doc.text
    facts = quote_style(doc)
    if facts.low:
        return  # low-high quotes („…“) are a third style: a “ there closes, and no straight/curly count is fair
    if facts.doubles is None:
        return
    majority, clear = facts.doubles
    style_wanted = clear and ctx.enabled("MT316")
    counted = set(counted_doubles(doc))
    for p in doc.paragraphs:
        found: dict[int, tuple] = {}  # mark -> (rule, key, replacement or None, applicability)
        pairs, _, _ = _paragraph_quotes(doc, p)
        for o, c in pairs:
            if o not in counted or c not in counted:
                continue  # an inch mark read as a quote, or a masked one
            mixed = (text[o] == STRAIGHT) != (text[c] == STRAIGHT)
            if not mixed and text[o] != CLOSE and text[c] != OPEN:
                continue  # well formed: only its style may differ from the article's (MT316)
            # A pair of one style keeps it, only a mark's direction is turned (safe). A pair of two styles is
            # made curly (its curly mark says which style was meant, a straight one is the unstyled fallback),
            # but which style the article wants is the editor's call: unsafe. With MT316 selected, the user
            # asked for the article's clear majority style: that, safely.
            curly = (majority == "curly" if style_wanted else True) if mixed else text[o] != STRAIGHT
            for i, mark in ((o, OPEN if curly else STRAIGHT), (c, CLOSE if curly else STRAIGHT)):
                if text[i] != mark:
                    found[i] = ("MT310", "mixed-pair" if mixed else f"wrong-way-{'open' if i == o else 'close'}", mark,
                                "unsafe" if mixed and not style_wanted else "safe")
        if ctx.enabled("MT316"):
            roles = {i: at for pair in pairs for i, at in zip(pair, ("open", "close"), strict=True)}
            for i in double_quotes(doc, p.start, p.end):
                if i in found or i not in counted or (text[i] == STRAIGHT) != (majority == "curly"):
                    continue
                want: str | None = None
                if clear and majority == "straight":
                    want = STRAIGHT
                elif clear:
                    at = roles.get(i) or role(text, i, p.start, p.end)
                    want = (OPEN if at == "open" else CLOSE) if at else None
                key = ("straight-in-curly" if majority == "curly" else "curly-in-straight") if clear else "mixed-quotes"
                found[i] = ("MT316", key, want, "safe")
        for i in sorted(found):
            rule, key, want, applicability = found[i]
            yield ctx.finding(rule, i, i + 1, key, edits=[Edit(i, i + 1, want)] if want else None,
                              applicability=applicability, context=quoted(text, i, i + 1))


# A straight double quote written twice (a CSV export's escaping): '""' opening after a space, a bracket or the
# line's start, and '""' closing before a space, punctuation or the line's end; never three marks in a row.
DOUBLED_OPEN = re.compile(r'""(?<![^\s(\[]"")(?=[^\s"“”])', re.MULTILINE)
DOUBLED_CLOSE = re.compile(r'""(?<=[^\s"“”(\[]"")(?=[\s,.;:!?)\]]|$)', re.MULTILINE)


# MT318: a quotation in the source language's marks, on one line: «…» (Russian, Ukrainian, French), »…«
# (German), „…“ (German, Czech, Ukrainian). Its inner spaces go with the marks (French « Non »). A German
# pair hugs its words: "Home » News « Back" is navigation, not a quotation. A «…» pair may hold a paragraph's
# whole quotation (no English mark pairs that way); the other two, whose marks also serve elsewhere, a phrase.
_SPACES = "[ \t\u00a0\u202f]*"
FOREIGN_PAIR = re.compile(
    f"«{_SPACES}([^«»„“”\n]{{1,2000}}?){_SPACES}»"
    f"|»(?=\\S)([^«»„“”\n]{{1,300}}?)(?<=\\S)«"
    f"|„([^«»„“”\n]{{1,300}}?)[“”]")
_FOREIGN_MARKS = ("«", "»", "„")


def _foreign_pairs(doc, ctx):
    """MT318: a pair of foreign quotation marks becomes a pair in the article's style (curly when most of
    its double quotes are curly, else straight, as MT402 does for CJK quotes)."""
    text = doc.text
    if not any(m in text for m in _FOREIGN_MARKS):
        return
    pairs = list(FOREIGN_PAIR.finditer(text))
    if not pairs:
        return
    # The article's own double quotes, outside the foreign pairs: the “ closing a „…“ pair is not one.
    own = FOREIGN_PAIR.sub(" ", text)
    straight, curly = own.count(STRAIGHT), own.count(OPEN) + own.count(CLOSE)
    lq, rq = (OPEN, CLOSE) if curly > straight else (STRAIGHT, STRAIGHT)
    for m in pairs:
        g = next(i for i in (1, 2, 3) if m.group(i) is not None)
        s, e = m.span()
        if doc.is_masked(s, e):
            continue
        edits = [Edit(s, m.start(g), lq), Edit(m.end(g), e, rq)]
        yield ctx.finding("MT318", s, e, "pair", context=quoted(text, s, e), edits=edits)


def _doubled(doc, ctx):
    """MT312: doubled straight quotes (``""I know""``): each becomes one mark. A doubled closing mark right
    after a quotation opened with one mark (``"they call it "delta,""``) is an inner and an outer quotation
    closing together, and a doubled opening mark before a quotation closed with one mark (``""Delta" is
    the name,"``) two opening together: right, and left alone."""
    text = doc.text
    for line in doc.lines:
        ls, le = line.start, line.end
        if '""' not in text[ls:le]:
            continue
        opens = {m.start() for m in DOUBLED_OPEN.finditer(text, ls, le)}
        closes = {m.start() for m in DOUBLED_CLOSE.finditer(text, ls, le)}
        for i in sorted(opens | closes):
            if doc.is_masked(i, i + 2):
                continue
            # the mark it pairs with: the next one for an opening, the previous one for a closing
            j = text.find('"', i + 2, le) if i in opens else text.rfind('"', ls, i)
            single = j >= 0 and text[j - 1:j] != '"' and text[j + 1:j + 2] != '"'
            if not single:  # a single partner: two quotations opening or closing together
                yield ctx.finding("MT312", i, i + 2, "doubled", edits=[Edit(i, i + 2, STRAIGHT)],
                                  context=quoted(text, i, i + 2))


# A quotation mark between a sentence's end and the next sentence's first word, with no space on either side:
# `urged citizens to "remain calm."No immediate reports`, `Participants..."The scenery changes"`.
_GLUED = re.compile(r"[.!?…][\"“”](?=[A-Z][a-z])")


def _glued_marks(doc, ctx):
    """MT326: the space goes after the mark that closes its quotation and before the mark that opens one, as
    the paragraph's pairs say; a mark without a partner is MT311's. Safe where every mark of the paragraph
    has its partner (the pairs are sure), else unsafe."""
    text = doc.text
    paras = doc.paragraphs
    for m in _GLUED.finditer(text):
        i = m.start() + 1
        j = m.start()
        while j > 0 and text[j - 1] in ".…":
            j -= 1
        if doc.is_masked(i, i + 1) or (j > 0 and text[j - 1] in '"“”'):
            continue  # '…over time"..."If one considers': two quoted excerpts joined by an ellipsis, as written
        k = doc.paragraph_index(i)
        if k < 0:
            continue
        pairs, unmatched, _ = _paragraph_quotes(doc, paras[k])
        side = next((at for o, c in pairs for at, j in (("before", o), ("after", c)) if j == i), None)
        if side is None:
            continue
        at = i if side == "before" else i + 1
        yield ctx.finding("MT326", i, i + 1, side, context=quoted(text, i, i + 1), edits=[Edit(at, at, " ")],
                          applicability="unsafe" if unmatched else "safe")


def _mixed_apostrophes(doc, ctx):
    text = doc.text
    style = quote_style(doc).apostrophes
    if style is None:
        return
    majority, clear = style
    want = "’" if majority == "curly" else "'"
    for i in word_apostrophes(doc):
        if text[i] == want:
            continue
        if clear:
            key = "straight-apostrophe-in-curly" if majority == "curly" else "curly-apostrophe-in-straight"
            yield ctx.finding("MT313", i, i + 1, key, edits=[Edit(i, i + 1, want)], context=quoted(text, i, i + 1))
        else:
            yield ctx.finding("MT313", i, i + 1, "mixed-apostrophes", context=quoted(text, i, i + 1))


def _paragraph_quotes(doc, p):
    """(pairs, unmatched marks, the mark still open at the end) of paragraph ``p``, once per paragraph.
    Marks after a digit may be inch marks (``12"``, ``2-3”``): the paragraph is read both ways, and only what stays
    unmatched either way is unmatched."""
    cache = doc.remember("paragraph_quotes", dict)
    if p.start not in cache:
        text = doc.text
        marks = double_quotes(doc, p.start, p.end, collapse=True)
        pairs, unmatched, trailing = _pair_up(text, marks, p.start, p.end)
        if unmatched and any(may_be_inch(text, i) for i in marks):
            pairs2, unmatched2, trailing2 = _pair_up(text, [i for i in marks if not may_be_inch(text, i)], p.start,
                                                     p.end)
            both = set(unmatched) & set(unmatched2)
            if len(unmatched2) < len(unmatched):
                pairs, trailing = pairs2, trailing2
            unmatched = sorted(both)
        cache[p.start] = (pairs, unmatched, trailing if (trailing, "open") in unmatched else -1)
    return cache[p.start]


def _unbalanced(doc, ctx):
    text = doc.text
    paras = doc.paragraphs
    carried = -1  # the previous paragraph's last mark, when it left a quotation open
    for k, p in enumerate(paras):
        _, unmatched, trailing = _paragraph_quotes(doc, p)
        runs_in, carried = carried, -1
        if not unmatched:
            continue
        nxt = _first_char(text, paras[k + 1]) if k + 1 < len(paras) else ""
        first = _first_mark(doc, p)
        if trailing >= 0 and trailing == _last_mark(doc, p) and k + 1 < len(paras):
            after = _paragraph_quotes(doc, paras[k + 1])[1]
            if after and after[0] == (_first_mark(doc, paras[k + 1]), "close"):
                carried = trailing  # opened here, closed by the next paragraph's first mark
        for i, kind in unmatched:
            if i == trailing and nxt in ('"', OPEN, "„"):
                continue  # a quotation running on into the next paragraph, which reopens it
            if i == carried or (runs_in >= 0 and kind == "close" and i == first):
                continue  # a quotation that opens in one paragraph and closes in the next
            # A mark misplaced where it stands is MT311's; one end of an utterance whose other end may lie in
            # another paragraph (or be missing) is MT317's: a separate id, so that segment-level text can
            # leave it out.
            rule = "MT317" if _beyond_paragraph(text, i, kind, p.start, p.end) else "MT311"
            key = f"unmatched-{kind}"
            if rule == "MT311" and kind == "open" and _closing_before_tag(text, i, p.start):
                key = "misplaced-close"  # 'the Q&As, "Nikol Pashinyan stated': it closes, one space too late
            yield ctx.finding(rule, i, i + 1, key, reads="previous" if kind == "close" else "next",
                              context=quoted(text, i, i + 1))


def _closing_before_tag(text: str, i: int, start: int) -> bool:
    """The mark at ``i`` follows a clause's comma or stop and a space, and a speech tag follows it: a closing
    mark put after the space (``…miss the Q&As, "Nikol Pashinyan stated.``)."""
    return (i - 2 >= start and text[i - 1] == " " and text[i - 2] in ",.!?…" and i + 1 < len(text)
            and text[i + 1].isalpha() and _SPEECH_TAG.match(text, i + 1) is not None)


def _first_mark(doc, p) -> int:
    marks = double_quotes(doc, p.start, p.end, collapse=True)
    return marks[0] if marks else -1


def _last_mark(doc, p) -> int:
    marks = double_quotes(doc, p.start, p.end, collapse=True)
    return marks[-1] if marks else -1


# Verbs that introduce or tag quoted speech ("said, “We …”", "“… ,” Andrea replied").
SPEECH_VERBS = frozenset("""said says say saying added adds told tells noted notes stressed stresses explained explains
wrote writes insisted insists warned warns recalled recalls asked asks replied replies answered answers continued
continues admitted admits stated states declared declares cheered argued argues claimed claims believes believed
thinks thought announced announces posted tweeted commented comments concluded concludes emphasised emphasized
emphasises emphasizes confirmed confirms responded responds reported reports urged urges complained complains that
""".split())
_SPEECH_TAG = re.compile(r"[ \t]*(?:[^\W\d_][\w.’'-]*[ \t]+){0,3}?(?:"
                         + "|".join(sorted(SPEECH_VERBS - {"that"})) + r")\b")
_WORD_BEFORE = re.compile(r"([^\W\d_]+)[ \t]*$")
# A closing mark, then a few words and the point before the mark at hand: ',” he said." The'
_TAG_BEFORE = re.compile(r"[\"”][ \t]+((?:[^\W\d_][\w.’'-]*[ \t]+){0,4}[^\W\d_][\w’'-]*)[,.!?…]$")


def _beyond_paragraph(text: str, i: int, kind: str, start: int, end: int) -> bool:
    """Whether the unmatched mark at ``i`` reads as one end of a quotation whose other end may lie outside
    the paragraph: a closing mark at the end of an utterance (``…this context,” said Tvrdík``: the quotation
    may have opened in an earlier paragraph), or an opening mark where an utterance starts (``he said: “We``,
    at a sentence's start). A spaced mark (``warmth. " How``), a closing mark inside a sentence (``Belarus"
    border``) or after a speech tag (``he said." The``), and an opening mark inside a sentence (``gave a
    "blanket praise``) or after the space before a speech tag (``this context, "Tvrdík said``) are misplaced
    where they stand."""
    before = text[i - 1] if i > start else ""
    after = text[i + 1] if i + 1 < end else ""
    if before in ("", " ", "\t") and after in ("", " ", "\t"):
        return False  # a spaced mark
    if kind == "close":
        if before not in ",.!?…" or after not in ("", " ", "\t", "\n"):
            return False
        # after a speech tag that follows a closing mark (',” he said."') the utterance had already ended
        tag = _TAG_BEFORE.search(text, max(start, i - 80), i)
        return not (tag and any(w.lower() in SPEECH_VERBS - {"that"} for w in tag.group(1).split()))
    j = i
    while j > start and text[j - 1] in " \t":
        j -= 1
    prev = text[j - 1] if j > start else ""
    if prev in ("", ":", ".", "!", "?", "…", "(", "\n"):
        return True  # at the paragraph's or a sentence's start, or after a colon
    if prev == ",":
        return not _SPEECH_TAG.match(text, i + 1, end)  # ', "said Ciupek': a closing mark after the space
    m = _WORD_BEFORE.search(text, max(start, j - 40), j)
    return m is not None and m.group(1).lower() in SPEECH_VERBS  # 'said "We', 'believes that "for'


def _first_char(text, p) -> str:
    return text[p.start] if p.start < p.end else ""


SENTENCE_END_RE = re.compile(r"[.!?…][\"”’']*\s+[\"“‘']?[A-Z]")


def _nests(text: str, marks: list[int], k: int, start: int, end: int) -> bool:
    """Whether the quotation opening at ``marks[k]`` while another is open is nested in it (“the word “war”
    is”): the next mark closes it within the same sentence, and a further mark closes the outer one.
    Anything else is a quotation left open before a new one starts."""
    if k + 2 >= len(marks):
        return False
    i, inner_close, outer_close = marks[k], marks[k + 1], marks[k + 2]
    if role(text, inner_close, start, end) == "open" or role(text, outer_close, start, end) == "open":
        return False
    if text[inner_close] == OPEN or text[outer_close] == OPEN:
        return False
    return not SENTENCE_END_RE.search(text, i, inner_close + 1)


def _pair_up(text: str, marks: list[int], start: int, end: int):
    """(pairs (open, close), quotes without a partner as (offset, 'open'|'close'), the offset of the quote
    still open at the end of the paragraph or -1)."""
    pairs: list[tuple[int, int]] = []
    out: list[tuple[int, str]] = []
    opened: list[int] = []  # a stack: a quotation may nest one of the same style (“the word “war” is”)
    for k, i in enumerate(marks):
        c = text[i]
        # The position decides (a curly mark turned the wrong way still pairs); when the position is
        # ambiguous, the shape of a curly mark, else alternation.
        at = role(text, i, start, end)
        if not at:
            if c in (OPEN, LOW):
                at = "open"
            elif c == CLOSE:
                at = "close"
            else:
                at = "close" if opened else "open"
        if at == "open":
            if opened and not _nests(text, marks, k, start, end):
                out.append((opened.pop(), "open"))  # a new quotation while one is open: the first never closed
            opened.append(i)
        elif opened:
            pairs.append((opened.pop(), i))
        else:
            out.append((i, "close"))
    out.extend((i, "open") for i in opened)
    out.sort()
    return pairs, out, opened[-1] if opened else -1
