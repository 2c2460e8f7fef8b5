"""Names spelled the house way (MT201: a variant beside its house form in the article, or the config's house
style; MT204, opt-in: a variant the article uses throughout) and spelled one way within an article (MT202)."""
from __future__ import annotations

import bisect
import re
from functools import lru_cache

from ..model import Edit
from ..rulepacks import pack_data
from . import detector
from .facts import ArticleFacts, state, verdict, within
from .quoting import QUOTATION_ON_A_LINE


@lru_cache(maxsize=8)
def _tables(overrides: tuple = ()):
    data = pack_data("names")
    variant_to_preferred: dict[str, str] = {}
    for preferred, variants in list((data.get("house_style") or {}).items()) + list(overrides):
        for v in variants:
            variant_to_preferred[v] = preferred
    keep = sorted(data.get("keep") or [], key=len, reverse=True)
    groups = [tuple(g) for g in data.get("variant_groups") or []]
    house_re = _alternation(variant_to_preferred)
    group_re = _alternation({v: g for g in groups for v in g})
    keep_re = re.compile(trie_pattern(keep)) if keep else None
    return variant_to_preferred, house_re, groups, group_re, keep_re


def _alternation(words) -> re.Pattern | None:
    if not words:
        return None
    # Whole words only: "Kiev's" and "pro-Kiev" match, "Kievan" does not. No leading (?<!\w): a pattern that
    # opens with literals lets the regex engine skip to candidate first letters; _whole_words checks the rest.
    return re.compile(rf"(?:{trie_pattern(words)})(?!\w)")


def trie_pattern(words) -> str:
    """The alternation of ``words`` as a regex that matches what "|".join(longest first) matches, factored
    by common prefixes ("K(?:h(?:arkov|...)|iev)"): the engine tests a letter once, not once per word,
    which halves the scan for the name tables. A word that is a prefix of another becomes an optional,
    greedy tail, so the longer word is still tried first."""
    trie: dict = {}
    for w in words:
        node = trie
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = {}

    def build(node: dict) -> str:
        branches = [re.escape(ch) + build(rest) for ch, rest in sorted(node.items()) if ch]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if "" in node else body

    return build(trie)


def _whole_words(pattern, text):
    """pattern.finditer(text), keeping only matches not preceded by a word character."""
    pos = 0
    while True:
        m = pattern.search(text, pos)
        if m is None:
            return
        s = m.start()
        if s and (text[s - 1].isalnum() or text[s - 1] == "_"):
            pos = s + 1  # a later, shorter alternative may still start inside this one
            continue
        yield m
        pos = m.end() if m.end() > s else s + 1


def _kept_spans(text: str, keep_re) -> list[tuple[int, int]]:
    return [m.span() for m in keep_re.finditer(text)] if keep_re else []


def _inside(spans, s, e) -> bool:
    """Is [s, e) within one of ``spans`` (sorted, non-overlapping, as finditer yields them)?"""
    i = bisect.bisect_right(spans, (s, float("inf"))) - 1
    return i >= 0 and spans[i][0] <= s and e <= spans[i][1]


def _short_quotes(text: str) -> list[tuple[int, int]]:
    """Quoted titles and names as written ("The Road to Kiev"): six words at most, mostly capitalised."""
    out: list[tuple[int, int]] = []
    if not any(c in text for c in '"“«'):
        return out  # no quotation at all (a str.find a mark): the regex scan is skipped
    for m in QUOTATION_ON_A_LINE.finditer(text):
        words = m.group(0).strip("\"“”«» ").split()
        if words and len(words) <= 6 and sum(w[:1].isupper() for w in words) * 2 >= len(words):
            out.append(m.span())
    return out


def _overrides(ctx) -> tuple:
    cfg = ctx.config
    house = getattr(cfg, "house_style", None) or {}
    return tuple((k, tuple(v)) for k, v in sorted(house.items()))


