"""Repetition (MT501, MT502), source script (MT401, MT402), encoding (MT601) and name spelling (MT203)
on real-looking text: the traps, exact offsets, idempotent fixes and masked regions."""
import sys

import pytest

from cleanup.engine import Engine
from cleanup.rulepacks import builtin_rules

FAMILY = ("MT501", "MT502", "MT401", "MT402", "MT601", "MT203")


def engine(*ids):
    ids = ids or FAMILY
    return Engine([s for s in builtin_rules() if s.rule.id in ids])


def flagged(text, *ids):
    return [(f.rule.id, text[f.start:f.end]) for f in engine(*ids).check(text)]


def safe_fix(text, *ids):
    return engine(*ids).fix(text).text


def unsafe_fix(text, *ids):
    return engine(*ids).fix(text, unsafe=True).text


# -- MT501 doubled words --------------------------------------------------------------------------
def test_doubled_article_offsets_and_fix():
    text = "Officials said the the bridge would reopen."
    assert flagged(text, "MT501") == [("MT501", "the the")]
    assert safe_fix(text, "MT501") == "Officials said the bridge would reopen."


@pytest.mark.parametrize("text", [
    "He had had enough of the talks.",
    "She said that that decision was final.",
    "The problem is is that nobody came.",
    "Cao Cao and Han Han met in Walla Walla before flying to Bora Bora.",
    "The kids shouted bye bye, ha ha, and knock knock all afternoon.",
    "It was a very very long day, and the film was so so.",
    "The patient was brought in in a wheelchair.",
    "The crowd chanted ow ow ow as he fell.",
    "Whoosh whoosh. The water rose over the bridge.",
    "\"Help help me,\" she cried to the crowd.",
    "The report covered the\nthe first attack.",
])
def test_doubled_word_traps(text):
    assert flagged(text, "MT501") == []


def test_content_word_double_is_unsafe_only():
    text = "Crews repaired the power power line overnight."
    assert flagged(text, "MT501") == [("MT501", "power power")]
    assert safe_fix(text, "MT501") == text
    assert unsafe_fix(text, "MT501") == "Crews repaired the power line overnight."


def test_doubled_verb_is_never_deleted_safely():
    text = "People in the know know the shrine well."
    assert safe_fix(text, "MT501") == text


def test_word_salad_gets_no_safe_fix():
    salad = "Then of the in be is seeds of head the the car of for the in they he tube."
    assert safe_fix(salad, "MT501") == salad


def test_sentence_initial_double_keeps_capital():
    assert safe_fix("The the army said it had repelled the attack.", "MT501") == \
        "The army said it had repelled the attack."


# -- MT502 duplicated sentences -------------------------------------------------------------------
def test_duplicated_sentence_offsets_and_fix():
    text = "Power was restored on Friday. Power was restored on Friday. Schools reopened."
    found = engine("MT502").check(text)
    assert [(f.rule.id, text[f.start:f.end]) for f in found] == [("MT502", "Power was restored on Friday.")]
    assert found[0].start == text.index("Power", 5)
    assert safe_fix(text, "MT502") == "Power was restored on Friday. Schools reopened."


@pytest.mark.parametrize("text", [
    "\"We want peace. We want peace,\" the marchers chanted in the square.",
    "> They lie in wait under the sand for hours.\n> They lie in wait under the sand for hours.",
    "Floods cut off three villages in the north\nFloods cut off three villages in the north. Boats arrived.",
    "The army said 20 soldiers were killed on Monday. The army said 21 soldiers were killed on Monday.",
    "Too short. Too short.",
])
def test_duplicated_sentence_traps(text):
    assert flagged(text, "MT502") == []


def test_duplicated_paragraph():
    text = "Rescue teams worked through the night.\n\nRescue teams worked through the night.\n\nThe search goes on."
    assert safe_fix(text, "MT502") == "Rescue teams worked through the night.\n\nThe search goes on."


# -- MT401 source-script leftovers ----------------------------------------------------------------
def test_cyrillic_beside_its_translation_is_deleted():
    text = "Officials promised help to кожна every family in the town."
    assert flagged(text, "MT401") == [("MT401", "кожна")]
    assert safe_fix(text, "MT401") == "Officials promised help to every family in the town."


@pytest.mark.parametrize("text", [
    "The governor of Tokyo (東京) met Zelensky (Зеленський) in Kyiv.",
    "The song \"Червона калина\" became an anthem of the war.",
    "Слава Україні! Героям слава!",
    "Prime Minister Nguyễn Xuân Phúc visited the Škoda plant in Zürich and São Paulo.",
    "See https://uk.wikipedia.org/wiki/Київ for the history of the city.",
    "The Ukrainian word воля means freedom, and the *хата* is a village house.",
    "They ate a bowl of phở and bánh mì at the market for 50,000 đồng.",
])
def test_source_script_traps(text):
    assert flagged(text, "MT401") == []


