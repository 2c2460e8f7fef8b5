"""A LanguageTool server that is slow, huge or wrong cannot hold up a run, fill memory, lose a file's other
findings or damage text. Real HTTP on 127.0.0.1 (tests/ltserver.py); the
deadlines are short so that every test takes a second or two."""
from __future__ import annotations

import json
import re
import time

import pytest

from cleanup.engine import Engine
from cleanup.grammar import GrammarUnavailable, open_grammar
from cleanup.grammar.layer import GrammarLayer
from cleanup.rulepacks import builtin_rules
from cleanup.segment.document import Document
from conftest import run_cli
from ltserver import RULES, FakeLanguageTool


@pytest.fixture
def fake():
    with FakeLanguageTool() as srv:
        yield srv


def _open(url, **kw):
    return open_grammar("languagetool", url, [], [], **kw)


# -- 15. a total deadline per request ------------------------------------------------------------------------
@pytest.mark.parametrize("path", ["/v2/check", "/v2/languages"])
def test_a_server_dripping_one_byte_at_a_time_is_cut_off_at_the_deadline(fake, path):
    """Each byte comes well within the read timeout, so a per-read timeout never fires: the answer to
    this would take about a minute. The deadline is for the whole request."""
    fake.drip, fake.drip_paths = 0.02, (path,)
    started = time.monotonic()
    with pytest.raises(GrammarUnavailable) as exc:
        layer = _open(fake.url, read_timeout=0.6)
        with layer:
            layer(Document("She ate a apple in Kyiv on Monday."), [])
    elapsed = time.monotonic() - started
    assert elapsed < 3.0, elapsed
    assert "did not answer within 0.6 s" in str(exc.value) and "\n" not in str(exc.value)


def test_an_oversized_answer_is_refused_without_reading_it_all(fake):
    fake.pad = 64 * 1024 * 1024  # 64 MB of white space before the JSON
    layer = _open(fake.url)
    layer.client.max_response = 1024 * 1024
    started = time.monotonic()
    with layer, pytest.raises(GrammarUnavailable) as exc:
        layer(Document("She ate a apple in Kyiv on Monday."), [])
    assert "larger than 1 MB" in str(exc.value) and time.monotonic() - started < 5


# -- 16. every match validated -------------------------------------------------------------------------------
TEXT = "Troops  entered the city , officials said. She ate a apple in Kyiv on Monday.\n"


def _match(offset, length, rule_id="WHITESPACE_RULE", value=" ", **extra):
    m = {"message": "m", "offset": offset, "length": length, "replacements": [{"value": value}],
         "rule": RULES.get(rule_id, {"id": rule_id, "category": {"id": "MISC"}})}
    m.update(extra)
    return m


def _fix(fake, matches, *args):
    fake.matches_hook = lambda text, real: matches if not callable(matches) else matches(text, real)
    # LanguageTool's rules only: the built-in ones would fix the same spacing first.
    return run_cli("fix", "--grammar", "languagetool", "--languagetool-url", fake.url, "--select", "LT", *args,
                   "-", input=TEXT.encode())


@pytest.mark.parametrize("bad", [
    _match(0, 10 ** 12, value="X"),  # offset 0, length 10^12: replaced the whole file with X before
    _match(-3, 1, value="X"),  # a negative offset: inserted X on every pass before
    _match(5, -2, value="X"),
    _match(5, 2.0, value="X"),
    _match(True, 1, value="X"),
    {"offset": 5, "length": 2},
    "not a match",
], ids=["huge length", "negative offset", "negative length", "float length", "bool offset", "no rule",
        "not an object"])
def test_a_malformed_match_is_dropped_and_nothing_else_is_lost(fake, bad):
    r = _fix(fake, lambda text, real: real + [bad], "--unsafe-fixes")
    assert r.returncode == 0, r.stderr
    assert r.stdout == b"Troops entered the city, officials said. She ate an apple in Kyiv on Monday.\n"


