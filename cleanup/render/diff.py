"""Unified diff of the decoded text before and after fixing."""
from __future__ import annotations

import difflib
import os

from .escape import one_line


def unified(path: str, before: str, after: str) -> str:
    if before == after:
        return ""
    a = before.splitlines(keepends=True)
    b = after.splitlines(keepends=True)
    out = []
    path = one_line(path)  # a line break in a file name would end the header line
    if os.path.isabs(path) or path == "-":
        old, new = path, path
    else:
        old, new = f"a/{path}", f"b/{path}"
    for line in difflib.unified_diff(a, b, fromfile=old, tofile=new):
        if not line.endswith(("\n", "\r")):
            line += "\n\\ No newline at end of file\n"
        out.append(line)
    return "".join(out)
