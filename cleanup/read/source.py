"""Read an article as bytes, decode it faithfully, and write it back the same way.

Nothing is normalised on the way in: line endings (LF, CRLF, CR, mixtures), a missing final newline and
a byte-order mark all survive, so text outside the edits is byte-identical on the way out.
"""
from __future__ import annotations

import codecs
import os
import tempfile
from dataclasses import dataclass

DEFAULT_MAX_SIZE = 20 * 1024 * 1024

BOMS = (  # longest first: the UTF-32 LE BOM starts with the UTF-16 LE one
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)


class InputError(Exception):
    """A file the tool cannot process; the message is one line saying why and what to do."""


@dataclass
class Source:
    path: str  # as the user named it ("-" for standard input)
    text: str
    encoding: str  # the codec, without the BOM (e.g. "utf-8", "utf-16-le", "cp1252")
    bom: bytes = b""
    raw: bytes = b""

    @property
    def encoding_label(self) -> str:
        return self.encoding + ("-sig" if self.bom and self.encoding == "utf-8" else "")

    def encode(self, text: str) -> bytes:
        if text == self.text:
            return self.raw  # unchanged: hand back the very bytes that came in
        return self.bom + text.encode(self.encoding)


def looks_binary(data: bytes) -> bool:
    sample = data[:8192]
    if b"\x00" in sample:
        return True
    if not sample:
        return False
    control = sum(1 for b in sample if b < 32 and b not in (9, 10, 12, 13, 27))
    return control / len(sample) > 0.10


def decode(data: bytes, path: str, encoding: str | None = None) -> Source:
    if encoding:
        try:
            codecs.lookup(encoding)
        except LookupError:
            raise InputError(f"{path}: unknown encoding '{encoding}' given with --encoding") from None
        bom = b""
        enc = encoding.lower().replace("_", "-")
        if enc in ("utf-8-sig", "utf8-sig"):
            enc = "utf-8"
        for mark, name in BOMS:
            if name == enc and data.startswith(mark):
                bom = mark
        try:
            return Source(path, data[len(bom):].decode(enc), enc, bom, data)
        except UnicodeDecodeError as exc:
            raise InputError(f"{path}: not valid {encoding} at byte {exc.start}; check --encoding") from None
    for mark, name in BOMS:
        if data.startswith(mark):
            try:
                return Source(path, data[len(mark):].decode(name), name, mark, data)
            except UnicodeDecodeError:
                raise InputError(f"{path}: has a {name} byte-order mark but is not valid {name}; "
                                 f"re-save it or pass --encoding") from None
    if looks_binary(data):
        raise InputError(f"{path}: looks like a binary file, not text; skipped (exclude it with --exclude)")
    try:
        return Source(path, data.decode("utf-8"), "utf-8", b"", data)
    except UnicodeDecodeError as exc:
        bad_at = exc.start
    guess = _detect(data)
    if guess is None:
        raise InputError(f"{path}: not valid UTF-8 (byte {bad_at}) and the encoding could not be detected; "
                         f"pass --encoding (e.g. --encoding latin-1)")
    return Source(path, data.decode(guess), guess, b"", data)


# Non-UTF-8 encodings that an English article can plausibly be in (Latin-script code pages). A guess
# outside this list (cp1006, big5, cp949... for a few accented bytes) is not confidence: it is noise.
PLAUSIBLE_ENCODINGS = frozenset({
    "cp1252", "latin-1", "iso8859-1", "iso8859-15", "cp1250", "iso8859-2", "cp1254", "iso8859-9",
    "cp1257", "iso8859-13", "iso8859-3", "iso8859-4", "iso8859-10", "iso8859-14", "iso8859-16",
    "mac-roman", "mac-latin2", "cp850", "cp437", "cp858",
})


def _detect(data: bytes) -> str | None:
    """The encoding of non-UTF-8 text, when charset-normalizer is confident; else None."""
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None or best.chaos > 0.2:
        return None
    try:
        if codecs.lookup(best.encoding).name not in PLAUSIBLE_ENCODINGS:
            return None
    except LookupError:
        return None
    enc = best.encoding
    try:
        data.decode(enc)
    except (UnicodeDecodeError, LookupError):
        return None
    return enc.replace("_", "-")


def read_source(path: str, encoding: str | None = None, max_size: int = DEFAULT_MAX_SIZE, stdin=None) -> Source:
    if path == "-":
        import sys

        data = (stdin or sys.stdin.buffer).read()
        if len(data) > max_size:
            raise InputError(f"-: input is larger than --max-size ({max_size} bytes)")
        return decode(data, "-", encoding)
    try:
        if os.path.isdir(path):
            raise InputError(f"{path}: is a folder; give files, or a folder to check or fix as a batch")
        size = os.path.getsize(path)
        if size > max_size:
            raise InputError(f"{path}: {size} bytes is more than --max-size ({max_size}); "
                             f"raise --max-size to process it")
        with open(path, "rb") as fh:
            data = fh.read()
    except FileNotFoundError:
        raise InputError(f"{path}: no such file; check the path") from None
    except PermissionError:
        raise InputError(f"{path}: permission denied; check the file's permissions") from None
    except IsADirectoryError:
        raise InputError(f"{path}: is a folder") from None
    except OSError as exc:
        raise InputError(f"{path}: cannot read ({exc.strerror or exc})") from None
    return decode(data, path, encoding)


def write_atomic(path: str, data: bytes, mode_from: str | None = None) -> None:
    """Write ``data`` to ``path`` so that ``path`` is either the old file or the complete new one.

    A temporary file in the target folder, flushed and fsynced, then ``os.replace`` (atomic on POSIX)."""
    target_dir = os.path.dirname(os.path.abspath(path)) or "."
    fd, tmp = tempfile.mkstemp(prefix=".mtclean-", suffix=".tmp", dir=target_dir)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        src = mode_from if mode_from and os.path.exists(mode_from) else (path if os.path.exists(path) else None)
        if src:
            os.chmod(tmp, os.stat(src).st_mode & 0o7777)
        else:
            umask = os.umask(0)
            os.umask(umask)
            os.chmod(tmp, 0o666 & ~umask)
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise
