"""The output folder, local or an fsspec URL: part files, markers, manifest and _SUCCESS.

Every file appears whole or not at all. Locally: a hidden temporary file beside the target (``.mtclean-*``,
never read as input), fsync, ``os.replace``, fsync of the folder. In object storage (s3, gcs...) an upload
becomes visible only when it completes, so the file is written under its own name and an attempt that
fails is discarded, never committed. A part is written before its marker, and the marker says it is done:
a part without a marker is redone. mtclean writes its parts itself rather than with ``to_parquet``, whose
retried tasks can leave duplicate or partial files behind.
"""
from __future__ import annotations

import json
import os
import re
import uuid
from contextlib import contextmanager

from ..write import fsync_folder
from . import is_url
from .inputs import DatasetError

MARKERS = "_markers"
# Object stores whose uploads are all-or-nothing (fsspec protocols).
_UPLOAD_STORES = {"s3", "s3a", "gs", "gcs", "az", "abfs", "abfss", "adl", "oci", "oss"}
SUCCESS = "_SUCCESS"
_OWN = re.compile(r"^(part-\d+\.(parquet|jsonl|jsonl\.gz)|_manifest\.json|_SUCCESS|\.mtclean-.*\.tmp|"
                  r"_markers(/(part-\d+\.done|\.mtclean-.*\.tmp))?)$")


class Store:
    def __init__(self, root: str):
        self.root = root.rstrip("/") if is_url(root) else os.path.abspath(root)
        self.remote = is_url(root) and not root.startswith("file://")
        if root.startswith("file://"):
            self.root = os.path.abspath(root[len("file://"):])
        self._fs = None

    def __getstate__(self):
        return {"root": self.root, "remote": self.remote, "_fs": None}

    @property
    def fs(self):
        if self._fs is None:
            from .inputs import _fs

            self._fs, self._path = _fs(self.root)
        return self._fs

    def _full(self, name: str) -> str:
        if self.remote:
            self.fs  # noqa: B018 - sets self._path
            return f"{self._path}/{name}"
        return os.path.join(self.root, *name.split("/"))

    # -- reading -------------------------------------------------------------------------------------------
    def state(self) -> str:
        """"missing", "empty", "folder" (has entries) or "file" (not a folder)."""
        if self.remote:
            fs, path = self.fs, self._path
            if not fs.exists(path):
                return "missing"
            if not fs.isdir(path):
                return "file"
            return "folder" if fs.ls(path, detail=False) else "empty"
        if not os.path.exists(self.root):
            return "missing"
        if not os.path.isdir(self.root):
            return "file"
        return "folder" if os.listdir(self.root) else "empty"

    def names(self) -> list[str]:
        """Every file under the folder, relative, with '/' separators."""
        if self.remote:
            base = self._path.rstrip("/") + "/"
            return sorted(p[len(base):] for p in self.fs.find(self._path) if p.startswith(base))
        out = []
        for dirpath, _dirs, files in os.walk(self.root):
            rel = os.path.relpath(dirpath, self.root)
            out += [f if rel == "." else f"{rel}/{f}".replace(os.sep, "/") for f in files]
        return sorted(out)

    def read_json(self, name: str):
        try:
            if self.remote:
                with self.fs.open(self._full(name), "rb") as fh:
                    data = fh.read()
            else:
                with open(self._full(name), "rb") as fh:
                    data = fh.read()
        except FileNotFoundError:
            return None
        try:
            return json.loads(data)
        except ValueError:
            return None  # a torn file cannot happen with atomic writes; treat it as absent

    def markers(self) -> dict[int, dict]:
        """Done partitions: index -> marker."""
        done = {}
        for name in self.names():
            m = re.fullmatch(rf"{MARKERS}/part-(\d+)\.done", name)
            if m:
                marker = self.read_json(name)
                if isinstance(marker, dict):
                    done[int(m.group(1))] = marker
        return done

    # -- writing -------------------------------------------------------------------------------------------
    def prepare(self) -> None:
        if self.remote:
            self.fs.makedirs(self._full(MARKERS), exist_ok=True)
        else:
            os.makedirs(os.path.join(self.root, MARKERS), exist_ok=True)

    def clear(self) -> None:
        """--overwrite: remove what an earlier run wrote, and nothing else (refuses a folder with other files)."""
        names = self.names()
        foreign = [n for n in names if not _OWN.match(n)]
        if foreign:
            raise DatasetError(f"{self.root}: has files mtclean did not write (e.g. {foreign[0]}); --overwrite "
                               f"replaces only an earlier run's output: choose an empty or new folder")
        # _SUCCESS and the manifest first: a run interrupted while clearing is never taken as complete.
        for n in sorted(names, key=lambda n: (n != SUCCESS, n != "_manifest.json", n)):
            self.remove(n)

    def remove(self, name: str) -> None:
        try:
            if self.remote:
                self.fs.rm(self._full(name))
            else:
                os.unlink(self._full(name))
        except FileNotFoundError:
            pass

    @contextmanager
    def atomic(self, name: str):
        """A binary file that becomes ``name`` only when the block ends without an exception."""
        if self.remote:
            with self._remote_atomic(name) as fh:
                yield fh
            return
        target = self._full(name)
        folder = os.path.dirname(target)
        tmp = os.path.join(folder, f".mtclean-{os.path.basename(target)}.{os.getpid()}.{uuid.uuid4().hex[:8]}.tmp")
        fh = open(tmp, "wb")  # noqa: SIM115 - closed below, before the rename
        try:
            yield fh
            fh.flush()
            os.fsync(fh.fileno())
            fh.close()
            os.replace(tmp, target)
        except BaseException:
            fh.close()
            try:
                os.unlink(tmp)
            except OSError:
                pass
            raise
        fsync_folder(folder)

    @contextmanager
    def _remote_atomic(self, name: str):
        fs, target = self.fs, self._full(name)
        protocols = fs.protocol if isinstance(fs.protocol, (tuple, list)) else (fs.protocol,)
        if set(protocols) & _UPLOAD_STORES:
            # An object store's upload becomes visible only when it completes: write in place, and discard
            # (never commit) an attempt that fails.
            fh = fs.open(target, "wb")
            try:
                yield fh
            except BaseException:
                getattr(fh, "discard", lambda: None)()
                raise
            fh.close()
            return
        # Any other filesystem: a temporary name, then a move.
        tmp = f"{target.rsplit('/', 1)[0]}/.mtclean-{name.rsplit('/', 1)[-1]}.{uuid.uuid4().hex[:8]}.tmp"
        try:
            with fs.open(tmp, "wb") as fh:
                yield fh
            fs.mv(tmp, target)
        except BaseException:
            try:
                fs.rm(tmp)
            except OSError:
                pass
            raise

    def write_json(self, name: str, obj) -> None:
        with self.atomic(name) as fh:
            fh.write(json.dumps(obj, indent=1, sort_keys=False).encode("utf-8") + b"\n")

    def where(self, name: str = "") -> str:
        return f"{self.root}/{name}" if name else self.root
