"""A small HTTP client for LanguageTool's public API (``GET /v2/languages``, ``POST /v2/check``).

Why not language-tool-python's remote mode for the checks themselves (it is still how a *local* server is
started, see ``local.py``): in 3.4.0 each ``check`` is a fresh ``requests.post`` (a new TCP connection per
call, no keep-alive session), with one fixed 300 s timeout and no separate connect timeout, two tries on
any I/O error, HTTP errors only noticed when the body is not JSON (a 413 "text too long" becomes a generic
error), and its ``Match`` fixes UTF-16 offsets through class-level state shared by all threads.

Here, on the standard library's ``http.client``: kept-alive connections shared by the batch's threads, a
short connect timeout, and for every request a *total deadline*. A read timeout alone (as in requests) is
per read: a server that sends one byte a second never trips it (a 60 s timeout let ``/v2/check`` run for
114 s). A watchdog shuts the socket down when the deadline passes, whatever the request is doing
(connecting, sending, waiting for the status line, reading the body). An answer is at most
``max_response`` bytes (16 MB; LanguageTool's answer for a 20,000-character chunk is well under 1 MB): a
larger one is refused as it is read, never held. Statuses map to one clear line; offsets are converted to
code points by the layer.
"""
from __future__ import annotations

import http.client
import json
import socket
import ssl
import threading
import time
from urllib.parse import urlencode, urlsplit

from ..errors import GrammarUnavailable

LANGUAGE = "en-US"
MAX_RESPONSE = 16 * 1024 * 1024  # bytes of one answer


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


class _Answer:
    def __init__(self, status: int, reason: str, body: bytes):
        self.status, self.reason, self.body = status, reason, body

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", "replace")


class _Deadline:
    """Shuts the connection's socket down at the deadline (once it has one), unless cancelled first."""

    def __init__(self, conn: http.client.HTTPConnection, seconds: float):
        self.conn = conn
        self.fired = False
        self._lock = threading.Lock()
        self._done = False
        self._timer = threading.Timer(seconds, self._fire)
        self._timer.daemon = True
        self._timer.start()

    def _fire(self):
        with self._lock:
            if self._done:
                return
            self.fired = True
            sock = self.conn.sock
        if sock is not None:
            try:
                sock.shutdown(socket.SHUT_RDWR)  # unblocks a recv or send in progress
            except OSError:
                pass

    def cancel(self) -> bool:
        """Stop the watchdog; True when it had already fired."""
        with self._lock:
            self._done = True
        self._timer.cancel()
        return self.fired


