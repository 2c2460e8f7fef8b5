"""Source-script leftovers (MT401) and CJK punctuation (MT402): deletions beside a translation,
names in their own script, English punctuation and spacing, masked regions."""
import pytest

from conftest import fixed, flagged, rules_engine


# -- MT401 source-script leftovers ----------------------------------------------------------------
def test_cyrillic_beside_its_translation_is_deleted():
    text = "Officials promised help to кожна every family in the town."
    assert flagged(text, "MT401") == [("MT401", "кожна")]
    assert fixed(text, "MT401") == "Officials promised help to every family in the town."


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
    assert fixed(text, "MT401") == text


# -- MT402 CJK punctuation ------------------------------------------------------------------------
def test_fullwidth_punctuation_spacing():
    text = "The plan was approved，but critics objected（see below）：it costs too much！"
    assert fixed(text, "MT402") == "The plan was approved, but critics objected (see below): it costs too much!"


def test_duplicate_full_stop_after_ellipsis():
    assert fixed("He paused... 。 Then he left.", "MT402") == "He paused... Then he left."


def test_brackets_become_quotes_unsafely():
    text = "The candy comes from〈HIGASHIYA〉in Ginza."
    assert flagged(text, "MT402") == [("MT402", "〈HIGASHIYA〉")]
    assert fixed(text, "MT402") == text
    assert fixed(text, "MT402", unsafe=True) == "The candy comes from \"HIGASHIYA\" in Ginza."


def test_curly_article_gets_curly_quotes():
    text = "She called it “home”. The shop「Toraya」sells sweets."
    assert fixed(text, "MT402", unsafe=True) == "She called it “home”. The shop “Toraya” sells sweets."


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
    eng = rules_engine("MT401", "MT402")
    eng.document_factory = lambda t, path: Document(t, path, masked=[(t.index("`"), t.rindex("`") + 1)])
    assert [text[f.start:f.end] for f in eng.check(text)] == ["，"]
    assert eng.fix(text).text == "Code `a，b（c）` stays, but prose is fixed."


def test_cjk_quotes_follow_the_same_quote_style_as_mt310():
    """Inch marks are not quotation marks for MT402 either: one article-wide quote style for both rules, so
    the quote MT402 writes never makes MT310 flag the fix's own output."""
    text = "The screen is 12\" wide and the stand 10\" tall. “We stay,” he said, and wrote 「go」 on the box.\n"
    engine = rules_engine()
    result = engine.fix(text, unsafe=True)
    assert "wrote “go” on the box" in result.text
    assert [f.rule.id for f in result.remaining] == []


def test_mt402_ideographic_stop_after_a_quotation_is_a_period():
    text = "The fair opened with the motto “learn and play”。 The crowds came."
    assert fixed(text, "MT402") == "The fair opened with the motto “learn and play”. The crowds came."
    assert fixed("He said “we are done.”。 Then he left.", "MT402") == "He said “we are done.” Then he left."


def test_mt401_cyrillic_lookalike_inside_a_latin_word_becomes_its_latin_twin():
    for bad, good in (("Troops left Mоscow on Monday and the army said so.",  # Cyrillic о
                       "Troops left Moscow on Monday and the army said so."),
                      ("Тhe army said it would stay in the city.", "The army said it would stay in the city."),
                      ("The tanks rolled into the сity of Kharkiv last week.",
                       "The tanks rolled into the city of Kharkiv last week."),
                      ("“We left Mоscow,” he said.", "“We left Moscow,” he said.")):
        (f,) = rules_engine("MT401").check(bad)
        assert f.fix.applicability == "safe" and fixed(bad, "MT401") == good
    # Cyrillic letters without a Latin twin glued to a Latin word: an unsafe delete of those letters only
    text = "The Kyivщина region voted on Monday."
    assert [f.fix.applicability for f in rules_engine("MT401").check(text)] == ["unsafe"]
    assert fixed(text, "MT401", unsafe=True) == "The Kyiv region voted on Monday."


def test_mt401_a_cyrillic_hashtag_is_a_name():
    for text in ("The post #перемога was shared by the mayor on Monday.",
                 "He wrote to @мер_києва about the bridge on Monday."):
        assert flagged(text, "MT401") == [], text


def test_mt401_a_leftover_beside_its_translation_inside_a_quotation():
    text = "“We will speak with our partners in кожна the coalition,” the minister said."
    assert fixed(text, "MT401") == "“We will speak with our partners in the coalition,” the minister said."
    # a name in its own script inside a quotation is still left alone
    assert flagged("“We met Зеленський in Kyiv,” the minister said.", "MT401") == []
