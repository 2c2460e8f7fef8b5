"""The LanguageTool layer against a LanguageTool HTTP server: tests/ltserver.py, and a real one too when
MTCLEAN_LT_URL names it (the `lt_url` tests run against both).

No network: every server is on 127.0.0.1. Timeouts are kept short so that the whole file runs in seconds.
"""
import os
import socket
import subprocess
import sys
import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cleanup.engine import Engine
from cleanup.grammar import GrammarLayer, GrammarUnavailable, default_disabled, open_grammar
from cleanup.grammar.layer import OffsetMap, plan_chunks, u16len
from cleanup.model import Finding, Rule
from cleanup.rulepacks import builtin_rules
from cleanup.segment.document import Document
from ltserver import FakeLanguageTool

ROOT = Path(__file__).resolve().parent.parent
A_APPLE = "She ate a apple in Kyiv on Monday."
REAL_URL = os.environ.get("MTCLEAN_LT_URL")


# -- servers -------------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def shared_fake():
    with FakeLanguageTool() as srv:
        yield srv


@pytest.fixture
def fake():
    """A fresh server whose counters start at zero."""
    with FakeLanguageTool() as srv:
        yield srv


@pytest.fixture(params=["fake", "real"])
def lt_url(request, shared_fake):
    if request.param == "real":
        if not REAL_URL:
            pytest.skip("MTCLEAN_LT_URL is not set: no real LanguageTool server to run this test against")
        return REAL_URL
    return shared_fake.url


def _open(url, **kw):
    notices = []
    layer = open_grammar("languagetool", url, kw.pop("disabled", []), notices, **kw)
    assert layer is not None and notices == []
    return layer


def _lt(findings, rule_id=None):
    return [f for f in findings if f.rule.id.startswith("LT:") and (rule_id is None or f.rule.id == rule_id)]


def _closed_port() -> int:
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()  # nobody listens there now
    return port


# -- the layer on real text ----------------------------------------------------------------------------
def test_a_vs_an_spans_exactly_the_two_words(lt_url):
    with _open(lt_url) as layer:
        found = _lt(layer(Document(A_APPLE), []), "LT:EN_A_VS_AN")
    assert len(found) == 1
    f = found[0]
    assert A_APPLE[f.start:f.end] == "a apple"
    assert f.rule.name == "en-a-vs-an" and f.rule.category == "grammar" and f.effective_severity == "warning"
    assert f.fix is not None and f.fix.applicability == "unsafe"
    assert f.fix.edits[0].replacement.lower().startswith("an")
    assert "\n" not in f.message and f.message


EMOJI_TEXT = (
    "Kyiv 🇺🇦 said on Monday 😀 that the army ate a apple.\n\n"
    "𝐁𝐫𝐞𝐚𝐤𝐢𝐧𝐠 news 😀😀: troops  entered the city , officials said. The mayor ate a apple too. "
    "Residents 🙂 said the market was quiet.\n\n"
    "The army said 🙂 it would ate a orange on Tuesday.\n"
)


@pytest.mark.parametrize("chunk_size", [40, 90, 20_000])
def test_chunks_map_offsets_back_exactly_with_emoji(lt_url, chunk_size):
    doc = Document(EMOJI_TEXT)
    with _open(lt_url, chunk_size=chunk_size) as layer:
        found = layer(doc, [])
    arts = _lt(found, "LT:EN_A_VS_AN")
    assert sorted(EMOJI_TEXT[f.start:f.end] for f in arts) == ["a apple", "a apple", "a orange"]
    for f in _lt(found, "LT:WHITESPACE_RULE"):
        assert EMOJI_TEXT[f.start:f.end].strip() == ""


def test_chunked_and_whole_agree_and_chunks_respect_the_limit(fake):
    doc = Document(EMOJI_TEXT)
    with _open(fake.url) as layer:
        whole = {(f.rule.id, f.start, f.end) for f in layer(doc, [])}
    assert fake.checks == 1
    with _open(fake.url, chunk_size=60) as layer:
        chunked = {(f.rule.id, f.start, f.end) for f in layer(doc, [])}
    assert chunked == whole
    sent = fake.texts[1:]
    assert len(sent) > 3 and all(u16len(t) <= 60 for t in sent)
    assert ("LT:WHITESPACE_RULE", EMOJI_TEXT.index("  "), EMOJI_TEXT.index("  ") + 2) in whole


