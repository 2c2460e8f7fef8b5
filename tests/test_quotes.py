"""Quotation marks (MT310 mixed styles, MT311 unbalanced): the article's majority, inch marks,
multi-paragraph quotations."""

from conftest import fixed, flagged, rules_engine


# -- MT310 mixed quotes ----------------------------------------------------------------------------------
def test_mt310_straight_in_curly_article_gets_direction_from_position():
    text = ("“We will fight back,” he said. “We know what they plan.” “Yes.” “No.” “Maybe.”\n"
            "Then he added: \"Wait for the tanks.\" And (\"soon\") they came.\n")
    fs = rules_engine("MT310").check(text)
    assert [text[f.start:f.end] for f in fs] == ['"'] * 4
    out = fixed(text, "MT310")
    assert out.endswith("Then he added: “Wait for the tanks.” And (“soon”) they came.\n")
    assert fixed(out, "MT310") == out


def test_mt310_curly_in_straight_article():
    text = '"Yes," he said. "No," she said. "Maybe," they said. “Never,” I said.'
    assert fixed(text, "MT310") == '"Yes," he said. "No," she said. "Maybe," they said. "Never," I said.'


def test_mt310_apostrophes_follow_their_own_majority():
    # Curly double quotes, straight apostrophes: apostrophes are counted separately and left alone.
    text = "“It's over,” he said. “We're done, and they're gone.” It's late."
    assert flagged(text, "MT310") == []
    text = "Moscow’s plan, Kyiv’s answer, Russia’s army and the army's reply."
    assert fixed(text, "MT310") == "Moscow’s plan, Kyiv’s answer, Russia’s army and the army’s reply."


def test_mt310_no_clear_majority_flags_without_fix():
    text = '"Yes," he said. “No,” she said.'
    fs = rules_engine("MT310").check(text)
    assert fs and all(f.fix is None for f in fs)
    assert fixed(text, "MT310") == text


def test_mt310_inch_and_prime_marks_are_not_quotes():
    text = "“He is 5'11\" tall,” she said. “The 12\" pizza,” at 50°27' north, “was cold.”"
    assert flagged(text, "MT310", "MT311") == []


def test_mt310_ambiguous_position_is_flagged_only():
    text = "“One,” he said. “Two,” she said. “Three,” they said. It was a\"b."
    (f,) = rules_engine("MT310").check(text)
    assert text[f.start:f.end] == '"' and f.fix is None


# -- MT311 unbalanced quotes -----------------------------------------------------------------------------
def test_mt311_unclosed_and_unopened():
    text = "A police officer said, \"Search efforts will continue.\nHe added that it was over,\" the mayor said.\n"
    fs = rules_engine("MT311").check(text)
    assert [f.start for f in fs] == [text.index('"'), text.rindex('"')]
    assert all(f.fix is None for f in fs)


def test_mt311_multi_paragraph_quotation_is_not_flagged():
    text = ("“The first part of a long quotation runs on.\n\n"
            "“The second part goes on.\n\n"
            "“The last part closes it,” he said.\n")
    assert flagged(text, "MT311") == []
    straight = text.replace("“", '"').replace("”", '"')
    assert flagged(straight, "MT311") == []


def test_mt311_doubled_quote_artifact_counts_once():
    assert flagged('The ""Communication Book"" of members and ""Kaiji"" series.', "MT311") == []


def test_mt311_low_opening_quote_pairs():
    assert flagged("The company „Gazprom“ said so.", "MT311") == []
    assert flagged('"A," "B," "C," "D" and „Gazprom“.', "MT310") == []