class _Spellings(ArticleFacts):
    """How often the article uses each form of each variant group: MT202 follows the majority."""

    name = "names"

    def count_lines(self, doc, ranges) -> dict:
        _, _, groups, group_re, keep_re = _tables()
        if group_re is None:
            return {}
        out: dict[str, int] = {}
        found = _variants(doc, groups, group_re, _kept(doc, keep_re))
        for m, _ in within(doc, "name_variants", found, ranges, lambda v: v[0].start(), lambda v: v[0].end()):
            out[m.group(0)] = out.get(m.group(0), 0) + 1
        return out

    def facts(self, totals) -> tuple:
        """(group, majority form) for each group the article uses; TIE when the counts tie (no majority: the
        forms are flagged without a fix; a part of the document cannot be judged then). A form used alone is
        the majority: no other form is flagged either way, so fixing the last minority form changes no
        verdict."""
        groups = _tables()[2]
        by_form = _groups_by_form()
        out = []
        # Only the groups a form of which the article uses (most articles use none of the table's groups).
        for gi in sorted({gi for f, n in totals.items() if n > 0 for gi in by_form.get(f, ())}):
            g = groups[gi]
            ns = sorted((totals.get(f, 0) for f in g), reverse=True)
            out.append((g, TIE if len(ns) > 1 and ns[0] == ns[1] else max(g, key=lambda f: totals.get(f, 0))))
        return tuple(out)

    def maintainable(self, verdict) -> bool:
        return all(m != TIE for _, m in verdict)


@lru_cache(maxsize=1)
def _groups_by_form() -> dict[str, tuple[int, ...]]:
    """The positions in the variant-group table of the groups each form belongs to."""
    out: dict[str, tuple[int, ...]] = {}
    for gi, g in enumerate(_tables()[2]):
        for f in g:
            out[f] = (*out.get(f, ()), gi)
    return out


TIE = "<tie>"
SPELLINGS = _Spellings()


@lru_cache(maxsize=1)
def _house_forms_re():
    return _alternation(set(pack_data("names").get("house_style") or {}))


class _HouseForms(ArticleFacts):
    """Which house-style forms of the built-in table the article itself uses: a variant beside its house form
    is an inconsistency (MT201); a variant used alone throughout is a spelling preference (MT204, opt-in).

    Only the house forms whose variants the article has are read. So, after a round of fixes, a house form
    whose variants are all gone keeps the verdict it had (fixing the last "Kiev", or a repetition fix that
    deletes the only "Volodymyr Zelenskyy", changes no finding, and must not cost a full detection)."""

    name = "house-forms"

    def count_lines(self, doc, ranges) -> dict:
        pattern = _house_forms_re()
        if pattern is None:
            return {}
        found = doc.remember("house_forms", lambda: list(_whole_words(pattern, doc.text)))
        out: dict = {}
        for m in within(doc, "house_forms", found, ranges, lambda m: m.start(), lambda m: m.end()):
            out[m.group(0)] = out.get(m.group(0), 0) + 1
        variant_to_preferred, house_re, _, _, keep_re = _tables()
        if house_re is not None:
            kept = _kept(doc, keep_re)
            variants = doc.remember("house_variants", lambda: [m for m in _whole_words(house_re, doc.text)
                                                               if not _inside(kept, *m.span())])
            for m in within(doc, "house_variants", variants, ranges, lambda m: m.start(), lambda m: m.end()):
                key = ("variant of", variant_to_preferred[m.group(0)])
                out[key] = out.get(key, 0) + 1
        return out

    def facts(self, totals) -> frozenset:
        return frozenset(f for f, n in totals.items() if isinstance(f, str) and n > 0)

    def updated_facts(self, facts, totals, delta) -> frozenset:
        live = {k[1] for k, n in totals.items() if isinstance(k, tuple) and n > 0}  # forms with a variant here
        return frozenset((facts - live) | (self.facts(totals) & live))


HOUSE_FORMS = _HouseForms()


