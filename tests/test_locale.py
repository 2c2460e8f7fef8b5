"""Locale leftovers (MT701 decimal comma, MT702 dotted date, MT703 dotted thousands)."""
import pytest

from conftest import fixed, flagged, rules_engine


# -- locale ------------------------------------------------------------------------------------------------
def test_mt701_decimal_comma():
    text = "Ukraine received 3,5 million doses; inflation hit 12,75 percent, the ruble fell 2,5%."
    fs = rules_engine("MT701").check(text)
    assert [(text[f.start - 1:f.end + 1]) for f in fs] == ["3,5", "2,7", "2,5"]
    assert fixed(text, "MT701") == ("Ukraine received 3.5 million doses; inflation hit 12.75 percent, "
                                    "the ruble fell 2.5%.")


@pytest.mark.parametrize("text", [
    "They fired 1,500 rounds and 12,000 people fled; $1,250 million was paid.",
    "Scores were 3,5 and 7; in 2019,20 percent voted; 1,234,5 million is garbled.",
    "Shares rose 1.5 percent to 3,100 points.",
])
def test_mt701_traps(text):
    assert flagged(text, "MT701") == []


def test_mt702_dotted_dates():
    text = "The attack began on 27.01.2023, the decree of 2022.12.31 and the order of 03.04.2023."
    fs = rules_engine("MT702").check(text)
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
    assert flagged(text, "MT702") == []


def test_mt703_dotted_thousands():
    text = "Gunners fired 1.500 rounds, and 12.000 Ukrainian soldiers and 2.300 civilians left."
    fs = rules_engine("MT703").check(text)
    assert [text[f.start - 2:f.end + 3] for f in fs] == [" 1.500", "12.000", " 2.300"]
    assert fixed(text, "MT703") == text
    assert fixed(text, "MT703", unsafe=True) == \
        "Gunners fired 1,500 rounds, and 12,000 Ukrainian soldiers and 2,300 civilians left."


@pytest.mark.parametrize("text", [
    "It cost $1.500 and €2.500 people said; 1.500 alone; at 10.30 people met; v1.500.2 units.",
    "The rate was 3.5 people per household and 1.25 tons; 2.5000 tons.",
])
def test_mt703_traps(text):
    assert flagged(text, "MT703") == []
