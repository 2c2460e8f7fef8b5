"""A small LanguageTool server for the tests: LanguageTool's public HTTP API, a handful of its real rules.

Speaks what mtclean's grammar layer uses of the API, as LanguageTool 6.x does:
- ``GET /v2/languages`` -> ``[{"name", "code", "longCode"}, ...]``; ``GET /v2/healthcheck`` -> ``OK``;
- ``POST /v2/check`` (form-encoded, or the same fields in the query string) with ``language`` and either
  ``text`` or ``data`` (``{"annotation": [{"text": ...}, {"markup": ..., "interpretAs": ...}]}``), and
  ``disabledRules``, ``enabledRules``, ``enabledOnly``, ``disabledCategories``; the answer is
  ``{"software", "warnings", "language", "matches": [...]}``, each match with ``message``,
  ``shortMessage``, ``replacements``, ``offset``, ``length`` (UTF-16 units, as Java counts), ``context``,
  ``sentence``, ``type`` and ``rule`` (``id``, ``description``, ``issueType``, ``category``).
- A text longer than ``max_text_length`` (UTF-16 units) gets HTTP 413, like LanguageTool's ``maxTextLength``;
  a missing ``language`` or text gets HTTP 400.

Rules, simply implemented: EN_A_VS_AN ("a" before a vowel-initial word), MORFOLOGIK_RULE_EN_US (a word
not in a small word list), WHITESPACE_RULE (repeated spaces), COMMA_PARENTHESIS_WHITESPACE (space before
a comma), UPPERCASE_SENTENCE_START (lowercase after a period; off by default in mtclean) and
EN_QUOTES (straight quotes; off by default in mtclean) — the last two to show that disabledRules works.

Test knobs: ``delay`` (seconds before each /v2/check answer), ``fail_status`` (answer every check with
that HTTP status), counters ``requests``/``checks``/``connections`` (TCP connections = HTTP sessions:
keep-alive reuses one), ``texts`` (what each check received) and ``last_form``.

Hostile servers: ``drip`` (seconds between the bytes of an answer: its status line, headers
and body go out one byte at a time) with ``drip_paths`` (which endpoints drip); ``matches_hook`` (a
function (text, matches) -> matches or raw bytes of the body, to send malformed or hostile matches);
``pad`` (bytes of white space before the JSON body of /v2/check, streamed: an answer of any size without
holding it).
"""
from __future__ import annotations

import json
import re
import socket
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

WORDS = set("""
a an the and or but if of in on at to for from by with without about into over under after before
since until while as than then so not no yes is are was were be been being am has have had do does did
will would shall should can could may might must it its it's this that these those there here he she
they we you i me him her them us my your his our their who whom which what when where why how all any
some many more most much few each every other another one two three four five six ten hundred thousand
first last next new old good bad big small long short high low early late said says say told tell asked
ask added add went go goes going came come comes coming took take takes made make makes saw see seen
ate eat eats apple apples orange egg hour army troops soldiers city town village country region people
man woman men women day days week weeks month months year years monday tuesday wednesday thursday friday
saturday sunday morning evening night today yesterday tomorrow news report reports reported official
officials government minister president mayor spokesman police attack attacks shelling forces war
front line lines near far north south east west capital border bridge river road market school
hospital station water food aid help support talks meeting deal plan plans was attack fighting
defence defense ministry statement according also again only just still even very well too never
always often sometimes once apple's umbrella idea ideas island interview election elections
office officer open opened close closed quiet loud heavy damage damaged house houses home
weapons weapon tank tanks drone drones missile missiles strike strikes local residents resident
would've kyiv read seller sellers entered enter quietly quiet left leave stayed stay
ukraine ukrainian russia russian moscow washington london paris europe european
""".split())

LANGUAGES = [
    {"name": "English", "code": "en", "longCode": "en"},
    {"name": "English (US)", "code": "en", "longCode": "en-US"},
    {"name": "English (GB)", "code": "en", "longCode": "en-GB"},
    {"name": "German (Germany)", "code": "de", "longCode": "de-DE"},
]

WORD = re.compile(r"[A-Za-z][A-Za-z']*")


