"""Repetition (MT501 doubled words, MT502 repeated sentences, tails and paragraphs): the traps,
exact offsets, and which fixes are safe."""
import pytest

from conftest import fixed, flagged, rules_engine


# -- MT501 doubled words --------------------------------------------------------------------------
def test_doubled_article_offsets_and_fix():
    text = "Officials said the the bridge would reopen."
    assert flagged(text, "MT501") == [("MT501", "the the")]
    assert fixed(text, "MT501") == "Officials said the bridge would reopen."


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
    assert fixed(text, "MT501") == text
    assert fixed(text, "MT501", unsafe=True) == "Crews repaired the power line overnight."


def test_doubled_verb_is_never_deleted_safely():
    text = "People in the know know the shrine well."
    assert fixed(text, "MT501") == text


def test_word_salad_gets_no_fixed():
    salad = "Then of the in be is seeds of head the the car of for the in they he tube."
    assert fixed(salad, "MT501") == salad


def test_sentence_initial_double_keeps_capital():
    assert fixed("The the army said it had repelled the attack.", "MT501") == \
        "The army said it had repelled the attack."


# -- MT502 duplicated sentences -------------------------------------------------------------------
def test_duplicated_sentence_offsets_and_fix():
    text = "Power was restored on Friday. Power was restored on Friday. Schools reopened."
    found = rules_engine("MT502").check(text)
    assert [(f.rule.id, text[f.start:f.end]) for f in found] == [("MT502", "Power was restored on Friday.")]
    assert found[0].start == text.index("Power", 5)
    assert fixed(text, "MT502") == "Power was restored on Friday. Schools reopened."


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
    assert fixed(text, "MT502") == "Rescue teams worked through the night.\n\nThe search goes on."


def test_mt501_stranded_preposition_is_not_deleted_safely():
    # before a time phrase it is plainly grammatical: not flagged at all
    for text in ("It is the dog the neighbours have been looking for for three days.",
                 "It is the plan they had voted on on Monday."):
        assert flagged(text, "MT501") == [], text
    text = "It is the dog the neighbours have been looking for for their children."
    (f,) = rules_engine("MT501").check(text)
    assert f.fix.applicability == "unsafe" and fixed(text, "MT501") == text
    assert fixed("He went to the the market.", "MT501") == "He went to the market."
    assert fixed("She paid for for the tickets.", "MT501") == "She paid for the tickets."  # not after a verb form


def test_mt501_doubled_two_word_phrase():
    text = "The shop sells Small-sized Yokan Small-sized Yokan in gift boxes."
    (f,) = rules_engine("MT501").check(text)
    assert text[f.start:f.end] == "Small-sized Yokan Small-sized Yokan" and f.fix.applicability == "unsafe"
    assert fixed(text, "MT501", unsafe=True) == "The shop sells Small-sized Yokan in gift boxes."
    for text in ("The crowd chanted go go go go at the gate.", "They sang “hey you hey you” all night.",
                 "I called again and again and again until they answered.", "Prices rose more and more and more.",
                 "She walked faster and faster and at last ran.", "From time to time to be sure we checked.",
                 "It was ha ha ha ha all evening.", "He said bye now bye now bye now and left."):
        assert flagged(text, "MT501") == [], text


def test_mt501_this_this_is_grammatical():
    assert flagged("Maybe someone has tips to avoid this this time.", "MT501") == []
