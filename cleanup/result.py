"""What one file's run produced: the typed result every renderer reads.

A ``FileResult`` crosses process boundaries (batch workers send it back), so it holds plain data only:
findings in their JSON-contract form (``Finding.to_json()``), the renderers' common currency.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass
class FileResult:
    path: str  # as reported (the name given with --stdin-filename for standard input)
    encoding: str | None = None  # the codec the file was read in; None when it could not be read
    findings: list[dict] = field(default_factory=list)  # check: what was found; fix: what is left
    error: str | None = None  # one line saying why the file failed; its findings are then empty
    changed: bool = False  # fix: the fixed text differs from the input
    applied: list[dict] = field(default_factory=list)  # fix: the findings whose fixes were applied
    notices: list[str] = field(default_factory=list)  # warnings about this file (e.g. a rule's time budget)
    before: str | None = None  # fix with keep_text (--diff): the text as read ...
    after: str | None = None  # ... and as fixed
    out_bytes: bytes | None = None  # fix to standard output: the bytes to write
    # For excerpts under a finding (check --format full): line number -> (offset of its first character,
    # the line's text without its line break), for the lines findings start on.
    lines: dict[int, tuple[int, str]] = field(default_factory=dict)
    # For reports that show or fingerprint the article (SARIF, rdjson, HTML; keep_source): the decoded
    # text `check` found in, and the SHA-256 of the file's bytes as read (fix --decisions checks it).
    text: str | None = None
    sha256: str | None = None

    @property
    def ok(self) -> bool:
        return self.error is None

    def to_json(self) -> dict:
        """This file's entry in the JSON report, exactly as docs/json-output.md defines it."""
        from .render.escape import utf8_text

        # A file name may hold bytes that are not UTF-8 (a POSIX name is bytes): shown as \xNN, so that the
        # report stays valid UTF-8 (render/escape.py).
        entry: dict[str, Any] = {"path": utf8_text(self.path), "encoding": self.encoding, "findings": self.findings,
                 "error": self.error and utf8_text(self.error)}
        if self.notices:
            entry["notices"] = [utf8_text(n) for n in self.notices]
        return entry