def _u16(text: str) -> list[int]:
    """UTF-16 offset of each code-point offset (and of the end)."""
    out = [0]
    for ch in text:
        out.append(out[-1] + (2 if ord(ch) > 0xFFFF else 1))
    return out


def _rule(rid, desc, cat_id, cat_name, issue):
    return {"id": rid, "description": desc, "issueType": issue, "category": {"id": cat_id, "name": cat_name}}


RULES = {
    "EN_A_VS_AN": _rule("EN_A_VS_AN", "Use of 'a' vs. 'an'", "MISC", "Miscellaneous", "misspelling"),
    "MORFOLOGIK_RULE_EN_US": _rule("MORFOLOGIK_RULE_EN_US", "Possible spelling mistake", "TYPOS",
                                   "Possible Typo", "misspelling"),
    "WHITESPACE_RULE": _rule("WHITESPACE_RULE", "Whitespace repetition (bad formatting)", "TYPOGRAPHY",
                             "Typography", "whitespace"),
    "COMMA_PARENTHESIS_WHITESPACE": _rule("COMMA_PARENTHESIS_WHITESPACE",
                                          "Use of whitespace before comma and before/after parentheses",
                                          "TYPOGRAPHY", "Typography", "whitespace"),
    "UPPERCASE_SENTENCE_START": _rule("UPPERCASE_SENTENCE_START", "Checks that a sentence starts with an "
                                      "uppercase letter", "CASING", "Capitalization", "typographical"),
    "EN_QUOTES": _rule("EN_QUOTES", "Smart quotes (“”)", "TYPOGRAPHY", "Typography", "style"),
}


def _matches(text: str, words: set[str]) -> list[tuple[str, int, int, str, list[str]]]:
    """(rule id, start, end, message, replacements) in code points of ``text``."""
    out = []
    for m in re.finditer(r"\b([Aa]) +([AaEeIiOoUu][A-Za-z]*)", text):
        an = "an" if m.group(1) == "a" else "An"
        out.append(("EN_A_VS_AN", m.start(), m.end(),
                    f"Use “{an.lower()}” instead of ‘a’ if the following word starts with a vowel sound, "
                    "e.g. ‘an article’, ‘an hour’.", [f"{an} {m.group(2)}"]))
    for m in WORD.finditer(text):
        w = m.group(0).lower()
        base = (w[:-2] if w.endswith("'s") else w).strip("'")
        if base and base not in words and w not in words:
            sugg = [s for s in sorted(words) if _close(base, s)][:3]
            out.append(("MORFOLOGIK_RULE_EN_US", m.start(), m.end(), "Possible spelling mistake found.", sugg))
    for m in re.finditer(r"(?<=\S)( {2,})(?=\S)", text):
        out.append(("WHITESPACE_RULE", m.start(1), m.end(1), "Possible typo: you repeated a whitespace", [" "]))
    for m in re.finditer(r"(?<=\w)( +),", text):
        out.append(("COMMA_PARENTHESIS_WHITESPACE", m.start(1), m.end(), "Put a space after the comma, but "
                    "not before the comma.", [","]))
    for m in re.finditer(r"[.!?] +([a-z][a-z]*)", text):
        w = m.group(1)
        out.append(("UPPERCASE_SENTENCE_START", m.start(1), m.end(1), "This sentence does not start with an "
                    "uppercase letter.", [w[0].upper() + w[1:]]))
    for m in re.finditer(r'"', text):
        out.append(("EN_QUOTES", m.start(), m.end(), "Use a smart opening or closing quote here.", ["“"]))
    return out


def _close(a: str, b: str) -> bool:
    if abs(len(a) - len(b)) > 1 or not a or a[0] != b[0]:
        return False
    diff = sum(1 for x, y in zip(a, b, strict=False) if x != y) + abs(len(a) - len(b))
    return diff <= 1 or sorted(a) == sorted(b)