@detector("names", rules=("MT201", "MT202", "MT204"), facts=(SPELLINGS, HOUSE_FORMS))
def detect(doc, ctx):
    text = doc.text
    overrides = _overrides(ctx)
    variant_to_preferred, house_re, groups, group_re, keep_re = _tables(overrides)
    chosen = {v for _, vs in overrides for v in vs}  # the config's house style: the user's choice
    kept = _kept(doc, keep_re)
    titles = _short_quotes(text) if ('"' in text or "“" in text or "«" in text) else []
    if house_re is not None and (ctx.enabled("MT201") or ctx.enabled("MT204")):
        used = None  # the house forms the article uses: counted on the first variant found (most have none)
        for m in _whole_words(house_re, text):
            s, e = m.span()
            if _inside(kept, s, e):
                continue
            found = m.group(0)
            preferred = variant_to_preferred[found]
            # Inside a quoted title (a name as written) the old form may be right: ask.
            applicability = "unsafe" if _inside(titles, s, e) else "safe"
            if used is None:
                used = verdict(doc, HOUSE_FORMS)
            if found in chosen or preferred in used:  # the config's style, or the article's own house form
                yield ctx.finding("MT201", s, e, "house-style", preferred=preferred, found=found,
                                  edits=[Edit(s, e, preferred)], applicability=applicability)
            else:  # spelled one way throughout: a preference, not an inconsistency
                yield ctx.finding("MT204", s, e, "preference", preferred=preferred, found=found,
                                  edits=[Edit(s, e, preferred)], applicability=applicability)
    if group_re is not None:
        by_group: dict[tuple, list] = {}
        for m in _variants(doc, groups, group_re, kept):
            by_group.setdefault(m[1], []).append(m[0])
        for g, ms in by_group.items():
            if SPELLINGS.name in doc.verdicts:  # a part of a larger document: the article's majorities
                majority = dict(doc.verdicts[SPELLINGS.name]).get(g)
            else:
                majority = _majority(g, state(doc, SPELLINGS).totals)
            if majority is None:
                continue
            if majority == TIE:  # no majority: each form is flagged, none is chosen
                totals = state(doc, SPELLINGS).totals  # a whole document: a tie is not maintainable
                used = [f for f in g if totals.get(f)]
                for m in ms:
                    others = "', '".join(f for f in used if f != m.group(0))
                    yield ctx.finding("MT202", *m.span(), "tie", found=m.group(0), others=others)
                continue
            for m in ms:
                if m.group(0) != majority:
                    s, e = m.span()
                    yield ctx.finding("MT202", s, e, "minority", found=m.group(0), majority=majority,
                                      edits=[Edit(s, e, majority)],
                                      applicability="unsafe" if _inside(titles, s, e) else "safe")


def _kept(doc, keep_re) -> list[tuple[int, int]]:
    """The kept phrases' spans ("Kievan Rus", "Chicken Kiev"); once per document."""
    return doc.remember("kept_names", lambda: _kept_spans(doc.text, keep_re))


def _variants(doc, groups, group_re, kept) -> list:
    """_variant_matches of the document, once per document (MT202 and its counts both read them)."""
    return doc.remember("name_variants", lambda: list(_variant_matches(doc.text, groups, group_re, kept)))


def _variant_matches(text, groups, group_re, kept):
    """(match, its variant group) for every form of a variant group, outside the kept phrases."""
    for m in _whole_words(group_re, text):
        if _inside(kept, *m.span()):
            continue
        for g in groups:
            if m.group(0) in g:
                yield m, g
                break


def _majority(group, totals) -> str | None:
    """The form of ``group`` the article uses most; TIE when two forms are used most; None when the article
    uses one form only."""
    used = sorted((totals.get(f, 0) for f in group if totals.get(f)), reverse=True)
    if len(used) < 2:
        return None
    if used[0] == used[1]:
        return TIE
    return max(group, key=lambda f: totals.get(f, 0))
