"""Line and column of a code-point offset, as the JSON contract counts them, and as other formats do.

Line breaks are CRLF, CR or LF, as in ``segment.document`` (the engine's lines); columns are 1-based.
"""
from __future__ import annotations

import bisect
import re

_BREAK = re.compile(r"\r\n|\r|\n")


class LineIndex:
    def __init__(self, text: str):
        self.text = text
        self.starts = [0]
        self.starts.extend(m.end() for m in _BREAK.finditer(text))

    def line_of(self, offset: int) -> int:
        """0-based index of the line holding ``offset``."""
        return bisect.bisect_right(self.starts, offset) - 1

    def position(self, offset: int) -> tuple[int, int]:
        """1-based (line, column), the column in code points (the contract's own)."""
        i = self.line_of(offset)
        return i + 1, offset - self.starts[i] + 1

    def byte_position(self, offset: int) -> tuple[int, int]:
        """1-based (line, column), the column in UTF-8 bytes (reviewdog's)."""
        i = self.line_of(offset)
        start = self.starts[i]
        head = self.text[start:offset]
        return i + 1, (len(head) if head.isascii() else len(head.encode("utf-8", "surrogatepass"))) + 1

    def line_bounds(self, offset: int) -> tuple[int, int]:
        """[start, end) of the line holding ``offset``, without its line break."""
        i = self.line_of(offset)
        start = self.starts[i]
        end = self.starts[i + 1] if i + 1 < len(self.starts) else len(self.text)
        while end > start and self.text[end - 1] in "\r\n":
            end -= 1
        return start, end
