"""GrammarLayer: LanguageTool's matches for a Document, as mtclean findings.

Called by the engine after the built-in detectors (``Engine.extra_layers``), once per document in
``check`` and once per pass in ``fix``. The document goes to the server in paragraph-aligned chunks (at
most ``chunk_size`` UTF-16 units each, LanguageTool's own measure of a text); each match's UTF-16 offset
and length are mapped back to code points of the whole document. Then:

- a match over a masked region (URL, e-mail, code) is dropped;
- a match that overlaps a built-in finding is dropped (the built-in rule knows the MT artifact better);
- a spelling match on a capitalised word used twice or more in the article is dropped: it is a name
  (transliterated places and people, ``Bakhmut``, ``Vuhledar``, ``Matviyenko``) that the article spells
  consistently; a name spelled two ways is MT202's business, not a typo;
- the first replacement becomes a fix: ``safe`` for the mechanical rules of ``rules/languagetool.yaml``
  when it changes only what the rule is about (``_within_lane``), ``unsafe`` otherwise.

A server's answer is data from outside: every match is validated (``_valid_match``) before it is used. An
offset or length that is not a whole number in the chunk (negative, past its end, a float, ``Infinity``,
``true``) or a ``rule``, ``category``, ``replacements`` or ``message`` of the wrong type drops that match,
and only that match: never clamped into range, never the file's other findings.
"""
from __future__ import annotations

import bisect
import re
import threading
from collections import Counter, OrderedDict

from ..errors import GrammarUnavailable
from ..model import Edit, Finding, Fix, Rule
from .client import TextTooLong

ANSWERS_KEPT = 256  # chunks whose answers are kept for reuse (at most ~5 MB of text)
DEFAULT_CHUNK_SIZE = 20_000  # UTF-16 units; LanguageTool's public API limit, well under a server's default
MIN_CHUNK_SIZE = 50  # a server refusing texts this short is not about our chunking: give up
LIMIT_SAID = re.compile(r"limit of (\d+) characters")
PRIORITY = 90  # behind every built-in rule when fixes overlap (lower wins)
SPELLING_CATEGORIES = {"TYPOS"}
SPELLING_RULE = re.compile(r"^(MORFOLOGIK_RULE|HUNSPELL_RULE|HUNSPELL_NO_SUGGEST_RULE|SPELLING_RULE)")
SUGGESTION_TAG = re.compile(r"<suggestion>(.*?)</suggestion>", re.S)
TAG = re.compile(r"</?[a-zA-Z][^>]*>")
LETTER_OR_DIGIT = re.compile(r"[^\W_]", re.UNICODE)
SAFE_SPAN = 40  # a mechanical fix is local: a safe LanguageTool edit spans at most this many characters
LINE_BREAKS = frozenset("\r\n\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029")
WORD = re.compile(r"\w+")
COMPOUND = re.compile(r"\w+(?:['’-]\w+)+")


def u16len(s: str) -> int:
    return len(s) + sum(1 for c in s if c > "\uffff") if not s.isascii() else len(s)


class OffsetMap:
    """UTF-16 offsets of one chunk -> code-point offsets of that chunk."""

    def __init__(self, text: str):
        self.n = len(text)
        if text.isascii() or max(text) <= "\uffff":
            self.table = None  # every character is one UTF-16 unit: offsets are the same
            return
        table = []
        for i, ch in enumerate(text):
            table.append(i)
            if ch > "\uffff":
                table.append(i)  # the low surrogate belongs to the same code point
        table.append(len(text))
        self.table = table

    def span(self, offset: int, length: int) -> tuple[int, int]:
        end = offset + length
        t = self.table
        if t is None:
            return max(0, min(offset, self.n)), max(0, min(end, self.n))
        last = len(t) - 1
        offset = max(0, min(offset, last))
        end = max(offset, min(end, last))
        s = t[offset]  # inside a surrogate pair: round down to the pair
        e = t[end]
        if 0 < end < last and t[end] == t[end - 1]:
            e += 1  # ends inside a surrogate pair: take the whole character
        return s, max(s, e)


def _clean_message(msg: str) -> str:
    msg = SUGGESTION_TAG.sub(lambda m: f"'{m.group(1)}'", msg or "")
    msg = TAG.sub("", msg)
    return " ".join(msg.split())


