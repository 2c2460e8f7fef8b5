"""All detectors on one messy text: fixes converge, are idempotent, and never touch URLs; the seed
article gives none of these findings."""
from conftest import SEED, fixed, rules_engine

SPACING_QUOTES_LOCALE = ("MT104", "MT301", "MT302", "MT303", "MT310", "MT311", "MT313", "MT316", "MT701", "MT702",
                         "MT703")
REPETITION_SCRIPT_ENCODING_NAMES = ("MT501", "MT502", "MT401", "MT402", "MT601", "MT203")


def test_seed_article_has_no_spacing_quote_or_locale_finding():
    assert rules_engine(*SPACING_QUOTES_LOCALE).check(SEED.read_text(encoding="utf-8")) == []


MESSY = ("Kyiv said the attack began on 27.01.2023 .Russia lost a tank , three trucks,and 1.500 rounds.It was "
         "3,5 million dollars,, the mayor said. “It's over,” he said. “Yes.” \"We will rebuild.\"\n"
         "See https://example.com/a,b?x=1.Next or www.site.org/Path ,x for details.\n")


def test_fix_is_idempotent_and_leaves_urls_alone():
    eng = rules_engine(*SPACING_QUOTES_LOCALE)
    once = eng.fix(MESSY).text
    assert eng.fix(once).applied == []
    assert "https://example.com/a,b?x=1.Next" in once and "www.site.org/Path" in once
    assert "a tank, three trucks, and" in once and "rounds. It was 3.5 million dollars, the" in once
    assert "“We will rebuild.”" in once


def test_unsafe_fixes_converge():
    eng = rules_engine(*SPACING_QUOTES_LOCALE)
    once = eng.fix(MESSY, unsafe=True).text
    assert "27 January 2023" in once and "1,500 rounds" in once
    assert eng.fix(once, unsafe=True).applied == []


def test_findings_never_touch_urls():
    text = "Read https://news.example.com/a?b=1,c=2 , or mail john.Doe@example.org ,ok?Fine."
    for f in rules_engine(*SPACING_QUOTES_LOCALE).check(text):
        assert "example" not in text[f.start - 1:f.end + 1]


ARTICLE = ("Officials said the the bridge would reopen. Aid will reach кожна every family in the region，"
           "said the mayor（in a statement）.\n\nitâ€™s a long road. The road is long and hard. "
           "The road is long and hard.\n")


def test_fix_is_idempotent_and_complete():
    once = fixed(ARTICLE, *REPETITION_SCRIPT_ENCODING_NAMES)
    assert once == ("Officials said the bridge would reopen. Aid will reach every family in the region, "
                    "said the mayor (in a statement).\n\nit’s a long road. The road is long and hard.\n")
    assert fixed(once, *REPETITION_SCRIPT_ENCODING_NAMES) == once
    left = rules_engine(*REPETITION_SCRIPT_ENCODING_NAMES).check(once)
    assert [f for f in left if f.fix and f.fix.applicability == "safe"] == []
