"""Read an article as bytes, decode it faithfully, and write it back the same way.

Nothing is normalised on the way in: line endings (LF, CRLF, CR, mixtures), a missing final newline and
a byte-order mark all survive, so text outside the edits is byte-identical on the way out.
"""
from __future__ import annotations

import codecs
import os
import re
import stat
import sys
from dataclasses import dataclass

from ..errors import EncodeError, InputError

DEFAULT_MAX_SIZE = 20 * 1024 * 1024

BOMS = (  # longest first: the UTF-32 LE BOM starts with the UTF-16 LE one
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)


@dataclass
class Source:
    path: str  # as the user named it ("-" for standard input)
    text: str
    encoding: str  # the codec, without the BOM (e.g. "utf-8", "utf-16-le", "cp1252")
    bom: bytes = b""
    raw: bytes = b""
    # False when decoding and re-encoding the unchanged text would not give back ``raw`` (a legacy codec
    # with duplicate mappings, e.g. cp932): such a file can be checked, but a fix is never written.
    exact: bool = True
    # The file as it was read (os.fstat of the open file; None for standard input): --in-place rewrites it
    # only if it is still this file with these bytes (cleanup/write.py).
    file_stat: os.stat_result | None = None

    @property
    def encoding_label(self) -> str:
        return self.encoding + ("-sig" if self.bom and self.encoding == "utf-8" else "")

    def encode(self, text: str) -> bytes:
        if text == self.text:
            return self.raw  # unchanged: hand back the very bytes that came in
        if not self.exact:
            raise EncodeError(f"{self.path}: {self.encoding} does not give back this file's bytes exactly, so the "
                              f"fixed text is not written; convert the file to UTF-8 first")
        try:
            return self.bom + text.encode(self.encoding)
        except UnicodeEncodeError as exc:
            raise EncodeError(f"{self.path}: the fixed text has a character ({text[exc.start]!r}) that {self.encoding} "
                              f"cannot encode, so it is not written; convert the file to UTF-8 first") from None


def looks_binary(data: bytes) -> bool:
    """NUL bytes anywhere (no text file in an 8-bit or UTF-8 encoding has them), or many control bytes."""
    if b"\x00" in data:
        return True
    sample = data[:8192]
    if not sample:
        return False
    control = sum(1 for b in sample if b < 32 and b not in (9, 10, 12, 13, 27))
    return control / len(sample) > 0.10


def _codec_name(encoding: str) -> str:
    """The canonical codec name ("utf8" -> "utf-8", "latin-1" -> "iso8859-1")."""
    return codecs.lookup(encoding).name


def _ascii_compatible(enc: str) -> bool:
    """True when printable ASCII and the usual white space decode to themselves (not EBCDIC, UTF-7...)."""
    probe = bytes(range(32, 127)) + b"\t\n\r"
    try:
        return probe.decode(enc) == probe.decode("ascii")
    except (UnicodeDecodeError, LookupError):
        return False


# Strict decoding in these guarantees that encoding the text again gives the same bytes.
_CANONICAL = frozenset(name for _, name in BOMS)


def _source(path: str, data: bytes, enc: str, bom: bytes) -> Source:
    text = data[len(bom):].decode(enc)
    exact = True
    if enc not in _CANONICAL:
        try:
            exact = text.encode(enc) == data[len(bom):]
        except UnicodeEncodeError:
            exact = False
    return Source(path, text, enc, bom, data, exact)


def decode(data: bytes, path: str, encoding: str | None = None) -> Source:
    if encoding:
        return _decode_as(data, path, encoding)
    for mark, name in BOMS:
        if data.startswith(mark):
            try:
                return _source(path, data, name, mark)
            except UnicodeDecodeError:
                raise InputError(f"{path}: has a {name} byte-order mark but is not valid {name}; "
                                 f"re-save it or pass --encoding") from None
    if looks_binary(data):
        raise InputError(f"{path}: looks like a binary file, not text; skipped (exclude it with --exclude)")
    try:
        return Source(path, data.decode("utf-8"), "utf-8", b"", data)
    except UnicodeDecodeError as exc:
        bad_at = exc.start
    damaged = _damaged_utf8(data, path, bad_at)
    if damaged is not None:
        raise InputError(damaged)
    guess = _detect(data)
    if guess is None:
        raise InputError(f"{path}: not valid UTF-8 (byte {bad_at}) and the encoding could not be detected "
                         f"with confidence; pass --encoding (e.g. --encoding cp1252)")
    return _source(path, data, guess, b"")


