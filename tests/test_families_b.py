"""Issue 3 families on real-looking text: punctuation spacing (MT104, MT301-303), quotes (MT310, MT311)
and locale leftovers (MT701-703). Beyond the YAML examples: traps, exact offsets, idempotent fixes, the
seed article, URLs."""
from pathlib import Path

import pytest

from cleanup.engine import Engine
from cleanup.rulepacks import builtin_rules

IDS = ("MT104", "MT301", "MT302", "MT303", "MT310", "MT311", "MT701", "MT702", "MT703")
SEED = Path(__file__).resolve().parent.parent / "fixtures" / "seed" / "article.txt"


def engine(*ids):
    ids = ids or IDS
    return Engine([s for s in builtin_rules() if s.rule.id in ids])


def found(text, *ids):
    return [(f.rule.id, text[f.start:f.end]) for f in engine(*ids).check(text)]


def fixed(text, *ids, unsafe=False):
    return engine(*ids).fix(text, unsafe=unsafe).text


def test_all_rules_are_declared():
    have = {s.rule.id for s in builtin_rules()}
    assert set(IDS) <= have
    for s in builtin_rules():
        if s.rule.id in IDS:
            assert s.rule.description and s.rule.examples


def test_seed_article_gives_no_finding():
    text = SEED.read_text(encoding="utf-8")
    assert engine().check(text) == []


# -- MT104 missing space after a sentence end ------------------------------------------------------------
def test_mt104_offsets_and_fix():
    text = "Repairs have been made.However, the line is closed. Is it a foreigner?I am not sure."
    fs = engine("MT104").check(text)
    assert [(text[f.start:f.end], f.start) for f in fs] == [(".", 22), ("?", 69)]
    assert fixed(text, "MT104") == "Repairs have been made. However, the line is closed. Is it a foreigner? I am not sure."


@pytest.mark.parametrize("text", [
    "Growth was 3.5 percent in v2.1 and 10.30 in the U.S. economy.",
    "Use e.g. Node.js, ASP.NET or the.Net runtime and Papyrus.Net Script.",
    "J.R.R. Tolkien and a Ph.D. student met at No.5 and the U.S.Army base.",
    "Open report.PDF or config.Json and call System.GetType() in C#.",
    "Visit example.com or Amazon.Com and mail bob.Smith@example.org today; see index.php?Page=2.",
    "The brand Yahoo!News and WoW!Korea reported it.",
])
def test_mt104_traps(text):
    assert found(text, "MT104") == []


# -- MT301 space before punctuation ---------------------------------------------------------------------
def test_mt301_fixes_and_offsets():
    text = "Russia lost a tank , three armored vehicles and a truck. Will they attack on Monday ? Or later ?"
    fs = engine("MT301").check(text)
    assert [text[f.start:f.end] for f in fs] == [" ", " ", " "]
    assert [text[f.end] for f in fs] == [",", "?", "?"]
    assert fixed(text, "MT301") == ("Russia lost a tank, three armored vehicles and a truck. "
                                    "Will they attack on Monday? Or later?")


@pytest.mark.parametrize("text", [
    "He said: « Vous êtes sûr ? » and « Non ! » in French.",
    "The answer was ... nothing. Wait . . . what? Great :) See you ;-) or :D",
    "The match ended 2 : 1 at 10 : 30 local time.",
    "He owned a .45 caliber gun and a .NET app.",
    "■Numa : A pachinko trap. ■E Card : a card game.",
    "Items:\n1 . First\na . second",
])
def test_mt301_traps(text):
    assert found(text, "MT301") == []


# -- MT302 doubled punctuation ----------------------------------------------------------------------------
def test_mt302_fixes():
    assert fixed("Tools, nails etc.. that builders need,, and more;; ok?. Yes,. It was done., then", "MT302") == \
        "Tools, nails etc. that builders need, and more; ok? Yes. It was done, then"


@pytest.mark.parametrize("text", [
    "Wait... what?! No!! Really?? Fine...... ok.",
    "Sony Co., Ltd., the U.S., Apple Inc., approx., etc., et al., at 10 a.m., Jr., were there.",
    "I wish I could understand.. You know what I mean.",
    "x = value?.length; for(;;) {} cd ../dir",
])
def test_mt302_traps(text):
    assert found(text, "MT302") == []


# -- MT303 missing space after a comma -------------------------------------------------------------------
def test_mt303_fix_and_offset():
    text = "Russia lost tanks,three armored vehicles."
    (f,) = engine("MT303").check(text)
    assert (f.start, text[f.start:f.end]) == (17, ",")
    assert fixed(text, "MT303") == "Russia lost tanks, three armored vehicles."


def test_mt303_traps():
    assert found("They fired 1,500 rounds; 3,5 million; x,y; N,N-dimethyl; USA,UK; 東京,大阪.", "MT303") == []


# -- MT310 mixed quotes ----------------------------------------------------------------------------------
def test_mt310_straight_in_curly_article_gets_direction_from_position():
    text = ("“We will fight back,” he said. “We know what they plan.” “Yes.” “No.” “Maybe.”\n"
            "Then he added: \"Wait for the tanks.\" And (\"soon\") they came.\n")
    fs = engine("MT310").check(text)
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
    assert found(text, "MT310") == []
    text = "Moscow’s plan, Kyiv’s answer, Russia’s army and the army's reply."
    assert fixed(text, "MT310") == "Moscow’s plan, Kyiv’s answer, Russia’s army and the army’s reply."


def test_mt310_no_clear_majority_flags_without_fix():
    text = '"Yes," he said. “No,” she said.'
    fs = engine("MT310").check(text)
    assert fs and all(f.fix is None for f in fs)
    assert fixed(text, "MT310") == text


