"""Quotation marks: MT310 malformed pairs, MT311 misplaced marks, MT317 quotations beyond the paragraph,
MT316 minority style (opt-in): the article's majority, inch marks, multi-paragraph quotations."""

from conftest import fixed, flagged, rules_engine


# -- MT310 malformed pairs ------------------------------------------------------------------------------
def test_mt310_a_pair_of_two_styles_is_made_curly_as_an_unsafe_fix():
    text = ("“We will fight back,” he said. “We know what they plan.” “Yes.” “No.”\n"
            "Then he added: “Wait for the tanks.\" And \"soon” they came.\n")
    found = rules_engine("MT310").check(text)
    assert [(text[f.start:f.end], f.fix.applicability) for f in found] == [('"', "unsafe"), ('"', "unsafe")]
    assert fixed(text, "MT310") == text  # which style the article wants is the editor's call
    out = fixed(text, "MT310", unsafe=True)
    assert out.endswith("Then he added: “Wait for the tanks.” And “soon” they came.\n")
    assert fixed(out, "MT310", unsafe=True) == out
    # in an article of straight quotes too: the pair's curly mark says which style was meant
    assert fixed('"Yes," he said. "No," she said. "Maybe," they said. “Never," I said.', "MT310", unsafe=True) == \
        '"Yes," he said. "No," she said. "Maybe," they said. “Never,” I said.'
    # with MT316 selected (one style for the article), the clear majority, safely
    assert fixed('"Yes," he said. "No," she said. "Maybe," they said. “Never," I said.', "MT310", "MT316") == \
        '"Yes," he said. "No," she said. "Maybe," they said. "Never," I said.'


def test_mt310_a_mark_turned_the_wrong_way_is_turned():
    text = "The ”best player” award went to her. “It was a surprise,” she said. The “top scorer“ prize too."
    assert flagged(text, "MT310") == [("MT310", "”"), ("MT310", "“")]
    assert fixed(text, "MT310") == ("The “best player” award went to her. “It was a surprise,” she said. "
                                    "The “top scorer” prize too.")
    # in an article of straight quotes too: the pair keeps its own (curly) style, only the direction is wrong
    text = '"Yes," he said. "No," she said. The ”best player” award. "Maybe," they said.'
    assert fixed(text, "MT310") == '"Yes," he said. "No," she said. The “best player” award. "Maybe," they said.'


def test_mt310_a_well_formed_pair_in_the_minority_style_is_mt316s():
    """Style alone (a well-formed "Yes," in an article of curly quotes) is a preference: MT316, opt-in."""
    text = ("“We will fight back,” he said. “We know what they plan.” “Yes.” “No.” “Maybe.”\n"
            "Then he added: \"Wait for the tanks.\" And (\"soon\") they came.\n")
    assert flagged(text, "MT310") == []
    fs = rules_engine("MT316").check(text)
    assert [text[f.start:f.end] for f in fs] == ['"'] * 4
    out = fixed(text, "MT316")
    assert out.endswith("Then he added: “Wait for the tanks.” And (“soon”) they came.\n")
    assert fixed(out, "MT316") == out
    text = '"Yes," he said. "No," she said. "Maybe," they said. “Never,” I said.'
    assert fixed(text, "MT316") == '"Yes," he said. "No," she said. "Maybe," they said. "Never," I said.'


def test_mt310_apostrophes_follow_their_own_majority():
    # Curly double quotes, straight apostrophes: apostrophes are counted separately and left alone.
    text = "“It's over,” he said. “We're done, and they're gone.” It's late."
    assert flagged(text, "MT310", "MT313", "MT316") == []
    text = "Moscow’s plan, Kyiv’s answer, Russia’s army and the army's reply."
    assert flagged(text, "MT310") == []  # apostrophes are MT313's (opt-in): a house style, not an artifact
    assert fixed(text, "MT313") == "Moscow’s plan, Kyiv’s answer, Russia’s army and the army’s reply."


def test_mt316_no_clear_majority_flags_without_fix():
    text = '"Yes," he said. “No,” she said.'
    fs = rules_engine("MT316").check(text)
    assert fs and all(f.fix is None for f in fs)
    assert fixed(text, "MT316") == text


def test_mt310_inch_and_prime_marks_are_not_quotes():
    text = "“He is 5'11\" tall,” she said. “The 12\" pizza,” at 50°27' north, “was cold.”"
    assert flagged(text, "MT310", "MT311", "MT316", "MT317") == []
    # a title that ends in a digit is still a quotation when the paragraph balances that way only
    text = 'The center hosted its "June 1" party. "The event is for children," she said.'
    assert flagged(text, "MT310", "MT311", "MT316", "MT317") == []