class FakeLanguageTool:
    """Start with ``start()`` (or as a context manager); ``url`` is ``http://127.0.0.1:PORT/``."""

    def __init__(self, max_text_length: int | None = None, delay: float = 0.0, words: set[str] | None = None,
                 port: int = 0):
        self._port = port
        self.max_text_length = max_text_length
        self.delay = delay
        self.fail_status: int | None = None
        self.drip: float | None = None
        self.drip_paths: tuple = ("/v2/check", "/v2/languages")
        self.matches_hook = None
        self.pad = 0
        self.words = set(WORDS) | {w.lower() for w in (words or ())}
        self.requests = 0
        self.checks = 0
        self.connections = 0
        self.texts: list[str] = []
        self.last_form: dict = {}
        self._lock = threading.Lock()
        self._open: set = set()  # sockets of live connections, cut by stop() as a dying server would
        self._httpd: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    # -- lifecycle -----------------------------------------------------------------------------------
    def start(self) -> FakeLanguageTool:
        server = self

        class Handler(_Handler):
            owner = server

        httpd = ThreadingHTTPServer(("127.0.0.1", self._port), Handler)
        httpd.daemon_threads = True
        self._httpd = httpd
        self._thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
        self._thread.start()
        return self

    def stop(self):
        """Stop like a server that dies: no new connections, and the kept-alive ones are cut."""
        if self._httpd is not None:
            self._httpd.shutdown()
            self._httpd.server_close()
            self._httpd = None
        with self._lock:
            conns, self._open = list(self._open), set()
        for c in conns:
            try:
                c.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()

    @property
    def port(self) -> int:
        return self._httpd.server_address[1]

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/"

    # -- the API -------------------------------------------------------------------------------------
    def check(self, form: dict) -> tuple[int, object]:
        language = form.get("language")
        if not language:
            return 400, "Error: Missing 'language' parameter"
        if "data" in form:
            try:
                plain, to_orig = _annotated(json.loads(form["data"]))
            except (ValueError, KeyError, TypeError) as exc:
                return 400, f"Error: Could not parse JSON from 'data' parameter: {exc}"
        elif "text" in form:
            plain = form["text"]
            to_orig = None
        else:
            return 400, "Error: Missing 'text' or 'data' parameter"
        length = _u16(plain)[-1]
        if self.max_text_length is not None and length > self.max_text_length:
            return 413, (f"Error: Your text exceeds the limit of {self.max_text_length} characters (it's "
                         f"{length} characters). Please submit shorter texts.")
        with self._lock:
            self.checks += 1
            self.texts.append(plain)
            self.last_form = dict(form)
        disabled = set(filter(None, form.get("disabledRules", "").split(",")))
        enabled = set(filter(None, form.get("enabledRules", "").split(",")))
        off_cats = set(filter(None, form.get("disabledCategories", "").split(",")))
        only = form.get("enabledOnly") == "true"
        if to_orig is None:
            source, to_orig = plain, list(range(len(plain) + 1))
        else:  # offsets count in the original, markup-included text, as LanguageTool reports them
            source = _annotation_text(json.loads(form["data"]))
        u = _u16(source)
        matches = []
        for rid, ps, pe, msg, reps in _matches(plain, self.words):
            rule = RULES[rid]
            if rid in disabled or rule["category"]["id"] in off_cats or (only and rid not in enabled):
                continue
            s, e = to_orig[ps], to_orig[pe]
            off, ln = u[s], u[e] - u[s]
            cs = max(0, s - 20)
            matches.append({
                "message": msg, "shortMessage": "", "replacements": [{"value": r} for r in reps],
                "offset": off, "length": ln,
                "context": {"text": source[cs:e + 20], "offset": u[s] - u[cs], "length": ln},
                "sentence": source[cs:e + 20].strip(), "type": {"typeName": "Other"},
                "rule": rule, "ignoreForIncompleteSentence": False, "contextForSureMatch": 0,
            })
        if self.matches_hook is not None:
            hooked = self.matches_hook(source, matches)
            if isinstance(hooked, bytes):
                return 200, hooked
            matches = hooked
        return 200, {
            "software": {"name": "LanguageTool", "version": "6.8-fake", "buildDate": "2026-01-01 00:00:00 +0000",
                         "apiVersion": 1, "premium": False, "premiumHint": "", "status": ""},
            "warnings": {"incompleteResults": False},
            "language": {"name": "English (US)", "code": "en-US",
                         "detectedLanguage": {"name": "English (US)", "code": "en-US", "confidence": 0.9}},
            "matches": matches,
        }