def _decode_as(data: bytes, path: str, encoding: str) -> Source:
    """``data`` in the encoding the user gave (``--encoding``); a BOM of that encoding is kept."""
    try:
        enc = _codec_name(encoding)
    except LookupError:
        raise InputError(f"{path}: unknown encoding '{encoding}' given with --encoding") from None
    if enc == "utf-8-sig":
        enc = "utf-8"
    bom = b""
    if enc in ("utf-16", "utf-32"):
        # Endianness from the BOM (kept and written back); without one, the machine's own order.
        for mark, name in BOMS:
            if name.startswith(enc) and data.startswith(mark):
                enc, bom = name, mark
                break
        else:
            enc = f"{enc}-{'le' if sys.byteorder == 'little' else 'be'}"
    else:
        for mark, name in BOMS:
            if name == enc and data.startswith(mark):
                bom = mark
                break
    try:
        return _source(path, data, enc, bom)
    except UnicodeDecodeError as exc:
        raise InputError(f"{path}: not valid {encoding} at byte {exc.start + len(bom)}; check --encoding") from None


_LINE_BREAK = re.compile(rb"\r\n|\r|\n")


def _damaged_utf8(data: bytes, path: str, bad_at: int) -> str | None:
    """The error for UTF-8 text with a few bad bytes (valid multi-byte sequences outnumber the bad
    bytes), naming the first one and where it is; None for text that is simply not UTF-8.

    Such a file must not be decoded as a legacy code page (a guess, or the user following a hint): every
    other non-ASCII character would turn into mojibake, and `fix` would "repair" and rewrite them all."""
    text = data.decode("utf-8", "surrogateescape")
    bad = sum(1 for c in text if "\udc80" <= c <= "\udcff")
    good = sum(1 for c in text if c > "\x7f" and not "\udc80" <= c <= "\udcff")
    if not good or good < bad:
        return None
    before = data[:bad_at]
    breaks = list(_LINE_BREAK.finditer(before))
    line_start = breaks[-1].end() if breaks else 0
    column = len(before[line_start:].decode("utf-8", "replace")) + 1
    more = f" (and {bad - 1} more bad byte{'s' if bad > 2 else ''} after it)" if bad > 1 else ""
    return (f"{path}: byte 0x{data[bad_at]:02X} at line {len(breaks) + 1}, column {column} (offset {bad_at}) is not "
            f"UTF-8, though the rest of the file is{more}; correct it and run again (reading the file in "
            f"another encoding would garble its other non-ASCII characters)")


# Among equally likely guesses, the usual encodings of English text come first.
PREFERRED = ("cp1252", "iso8859-1", "iso8859-15", "mac-roman")
MAX_CHAOS = 0.1


# Non-UTF-8 encodings that an English article can plausibly be in (Latin-script code pages). A guess
# outside this list (cp1006, big5, cp949... for a few accented bytes) is not confidence: it is noise.
PLAUSIBLE_ENCODINGS = frozenset({
    "cp1252", "latin-1", "iso8859-1", "iso8859-15", "cp1250", "iso8859-2", "cp1254", "iso8859-9",
    "cp1257", "iso8859-13", "iso8859-3", "iso8859-4", "iso8859-10", "iso8859-14", "iso8859-16",
    "mac-roman", "mac-latin2", "cp850", "cp437", "cp858",
})