def test_mt316_ambiguous_position_is_flagged_only():
    text = "“One,” he said. “Two,” she said. “Three,” they said. It was a\"b."
    (f,) = rules_engine("MT316").check(text)
    assert text[f.start:f.end] == '"' and f.fix is None


# -- MT311 misplaced marks, MT317 quotations beyond the paragraph ----------------------------------------
def test_mt311_misplaced_marks():
    for text, mark in (("The coach gave a \"blanket praise to every player after the game.", '"'),
                       ("Refugees waited on the Belarus\" border with Poland.", '"'),
                       ("Pay attention to the cold. \" How can we see more meteors?", '"'),
                       ("It is the main reason she cannot leave, \"Andrea answered on Instagram.", '"'),
                       ("That is our top priority. ” Luo also called on the world to act.", "”"),
                       ("“We must act now,” he said.\" The next day the summit opened.", '"')):
        assert flagged(text, "MT311", "MT317") == [("MT311", mark)], text


def test_mt317_a_quotation_whose_other_end_may_be_in_another_paragraph():
    """A closing mark ending an utterance, an opening mark starting one: the partner may be in another
    paragraph (or missing): MT317, which text cut into segments can leave out."""
    for text, mark in (("We did not pay anyone in this context,\" said the owner. The talks went on.", '"'),
                       ("The best news is that the numbers are stable,” the president of the council said.", "”"),
                       ("Seeing the fans on the roller coaster confirms this,” said the park's owner.", "”"),
                       ("A call last week changed his mind: “I was deeply saddened to learn of it.", "“"),
                       ("He said, \"maybe some of you are afraid of the cost.", '"'),
                       ("The government believes that “for a long time the rules were unfair.", "“"),
                       ("“Last year, people were impressed by the show.", "“")):
        assert flagged(text, "MT311", "MT317") == [("MT317", mark)], text
    text = ("A police officer said, \"Search efforts will continue.\nThe river rose.\n"
            "He added that it was over,\" the mayor said.\n")
    fs = rules_engine("MT317").check(text)
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


def test_mt311_nested_same_style_quotation_is_balanced():
    assert flagged("“He said the word “war” is banned,” she said.", "MT311") == []
    assert flagged('"Our guide called it "the old road" for years," the driver said.', "MT311") == []
    # a mark turned the wrong way still leaves the quotation open
    text = "He asked: “Is the ferry late? “ Nobody knew."
    assert flagged(text, "MT311", "MT317") == [("MT317", "“"), ("MT311", "“")]


def test_mt311_quotation_closing_in_the_next_paragraph():
    text = ("The harbour master said: “The storm took the pier and the two sheds\n"
            "and most of the boats we had,” and walked away.\n")
    assert flagged(text, "MT311") == []
    # the next paragraph closes it only with its first mark
    text = "He said: “The storm took the pier.\nThe “sheds” were gone,” he said.\n"
    assert flagged(text, "MT311", "MT317") == [("MT317", "“"), ("MT317", "”")]


# -- MT314 / MT315 quote spacing ------------------------------------------------------------------------
def test_quote_spacing():
    assert fixed('The mayor said, " we will rebuild the bridge."', "MT314") == \
        'The mayor said, "we will rebuild the bridge."'
    assert fixed("The mayor said: “ we will rebuild it.”", "MT314") == "The mayor said: “we will rebuild it.”"
    assert fixed('"We have no choice now. "\nThe talks ended.', "MT314") == '"We have no choice now."\nThe talks ended.'
    assert fixed('"Never again!"he said after the vote.', "MT315") == '"Never again!" he said after the vote.'
    # a spaced mark that may close a quotation, German-style closing marks, inches: left alone
    for text in ("It is the test of our time. “ The mayor left.", "“The best player I know,“ said the coach.",
                 'The screen is 12" wide and the mayor said "yes" to it.'):
        assert flagged(text, "MT314", "MT315") == [], text


# -- MT312 doubled quotes ---------------------------------------------------------------------------------
def test_mt312_inner_and_outer_quotation_closing_together_keep_both_marks():
    text = 'The guide said: "Traders call the river mouth "delta,"" and walked on.'
    assert flagged(text, "MT312") == []
    assert fixed('They said ""we won"" and left, then ""again"".', "MT312") == \
        'They said "we won" and left, then "again".'
    # a doubled mark with no partner on its line is still one mark too many
    assert fixed('The coach said, ""We played well.\nThe fans agreed.', "MT312") == \
        'The coach said, "We played well.\nThe fans agreed.'
