"""LanguageTool as mtclean's optional grammar and spelling layer.

``open_grammar(mode, url, disabled, notices)`` gives a ``GrammarLayer`` (or None) that the CLI appends to
``Engine.extra_layers``; it reports LanguageTool's matches as rules ``LT:<LanguageTool rule id>``.

Modes (``--grammar``):
- ``none``: no layer.
- ``auto``: a layer when a server URL is given (``--languagetool-url``; the CLI reads ``MTCLEAN_LT_URL``
  into it) and answers within a short timeout, or when language-tool-python already has a LanguageTool
  installed (checked without downloading). Otherwise one line is appended to ``notices`` and None is
  returned: ``auto`` never downloads and never fails the run.
- ``languagetool``: a layer, or ``GrammarUnavailable`` (unreachable server, timeout, HTTP error, no Java,
  no LanguageTool and no way to download it). Without a URL, language-tool-python starts a local server,
  downloading LanguageTool first if it has none.

Nothing here imports requests or language-tool-python until a layer is really opened, so importing this
package costs nothing to ``mtclean check``. Which LanguageTool rules are off by default and why, which
fixes are safe, and how categories map: ``rules/languagetool.yaml``. Chunking, offsets (LanguageTool
counts UTF-16 units; mtclean counts code points) and filtering: ``layer.py``. Why the checks talk HTTP
themselves rather than through language-tool-python: ``client.py``.
"""
from __future__ import annotations

from ..errors import GrammarUnavailable
from .layer import GrammarLayer

__all__ = ["GrammarUnavailable", "GrammarLayer", "open_grammar"]

MODES = ("none", "auto", "languagetool")
# LanguageTool's English variants (`--language`); "en" is variant-neutral English.
LANGUAGES = ("en-US", "en-GB", "en-AU", "en-CA", "en-NZ", "en-ZA", "en")
CONNECT_TIMEOUT = 2.0  # s, `languagetool`: a server on this machine or the LAN answers at once
AUTO_CONNECT_TIMEOUT = 1.5  # s, `auto`: never hold up a run for an optional layer
PROBE_TIMEOUT = 5.0  # s to answer GET /v2/languages when the layer opens (`auto`: AUTO_CONNECT_TIMEOUT)
READ_TIMEOUT = 60.0  # s to answer one POST /v2/check of up to one chunk (a cold LanguageTool needs ~10 s)




def _settings() -> dict:
    from ..rulepacks import load_data

    data = load_data("languagetool.yaml") or {}
    return {
        "disabled": [d["id"] if isinstance(d, dict) else str(d) for d in data.get("disabled") or []],
        "safe": _safe_lanes(data.get("safe")),
        "categories": {str(k): str(v) for k, v in (data.get("categories") or {}).items()},
        "severity": {str(k): str(v) for k, v in (data.get("severity") or {}).items()},
    }


def _safe_lanes(raw) -> dict:
    """LanguageTool rule id -> what its safe fix may change: ``spaces`` (the default) or ``punctuation``."""
    if isinstance(raw, dict):
        return {str(k): str(v or "spaces") for k, v in raw.items()}
    return {str(x): "spaces" for x in raw or ()}


def default_disabled() -> list[str]:
    """LanguageTool rules mtclean turns off (rules/languagetool.yaml)."""
    return list(_settings()["disabled"])


def _rule_ids(disabled) -> list[str]:
    out = []
    for item in disabled or ():
        for part in str(item).split(","):
            part = part.strip()
            if part.upper().startswith("LT:"):
                part = part[3:]
            if part:
                out.append(part)
    return out


def open_grammar(mode: str, url: str | None, disabled: list[str], notices: list[str], *,
                 chunk_size: int | None = None, connect_timeout: float | None = None,
                 read_timeout: float | None = None, language: str = "en-US") -> GrammarLayer | None:
    """Open the grammar layer for one run (see the module doc for the modes).

    ``disabled``: more LanguageTool rule ids to turn off (``EN_A_VS_AN`` or ``LT:EN_A_VS_AN``; comma lists
    are split). ``language``: LanguageTool's English variant (``--language``, one of LANGUAGES). The other
    keyword arguments are for tests and tuning: chunk size in UTF-16 units, timeouts in s.
    """
    mode = (mode or "none").strip().lower()
    if mode not in MODES:
        raise ValueError(f"grammar mode must be one of {', '.join(MODES)}, not {mode!r}")
    if mode == "none":
        return None
    auto = mode == "auto"
    settings = _settings()
    rule_off = list(dict.fromkeys(settings["disabled"] + _rule_ids(disabled)))
    ct = connect_timeout if connect_timeout is not None else (AUTO_CONNECT_TIMEOUT if auto else CONNECT_TIMEOUT)
    probe = min(PROBE_TIMEOUT, read_timeout or PROBE_TIMEOUT, AUTO_CONNECT_TIMEOUT if auto else PROBE_TIMEOUT)
    opts = dict(settings=settings, disabled=rule_off, chunk_size=chunk_size, connect_timeout=ct,
                read_timeout=read_timeout or READ_TIMEOUT, probe_timeout=probe, language=language)
    url = (url or "").strip() or None

    if url is not None:
        try:
            return _open_server(url, **opts)
        except GrammarUnavailable as exc:
            if not auto:
                raise
            notices.append(f"grammar check skipped: {exc}")
            return None

    from . import local

    found = local.installed()
    if auto:
        if found is None:
            notices.append("grammar check skipped: no LanguageTool server given (--languagetool-url or "
                           f"MTCLEAN_LT_URL) and no LanguageTool installed in {local.download_folder()}; "
                           "pass --grammar none to silence this")
            return None
        if local.java_missing():
            notices.append("grammar check skipped: LanguageTool is installed but no `java` is on PATH")
            return None
    try:
        server = local.start(found[0] if found else None)
    except GrammarUnavailable as exc:
        if not auto:
            raise
        notices.append(f"grammar check skipped: {exc}")
        return None
    try:
        return _open_server(server.url, local_server=server, **opts)
    except GrammarUnavailable as exc:
        server.close()
        if not auto:
            raise
        notices.append(f"grammar check skipped: {exc}")
        return None


def _open_server(url, *, settings, disabled, chunk_size, connect_timeout, read_timeout, probe_timeout,
                 language="en-US", local_server=None) -> GrammarLayer:
    from .client import LTClient

    client = LTClient(url, connect_timeout=connect_timeout, read_timeout=read_timeout)
    try:
        codes = client.languages(read_timeout=probe_timeout)
        if language not in codes and not (language == "en-US" and "en" in codes):
            raise GrammarUnavailable(f"{client.where} does not offer {language}; "
                                     "pass another --language or --languagetool-url, or --grammar none")
    except BaseException:
        client.close()
        raise
    kwargs = {"chunk_size": chunk_size} if chunk_size else {}
    return GrammarLayer(client, disabled=disabled, settings=settings, local_server=local_server,
                        language=language, **kwargs)
