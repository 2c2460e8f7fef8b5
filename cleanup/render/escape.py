"""File names (and messages that hold them) made safe for a report.

A POSIX file name is bytes: it may not be UTF-8 (Python gives those bytes as lone surrogates) and may hold
a line break or a terminal escape. Printed as they are, the first makes the JSON report invalid UTF-8 and
the others split or garble a line of the text report. Both are shown escaped: a byte that is not UTF-8 as
``\\xNN`` (everywhere), a control character as ``\\n``, ``\\t``, ``\\x1b``... (in line-based output; JSON
escapes those itself, and a JSON reader gets the real name back)."""
from __future__ import annotations

import re

_SURROGATE = re.compile("[\ud800-\udfff]")
_UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff]")
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _escape(m) -> str:
    c = m.group(0)
    o = ord(c)
    if 0xDC80 <= o <= 0xDCFF:
        return f"\\x{o - 0xDC00:02x}"  # a byte that was not UTF-8 (surrogateescape)
    if c in _NAMED:
        return _NAMED[c]
    return f"\\x{o:02x}" if o < 0x100 else f"\\u{o:04x}"


def utf8_text(s: str) -> str:
    """``s`` with every byte that was not UTF-8 as ``\\xNN``: safe to encode as UTF-8 (for JSON)."""
    return _SURROGATE.sub(_escape, s) if s and not s.isascii() else s


def one_line(s: str) -> str:
    """``s`` as one printable line: control characters and bytes that were not UTF-8 escaped."""
    return _UNPRINTABLE.sub(_escape, s) if s else s
