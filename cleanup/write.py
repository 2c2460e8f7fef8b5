"""Where `mtclean fix` may write, and how: the write policy, in one place.

Three ways to write, one per run: ``-o FILE``, ``--output-dir DIR`` (every input at its relative path
under DIR) and ``--in-place`` (``--backup`` keeps FILE.orig). ``refusal`` decides whether one output may
be written at all; ``plan`` asks it for every job before any file is read, and ``write_output`` asks it
again just before writing, because the file system may have changed in between. The rules:

- Never through a link. A symbolic link where an output or a backup goes, or a symlinked folder below
  the output folder, is an error for that file (exit 2) and nothing is written: replacing the link would
  silently destroy something a person set up, following it would write wherever it points. What the user
  named is followed: the output folder itself, the parent folders of ``-o``, and an input rewritten with
  ``--in-place`` (the link is the file the user asked to rewrite; a folder's links lead inside it).
- Never by replacing a special file. ``-o`` onto a FIFO or character device (``/dev/null``, ``/dev/stdout``,
  a named pipe) opens it and writes; a block device, a socket or a folder is refused, and so is anything
  but a regular file inside ``--output-dir`` (opening a FIFO there would hang the batch).
- The input itself only with ``--in-place`` (also when ``-o`` names it through a link or a hard link), and
  only a regular file that is writable by its mode bits (root included: a 0444 file is refused;
  ``chmod u+w`` allows it), that has one link (replacing it would split its hard links: refused, where
  writing through them would not be atomic), whose owner and group can be kept. Mode, owner and group are
  kept; so are they on the backup.
- No lost update. Before the backup is written and again right before the rename, the file must be what
  was read: same inode, size, modification time and bytes. If not, it is left as it is and reported.
- Two inputs never share an output (the second is an error); a file reached under several names in one
  ``--in-place`` run is rewritten once.
- Atomic. A temporary file in the target folder, written, owner and mode set, fsynced, renamed over the
  target, the folder fsynced. Folders are opened as file descriptors and every later step is relative to
  them (where the platform allows), so a link planted after the checks is at worst replaced, never
  written through. A killed run leaves at most a hidden ``.mtclean-*.tmp`` file.
"""
from __future__ import annotations

import errno
import os
import stat
import threading

from .errors import WriteError

NOTHING_WRITTEN = "nothing was written"
_DIR_FDS = os.rename in os.supports_dir_fd and os.open in os.supports_dir_fd and os.mkdir in os.supports_dir_fd
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_DIRECTORY = getattr(os, "O_DIRECTORY", 0)
_CLOEXEC = getattr(os, "O_CLOEXEC", 0)


# -- the policy ----------------------------------------------------------------------------------------------
def refusal(input_path: str, out: str, *, in_place: bool = False, root: str | None = None,
            backup: bool = False, before_reading: bool = False) -> str | None:
    """Why ``out`` may not receive the fixed text of ``input_path`` (one line), or None.

    ``root``: the --output-dir folder ``out`` lies in. ``before_reading``: only what must be known before
    the input is read (the rest depends on whether the file changes at all, e.g. a read-only file that
    needs no fix is no error)."""
    if in_place:
        try:
            st = os.stat(out)
        except OSError:
            return None  # missing or unreadable: reading it says so
        if not stat.S_ISREG(st.st_mode):
            return (f"{out}: is not a regular file ({_kind(st)}); --in-place rewrites regular files only; "
                    f"{NOTHING_WRITTEN}")
        if before_reading:
            return None
        if _read_only(out, st):
            return f"{out}: is read-only; make it writable (chmod u+w) to rewrite it in place; {NOTHING_WRITTEN}"
        if st.st_nlink > 1:
            return (f"{out}: has {st.st_nlink} hard links, and rewriting it would split them, so it is left as it is "
                    f"(copy it to break the links, or write the result with -o); {NOTHING_WRITTEN}")
        return _plain_target(out + ".orig", special_ok=False) if backup else None
    if input_path != "-" and _same_file(input_path, out):
        return f"{out}: is the input file itself; use --in-place to rewrite it; {NOTHING_WRITTEN}"
    if root is not None:
        why = _below_root(root, out)
        if why:
            return why
    return _plain_target(out, special_ok=root is None)


