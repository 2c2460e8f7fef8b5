"""The editor's review report: one self-contained HTML file (CSS, JS and data inline, no network).

Why one file, also for a folder: it opens from file:// anywhere (mailed, a CI artifact), its decisions
live in one page and export from one button (browsers that give each file:// page its own storage, as
Firefox does, would split an index and its pages apart), and it stays fast: 2,000 articles (~11 MB) load
in well under a second in Chromium, because only the index and the article in view are ever drawn
(bench/report.py measures it).

Safety: the data is JSON inside ``<script type="application/json">`` with ``<``, ``>`` and ``&`` escaped
(``\\u003c``...), so no article text can end the element; the page draws text with ``textContent`` only;
a Content-Security-Policy meta tag allows nothing but this page's own script and style (by their hashes),
so even an injected tag could neither run nor load anything.
"""
from __future__ import annotations

import base64
import hashlib
import json
import re
from datetime import datetime, timezone
from html import escape
from pathlib import Path

from ..contract import article_text

FORMAT = "mtclean-report"
_HERE = Path(__file__).resolve().parent


def _asset(name: str) -> str:
    return (_HERE / name).read_text(encoding="utf-8")


def _csp_hash(source: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(source.encode("utf-8")).digest()).decode("ascii") + "'"


def script_json(data) -> str:
    """JSON that is safe inside a <script> element: no '<', '>' or '&' (so no '</script>' or '<!--'),
    and no U+2028/U+2029."""
    s = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return (s.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
            .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))


def report_id(articles: list[dict]) -> str:
    """Names the report's decisions in the browser's storage: the same files and findings, reported again,
    find the decisions already taken."""
    h = hashlib.sha256()
    for a in articles:
        h.update(json.dumps([a["path"], a["sha256"], [(f["rule"], f["start"], f["end"]) for f in a["findings"]]],
                            ensure_ascii=False).encode("utf-8", "surrogatepass"))
    return h.hexdigest()[:24]


def render(files: list[dict], rules: dict[str, dict], version: str = "", created: str | None = None) -> str:
    """The HTML page for ``files`` (contract dicts with ``text`` and ``sha256``) and the rules they name."""
    articles = []
    for d in files:
        text = article_text(d)
        articles.append({"path": d["path"], "encoding": d.get("encoding"), "sha256": d.get("sha256"),
                         "error": d.get("error") or (None if text is not None else "text not kept by this run"),
                         "text": text or "", "findings": d["findings"] if text is not None else []})
    used = sorted({f["rule"] for a in articles for f in a["findings"]})
    data = {
        "format": FORMAT,
        "version": 1,
        "tool": f"mtclean {version}".strip(),
        "created": created or datetime.now(timezone.utc).replace(microsecond=0).isoformat(),
        "report": report_id(articles),
        "rules": {rid: rules[rid] for rid in used if rid in rules},
        "files": articles,
    }
    css, js = _asset("report.css"), _asset("report.js")
    csp = (f"default-src 'none'; script-src {_csp_hash(js)}; style-src {_csp_hash(css)}; "
           f"base-uri 'none'; form-action 'none'")
    n = len(articles)
    title = articles[0]["path"] if n == 1 else f"{n} articles"
    values = {"CSP": escape(csp, quote=False), "TITLE": escape(title), "CSS": css, "DATA": script_json(data), "JS": js}
    # One pass: text put in (an article may contain "{{JS}}") is never scanned again.
    return re.sub(r"\{\{([A-Z]+)\}\}", lambda m: values[m.group(1)], _asset("template.html"))