class LTClient:
    """Kept-alive HTTP connections to one LanguageTool server; safe to share between threads (a thread takes
    an idle connection or opens one, and gives it back after a complete answer)."""

    def __init__(self, url: str, connect_timeout: float = 2.0, read_timeout: float = 60.0, pool: int = 8,
                 max_response: int = MAX_RESPONSE):
        self.base = normalize_url(url)
        self.where = f"LanguageTool server at {display_url(self.base)}"
        parts = urlsplit(self.base)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise GrammarUnavailable(f"{self.where}: not an http:// or https:// address; check --languagetool-url")
        self._https = parts.scheme == "https"
        self._host = parts.hostname
        try:
            self._port = parts.port or (443 if self._https else 80)
        except ValueError:
            raise GrammarUnavailable(f"{self.where}: bad port; check --languagetool-url") from None
        self._path = parts.path
        self.connect_timeout = connect_timeout
        self.read_timeout = read_timeout  # the total deadline of one request, connecting included
        self.max_response = max_response
        self.pool = pool
        self._idle: list[http.client.HTTPConnection] = []
        self._lock = threading.Lock()
        self._closed = False

    # -- connections ---------------------------------------------------------------------------------
    def _connection(self) -> tuple[http.client.HTTPConnection, bool]:
        """An idle kept-alive connection (True) or a new one (False)."""
        with self._lock:
            if self._idle:
                return self._idle.pop(), True
        conn: http.client.HTTPConnection
        if self._https:
            conn = http.client.HTTPSConnection(self._host, self._port, timeout=self.connect_timeout,
                                               context=ssl.create_default_context())
        else:
            conn = http.client.HTTPConnection(self._host, self._port, timeout=self.connect_timeout)
        return conn, False

    def _give_back(self, conn) -> None:
        with self._lock:
            if not self._closed and len(self._idle) < self.pool:
                self._idle.append(conn)
                return
        conn.close()

    # -- transport -----------------------------------------------------------------------------------
    def _request(self, method: str, path: str, data: bytes | None = None, read_timeout: float | None = None):
        if self._closed:
            raise GrammarUnavailable(f"{self.where} was already closed")
        limit = self.read_timeout if read_timeout is None else read_timeout
        deadline = time.monotonic() + limit
        headers = {"User-Agent": "mtclean", "Accept": "application/json"}
        if data is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded; charset=UTF-8"
        for attempt in (1, 2):
            conn, reused = self._connection()
            left = deadline - time.monotonic()
            if left <= 0:
                conn.close()
                raise self._timed_out(limit)
            watchdog = _Deadline(conn, left)
            try:
                if conn.sock is None:
                    conn.timeout = min(self.connect_timeout, left)
                    try:
                        conn.connect()
                    except TimeoutError:
                        if watchdog.fired:
                            raise
                        raise GrammarUnavailable(
                            f"{self.where} did not accept a connection within {conn.timeout:g} s; "
                            "start it or pass --grammar none") from None
                conn.sock.settimeout(max(0.001, deadline - time.monotonic()))
                conn.request(method, self._path + path, body=data, headers=headers)
                resp = conn.getresponse()
                body = self._read(resp)
                if watchdog.cancel():  # cut off at the deadline: the body may be short
                    raise TimeoutError
                keep = not resp.will_close
            except GrammarUnavailable:
                watchdog.cancel()
                conn.close()
                raise
            except (OSError, http.client.HTTPException) as exc:
                fired = watchdog.cancel()
                conn.close()
                if fired or isinstance(exc, (socket.timeout, TimeoutError)):
                    raise self._timed_out(limit) from None
                # A kept-alive connection the server has dropped fails once: try a fresh one, then give up.
                if attempt == 1 and reused and not isinstance(exc, ConnectionRefusedError):
                    continue
                raise GrammarUnavailable(
                    f"{self.where} is unreachable ({_reason(exc)}); start it or pass --grammar none") from None
            if keep:
                self._give_back(conn)
            else:
                conn.close()
            return _Answer(resp.status, resp.reason, body)
        raise AssertionError("unreachable")

    def _read(self, resp) -> bytes:
        """The body, at most ``max_response`` bytes (refused as soon as it is known to be larger)."""
        declared = resp.getheader("Content-Length")
        cap = self.max_response
        if declared and declared.isdigit() and int(declared) > cap:
            raise self._too_large()
        chunks, n = [], 0
        while True:
            b = resp.read(min(1 << 16, cap + 1 - n))
            if not b:
                break
            chunks.append(b)
            n += len(b)
            if n > cap:
                raise self._too_large()
        body = b"".join(chunks)
        if declared and declared.isdigit() and len(body) != int(declared):
            raise http.client.IncompleteRead(body, int(declared) - len(body))  # the connection ended early
        return body

    def _too_large(self) -> GrammarUnavailable:
        return GrammarUnavailable(f"{self.where} sent an answer larger than {self.max_response // (1024 * 1024)} MB; "
                                  "check the server or pass --grammar none")

    def _timed_out(self, limit: float) -> GrammarUnavailable:
        return GrammarUnavailable(f"{self.where} did not answer within {limit:g} s (timeout); "
                                  "check the server or pass --grammar none")

    def _json(self, resp: _Answer):
        if resp.status == 413:
            raise TextTooLong(_one_line(resp.text))
        if resp.status >= 400:
            body = _one_line(resp.text) or resp.reason or ""
            raise GrammarUnavailable(f"{self.where} answered HTTP {resp.status}" + (f": {body}" if body else ""))
        try:
            return json.loads(resp.body)
        except (ValueError, RecursionError):
            raise GrammarUnavailable(f"{self.where} sent an answer that is not LanguageTool JSON "
                                     f"({_one_line(resp.text, 60)!r})") from None

    # -- API -----------------------------------------------------------------------------------------
    def languages(self, read_timeout: float | None = None) -> set[str]:
        data = self._json(self._request("GET", "languages", read_timeout=read_timeout))
        if not isinstance(data, list):
            raise GrammarUnavailable(f"{self.where} sent an unexpected /v2/languages answer")
        codes: set[str] = set()
        for e in data:
            if isinstance(e, dict):
                codes.update(str(e.get(k)) for k in ("code", "longCode") if e.get(k))
        return codes

    def check(self, text: str, disabled=(), language: str = LANGUAGE) -> list:
        """LanguageTool's matches for ``text`` (offsets in UTF-16 units of ``text``), as sent: the layer
        validates each one."""
        form = {"text": text, "language": language}
        if disabled:
            form["disabledRules"] = ",".join(disabled)
        data = self._json(self._request("POST", "check", data=urlencode(form).encode("utf-8")))
        matches = data.get("matches") if isinstance(data, dict) else None
        if not isinstance(matches, list):
            raise GrammarUnavailable(f"{self.where} sent a /v2/check answer without 'matches'")
        return matches

    def close(self):
        with self._lock:
            self._closed = True
            idle, self._idle = self._idle, []
        for conn in idle:
            conn.close()


def _reason(exc) -> str:
    if isinstance(exc, ConnectionRefusedError):
        return "connection refused"
    if isinstance(exc, socket.gaierror):
        return "unknown host"
    if isinstance(exc, ConnectionResetError):
        return "connection reset"
    if isinstance(exc, (http.client.RemoteDisconnected, BrokenPipeError, http.client.IncompleteRead)):
        return "connection closed by the server"
    return _one_line(getattr(exc, "strerror", None) or exc, 100)