def plan(jobs, *, in_place: bool = False, root: str | None = None):
    """The jobs with the policy applied before anything is read: a refused output or a second input for
    the same output becomes that job's error; a file met again under another name in an --in-place run is
    dropped (it is rewritten once). ``jobs`` have ``path`` and ``out_path`` (batch.Job)."""
    from dataclasses import replace

    out: list = []
    claimed: dict[str, str] = {}
    for job in jobs:
        if job.out_path is None or job.error:
            out.append(job)
            continue
        key = os.path.realpath(job.out_path) if in_place else os.path.normcase(os.path.abspath(job.out_path))
        if key in claimed:
            if in_place:
                continue
            out.append(replace(job, out_path=None, error=f"{job.path}: its output {job.out_path} is already written "
                                                         f"for {claimed[key]}; give their folders, not the files"))
            continue
        claimed[key] = job.path
        why = refusal(job.path, job.out_path, in_place=in_place, root=root, before_reading=True)
        out.append(replace(job, out_path=None, error=why) if why else job)
    return out


def _kind(st) -> str:
    m = st.st_mode
    for test, name in ((stat.S_ISLNK, "a symbolic link"), (stat.S_ISDIR, "a folder"), (stat.S_ISFIFO, "a FIFO"),
                       (stat.S_ISCHR, "a character device"), (stat.S_ISBLK, "a block device"),
                       (stat.S_ISSOCK, "a socket")):
        if test(m):
            return name
    return "not a regular file"


def _read_only(path: str, st) -> bool:
    # os.access says yes to root for anything; a file whose mode lets nobody write it is still read-only.
    return not os.access(path, os.W_OK) or not st.st_mode & 0o222


def _same_file(a: str, b: str) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:
        return False


def _link_error(path: str, inside: bool = False) -> str:
    try:
        to = f" (to {os.readlink(path)})"
    except OSError:
        to = ""
    where = " inside the output folder" if inside else ""
    return (f"{path}: is a symbolic link{where}{to}; mtclean never writes through links: remove it or write "
            f"elsewhere; {NOTHING_WRITTEN}")


def _plain_target(path: str, special_ok: bool) -> str | None:
    """A file that may be replaced (absent or regular), or with ``special_ok`` a FIFO or character device
    that is written by opening it."""
    try:
        st = os.lstat(path)
    except FileNotFoundError:
        return None
    except OSError as exc:
        return _os_error(path, exc)
    m = st.st_mode
    if stat.S_ISREG(m):
        return None
    if stat.S_ISLNK(m):
        return _link_error(path)
    if special_ok and (stat.S_ISFIFO(m) or stat.S_ISCHR(m)):
        return None
    if stat.S_ISDIR(m):
        return f"{path}: is a folder; give a file path; {NOTHING_WRITTEN}"
    return _not_replaced(path, st)


def _not_replaced(path: str, st) -> str:
    return f"{path}: is {_kind(st)}, not a regular file, and is never replaced; {NOTHING_WRITTEN}"


def _parts_below(root: str, out: str) -> list[str]:
    rel = os.path.relpath(os.path.abspath(out), os.path.abspath(root))
    parts = [p for p in rel.split(os.sep) if p not in ("", ".")]
    if not parts or parts[0] == os.pardir:
        raise ValueError(f"{out} is not inside {root}")
    return parts


def _below_root(root: str, out: str) -> str | None:
    path = root
    for part in _parts_below(root, out)[:-1]:
        path = os.path.join(path, part)
        try:
            st = os.lstat(path)
        except FileNotFoundError:
            return None  # created when written
        except OSError as exc:
            return _os_error(path, exc)
        if stat.S_ISLNK(st.st_mode):
            return _link_error(path, inside=True)
        if not stat.S_ISDIR(st.st_mode):
            return f"{path}: is {_kind(st)} where the output folder needs a folder; {NOTHING_WRITTEN}"
    return None