def test_server_limit_413_splits_the_chunk_and_remembers(fake):
    fake.max_text_length = 120
    doc = Document(EMOJI_TEXT)
    with _open(fake.url) as layer:
        found = _lt(layer(doc, []), "LT:EN_A_VS_AN")
        assert layer.chunk_size <= 120
    assert sorted(EMOJI_TEXT[f.start:f.end] for f in found) == ["a apple", "a apple", "a orange"]
    assert fake.texts and all(u16len(t) <= 120 for t in fake.texts)  # only the refused first try was longer


def test_a_text_the_server_refuses_even_small_is_an_error(fake):
    fake.max_text_length = 10
    with _open(fake.url) as layer, pytest.raises(GrammarUnavailable) as exc:
        layer(Document("The army said the market was quiet on Monday, officials said, and left. " * 5), [])
    assert "413" in str(exc.value) and "LanguageTool" in str(exc.value)


def test_builtin_finding_on_the_same_span_wins(lt_url):
    builtin = Rule(id="MT999", name="test-article", category="artifact", severity="error", message="built-in")
    start = A_APPLE.index("a apple")
    mine = Finding(rule=builtin, start=start, end=start + 1, message="built-in")
    with _open(lt_url) as layer:
        out = layer(Document(A_APPLE), [mine])
    assert out[0] is mine
    assert not _lt(out, "LT:EN_A_VS_AN")


def test_engine_keeps_house_style_finding_over_languagetool_spelling(fake):
    text = "Weapons that Kiev says will help Kyiv."
    engine = Engine(list(builtin_rules()))
    with _open(fake.url) as layer:
        engine.extra_layers = [layer]
        found = engine.check(text)
    on_kiev = [f for f in found if text[f.start:f.end] == "Kiev"]
    assert [f.rule.id for f in on_kiev] == ["MT201"]
    assert found and all(f.line == 1 and f.column >= 1 for f in found)


NAMES = ("Russian forces attacked Bakhmut and Vuhledar on Monday. Matviyenko said Bakhmut would hold. "
         "Vuhledar was quiet, Matviyenko added, and troops recieved new weapons.")


def test_recurring_capitalised_names_are_not_spelling_errors(lt_url):
    with _open(lt_url) as layer:
        found = layer(Document(NAMES), [])
    spelled = {NAMES[f.start:f.end] for f in found if f.rule.category == "typos"}
    assert not spelled & {"Bakhmut", "Vuhledar", "Matviyenko"}
    assert "recieved" in spelled  # the spelling rule itself is on


def test_a_name_used_once_is_still_checked(fake):
    text = "Troops entered Zzyzxville on Monday."
    with _open(fake.url) as layer:
        found = layer(Document(text), [])
    assert [text[f.start:f.end] for f in found] == ["Zzyzxville"]
    assert found[0].rule.id == "LT:MORFOLOGIK_RULE_EN_US" and found[0].fix is None


def test_matches_in_masked_regions_are_dropped(fake):
    text = "Read the report at www.exampel-newz.com today, said a apple seller."
    doc = Document(text)
    with _open(fake.url) as layer:
        found = layer(doc, [])
    assert [text[f.start:f.end] for f in found] == ["a apple"]
    assert fake.texts[-1] == text  # the text went whole; the matches inside the URL were dropped


