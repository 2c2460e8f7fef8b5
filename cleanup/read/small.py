"""Read a small text file the user points at (a rule file, a config), never more than a bound, never a
device or a FIFO: ``--rules /dev/zero`` would fill memory, and ``--rules FIFO`` would wait for a writer
forever."""
from __future__ import annotations

import os
import stat

MAX_SMALL_FILE = 1024 * 1024  # bytes; rule files and configs are a few KB


def read_small_text(path: str, what: str, error=ValueError, limit: int = MAX_SMALL_FILE) -> str:
    """The UTF-8 text of ``path``; ``error(message)`` (one line naming the file and ``what`` it is) when it
    is not a regular file, is larger than ``limit`` bytes, cannot be read or is not UTF-8."""
    try:
        # O_NONBLOCK: opening a FIFO for reading returns at once instead of waiting for a writer.
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0))
    except OSError as exc:
        raise error(f"{path}: cannot read {what} ({exc.strerror or exc})") from None
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            kind = ("a FIFO" if stat.S_ISFIFO(st.st_mode) else "a folder" if stat.S_ISDIR(st.st_mode)
                    else "a device" if stat.S_ISCHR(st.st_mode) or stat.S_ISBLK(st.st_mode) else "a special file")
            raise error(f"{path}: cannot read {what}: it is {kind}, not a regular file")
        chunks, n = [], 0
        while n <= limit:
            b = os.read(fd, min(1 << 16, limit + 1 - n))
            if not b:
                break
            chunks.append(b)
            n += len(b)
    except OSError as exc:
        raise error(f"{path}: cannot read {what} ({exc.strerror or exc})") from None
    finally:
        os.close(fd)
    if n > limit:
        raise error(f"{path}: {what} is larger than {limit // 1024} KB; is it the right file?")
    try:
        return b"".join(chunks).decode("utf-8")
    except UnicodeDecodeError:
        raise error(f"{path}: {what} is not UTF-8") from None