_HINTS: dict[int | None, str] = {  # by OSError.errno (None for an error without one)
    errno.ENOSPC: "the disk is full; free some space",
    errno.EDQUOT: "the disk quota is used up; free some space",
    errno.EACCES: "check the folder's permissions",
    errno.EPERM: "check the folder's permissions",
    errno.EROFS: "the file system is mounted read-only",
    errno.ENAMETOOLONG: "the path is too long for the file system",
}


def _os_error(path: str, exc: OSError) -> str:
    reason = exc.strerror or str(exc)
    hint = _HINTS.get(exc.errno)
    return f"{path}: cannot write ({reason}{'; ' + hint if hint else ''}); {NOTHING_WRITTEN}"


# -- writing ----------------------------------------------------------------------------------------------
def write_output(src, data: bytes, out: str, *, in_place: bool = False, backup: bool = False,
                 root: str | None = None, changed: bool = True) -> None:
    """Write ``data`` (the fixed text of ``src``, encoded) to ``out`` under the policy above; raises
    WriteError (one line, naming the file) when it may not or could not, and then nothing was changed.
    In place, an unchanged file is left alone (its modification time too)."""
    if in_place and not changed:
        return
    why = refusal(src.path, out, in_place=in_place, root=root, backup=backup)
    if why:
        raise WriteError(why)
    where = out
    try:
        if in_place:
            _rewrite_in_place(src, data, out, backup)
            return
        if root is not None:
            parts = _parts_below(root, out)
            folder = _Folder.open(root, parts[:-1], create=True)
            name = parts[-1]
        else:
            folder = _Folder.open(os.path.dirname(os.path.abspath(out)) or ".", (), create=True)
            name = os.path.basename(out)
        with folder:
            st = folder.lstat(name)
            if st is not None and (stat.S_ISFIFO(st.st_mode) or stat.S_ISCHR(st.st_mode)) and root is None:
                folder.write_special(name, data, out)
            else:
                read = src.file_stat  # a new output gets the input's permission bits
                mode = None if st is not None or read is None else read.st_mode & 0o777
                folder.replace_with(name, data, out, like=st, mode=mode)
    except _FolderError as exc:
        raise WriteError(str(exc)) from None
    except OSError as exc:
        raise WriteError(_os_error(where, exc)) from None


def _rewrite_in_place(src, data: bytes, out: str, backup: bool) -> None:
    real = os.path.realpath(out)  # named through a link: the file it leads to is rewritten, the link stays
    with _Folder.open(os.path.dirname(real), ()) as folder:
        name = os.path.basename(real)
        st = folder.lstat(name)

        def unchanged():
            now = folder.lstat(name)
            same = (now is not None and src.file_stat is not None and stat.S_ISREG(now.st_mode)
                    and (now.st_dev, now.st_ino, now.st_size, now.st_mtime_ns)
                    == (src.file_stat.st_dev, src.file_stat.st_ino, src.file_stat.st_size, src.file_stat.st_mtime_ns)
                    and folder.read(name, now.st_size + 1) == src.raw)
            if not same:
                raise WriteError(f"{out}: changed while mtclean was working on it, so it was left as it is "
                                 f"(run mtclean again); {NOTHING_WRITTEN}")

        unchanged()
        if backup:
            orig = out + ".orig"
            with _Folder.open(os.path.dirname(os.path.abspath(orig)), ()) as bfolder:
                bname = os.path.basename(orig)
                bst = bfolder.lstat(bname)
                bfolder.replace_with(bname, src.raw, orig, like=bst, mode=None, owner_of=st)
        folder.replace_with(name, data, out, like=st, mode=None, owner_of=st, keep_owner=True, check=unchanged)


class _FolderError(Exception):
    """A policy refusal found while opening folders (one line)."""