def test_default_and_extra_disabled_rules(fake):
    text = 'The army said so. then it left "quietly" with a apple.'
    with _open(fake.url) as layer:
        ids = {f.rule.id for f in layer(Document(text), [])}
    assert ids == {"LT:EN_A_VS_AN"}
    sent = set(fake.last_form["disabledRules"].split(","))
    assert {"UPPERCASE_SENTENCE_START", "EN_QUOTES", "DASH_RULE", "WORD_REPEAT_RULE"} <= sent
    assert set(default_disabled()) <= sent
    with _open(fake.url, disabled=["LT:EN_A_VS_AN", "MORFOLOGIK_RULE_EN_US,WHITESPACE_RULE"]) as layer:
        assert layer(Document(text), []) == []
    assert {"EN_A_VS_AN", "MORFOLOGIK_RULE_EN_US", "WHITESPACE_RULE"} <= set(fake.last_form["disabledRules"].split(","))


def test_fix_sends_again_only_the_chunks_a_round_changed(fake):
    # Twelve paragraphs in chunks of about two; one built-in fix (a space before a comma) in paragraph 7.
    paras = [f"Report {i}: the army said the market was quiet on Monday, and they left." for i in range(12)]
    paras[7] = paras[7].replace("Monday,", "Monday ,")
    text = "\n".join(paras) + "\n"
    engine = Engine(list(builtin_rules()))
    with _open(fake.url, chunk_size=160) as layer:
        engine.extra_layers = [layer]
        result = engine.fix(text)
        first = len(plan_chunks(Document(text), 0, len(text), 160))
        assert result.text == text.replace("Monday ,", "Monday,") and result.passes == 1
        assert first >= 5
        # The second detection sent only the chunk holding paragraph 7; the others were answered before.
        assert layer.chunks_sent == first + 1 and layer.chunks_reused == first - 1
        assert fake.checks == first + 1
        # And the answers are the server's: a fresh layer finds the same on the fixed text.
        again = {(f.rule.id, f.start, f.end) for f in layer(Document(result.text), [])}
    with _open(fake.url, chunk_size=160) as fresh:
        assert {(f.rule.id, f.start, f.end) for f in fresh(Document(result.text), [])} == again


def test_fix_applies_only_safe_mechanical_fixes_unless_unsafe(fake):
    text = "Troops  entered the city , officials said, and ate a apple."
    engine = Engine([])
    with _open(fake.url) as layer:
        engine.extra_layers = [layer]
        safe = engine.fix(text)
        unsafe = engine.fix(text, unsafe=True)
    assert safe.text == "Troops entered the city, officials said, and ate a apple."
    assert unsafe.text == "Troops entered the city, officials said, and ate an apple."


def test_category_severity_and_message_mapping(shared_fake):
    with _open(shared_fake.url) as layer:
        style = layer.rule_for({"rule": {"id": "TOO_LONG_SENTENCE", "description": "Readability",
                                         "issueType": "style", "category": {"id": "STYLE", "name": "Style"}}})
        typo = layer.rule_for({"rule": {"id": "MORFOLOGIK_RULE_EN_US", "description": "Possible spelling mistake",
                                        "issueType": "misspelling", "category": {"id": "TYPOS", "name": "Typos"}}})
        punct = layer.rule_for({"rule": {"id": "DOUBLE_PUNCTUATION", "description": "Two dots",
                                         "issueType": "typographical",
                                         "category": {"id": "PUNCTUATION", "name": "Punctuation"}}})
        doc = Document("He left.. She stayed.")
        m = {"offset": 7, "length": 2, "message": "Did you mean <suggestion>.</suggestion>?\n",
             "replacements": [{"value": "."}],
             "rule": {"id": "DOUBLE_PUNCTUATION", "issueType": "typographical",
                      "category": {"id": "PUNCTUATION", "name": "Punctuation"}}}
        f = layer._to_findings(doc, [(7, 9, m)], [])[0]
    assert (style.id, style.name, style.category, style.severity) == ("LT:TOO_LONG_SENTENCE", "too-long-sentence",
                                                                      "style", "info")
    assert (typo.category, typo.severity) == ("typos", "warning")
    assert (punct.category, punct.severity, punct.fixable) == ("punctuation", "warning", "safe")
    assert f.message == "Did you mean '.'?" and f.fix.applicability == "safe"