def _detect(data: bytes) -> str | None:
    """The encoding of non-UTF-8 text, when charset-normalizer is confident; else None.

    Confident means: charset-normalizer's likeliest guess is a Latin code page with little "chaos" (mess)
    in the decoded text, and the codec chosen maps ASCII to itself (an English article is mostly ASCII)
    and decodes the whole file."""
    from charset_normalizer import from_bytes

    results = from_bytes(data)
    best = results.best()
    if best is None or best.chaos > MAX_CHAOS:
        return None
    try:
        if _codec_name(best.encoding) not in PLAUSIBLE_ENCODINGS:
            return None  # the likeliest guess is no Latin code page: too little evidence to go on
    except LookupError:
        return None
    # Several code pages often fit equally well (cp1250, cp1252 and cp1257 decode most accented Latin
    # letters alike): among those, the usual encodings of English text win.
    matches = [m for m in results if m.chaos <= MAX_CHAOS]
    best_chaos = min(m.chaos for m in matches)
    names = []
    for m in matches:
        try:
            name = _codec_name(m.encoding)
        except LookupError:
            continue
        if m.chaos <= best_chaos + 0.01 and name in PLAUSIBLE_ENCODINGS and _ascii_compatible(name):
            names.append(name)
    names.sort(key=lambda n: PREFERRED.index(n) if n in PREFERRED else len(PREFERRED))
    for name in names:
        try:
            data.decode(name)
        except UnicodeDecodeError:
            continue
        return name
    return None


def _too_big(path: str, size: int | str, max_size: int) -> InputError:
    return InputError(f"{path}: {size} bytes is more than --max-size ({max_size}); raise --max-size to process it")


def _special(path: str, mode: int) -> InputError:
    kind = ("a FIFO (named pipe)" if stat.S_ISFIFO(mode) else "a socket" if stat.S_ISSOCK(mode) else
            "a device" if stat.S_ISCHR(mode) or stat.S_ISBLK(mode) else "not a regular file")
    return InputError(f"{path}: is {kind}, which mtclean never reads; to check what it gives, pipe it in: "
                      f"mtclean check - < {path}")


def _read_regular(path: str, max_size: int) -> tuple[bytes, os.stat_result]:
    """At most ``max_size`` + 1 bytes of a regular file. stat comes before open: opening a FIFO blocks until
    someone writes to it, and opening a device can have effects of its own. The open itself does not block
    either (O_NONBLOCK), and what was opened is checked again, in case the path was swapped in between."""
    mode = os.stat(path).st_mode
    if stat.S_ISDIR(mode):
        raise InputError(f"{path}: is a folder; give files, or a folder to check or fix as a batch")
    if not stat.S_ISREG(mode):
        raise _special(path, mode)
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0))
    with open(fd, "rb") as fh:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            raise _special(path, st.st_mode)
        if st.st_size > max_size:
            raise _too_big(path, st.st_size, max_size)
        return fh.read(max_size + 1), st


def read_source(path: str, encoding: str | None = None, max_size: int = DEFAULT_MAX_SIZE, stdin=None) -> Source:
    """Read and decode one input. Never reads more than ``max_size`` + 1 bytes, whatever the input is
    (a file that grows while it is read, a pipe, /dev/zero)."""
    if path == "-":
        data = (stdin or sys.stdin.buffer).read(max_size + 1)
        if len(data) > max_size:
            raise _too_big("-", f"more than {max_size}", max_size)
        return decode(data, "-", encoding)
    try:
        data, st = _read_regular(path, max_size)
        if len(data) > max_size:
            raise _too_big(path, f"more than {max_size}", max_size)
    except FileNotFoundError:
        raise InputError(f"{path}: no such file; check the path") from None
    except PermissionError:
        raise InputError(f"{path}: permission denied; check the file's permissions") from None
    except IsADirectoryError:
        raise InputError(f"{path}: is a folder") from None
    except OSError as exc:
        raise InputError(f"{path}: cannot read ({exc.strerror or exc})") from None
    src = decode(data, path, encoding)
    src.file_stat = st
    return src


def write_atomic(path: str, data: bytes) -> None:
    """Atomically write ``data`` to ``path``, never through a link (see cleanup/write.py, the write policy)."""
    from ..write import write_file

    write_file(path, data)