class _Folder:
    """One folder, opened once: every later step is relative to it (by file descriptor where the platform
    can), so that nothing swapped into its path afterwards is followed."""

    def __init__(self, path: str, fd: int | None):
        self.path = path
        self.fd = fd

    @classmethod
    def open(cls, top: str, below, create: bool = False) -> _Folder:
        """``top`` as named (links followed), then each folder in ``below`` without following links,
        creating the missing ones when ``create``."""
        if create:
            os.makedirs(top, exist_ok=True)
        if not _DIR_FDS:
            path = top
            for part in below:
                path = os.path.join(path, part)
                if os.path.islink(path):
                    raise _FolderError(_link_error(path, inside=True))
                if create and not os.path.isdir(path):
                    os.mkdir(path)
            return cls(path, None)
        fd = os.open(top, os.O_RDONLY | _DIRECTORY | _CLOEXEC)
        path = top
        try:
            for part in below:
                path = os.path.join(path, part)
                try:
                    nfd = os.open(part, os.O_RDONLY | _DIRECTORY | _NOFOLLOW | _CLOEXEC, dir_fd=fd)
                except FileNotFoundError:
                    if not create:
                        raise
                    try:
                        os.mkdir(part, 0o777, dir_fd=fd)
                    except FileExistsError:
                        pass  # made meanwhile (another worker): open it below, links still not followed
                    nfd = os.open(part, os.O_RDONLY | _DIRECTORY | _NOFOLLOW | _CLOEXEC, dir_fd=fd)
                except OSError as exc:
                    if exc.errno in (errno.ELOOP, errno.ENOTDIR):
                        try:
                            is_link = stat.S_ISLNK(os.lstat(part, dir_fd=fd).st_mode)
                        except OSError:
                            is_link = False
                        raise _FolderError(_link_error(path, inside=True) if is_link else
                                           f"{path}: is not a folder; {NOTHING_WRITTEN}") from None
                    raise
                os.close(fd)
                fd = nfd
        except BaseException:
            os.close(fd)
            raise
        return cls(path, fd)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        if self.fd is not None:
            os.close(self.fd)
            self.fd = None

    # -- operations relative to the folder --------------------------------------------------------------
    def _at(self, name: str):
        return (name, {"dir_fd": self.fd}) if self.fd is not None else (os.path.join(self.path, name), {})

    def lstat(self, name: str):
        p, kw = self._at(name)
        try:
            return os.stat(p, follow_symlinks=False, **kw)
        except FileNotFoundError:
            return None

    def read(self, name: str, limit: int) -> bytes:
        p, kw = self._at(name)
        fd = os.open(p, os.O_RDONLY | _NOFOLLOW | getattr(os, "O_NONBLOCK", 0) | _CLOEXEC, **kw)
        try:
            chunks, n = [], 0
            while n < limit:
                b = os.read(fd, min(1 << 20, limit - n))
                if not b:
                    break
                chunks.append(b)
                n += len(b)
            return b"".join(chunks)
        finally:
            os.close(fd)

    def write_special(self, name: str, data: bytes, shown: str) -> None:
        """Write into a FIFO or character device by opening it (a FIFO waits for its reader)."""
        p, kw = self._at(name)
        fd = os.open(p, os.O_WRONLY | _NOFOLLOW | getattr(os, "O_NOCTTY", 0) | _CLOEXEC, **kw)
        try:
            st = os.fstat(fd)
            if not (stat.S_ISFIFO(st.st_mode) or stat.S_ISCHR(st.st_mode)):
                # Swapped for a regular file since the check: never write one in place, non-atomically.
                raise _FolderError(f"{shown}: changed while mtclean was writing; {NOTHING_WRITTEN}")
            view = memoryview(data)
            while view:
                view = view[os.write(fd, view):]
        finally:
            os.close(fd)

    def replace_with(self, name: str, data: bytes, shown: str, *, like=None, mode: int | None = None,
                     owner_of=None, keep_owner: bool = False, check=None) -> None:
        """Atomically replace ``name`` (absent or a regular file) with ``data``.

        Owner, group and mode come from ``owner_of`` or the replaced file (``like``); a new file gets
        ``mode`` (else 0666 less the umask). ``keep_owner``: an owner that cannot be kept is an error.
        ``check`` runs right before the rename (the lost-update test)."""
        if like is not None and not stat.S_ISREG(like.st_mode):
            raise _FolderError(_link_error(shown) if stat.S_ISLNK(like.st_mode) else _not_replaced(shown, like))
        model = owner_of or like
        tmp, fd = self._temporary()
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(data)
                fh.flush()
                if model is not None:
                    _copy_owner(fh.fileno(), model, shown, keep_owner)
                    os.fchmod(fh.fileno(), stat.S_IMODE(model.st_mode))  # after chown, which clears set-id bits
                else:
                    os.fchmod(fh.fileno(), mode if mode is not None else 0o666 & ~_umask())
                os.fsync(fh.fileno())
            if check is not None:
                check()
            if self.fd is not None:
                os.replace(tmp, name, src_dir_fd=self.fd, dst_dir_fd=self.fd)
            else:
                os.replace(os.path.join(self.path, tmp), os.path.join(self.path, name))
        except BaseException:
            try:
                p, kw = self._at(tmp)
                os.unlink(p, **kw)
            except OSError:
                pass
            raise
        self._fsync()

    def _temporary(self) -> tuple[str, int]:
        for _ in range(100):
            tmp = f".mtclean-{os.urandom(6).hex()}.tmp"  # batch.TEMP_GLOB: never an output name, never input
            p, kw = self._at(tmp)
            try:
                return tmp, os.open(p, os.O_WRONLY | os.O_CREAT | os.O_EXCL | _NOFOLLOW | _CLOEXEC, 0o600, **kw)
            except FileExistsError:
                continue
        raise FileExistsError(errno.EEXIST, "no free temporary file name")

    def _fsync(self) -> None:
        fsync_folder(self.path, self.fd)