@pytest.mark.parametrize("body", [
    b'{"matches": [{"offset": Infinity, "length": 1, "rule": {"id": "X"}, "replacements": []}]}',
    b'{"matches": [{"offset": 3, "length": 1, "rule": "WHITESPACE_RULE", "replacements": [{"value": "X"}]}]}',
    b'{"matches": [{"offset": 3, "length": 1, "rule": {"id": "X", "category": "TYPOS"}}]}',
    b'{"matches": [{"offset": 3, "length": 1, "rule": {"id": "X"}, "replacements": 7}]}',
], ids=["Infinity", "rule a string", "category a string", "replacements a number"])
def test_a_match_of_the_wrong_shape_does_not_lose_the_files_findings(tmp_path, fake, body):
    fake.matches_hook = lambda text, real: body
    f = tmp_path / "a.txt"
    f.write_text("It can only stop them. by force, in Kiev, not Kyiv.\n", encoding="utf-8")
    r = run_cli("check", "--grammar", "languagetool", "--languagetool-url", fake.url, "--format", "json", str(f))
    entry = json.loads(r.stdout)["files"][0]
    assert entry["error"] is None and "internal error" not in r.stderr.decode()
    assert {x["rule"] for x in entry["findings"]} == {"MT101", "MT201"}


@pytest.mark.parametrize("offset,length,rule_id,value", [
    (6, 2, "WHITESPACE_RULE", "\r\n\n\r"),  # spaces into blank lines
    (6, 2, "WHITESPACE_RULE", ""),  # joins two words
    (0, len(TEXT) - 1, "COMMA_PARENTHESIS_WHITESPACE",  # the whole chunk, every space and comma gone
     "".join(c for c in TEXT[:-1] if c.isalnum())),
    (24, 2, "COMMA_PARENTHESIS_WHITESPACE", " ;"),  # a new punctuation mark
    (24, 2, "DOUBLE_PUNCTUATION", ",,"),  # adds punctuation
], ids=["line breaks", "joined words", "whole chunk", "other punctuation", "added punctuation"])
def test_a_safe_rule_may_change_only_what_it_is_about(fake, offset, length, rule_id, value):
    r = _fix(fake, [_match(offset, length, rule_id, value)])
    assert r.returncode == 0, r.stderr
    assert r.stdout == TEXT.encode()  # not applied by `fix`: at most an unsafe suggestion


def test_mechanical_fixes_that_stay_in_their_lane_are_still_safe(fake):
    r = _fix(fake, [_match(6, 2, "WHITESPACE_RULE", " "), _match(24, 2, "COMMA_PARENTHESIS_WHITESPACE", ",")])
    assert r.stdout == b"Troops entered the city, officials said. She ate a apple in Kyiv on Monday.\n"


def test_the_recurring_name_check_reads_the_text_once(monkeypatch):
    """A spelling match on every capitalised word of a long text: each one used to rescan the text; now the
    text's words are counted once, whatever the number of matches."""
    import cleanup.grammar.layer as layer_mod

    scans = []

    class CountingPattern:
        def __init__(self, pattern):
            self.pattern = pattern

        def findall(self, text, *args):
            scans.append(len(text))
            return self.pattern.findall(text, *args)

        def fullmatch(self, *args):
            return self.pattern.fullmatch(*args)

    monkeypatch.setattr(layer_mod, "WORD", CountingPattern(layer_mod.WORD))
    layer = GrammarLayer(client=None)
    words = [f"Zq{i:06d}x" for i in range(5_000)]
    text = " ".join(words) + ".\n"
    matches, pos = [], 0
    for w in words:
        m = {"offset": pos, "length": len(w), "message": "spelling", "replacements": [],
             "rule": RULES["MORFOLOGIK_RULE_EN_US"]}
        matches.append((pos, pos + len(w), m))
        pos += len(w) + 1
    found = layer._to_findings(Document(text), matches, [])
    assert len(found) == 5_000  # each name occurs once: none is a recurring name
    assert scans == [len(text)]


def test_engine_with_a_hostile_layer_keeps_the_text_intact(fake):
    fake.matches_hook = lambda text, real: [_match(0, len(text), "WHITESPACE_RULE", "")]
    engine = Engine(list(builtin_rules()))
    with _open(fake.url) as layer:
        engine.extra_layers = [layer]
        out = engine.fix(TEXT).text
    assert re.findall(r"\w+", out) == re.findall(r"\w+", TEXT) and out.count("\n") == 1