def _annotation_text(data) -> str:
    return "".join(p.get("text", p.get("markup", "")) for p in data["annotation"])


def _annotated(data) -> tuple[str, list[int]]:
    """The plain text LanguageTool checks for a `data` annotation, and plain offset -> original offset."""
    plain: list[str] = []
    to_orig: list[int] = []
    pos = 0
    for part in data["annotation"]:
        if "text" in part:
            for ch in part["text"]:
                plain.append(ch)
                to_orig.append(pos)
                pos += 1
        else:
            markup = part["markup"]
            for ch in part.get("interpretAs", ""):
                plain.append(ch)
                to_orig.append(pos)
            pos += len(markup)
    to_orig.append(pos)
    return "".join(plain), to_orig


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive: one TCP connection per client session
    disable_nagle_algorithm = True  # headers and body go out at once, no 40 ms delayed-ACK stall
    owner: FakeLanguageTool

    def setup(self):
        super().setup()
        with self.owner._lock:
            self.owner.connections += 1
            self.owner._open.add(self.connection)

    def finish(self):
        with self.owner._lock:
            self.owner._open.discard(self.connection)
        super().finish()

    def log_message(self, *args):  # quiet
        pass

    def _send(self, status: int, body, ctype=None):
        if isinstance(body, (dict, list)):
            data = json.dumps(body).encode("utf-8")
            ctype = ctype or "application/json"
        elif isinstance(body, bytes):
            data = body
            ctype = ctype or "application/json"
        else:
            data = str(body).encode("utf-8")
            ctype = ctype or "text/plain; charset=UTF-8"
        owner = self.owner
        pad = owner.pad if status == 200 and urlsplit(self.path).path == "/v2/check" else 0
        if owner.drip and urlsplit(self.path).path in owner.drip_paths:
            head = (f"HTTP/1.1 {status} OK\r\nContent-Type: {ctype}\r\n"
                    f"Content-Length: {len(data)}\r\n\r\n").encode("ascii")
            raw = head + data
            try:
                for i in range(len(raw)):
                    self.wfile.write(raw[i:i + 1])
                    self.wfile.flush()
                    time.sleep(owner.drip)
            except OSError:
                pass  # the client gave up
            self.close_connection = True
            return
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(data) + pad))
        self.end_headers()
        try:
            block = b" " * 65536
            while pad > 0:  # JSON allows white space before the value: an answer as large as asked
                self.wfile.write(block[:pad])
                pad -= len(block)
            self.wfile.write(data)
        except OSError:
            self.close_connection = True  # the client stopped reading

    def _count(self):
        with self.owner._lock:
            self.owner.requests += 1

    def do_GET(self):
        self._count()
        path = urlsplit(self.path).path
        if path == "/v2/languages":
            self._send(200, LANGUAGES)
        elif path == "/v2/healthcheck":
            self._send(200, "OK")
        elif path == "/v2/check":
            form = {k: v[0] for k, v in parse_qs(urlsplit(self.path).query).items()}
            self._send(*self.owner.check(form))
        else:
            self._send(404, "Error: not found")

    def do_POST(self):
        self._count()
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length).decode("utf-8") if length else ""
        split = urlsplit(self.path)
        if split.path != "/v2/check":
            self._send(404, "Error: not found")
            return
        form = {k: v[0] for k, v in parse_qs(split.query).items()}
        form.update({k: v[0] for k, v in parse_qs(body, keep_blank_values=True).items()})
        owner = self.owner
        if owner.delay:
            time.sleep(owner.delay)
        if owner.fail_status:
            self._send(owner.fail_status, "Error: Internal Error: the server is in trouble")
            return
        self._send(*owner.check(form))


if __name__ == "__main__":  # by hand: python tests/ltserver.py [PORT]
    import sys

    srv = FakeLanguageTool(port=int(sys.argv[1]) if len(sys.argv) > 1 else 8081).start()
    print(f"fake LanguageTool at {srv.url}", flush=True)
    try:
        threading.Event().wait()
    except KeyboardInterrupt:
        srv.stop()