def fsync_folder(path: str, fd: int | None = None) -> None:
    """Make a rename in this folder durable (best effort: not every platform can fsync a folder); ``fd``:
    the folder, already open."""
    try:
        own = fd if fd is not None else os.open(path, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(own)
    except OSError:
        pass
    finally:
        if own != fd:
            os.close(own)


def _copy_owner(fd: int, model, shown: str, required: bool) -> None:
    if not hasattr(os, "fchown"):
        return
    st = os.fstat(fd)
    if (st.st_uid, st.st_gid) == (model.st_uid, model.st_gid):
        return
    try:
        os.fchown(fd, model.st_uid, model.st_gid)
    except PermissionError:
        if required:
            raise _FolderError(f"{shown}: belongs to another user or group, and rewriting it would give it to you; "
                               f"{NOTHING_WRITTEN}") from None


_UMASK: list[int] = []
_UMASK_LOCK = threading.Lock()


def _umask() -> int:
    """The process umask, read once (reading it means setting it, which must not race other threads)."""
    with _UMASK_LOCK:
        if not _UMASK:
            mask = os.umask(0o022)
            os.umask(mask)
            _UMASK.append(mask)
        return _UMASK[0]


def write_file(path: str, data: bytes) -> None:
    """Write ``data`` to ``path`` as ``-o`` does (e.g. a report): a new or regular file atomically, keeping a
    replaced file's owner and mode; a FIFO or character device (``/dev/stdout``) by opening it; never
    through a link, never over another special file."""
    why = _plain_target(path, special_ok=True)
    if why:
        raise WriteError(why)
    try:
        with _Folder.open(os.path.dirname(os.path.abspath(path)) or ".", ()) as folder:
            name = os.path.basename(path)
            st = folder.lstat(name)
            if st is not None and (stat.S_ISFIFO(st.st_mode) or stat.S_ISCHR(st.st_mode)):
                folder.write_special(name, data, path)
            else:
                folder.replace_with(name, data, path, like=st)
    except _FolderError as exc:
        raise WriteError(str(exc)) from None
    except OSError as exc:
        raise WriteError(_os_error(path, exc)) from None
