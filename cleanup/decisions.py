"""`mtclean fix --decisions FILE`: apply exactly the edits an editor accepted in the HTML review report.

The report exports its decisions as JSON (one entry a file: its path, the SHA-256 of its bytes when the
report was made, and each finding with ``decision``: accepted, rejected or undecided). Here, for each
input file, the entry with the same path (else the one entry with the same file name and hash) gives
the edits: those of the accepted findings, and nothing else (no detection runs; safe fixes the editor did
not accept are not applied). A file whose bytes changed since the report is refused, as is one with no
entry or with accepted edits that overlap: one line naming the file, exit 2, the rest of the batch goes on.
"""
from __future__ import annotations

import hashlib
import json
import os
from itertools import pairwise
from typing import cast

from .read.source import InputError

FORMAT = "mtclean-decisions"
VERSION = 1
DECISIONS = ("accepted", "rejected", "undecided")


class DecisionsError(InputError):
    """The decisions file, or one file's entry in it, cannot be applied; the message is one line."""


class _Decided:
    """A finding as the decisions file gives it (a contract dict), where the runner expects a Finding."""

    def __init__(self, d: dict):
        self.d = d

    def to_json(self) -> dict:
        return {k: v for k, v in self.d.items() if k != "decision"}


def load_decisions(path: str) -> Decisions:
    try:
        with open(path, encoding="utf-8") as fh:
            data = json.load(fh)
    except FileNotFoundError:
        raise DecisionsError(f"{path}: no such decisions file") from None
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        raise DecisionsError(f"{path}: cannot read the decisions file ({exc}); export it again from the "
                             f"report") from None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise DecisionsError(f"{path}: not a decisions file exported by an mtclean report")
    if data.get("version") != VERSION:
        raise DecisionsError(f"{path}: decisions format version {data.get('version')!r} is not {VERSION}; "
                             f"use the mtclean that made the report")
    files = data.get("files")
    if not isinstance(files, list) or not all(_valid_entry(e) for e in files):
        raise DecisionsError(f"{path}: malformed decisions file (each file needs path, sha256 and findings)")
    return Decisions(path, files)


def _valid_entry(e) -> bool:
    if not (isinstance(e, dict) and isinstance(e.get("path"), str) and isinstance(e.get("sha256"), str)
            and isinstance(e.get("findings"), list)):
        return False
    for f in e["findings"]:
        if not (isinstance(f, dict) and f.get("decision") in DECISIONS and isinstance(f.get("rule"), str)):
            return False
        fix = f.get("fix")
        if fix is not None:
            if not (isinstance(fix, dict) and isinstance(fix.get("edits"), list) and fix["edits"]):
                return False
            for ed in fix["edits"]:
                if not (isinstance(ed, dict) and isinstance(ed.get("start"), int) and isinstance(ed.get("end"), int)
                        and isinstance(ed.get("replacement"), str)):
                    return False
    return True


class Decisions:
    def __init__(self, path: str, files: list[dict]):
        self.path = path
        self.by_path = {os.path.normpath(e["path"]): e for e in files}
        self.files = files

    def entry_for(self, shown: str, digest: str) -> dict | None:
        e = self.by_path.get(os.path.normpath(shown))
        if e is not None:
            return e
        # Run from another folder: the one entry with this file's name and content.
        name = os.path.basename(shown)
        same = [e for e in self.files if os.path.basename(e["path"]) == name and e["sha256"] == digest]
        return same[0] if len(same) == 1 else None

    def apply(self, src, shown: str):
        """The FixResult of applying this file's accepted edits to ``src`` (a read.source.Source)."""
        from .apply import apply_edits
        from .engine import FixResult
        from .model import Edit, Finding

        digest = hashlib.sha256(src.raw).hexdigest()
        entry = self.entry_for(shown, digest)
        if entry is None:
            raise DecisionsError(f"{shown}: not in the decisions file {self.path}; nothing applied (make a report "
                                 f"that covers it)")
        if entry["sha256"] != digest:
            raise DecisionsError(f"{shown}: changed since the report was made (its SHA-256 differs from the one in "
                                 f"{self.path}); nothing applied: make a new report and review it again")
        accepted = [f for f in entry["findings"] if f["decision"] == "accepted" and f.get("fix")]
        edits, owner = [], {}
        for f in accepted:
            for e in f["fix"]["edits"]:
                if not 0 <= e["start"] <= e["end"] <= len(src.text):
                    raise DecisionsError(f"{shown}: an accepted edit of {f['rule']} lies outside the file; "
                                         f"nothing applied (is {self.path} from a report on this file?)")
                edit = Edit(e["start"], e["end"], e["replacement"])
                if edit in owner:
                    continue  # two accepted findings proposing the very same edit: it is made once
                edits.append(edit)
                owner[edit] = f
        edits.sort()
        for a, b in pairwise(edits):
            if b.start < a.end or (a.start == a.end == b.start == b.end and owner[a] is not owner[b]):
                fa, fb = owner[a], owner[b]
                raise DecisionsError(f"{shown}: accepted edits overlap ({fa['rule']} at {_at(fa)} and {fb['rule']} "
                                     f"at {_at(fb)}); reject one of them in the report and export again")
        text = apply_edits(src.text, edits) if edits else src.text
        # The runner reads a finding of a FixResult through to_json() only: _Decided stands in for Finding.
        applied = cast("list[Finding]", [_Decided(f) for f in accepted])
        remaining = cast("list[Finding]", [_Decided(f) for f in entry["findings"] if f["decision"] == "undecided"])
        return FixResult(text=text, applied=applied, remaining=remaining, passes=1 if edits else 0)


def _at(f: dict) -> str:
    return f"{f.get('line', '?')}:{f.get('column', '?')}"
