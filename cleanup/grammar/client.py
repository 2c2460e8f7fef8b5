"""A small HTTP client for LanguageTool's public API (``GET /v2/languages``, ``POST /v2/check``).

Why not language-tool-python's remote mode for the checks themselves (it is still how a *local* server is
started, see ``local.py``): in 3.4.0 each ``check`` is a fresh ``requests.post`` (a new TCP connection per
call, no keep-alive session), with one fixed 300 s timeout and no separate connect timeout, two tries on
any I/O error, HTTP errors only noticed when the body is not JSON (a 413 "text too long" becomes a generic
error), and its ``Match`` fixes UTF-16 offsets through class-level state shared by all threads (the start
only; a span containing an emoji keeps a UTF-16 length). Here: one ``requests.Session`` per layer
(connection pool, keep-alive), a short connect timeout, a read timeout per check, statuses mapped to one
clear line, and offsets converted to code points by the layer.
"""
from __future__ import annotations

import json
import threading

from ..errors import GrammarUnavailable

LANGUAGE = "en-US"


def normalize_url(url: str) -> str:
    """The API base, ending in ``/v2/``: accepts ``http://host:8081``, ``.../v2``, ``.../v2/check``."""
    u = url.strip()
    if "://" not in u:
        u = "http://" + u
    u = u.rstrip("/")
    for tail in ("/check", "/languages"):
        if u.endswith("/v2" + tail):
            u = u[: -len(tail)]
    if not u.endswith("/v2"):
        u += "/v2"
    return u + "/"


def display_url(base: str) -> str:
    """The server's address as a user typed it: the API base without ``v2/``."""
    return base[: -len("v2/")] if base.endswith("/v2/") else base


def _one_line(text: str, limit: int = 160) -> str:
    s = " ".join(str(text).split())
    return s if len(s) <= limit else s[: limit - 1] + "…"


class TextTooLong(Exception):
    """The server refused a text as too long (HTTP 413, LanguageTool's ``maxTextLength``)."""


class LTClient:
    """One HTTP session to one LanguageTool server; safe to share between threads.

    requests' ``Session`` is shared by the worker threads: urllib3's connection pool is thread-safe, and
    the only unsafe part of a session, its cookie jar, is not used (LanguageTool sets no cookies).
    """

    def __init__(self, url: str, connect_timeout: float = 2.0, read_timeout: float = 60.0, pool: int = 8):
        import requests  # lazy: `mtclean check` without grammar never imports requests
        from requests.adapters import HTTPAdapter

        self._requests = requests
        self.base = normalize_url(url)
        self.where = f"LanguageTool server at {display_url(self.base)}"
        self.connect_timeout = connect_timeout
        self.read_timeout = read_timeout
        self.session = requests.Session()
        self.session.trust_env = False  # never route a local server through an environment proxy
        adapter = HTTPAdapter(pool_connections=1, pool_maxsize=pool)
        self.session.mount("http://", adapter)
        self.session.mount("https://", adapter)
        self.session.headers["User-Agent"] = "mtclean"
        self.requests_sent = 0
        self._lock = threading.Lock()
        self._closed = False

    # -- transport -----------------------------------------------------------------------------------
    def _request(self, method: str, path: str, data=None, read_timeout: float | None = None):
        requests = self._requests
        if self._closed:
            raise GrammarUnavailable(f"{self.where} was already closed")
        timeout = (self.connect_timeout, self.read_timeout if read_timeout is None else read_timeout)
        url = self.base + path
        for attempt in (1, 2):
            with self._lock:
                self.requests_sent += 1
            try:
                return self.session.request(method, url, data=data, timeout=timeout)
            except requests.exceptions.ConnectTimeout:
                raise GrammarUnavailable(
                    f"{self.where} did not accept a connection within {self.connect_timeout:g} s; "
                    "start it or pass --grammar none") from None
            except requests.exceptions.Timeout:
                raise GrammarUnavailable(
                    f"{self.where} did not answer within {timeout[1]:g} s (timeout); "
                    "check the server or pass --grammar none") from None
            except requests.exceptions.ConnectionError as exc:
                # A kept-alive connection the server has dropped fails once: try a fresh one, then give up.
                if attempt == 1 and not _refused(exc):
                    continue
                raise GrammarUnavailable(
                    f"{self.where} is unreachable ({_reason(exc)}); start it or pass --grammar none") from None
            except requests.exceptions.RequestException as exc:
                raise GrammarUnavailable(f"{self.where} failed: {_one_line(exc)}") from None
        raise AssertionError("unreachable")

    def _json(self, resp):
        if resp.status_code == 413:
            raise TextTooLong(_one_line(resp.text))
        if resp.status_code >= 400:
            body = _one_line(resp.text) or resp.reason or ""
            raise GrammarUnavailable(f"{self.where} answered HTTP {resp.status_code}" + (f": {body}" if body else ""))
        try:
            return resp.json()
        except (ValueError, json.JSONDecodeError):
            raise GrammarUnavailable(f"{self.where} sent an answer that is not LanguageTool JSON "
                                     f"({_one_line(resp.text, 60)!r})") from None

    # -- API -----------------------------------------------------------------------------------------
    def languages(self, read_timeout: float | None = None) -> set[str]:
        data = self._json(self._request("GET", "languages", read_timeout=read_timeout))
        if not isinstance(data, list):
            raise GrammarUnavailable(f"{self.where} sent an unexpected /v2/languages answer")
        codes = set()
        for e in data:
            if isinstance(e, dict):
                codes.update(str(e.get(k)) for k in ("code", "longCode") if e.get(k))
        return codes

    def check(self, text: str, disabled=(), language: str = LANGUAGE) -> list[dict]:
        """LanguageTool's matches for ``text`` (offsets in UTF-16 units of ``text``)."""
        form = {"text": text, "language": language}
        if disabled:
            form["disabledRules"] = ",".join(disabled)
        data = self._json(self._request("POST", "check", data=form))
        matches = data.get("matches") if isinstance(data, dict) else None
        if not isinstance(matches, list):
            raise GrammarUnavailable(f"{self.where} sent a /v2/check answer without 'matches'")
        return matches

    def close(self):
        self._closed = True
        self.session.close()


def _refused(exc) -> bool:
    s = str(exc)
    return "refused" in s.lower() or "Errno 111" in s or "Name or service not known" in s


def _reason(exc) -> str:
    s = str(exc)
    low = s.lower()
    if "refused" in low:
        return "connection refused"
    if "name or service not known" in low or "nodename nor servname" in low or "getaddrinfo" in low:
        return "unknown host"
    if "reset" in low:
        return "connection reset"
    if "remotedisconnected" in low or "aborted" in low:
        return "connection closed by the server"
    return _one_line(s, 100)
