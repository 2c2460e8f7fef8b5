"""A LanguageTool on this machine, managed by language-tool-python.

language-tool-python keeps LanguageTool in its download folder (``$LTP_PATH``, default
``~/.cache/language_tool_python``) as ``LanguageTool-<version>/`` holding ``languagetool-server.jar``.
``installed()`` looks there with the standard library only: it neither imports language-tool-python nor
creates the folder nor downloads anything, so ``--grammar auto`` costs a directory listing.
``start()`` starts the Java server through language-tool-python (which would download LanguageTool first
when none is installed: only ``--grammar languagetool`` lets it).
"""
from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

from ..errors import GrammarUnavailable

JARS = ("languagetool-server.jar", "languagetool.jar", "LanguageTool.jar")
MAX_PORT_TRIES = 3  # language-tool-python would try ~900 ports when a broken install keeps failing


def download_folder() -> Path:
    return Path(os.environ.get("LTP_PATH") or (Path.home() / ".cache" / "language_tool_python"))


def _version_key(name: str):
    v = name.removeprefix("LanguageTool-").lower().removesuffix("-snapshot")
    nums = tuple(int(x) for x in re.findall(r"\d+", v))
    return (1 if len(v) == 8 and v.isdigit() else 0, nums)  # snapshots (YYYYMMDD) after releases


def installed() -> tuple[str, Path] | None:
    """(version name, folder) of the newest LanguageTool language-tool-python has, or None. No side effects."""
    folder = download_folder()
    try:
        dirs = [d for d in folder.iterdir() if d.is_dir() and d.name.startswith("LanguageTool-")]
    except OSError:
        return None
    dirs = [d for d in dirs if any((d / j).is_file() for j in JARS)]
    if not dirs:
        return None
    best = max(dirs, key=lambda d: _version_key(d.name))
    return best.name.removeprefix("LanguageTool-"), best


def java_missing() -> bool:
    return shutil.which("java") is None


def start(version: str | None):
    """Start a local LanguageTool server; returns the language_tool_python.LanguageTool that owns it.

    ``version`` None lets language-tool-python download its default version when it is not installed."""
    if java_missing():
        raise GrammarUnavailable("LanguageTool needs Java (17 or newer), and no `java` is on PATH; install Java, "
                                 "pass --languagetool-url URL of a running server, or pass --grammar none")
    try:
        import language_tool_python
    except ImportError:
        raise GrammarUnavailable("LanguageTool support needs the language-tool-python package; install it "
                                 "or pass --grammar none") from None

    class _Bounded(language_tool_python.LanguageTool):
        def _start_server_on_free_port(self):
            del self._available_ports[MAX_PORT_TRIES:]
            super()._start_server_on_free_port()

    kwargs: dict = {"language_tool_download_version": version} if version else {}
    try:
        return _Bounded("en-US", **kwargs)
    except (Exception, SystemExit) as exc:  # language-tool-python raises many kinds (and SystemExit for Java)
        detail = " ".join(str(exc).split())[:160] or type(exc).__name__
        if "ConnectionPool" in detail or "Max retries" in detail:
            detail = "cannot reach the download server"
        if version is None and installed() is None:
            raise GrammarUnavailable(f"LanguageTool is not installed and could not be downloaded ({detail}); "
                                     "pass --languagetool-url URL of a running server or --grammar none") from None
        raise GrammarUnavailable(f"local LanguageTool could not be started ({detail}); "
                                 "pass --languagetool-url URL or --grammar none") from None