def test_mt310_inch_and_prime_marks_are_not_quotes():
    text = "“He is 5'11\" tall,” she said. “The 12\" pizza,” at 50°27' north, “was cold.”"
    assert found(text, "MT310", "MT311") == []


def test_mt310_ambiguous_position_is_flagged_only():
    text = "“One,” he said. “Two,” she said. “Three,” they said. It was a\"b."
    (f,) = engine("MT310").check(text)
    assert text[f.start:f.end] == '"' and f.fix is None


# -- MT311 unbalanced quotes -----------------------------------------------------------------------------
def test_mt311_unclosed_and_unopened():
    text = "A police officer said, \"Search efforts will continue.\nHe added that it was over,\" the mayor said.\n"
    fs = engine("MT311").check(text)
    assert [f.start for f in fs] == [text.index('"'), text.rindex('"')]
    assert all(f.fix is None for f in fs)


def test_mt311_multi_paragraph_quotation_is_not_flagged():
    text = ("“The first part of a long quotation runs on.\n\n"
            "“The second part goes on.\n\n"
            "“The last part closes it,” he said.\n")
    assert found(text, "MT311") == []
    straight = text.replace("“", '"').replace("”", '"')
    assert found(straight, "MT311") == []


def test_mt311_doubled_quote_artifact_counts_once():
    assert found('The ""Communication Book"" of members and ""Kaiji"" series.', "MT311") == []


def test_mt311_low_opening_quote_pairs():
    assert found("The company „Gazprom“ said so.", "MT311") == []
    assert found('"A," "B," "C," "D" and „Gazprom“.', "MT310") == []


# -- locale ------------------------------------------------------------------------------------------------
def test_mt701_decimal_comma():
    text = "Ukraine received 3,5 million doses; inflation hit 12,75 percent, the ruble fell 2,5%."
    fs = engine("MT701").check(text)
    assert [(text[f.start - 1:f.end + 1]) for f in fs] == ["3,5", "2,7", "2,5"]
    assert fixed(text, "MT701") == "Ukraine received 3.5 million doses; inflation hit 12.75 percent, the ruble fell 2.5%."


@pytest.mark.parametrize("text", [
    "They fired 1,500 rounds and 12,000 people fled; $1,250 million was paid.",
    "Scores were 3,5 and 7; in 2019,20 percent voted; 1,234,5 million is garbled.",
    "Shares rose 1.5 percent to 3,100 points.",
])
def test_mt701_traps(text):
    assert found(text, "MT701") == []


def test_mt702_dotted_dates():
    text = "The attack began on 27.01.2023, the decree of 2022.12.31 and the order of 03.04.2023."
    fs = engine("MT702").check(text)
    assert [text[f.start:f.end] for f in fs] == ["27.01.2023", "2022.12.31", "03.04.2023"]
    assert [bool(f.fix) for f in fs] == [True, True, False]
    assert fixed(text, "MT702") == text  # unsafe only
    out = fixed(text, "MT702", unsafe=True)
    assert out == "The attack began on 27 January 2023, the decree of 31 December 2022 and the order of 03.04.2023."
    assert fs[0].fix.edits[0].replacement == " January "  # the day is kept, only ".01." changes


@pytest.mark.parametrize("text", [
    "Install 1.2.3 or v1.12.2020, see section 3.1.4, host 10.12.2020.1, at 10.30 on 31.02.2023.",
])
def test_mt702_traps(text):
    assert found(text, "MT702") == []


def test_mt703_dotted_thousands():
    text = "Gunners fired 1.500 rounds, and 12.000 Ukrainian soldiers and 2.300 civilians left."
    fs = engine("MT703").check(text)
    assert [text[f.start - 2:f.end + 3] for f in fs] == [" 1.500", "12.000", " 2.300"]
    assert fixed(text, "MT703") == text
    assert fixed(text, "MT703", unsafe=True) == \
        "Gunners fired 1,500 rounds, and 12,000 Ukrainian soldiers and 2,300 civilians left."


@pytest.mark.parametrize("text", [
    "It cost $1.500 and €2.500 people said; 1.500 alone; at 10.30 people met; v1.500.2 units.",
    "The rate was 3.5 people per household and 1.25 tons; 2.5000 tons.",
])
def test_mt703_traps(text):
    assert found(text, "MT703") == []


# -- everything together -----------------------------------------------------------------------------------
MESSY = ("Kyiv said the attack began on 27.01.2023 .Russia lost a tank , three trucks,and 1.500 rounds.It was "
         "3,5 million dollars,, the mayor said. “It's over,” he said. “Yes.” \"We will rebuild.\"\n"
         "See https://example.com/a,b?x=1.Next or www.site.org/Path ,x for details.\n")


def test_fix_is_idempotent_and_leaves_urls_alone():
    eng = engine()
    once = eng.fix(MESSY).text
    assert eng.fix(once).applied == []
    assert "https://example.com/a,b?x=1.Next" in once and "www.site.org/Path" in once
    assert "a tank, three trucks, and" in once and "rounds. It was 3.5 million dollars, the" in once
    assert "“We will rebuild.”" in once


def test_unsafe_fixes_converge():
    eng = engine()
    once = eng.fix(MESSY, unsafe=True).text
    assert "27 January 2023" in once and "1,500 rounds" in once
    assert eng.fix(once, unsafe=True).applied == []


def test_findings_never_touch_urls():
    text = "Read https://news.example.com/a?b=1,c=2 , or mail john.Doe@example.org ,ok?Fine."
    for f in engine().check(text):
        assert "example" not in text[f.start - 1:f.end + 1]
