"""An English lexicon for part-of-speech questions, from the data lemminflect ships in its wheel.

Which words can be a finite verb (a past or -s present form, or a base form used as a present), which can
be a noun or an adjective, and whether a word is an English word at all: read from lemminflect's two
lookup tables (``lemma_lu.csv.gz``: word -> its parts of speech; ``infl_lu.csv.gz``: verb lemma -> past,
past participle, -ing and -s forms). The package itself is never imported (its ``__init__`` imports numpy:
0.3 s); only its data files are read, once per process and only when a detector first asks (0.2 s to
parse; then a marshal copy in mtclean's cache folder, keyed on the data files' size and time, loads in
~10 ms).

Without lemminflect installed every question answers None and the callers keep their closed word lists.
"""
from __future__ import annotations

import gzip
import importlib.util
import marshal
import os
import sys
from functools import lru_cache

FILES = ("lemma_lu.csv.gz", "infl_lu.csv.gz")
# The shape of the parsed tables; a new shape gets a new cache file (an old one would load the old shape).
# Version 3 keeps each table as one newline-joined string: marshal reads one string and split() cuts it in a
# quarter of the time marshal takes to read 86,000 small strings (25 ms against 95 ms).
TABLES_VERSION = 3


def _resources() -> str | None:
    spec = importlib.util.find_spec("lemminflect")  # finds the package without running its __init__
    if spec is None or not spec.submodule_search_locations:
        return None
    res = os.path.join(next(iter(spec.submodule_search_locations)), "resources")
    return res if all(os.path.isfile(os.path.join(res, f)) for f in FILES) else None


def _read(res: str, name: str) -> str:
    with open(os.path.join(res, name), "rb") as fh:
        return gzip.decompress(fh.read()).decode("utf-8")


def _parse(res: str) -> tuple[list, list, list, list, list]:
    nouns: set[str] = set()
    adjs: set[str] = set()
    finite: set[str] = set()
    past: set[str] = set()
    other: set[str] = set()  # adverbs, auxiliaries and verb forms: for known() alone
    text = _read(res, FILES[0])
    for line in text.splitlines():
        word, upos, _ = line.split(",", 2)
        if upos == "noun":
            nouns.add(word.lower())
        elif upos == "adj":
            adjs.add(word.lower())
        else:
            other.add(word.lower())
    text = _read(res, FILES[1])
    for line in text.splitlines():
        lemma, upos, *forms = line.split(",")
        if upos not in ("verb", "aux") or len(forms) < 4:
            continue
        vbd, vbz = forms[0].split("/"), forms[3].split("/")
        finite.update(x.lower() for x in (*vbd, *vbz) if x)
        past.update(x.lower() for x in vbd if x)
        finite.add(lemma.lower())  # the base form is also a present (they test, we leave)
    return sorted(nouns), sorted(adjs), sorted(finite), sorted(past), sorted(other - nouns - adjs - finite)


def _cache_path(res: str) -> str | None:
    from ..rulepacks import cache_dir

    base = cache_dir()
    if not base:
        return None
    stamp = "-".join(f"{int(os.stat(os.path.join(res, f)).st_mtime)}-{os.stat(os.path.join(res, f)).st_size}"
                     for f in FILES)
    return os.path.join(base, f"lexicon{TABLES_VERSION}-{stamp}-py{sys.version_info[0]}{sys.version_info[1]}.marshal")


@lru_cache(maxsize=1)
def _tables():
    res = _resources()
    if res is None:
        return None
    cache = _cache_path(res)
    data = None
    if cache:
        try:
            with open(cache, "rb") as fh:
                data = marshal.load(fh)
        except Exception:  # noqa: BLE001 - missing, unreadable or corrupt: parse instead
            data = None
        if not (isinstance(data, tuple) and len(data) == 5 and all(isinstance(x, str) for x in data)):
            data = None  # another shape (a file of the same name written by something else): parse instead
    if data is None:
        data = tuple("\n".join(table) for table in _parse(res))
        if cache:
            tmp = f"{cache}.{os.getpid()}.tmp"  # written whole, then renamed
            try:
                os.makedirs(os.path.dirname(cache), exist_ok=True)
                with open(tmp, "wb") as fh:
                    marshal.dump(data, fh)
                os.replace(tmp, cache)
            except OSError:
                try:
                    os.unlink(tmp)
                except OSError:
                    pass
    return tuple(frozenset(x.split("\n")) if x else frozenset() for x in data)


def available() -> bool:
    return _tables() is not None


def can_be_finite(word: str) -> bool | None:
    """Whether the word can be a finite verb form: past (tested, left), -s present (tests) or base (test)."""
    t = _tables()
    return None if t is None else word.lower() in t[2]


def is_past(word: str) -> bool | None:
    t = _tables()
    return None if t is None else word.lower() in t[3]


def can_be_noun(word: str) -> bool | None:
    t = _tables()
    return None if t is None else word.lower() in t[0]


def can_be_adjective(word: str) -> bool | None:
    t = _tables()
    return None if t is None else word.lower() in t[1]


def known(word: str) -> bool | None:
    t = _tables()
    return None if t is None else any(word.lower() in s for s in t)
