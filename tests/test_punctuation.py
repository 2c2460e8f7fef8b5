"""Punctuation spacing (MT104, MT301, MT302, MT303): fixes, exact offsets and the traps beyond the
YAML examples."""
import pytest

from conftest import fixed, flagged, rules_engine


# -- MT104 missing space after a sentence end ------------------------------------------------------------
def test_mt104_offsets_and_fix():
    text = "Repairs have been made.However, the line is closed. Is it a foreigner?I am not sure."
    fs = rules_engine("MT104").check(text)
    assert [(text[f.start:f.end], f.start) for f in fs] == [(".", 22), ("?", 69)]
    assert fixed(text, "MT104") == ("Repairs have been made. However, the line is closed. Is it a foreigner? "
                                    "I am not sure.")


@pytest.mark.parametrize("text", [
    "Growth was 3.5 percent in v2.1 and 10.30 in the U.S. economy.",
    "Use e.g. Node.js, ASP.NET or the.Net runtime and Papyrus.Net Script.",
    "J.R.R. Tolkien and a Ph.D. student met at No.5 and the U.S.Army base.",
    "Open report.PDF or config.Json and call System.GetType() in C#.",
    "Visit example.com or Amazon.Com and mail bob.Smith@example.org today; see index.php?Page=2.",
    "The brand Yahoo!News and WoW!Korea reported it.",
])
def test_mt104_traps(text):
    assert flagged(text, "MT104") == []


# -- MT301 space before punctuation ---------------------------------------------------------------------
def test_mt301_fixes_and_offsets():
    text = "Russia lost a tank , three armored vehicles and a truck. Will they attack on Monday ? Or later ?"
    fs = rules_engine("MT301").check(text)
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
    assert flagged(text, "MT301") == []


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
    assert flagged(text, "MT302") == []


# -- MT303 missing space after a comma -------------------------------------------------------------------
def test_mt303_fix_and_offset():
    text = "Russia lost tanks,three armored vehicles."
    (f,) = rules_engine("MT303").check(text)
    assert (f.start, text[f.start:f.end]) == (17, ",")
    assert fixed(text, "MT303") == "Russia lost tanks, three armored vehicles."


def test_mt303_traps():
    assert flagged("They fired 1,500 rounds; 3,5 million; x,y; N,N-dimethyl; USA,UK; 東京,大阪.", "MT303") == []


def test_mt104_dotted_brand_names_are_not_glued_sentences():
    text = "She ordered a Yandex.Taxi, paid with Yandex.Money and registered in Diia.City last year."
    assert flagged(text, "MT104") == []
    assert fixed("They met in Moscow.The deal was signed.", "MT104") == "They met in Moscow. The deal was signed."
    assert fixed("The court heard that Mr.Lu had paid.", "MT104") == "The court heard that Mr. Lu had paid."
