"""Encoding damage (MT601): minimal repairs of the damaged words only, real accents left alone."""
import sys

from conftest import fixed, flagged, rules_engine


# -- MT601 encoding damage ------------------------------------------------------------------------
def test_mojibake_minimal_edits():
    text = "itâ€™s a short walk to the CafÃ© in ZÃ¼rich."
    found = rules_engine("MT601").check(text)
    assert [text[f.start:f.end] for f in found] == ["â€™", "Ã©", "Ã¼"]
    assert all(len(e.replacement) == 1 for f in found for e in f.fix.edits)
    assert fixed(text, "MT601") == "it’s a short walk to the Café in Zürich."


def test_mojibake_traps_and_urls():
    clean = "Renée’s Škoda cost €5 million in Zürich, the Ångström lab said “no”."
    assert flagged(clean, "MT601") == []
    url = "See www.exÃ©mple.com for details."
    assert flagged(url, "MT601") == []


def test_clean_text_never_imports_ftfy(monkeypatch):
    monkeypatch.setitem(sys.modules, "ftfy", None)  # importing it now would raise
    assert flagged("A clean text with curly “quotes” and Zürich.", "MT601") == []