# -- offsets and chunks, without a server ---------------------------------------------------------------
def test_offset_map_counts_utf16_units():
    text = "a😀b𝐁c"
    om = OffsetMap(text)
    # UTF-16: a=0, 😀=1..2, b=3, 𝐁=4..5, c=6
    assert om.span(3, 1) == (2, 3) and text[2:3] == "b"
    assert om.span(1, 2) == (1, 2) and text[1:2] == "😀"
    assert om.span(4, 3) == (3, 5) and text[3:5] == "𝐁c"
    assert om.span(2, 1) == (1, 2)  # inside a surrogate pair: the whole character
    assert OffsetMap("plain").span(1, 3) == (1, 4)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.lists(st.sampled_from(["Kyiv", "a", "apple", "😀", "𝐁𝐫", "said.", "The", "x" * 30, "end."]),
                         min_size=1, max_size=25).map(" ".join), min_size=1, max_size=6),
       st.integers(min_value=5, max_value=120))
def test_chunks_are_ordered_within_limit_and_cover_every_paragraph(paragraphs, limit):
    text = "\n\n".join(paragraphs) + "\n"
    doc = Document(text)
    chunks = plan_chunks(doc, 0, len(text), limit)
    assert all(u16len(text[s:e]) <= limit for s, e in chunks)
    assert all(chunks[i][1] <= chunks[i + 1][0] for i in range(len(chunks) - 1))
    covered = set()
    for s, e in chunks:
        covered.update(range(s, e))
    for p in doc.paragraphs:
        assert all(i in covered for i in range(p.start, p.end) if not text[i].isspace())


# -- failures ------------------------------------------------------------------------------------------
def test_unreachable_server_is_one_clear_line():
    url = f"http://127.0.0.1:{_closed_port()}/"
    with pytest.raises(GrammarUnavailable) as exc:
        open_grammar("languagetool", url, [], [])
    msg = str(exc.value)
    assert "\n" not in msg and "LanguageTool" in msg and url in msg
    assert "unreachable" in msg and "--grammar none" in msg


def test_auto_with_unreachable_server_is_a_notice():
    notices = []
    assert open_grammar("auto", f"http://127.0.0.1:{_closed_port()}", [], notices) is None
    assert len(notices) == 1 and "LanguageTool" in notices[0] and "\n" not in notices[0]


def test_slow_server_times_out(fake):
    fake.delay = 0.6
    layer = _open(fake.url, read_timeout=0.2)  # /v2/languages answers at once; /v2/check is slow
    with layer, pytest.raises(GrammarUnavailable) as exc:
        layer(Document(A_APPLE), [])
    assert "did not answer within 0.2 s" in str(exc.value) and "\n" not in str(exc.value)


def test_server_dying_mid_run_raises_from_the_layer_call():
    srv = FakeLanguageTool().start()
    layer = _open(srv.url)
    assert _lt(layer(Document(A_APPLE), []))
    srv.stop()
    with layer, pytest.raises(GrammarUnavailable) as exc:
        layer(Document(A_APPLE + " Then it rained."), [])  # a text it has not answered yet
    assert "unreachable" in str(exc.value)


def test_http_error_is_reported(fake):
    fake.fail_status = 500
    with _open(fake.url) as layer, pytest.raises(GrammarUnavailable) as exc:
        layer(Document(A_APPLE), [])
    assert "HTTP 500" in str(exc.value) and "\n" not in str(exc.value)


def test_not_a_languagetool_server(fake):
    with pytest.raises(GrammarUnavailable) as exc:
        open_grammar("languagetool", fake.url + "nowhere/v2/", [], [])
    assert "HTTP 404" in str(exc.value)


def test_auto_without_url_or_local_languagetool_is_none_and_one_notice(tmp_path, monkeypatch):
    monkeypatch.setenv("LTP_PATH", str(tmp_path / "ltp"))
    notices = []
    assert open_grammar("auto", None, [], notices) is None
    assert len(notices) == 1 and "LanguageTool" in notices[0]
    assert not (tmp_path / "ltp").exists()  # nothing downloaded, not even the folder made
    assert open_grammar("none", "http://127.0.0.1:9/", [], notices) is None and len(notices) == 1