def test_capitalised_cyrillic_and_cjk_are_unsafe():
    text = "The commander of Вагнер said the 祭り festival would go on."
    assert [r for r, _ in flagged(text, "MT401")] == ["MT401", "MT401"]
    assert safe_fix(text, "MT401") == text


# -- MT402 CJK punctuation ------------------------------------------------------------------------
def test_fullwidth_punctuation_spacing():
    text = "The plan was approved，but critics objected（see below）：it costs too much！"
    assert safe_fix(text, "MT402") == "The plan was approved, but critics objected (see below): it costs too much!"


def test_duplicate_full_stop_after_ellipsis():
    assert safe_fix("He paused... 。 Then he left.", "MT402") == "He paused... Then he left."


def test_brackets_become_quotes_unsafely():
    text = "The candy comes from〈HIGASHIYA〉in Ginza."
    assert flagged(text, "MT402") == [("MT402", "〈HIGASHIYA〉")]
    assert safe_fix(text, "MT402") == text
    assert unsafe_fix(text, "MT402") == "The candy comes from \"HIGASHIYA\" in Ginza."


def test_curly_article_gets_curly_quotes():
    text = "She called it “home”. The shop「Toraya」sells sweets."
    assert unsafe_fix(text, "MT402") == "She called it “home”. The shop “Toraya” sells sweets."


@pytest.mark.parametrize("text", [
    "東京都は、新しい計画を発表しました。",
    "The magazine \"BE・LOVE\" ran the manga.",
    "Highlights: ・Snow fell in Tokyo. ・I found a new job.",
])
def test_cjk_punctuation_traps(text):
    assert flagged(text, "MT402") == []


def test_masked_regions_are_never_edited():
    from cleanup.segment.document import Document

    text = "Code `a，b（c）` stays，but prose is fixed."
    eng = Engine([x for x in builtin_rules() if x.rule.id in FAMILY],
                 document_factory=lambda t, path: Document(t, path, masked=[(t.index("`"), t.rindex("`") + 1)]))
    assert [text[f.start:f.end] for f in eng.check(text)] == ["，"]
    assert eng.fix(text).text == "Code `a，b（c）` stays, but prose is fixed."


# -- MT601 encoding damage ------------------------------------------------------------------------
def test_mojibake_minimal_edits():
    text = "itâ€™s a short walk to the CafÃ© in ZÃ¼rich."
    found = engine("MT601").check(text)
    assert [text[f.start:f.end] for f in found] == ["â€™", "Ã©", "Ã¼"]
    assert all(len(e.replacement) == 1 for f in found for e in f.fix.edits)
    assert safe_fix(text, "MT601") == "it’s a short walk to the Café in Zürich."


def test_mojibake_traps_and_urls():
    clean = "Renée’s Škoda cost €5 million in Zürich, the Ångström lab said “no”."
    assert flagged(clean, "MT601") == []
    url = "See www.exÃ©mple.com for details."
    assert flagged(url, "MT601") == []


def test_clean_text_never_imports_ftfy(monkeypatch):
    monkeypatch.setitem(sys.modules, "ftfy", None)  # importing it now would raise
    assert flagged("A clean text with curly “quotes” and Zürich.", "MT601") == []


# -- MT203 name spelling --------------------------------------------------------------------------
def test_minority_spelling_flagged():
    text = ("Valentina Matviyenko opened the session. Later Matviyenko met the envoy, "
            "and Matvienko said talks would go on. Matviyenko left.")
    assert flagged(text, "MT203") == [("MT203", "Matvienko")]
    assert safe_fix(text, "MT203") == text
    assert "Matvienko" not in unsafe_fix(text, "MT203")


@pytest.mark.parametrize("text", [
    "Troops from Austria and Australia met. Later Austria sent more, and Australia agreed with Austria.",
    "Boris Johnson met Johnson's aide. Johnson then met Andrew Johnston.",
    "Germany sent tanks. Germany and its German allies said Germany would help.",
    "Igor Ivanov and Maria Ivanova met. Ivanov spoke, and Ivanov left.",
    "Zelensky met Zelenskyy's aides. Zelensky spoke.",  # names.yaml: MT202's job
    "Serhiy Kyslytsya spoke. Serhiy Kyslytsya left. Later Serhii Nykyforov said no.",
    "Coal from Shanxi and Shaanxi rose. Shanxi mines and Shanxi plants closed.",
])
def test_name_spelling_traps(text):
    assert flagged(text, "MT203") == []


# -- all together ---------------------------------------------------------------------------------
ARTICLE = ("Officials said the the bridge would reopen. Aid will reach кожна every family in the region，"
           "said the mayor（in a statement）.\n\nitâ€™s a long road. The road is long and hard. "
           "The road is long and hard.\n")


def test_fix_is_idempotent_and_complete():
    once = safe_fix(ARTICLE)
    assert once == ("Officials said the bridge would reopen. Aid will reach every family in the region, "
                    "said the mayor (in a statement).\n\nit’s a long road. The road is long and hard.\n")
    assert safe_fix(once) == once
    assert [f for f in engine().check(once) if f.fix and f.fix.applicability == "safe"] == []
