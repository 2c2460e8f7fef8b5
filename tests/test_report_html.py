"""The HTML review report as a parser sees it (runs everywhere; tests/test_report_browser.py runs it)."""
import base64
import hashlib
import re
from html.parser import HTMLParser

from conftest import FIXTURES, SEED
from reportkit import HOSTILE, INJECTED, embedded_data, report


class Tags(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags, self.data, self._open = [], {}, None

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        self._open = len(self.tags) - 1 if tag in ("script", "style") else None

    def handle_data(self, data):
        if self._open is not None:
            self.data[self._open] = self.data.get(self._open, "") + data

    def handle_endtag(self, tag):
        self._open = None


def _parse(html):
    p = Tags()
    p.feed(html)
    p.close()
    return p


def _hash(text):
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode() + "'"


def test_self_contained_and_locked_down(tmp_path):
    out, _ = report(tmp_path, SEED.relative_to(FIXTURES.parent), cwd=FIXTURES.parent)
    html = out.read_text(encoding="utf-8")
    p = _parse(html)
    names = [t for t, _ in p.tags]
    # Nothing is loaded from anywhere: no element names a resource.
    for tag, attrs in p.tags:
        assert not {"src", "href", "srcset", "action", "data", "poster"} & set(attrs), (tag, attrs)
    assert "link" not in names and "img" not in names and "iframe" not in names
    (csp,) = [a["content"] for t, a in p.tags if t == "meta" and a.get("http-equiv") == "Content-Security-Policy"]
    assert names.index("meta") < names.index("style") < names.index("script")
    directives = dict(d.strip().split(" ", 1) for d in csp.split(";"))
    assert directives["default-src"] == "'none'" and directives["base-uri"] == "'none'"
    scripts = [(i, a) for i, (t, a) in enumerate(p.tags) if t == "script"]
    assert len(scripts) == 2
    (_, data_a), (code_i, code_a) = scripts
    assert data_a == {"type": "application/json", "id": "mtclean-data"} and code_a == {}
    # Only this page's own script and style may run: by their hashes, no 'unsafe-inline'.
    assert directives["script-src"] == _hash(p.data[code_i])
    (style_i,) = [i for i, (t, _) in enumerate(p.tags) if t == "style"]
    assert directives["style-src"] == _hash(p.data[style_i])
    assert "unsafe" not in csp and "http" not in csp


def test_data_is_the_json_report_with_text_and_hashes(tmp_path, seed_text):
    rel = SEED.relative_to(FIXTURES.parent)
    out, js = report(tmp_path, rel, tmp_path / "missing.txt", cwd=FIXTURES.parent, exit_codes=(2,))
    data = embedded_data(out.read_text(encoding="utf-8"))
    assert data["format"] == "mtclean-report" and data["tool"].startswith("mtclean")
    seed, missing = data["files"]
    assert seed["path"] == str(rel) and seed["text"] == seed_text
    assert seed["sha256"] == hashlib.sha256(SEED.read_bytes()).hexdigest()
    assert seed["findings"] == js["files"][0]["findings"]
    assert "no such file" in missing["error"] and missing["findings"] == []
    assert set(data["rules"]) == {f["rule"] for f in seed["findings"]}
    assert all(r["description"] for r in data["rules"].values())


def test_article_markup_stays_data(tmp_path):
    art = tmp_path / "hostile.txt"
    art.write_text(HOSTILE, encoding="utf-8")
    out, js = report(tmp_path, art)
    html = out.read_text(encoding="utf-8")
    for snippet in INJECTED:
        assert snippet not in html
    assert "<img" not in html and "<!--" not in html and "{{" not in html.split("<script>")[-1]
    p = _parse(html)
    assert [t for t, _ in p.tags].count("script") == 2 and "img" not in [t for t, _ in p.tags]
    data = embedded_data(html)
    assert data["files"][0]["text"] == HOSTILE  # the page has the text exactly, to draw as text
    assert data["files"][0]["findings"] == js["files"][0]["findings"]
    assert re.search(r"\\u003c/script\\u003e", html)


def test_same_files_same_report_id(tmp_path):
    art = tmp_path / "a.txt"
    art.write_text(HOSTILE, encoding="utf-8")
    one = embedded_data(report(tmp_path, art, name="1.html")[0].read_text(encoding="utf-8"))
    two = embedded_data(report(tmp_path, art, name="2.html")[0].read_text(encoding="utf-8"))
    assert one["report"] == two["report"]  # decisions kept in the browser carry over to a report made again
    art.write_text(HOSTILE + "More Kiev.\n", encoding="utf-8")
    three = embedded_data(report(tmp_path, art, name="3.html")[0].read_text(encoding="utf-8"))
    assert three["report"] != one["report"]