def _kebab(rule_id: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", rule_id.lower()).strip("-") or "languagetool"


class GrammarLayer:
    """A callable ``(doc, findings) -> findings`` backed by one LanguageTool server (and one HTTP session).

    Thread-safe: the batch may call it from several threads at once; they share the HTTP session's
    connection pool. ``sessions_opened`` counts the HTTP sessions (and local servers) this layer opened:
    one per layer, however many documents it checks.
    """

    def __init__(self, client, disabled=(), settings=None, chunk_size: int = DEFAULT_CHUNK_SIZE,
                 local_server=None, language: str = "en-US"):
        settings = settings or {}
        self.client = client
        self.language = language
        self.local_server = local_server  # a language_tool_python.LanguageTool that we started, or None
        self.sessions_opened = 1 + (1 if local_server is not None else 0)
        self.chunk_size = max(int(chunk_size), 1) if chunk_size else DEFAULT_CHUNK_SIZE
        self.disabled = tuple(dict.fromkeys(disabled))
        # LanguageTool rule id -> what its safe fix may change ("spaces" or "punctuation").
        safe = settings.get("safe") or {}
        self.safe_rules = dict(safe) if isinstance(safe, dict) else dict.fromkeys(safe, "spaces")
        self.categories = dict(settings.get("categories") or {})
        self.severities = dict(settings.get("severity") or {})
        self._rules: dict[str, Rule] = {}
        self._lock = threading.Lock()
        self.documents_checked = 0
        self.chunks_sent = 0
        self.chunks_reused = 0
        self.matches_dropped = 0  # malformed matches from the server
        # LanguageTool's matches by chunk text (relative offsets): `fix` detects again after each round of
        # edits, and the chunks a round left alone need not be sent again. Bounded; most recent kept.
        self._answers: OrderedDict[str, list] = OrderedDict()
        self._closed = False

    # -- lifecycle -----------------------------------------------------------------------------------
    @property
    def url(self) -> str:
        return self.client.base

    def close(self):
        if self._closed:
            return
        self._closed = True
        self.client.close()
        if self.local_server is not None:
            try:
                self.local_server.close()
            finally:
                self.local_server = None

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def __repr__(self):
        return f"GrammarLayer({self.client.where}, chunk_size={self.chunk_size})"

    # -- the layer -----------------------------------------------------------------------------------
    def __call__(self, doc, findings):
        if self._closed:
            raise GrammarUnavailable(f"{self.client.where}: the grammar layer was closed")
        text = doc.text
        if not text.strip():
            return findings
        matches = []
        for start, end in plan_chunks(doc, 0, len(text), self.chunk_size):
            matches.extend(self._check_chunk(doc, start, end, self.chunk_size))
        with self._lock:
            self.documents_checked += 1
        return list(findings) + self._to_findings(doc, matches, findings)

    def _check_chunk(self, doc, start, end, limit):
        """[(start, end, match)] for one chunk; a chunk the server finds too long is split and retried."""
        chunk = doc.text[start:end]
        if not chunk.strip():
            return []
        with self._lock:
            known = self._answers.get(chunk)
            if known is not None:
                self._answers.move_to_end(chunk)
                self.chunks_reused += 1
                return [(start + s, start + e, m) for s, e, m in known]
            self.chunks_sent += 1
        try:
            raw = self.client.check(chunk, self.disabled, self.language)
        except TextTooLong as exc:
            # LanguageTool says its limit ("exceeds the limit of 20000 characters"); else halve the chunk.
            said = LIMIT_SAID.search(str(exc))
            smaller = min(int(said.group(1)), u16len(chunk) - 1) if said else u16len(chunk) // 2
            if smaller < MIN_CHUNK_SIZE:
                raise GrammarUnavailable(f"{self.client.where} refuses even a {u16len(chunk)}-character text "
                                         f"(HTTP 413: {exc})") from None
            with self._lock:  # remember: the next documents go in smaller chunks from the start
                self.chunk_size = min(self.chunk_size, smaller)
            out = []
            for s, e in plan_chunks(doc, start, end, smaller):
                out.extend(self._check_chunk(doc, s, e, smaller))
            return out
        omap = OffsetMap(chunk)
        units = u16len(chunk)
        relative = []
        for m in raw:
            m = _valid_match(m, units)
            if m is None:
                with self._lock:
                    self.matches_dropped += 1
                continue  # not a match we understand: dropped, never clamped
            s, e = omap.span(m["offset"], m["length"])
            relative.append((s, e, m))
        with self._lock:
            self._answers[chunk] = relative
            if len(self._answers) > ANSWERS_KEPT:
                self._answers.popitem(last=False)
        return [(start + s, start + e, m) for s, e, m in relative]

    # -- matches -> findings -------------------------------------------------------------------------
    def rule_for(self, match: dict) -> Rule:
        info = match.get("rule") or {}
        lt_id = str(info.get("id") or "UNKNOWN")
        rid = f"LT:{lt_id}"
        with self._lock:
            rule = self._rules.get(rid)
            if rule is not None:
                return rule
            cat_id = str((info.get("category") or {}).get("id") or "MISC")
            category = self.categories.get(cat_id, cat_id.lower())
            severity = self.severities.get(category, self.severities.get("default", "warning"))
            if str(info.get("issueType", "")).lower() == "style":
                severity = "info"
            if severity not in ("info", "warning", "error"):
                severity = "warning"
            description = _clean_message(str(info.get("description") or "")) or f"LanguageTool rule {lt_id}"
            rule = Rule(id=rid, name=_kebab(lt_id), category=category, severity=severity, message=description,
                        description=f"LanguageTool: {description} (rule {lt_id}, category {cat_id}).",
                        fixable="safe" if lt_id in self.safe_rules else "unsafe", priority=PRIORITY)
            self._rules[rid] = rule
            return rule

    def _to_findings(self, doc, matches, builtin) -> list[Finding]:
        text = doc.text
        spans = sorted((f.start, max(f.end, f.start + 1)) for f in builtin)
        starts = [s for s, _ in spans]
        reach: list[int] = []  # reach[i]: the largest end among spans[0..i]
        for _, e in spans:
            reach.append(max(e, reach[-1]) if reach else e)
        names = _WordCounts(text)
        out = []
        seen = set()
        for start, end, m in matches:
            if not (0 <= start <= end <= len(text)):
                continue
            if doc.is_masked(start, end):
                continue
            # Overlaps a built-in finding: keep the built-in.
            probe_end = max(end, start + 1)
            i = bisect.bisect_left(starts, probe_end)
            if i > 0 and reach[i - 1] > start:
                continue
            info = m.get("rule") or {}
            lt_id = str(info.get("id") or "")
            if self._is_spelling(m) and names.recurring(text[start:end]):
                continue
            rule = self.rule_for(m)
            key = (rule.id, start, end)
            if key in seen:
                continue
            seen.add(key)
            message = _clean_message(str(m.get("message") or "")) or rule.message
            fix = None
            values = [r.get("value") for r in m.get("replacements") or [] if isinstance(r, dict)]
            reps = [r for r in values if isinstance(r, str)]
            if reps and reps[0] != text[start:end]:
                lane = self.safe_rules.get(lt_id)
                safe = lane is not None and _within_lane(lane, text, start, end, reps[0])
                fix = Fix("safe" if safe else "unsafe", (Edit(start, end, reps[0]),))
            f = Finding(rule=rule, start=start, end=end, message=message, fix=fix)
            f.extra.update({"source": "languagetool", "languagetool_rule": lt_id,
                            "replacements": reps[:5]})
            out.append(f)
        return out

    @staticmethod
    def _is_spelling(m) -> bool:
        info = m.get("rule") or {}
        cat = str((info.get("category") or {}).get("id") or "")
        return (cat in SPELLING_CATEGORIES or str(info.get("issueType", "")) == "misspelling"
                or bool(SPELLING_RULE.match(str(info.get("id") or ""))))



class _WordCounts:
    """How often a capitalised word occurs in the text as a whole word, counted once for the whole text
    (linear): a word of letters and digits among the text's ``\\w+`` runs, a compound (``O'Brien``,
    ``Jean-Luc``) among its compounds. The counts are made on first use (most texts have no spelling
    match on a capitalised word)."""

    def __init__(self, text: str):
        self.text = text
        self._words: Counter[str] | None = None
        self._compounds: Counter[str] = Counter()

    def recurring(self, span: str) -> bool:
        word = span.strip()
        if not word or not word[0].isupper():
            return False
        if self._words is None:
            self._words = Counter(WORD.findall(self.text))
            self._compounds = Counter(COMPOUND.findall(self.text))
        if WORD.fullmatch(word):
            return self._words[word] >= 2
        return self._compounds[word] >= 2  # anything else was not a word LanguageTool could mean twice


def _valid_match(m, units: int) -> dict | None:
    """The match if its shape is LanguageTool's and its span lies in the chunk (``units`` UTF-16 units
    long), else None."""
    if not isinstance(m, dict):
        return None
    offset, length = m.get("offset"), m.get("length")
    if type(offset) is not int or type(length) is not int:  # not bool, not float (Infinity, 2.0)
        return None
    if offset < 0 or length < 0 or offset + length > units:
        return None
    rule = m.get("rule")
    if not isinstance(rule, dict) or not isinstance(rule.get("id"), str) or not rule["id"]:
        return None
    if not isinstance(rule.get("category", {}), dict) or not isinstance(rule.get("description", ""), str):
        return None
    if not isinstance(m.get("replacements", []), list) or not isinstance(m.get("message", ""), str):
        return None
    return m


def _within_lane(lane: str, text: str, start: int, end: int, new: str) -> bool:
    """Does replacing ``text[start:end]`` by ``new`` change only what a safe rule's ``lane`` allows?

    - ``spaces`` (white-space rules): only horizontal white space is added or removed;
    - ``punctuation`` (doubled punctuation): white space as above, and punctuation marks only removed.
    Always: a short span (``SAFE_SPAN``), no line break added or removed (paragraphs are structure), and
    no two words (letters or digits) joined by removing the space between them."""
    old = text[start:end]
    if len(old) > SAFE_SPAN or len(new) > SAFE_SPAN:
        return False
    p = 0  # the changed part: common prefix and suffix stripped
    while p < min(len(old), len(new)) and old[p] == new[p]:
        p += 1
    q = 0
    while q < min(len(old), len(new)) - p and old[-1 - q] == new[-1 - q]:
        q += 1
    gone, came = old[p:len(old) - q], new[p:len(new) - q]
    if any(c in LINE_BREAKS for c in gone + came):
        return False
    if lane == "punctuation":
        if any(c.isalnum() for c in gone + came):
            return False
        marks_gone = [c for c in gone if not c.isspace()]
        marks_came = [c for c in came if not c.isspace()]
        it = iter(marks_gone)
        if not all(c in it for c in marks_came):  # the new marks are some of the old ones, in order
            return False
    elif not all(c.isspace() for c in gone + came):
        return False
    if gone and not came.strip():  # white space removed: the characters that now meet
        before = text[start + p - 1] if start + p > 0 else ""
        after = text[start + len(old) - q] if start + len(old) - q < len(text) else ""
        if not came and before.isalnum() and after.isalnum():
            return False
    return True


# -- chunking ----------------------------------------------------------------------------------------
class _Units:
    """UTF-16 length of any span of one text in O(1) (a prefix sum; none needed for BMP-only text)."""

    def __init__(self, text: str):
        if text.isascii() or max(text, default="a") <= "\uffff":
            self.prefix = None
        else:
            prefix = [0]
            for ch in text:
                prefix.append(prefix[-1] + (2 if ch > "\uffff" else 1))
            self.prefix = prefix

    def size(self, s: int, e: int) -> int:
        return e - s if self.prefix is None else self.prefix[e] - self.prefix[s]


def plan_chunks(doc, start: int, end: int, limit: int) -> list[tuple[int, int]]:
    """Spans covering the paragraphs of ``doc`` inside ``[start, end)``, each at most ``limit`` UTF-16 units.

    Whole paragraphs are grouped while they fit; a paragraph too long on its own is cut between its
    sentences, and a sentence too long on its own at white space (hard, as a last resort)."""
    text = doc.text
    units = _Units(text)
    atoms: list[tuple[int, int]] = []
    sentences = doc.sentences_by_paragraph
    for pi, p in enumerate(doc.paragraphs):
        if p.end <= start or p.start >= end:
            continue
        ps, pe = max(p.start, start), min(p.end, end)
        if units.size(ps, pe) <= limit:
            atoms.append((ps, pe))
            continue
        sents = [(max(s.start, ps), min(s.end, pe)) for s in sentences[pi] if s.end > ps and s.start < pe]
        if not sents:
            sents = [(ps, pe)]
        # Sentences leave the white space between them out; glue it to the sentence before.
        for k, (ss, se) in enumerate(sents):
            ss = ps if k == 0 else ss
            se = sents[k + 1][0] if k + 1 < len(sents) else pe
            if units.size(ss, se) <= limit:
                atoms.append((ss, se))
            else:
                atoms.extend(_hard_split(text, units, ss, se, limit))
    chunks: list[tuple[int, int]] = []
    for s, e in atoms:
        if chunks and units.size(chunks[-1][0], e) <= limit:
            chunks[-1] = (chunks[-1][0], e)
        else:
            chunks.append((s, e))
    return chunks


def _hard_split(text: str, units: _Units, s: int, e: int, limit: int) -> list[tuple[int, int]]:
    out = []
    while s < e:
        if units.size(s, e) <= limit:
            out.append((s, e))
            break
        i = s + 1  # the furthest end that keeps the piece within the limit (at least one character)
        while i < e and units.size(s, i + 1) <= limit:
            i += 1
        cut = i
        space = text.rfind(" ", s + 1, cut)
        if space > s + (cut - s) // 2:
            cut = space + 1  # cut after a space when one is in the second half
        out.append((s, cut))
        s = cut
    return out