def test_auto_with_a_broken_local_install_is_a_notice_not_an_error(tmp_path, monkeypatch):
    lt = tmp_path / "LanguageTool-6.8"
    lt.mkdir()
    (lt / "languagetool-server.jar").write_bytes(b"")  # Java refuses it: the server exits at once
    monkeypatch.setenv("LTP_PATH", str(tmp_path))
    from cleanup.grammar import local

    assert local.installed() == ("6.8", lt)
    notices = []
    assert open_grammar("auto", None, [], notices) is None
    assert len(notices) == 1 and "LanguageTool" in notices[0]


def test_languagetool_without_java_is_an_error(tmp_path, monkeypatch):
    monkeypatch.setenv("LTP_PATH", str(tmp_path))
    monkeypatch.setenv("PATH", str(tmp_path))  # no java here
    with pytest.raises(GrammarUnavailable) as exc:
        open_grammar("languagetool", None, [], [])
    assert "Java" in str(exc.value) and "\n" not in str(exc.value)
    notices = []
    assert open_grammar("auto", None, [], notices) is None and len(notices) == 1


def test_importing_the_package_loads_no_http_or_languagetool():
    code = ("import sys, cleanup.grammar as g; n = []; g.open_grammar('none', None, [], n); "
            "print('requests' in sys.modules, 'language_tool_python' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT,
                         env={**os.environ, "PYTHONPATH": str(ROOT)}, timeout=60)
    assert out.stdout.split() == ["False", "False"], out.stderr


def test_bad_mode_is_a_programming_error():
    with pytest.raises(ValueError):
        open_grammar("maybe", None, [], [])


# -- one session -------------------------------------------------------------------------------------
def test_one_session_for_200_documents(lt_url, request):
    srv = request.getfixturevalue("fake") if "fake" in request.node.callspec.id else None
    url = srv.url if srv else lt_url
    engine = Engine(list(builtin_rules()))
    texts = [f"Report {i}: she ate a apple in Kyiv on Monday." for i in range(200)]
    with _open(url) as layer:
        engine.extra_layers = [layer]
        results = [engine.check(t) for t in texts]
        assert layer.sessions_opened == 1 and layer.documents_checked == 200
    for t, found in zip(texts, results, strict=True):
        assert [t[f.start:f.end] for f in found if f.rule.id == "LT:EN_A_VS_AN"] == ["a apple"]
    if srv:
        assert srv.connections == 1  # one kept-alive HTTP connection for the whole batch
        assert srv.checks == 200 and srv.requests == 201  # + the /v2/languages probe


def test_layer_is_thread_safe_and_shares_one_session(fake):
    texts = [f"Report {i}: she ate a apple and {'😀' * (i % 3)} a orange on Monday." for i in range(80)]
    with _open(fake.url) as layer:
        with ThreadPoolExecutor(max_workers=4) as ex:
            results = list(ex.map(lambda t: (t, layer(Document(t), [])), texts))
        assert layer.sessions_opened == 1 and layer.documents_checked == 80
    for t, found in results:
        assert sorted(t[f.start:f.end] for f in _lt(found, "LT:EN_A_VS_AN")) == ["a apple", "a orange"]
    assert fake.connections <= 4 and fake.checks == 80
    assert threading.active_count() < 50


def test_closed_layer_refuses_work(shared_fake):
    layer = _open(shared_fake.url)
    layer.close()
    layer.close()  # idempotent
    with pytest.raises(GrammarUnavailable):
        layer(Document(A_APPLE), [])
    assert isinstance(layer, GrammarLayer)


def test_explain_languagetool_rules_without_a_server():
    from cleanup.grammar.explain import describe

    assert "Off in mtclean" in describe("LT:EN_QUOTES") and "curly" in describe("LT:EN_QUOTES")
    assert "safe fix" in describe("lt:whitespace_rule")
    assert "unsafe fix" in describe("LT:EN_A_VS_AN") and describe("LT:EN_A_VS_AN").startswith("LT:EN_A_VS_AN ")
    assert describe("LT:not a rule") is None
