"""fix() detects again only around the lines its edits touched (cleanup/redetect.py): the result must be
exactly what detecting the whole text in every round gives.

Compared: the fixed text, every applied finding (rule, offsets, line/column, message, fix) and every
remaining finding; on generated articles (hypothesis), on hand-made cases for the rules that read beyond
their own paragraph or the whole article, and on the real MT corpus when it sits beside the checkout.
"""
from __future__ import annotations

import random
import textwrap

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cleanup.engine import Engine
from cleanup.rulepacks import builtin_rules
from cleanup.segment import make_document
from conftest import SHARED, needs_shared
from strategies import RANDOM_TEXT, english, scaled, soup

ENGINE = Engine(builtin_rules(), None, make_document)
CORPUS = SHARED / "corpora" / "wmt22-ja-en"


def _report(result):
    return (result.text, [f.to_json() for f in result.applied], [f.to_json() for f in result.remaining],
            result.passes)


def assert_same_as_full(text: str, path: str = "article.txt", unsafe: bool = False):
    inc = ENGINE.fix(text, path, unsafe=unsafe)
    full = ENGINE.fix(text, path, unsafe=unsafe, incremental=False)
    assert _report(inc) == _report(full)
    return inc


def lines(*ls: str) -> str:
    return "\n".join(ls) + "\n"


FILLER = ["The army said it had repelled the attack on the city.",
          "Officials in the region said talks went well on Monday.",
          "They were seen on Tuesday near the border, he added.",
          "Weapons that will help regain control of parts of the country arrived."]


def article(n: int, seed: int = 0) -> list[str]:
    """``n`` clean paragraphs, no two alike (a repeated paragraph is an artifact of its own)."""
    rnd = random.Random(seed)
    return [f"{rnd.choice(FILLER)[:-1]} in report {seed}-{i}." for i in range(n)]


# -- generated text -----------------------------------------------------------------------------------
@settings(max_examples=scaled(60))
@given(st.lists(st.one_of(english(), english(), soup()), min_size=1, max_size=8).map("\n".join))
def test_generated_articles(text):
    assert_same_as_full(text)


@settings(max_examples=scaled(20))
@given(st.lists(st.one_of(english(), RANDOM_TEXT), min_size=1, max_size=6).map("\n".join), st.booleans())
def test_generated_articles_unsafe(text, unsafe):
    assert_same_as_full(text, unsafe=unsafe)


# -- the rounds really are incremental ------------------------------------------------------------------
def test_later_rounds_detect_only_touched_lines():
    body = article(200)
    body[50] = "It can only stop them. by force, the army said."
    body[120] = "The talks. via. If Moscow agrees, the war ends."
    result = assert_same_as_full(lines(*body))
    assert result.passes == 1 and result.full_detections == 1


def test_a_second_round_is_incremental_too():
    # Removing "via." leaves "this month.  If" for MT301-style spacing only after the first round.
    body = article(60, seed=1)
    body[10] = "The fighting went on this month. via. If Moscow agrees, the war ends."
    body[30] = "It rained. and and the roads flooded."
    result = assert_same_as_full(lines(*body))
    assert result.full_detections == 1


# -- rules that read a neighbouring paragraph ----------------------------------------------------------
def test_paragraph_repeated_after_an_edited_one():
    para = "The army said it had repelled the attack on the city of Kharkiv."
    text = lines(*article(5), "The army said it had repelled the attack on the city of Kharkiv .", para,
                 *article(5, 2))
    result = assert_same_as_full(text)
    assert result.text.count(para) == 1  # the space fixed, the two paragraphs are the same: one goes


def test_paragraph_repeated_before_an_edited_one():
    para = "The army said it had repelled the attack on the city of Kharkiv."
    text = lines(*article(5), para, para, "It rained. and the roads flooded.", *article(5, 3))
    assert_same_as_full(text)


def test_quotation_running_into_an_edited_paragraph():
    text = lines(*article(4), "He said: “We will hold the line,", "“and we will not retreat ,” he added.",
                 *article(4, 4))
    assert_same_as_full(text)
    text = lines(*article(4), "He said: “We will hold the line ,", "and we will not retreat.", *article(4, 4))
    assert_same_as_full(text)


# -- article-wide verdicts -------------------------------------------------------------------------------
def test_name_variants_fixed_in_the_first_round():
    body = article(40, seed=5)
    body[3] = "Troops left Kyiv on Monday."
    body[9] = "Troops returned to Kyiv on Tuesday."
    body[20] = "The mayor of Kiev said so ."
    result = assert_same_as_full(lines(*body))
    assert "Kiev" not in result.text


def test_house_forms_that_a_fix_removes_cost_no_full_detection():
    """A round that removes the last variant of a house form ("Kiev") or the only use of one ("Volodymyr
    Zelenskyy", made "Volodymyr Zelensky" by MT202) changes no finding: incremental, and the same result."""
    body = article(30, seed=15)
    body[3] = "Troops left Kyiv on Monday, and Volodymyr Zelensky spoke of Kiev's defence."
    body[9] = "Volodymyr Zelensky said Zelensky would go. Volodymyr Zelenskyy said it again."
    body[20] = "Volodymyr Zelensky was in Kyiv. Later Kiev fell quiet. by force, he said."
    result = assert_same_as_full(lines(*body))
    assert "Kiev" not in result.text and "Zelenskyy" not in result.text
    assert result.passes >= 1 and result.full_detections == 1


def test_name_variants_tied():
    body = article(40, seed=6)
    body[3] = "Troops left Kiev on Monday ."
    body[20] = "The mayor of Kyiv said so ."
    assert_same_as_full(lines(*body))


def test_quote_style_fixed_in_the_first_round():
    body = article(30, seed=7)
    for i in (2, 5, 8, 11):
        body[i] = "He said “we stay” and left."
    body[20] = 'She said "we go" and left .'
    result = assert_same_as_full(lines(*body))
    assert '"' not in result.text


def test_quote_style_that_a_fix_tips_over():
    body = article(30, seed=8)
    body[2] = "He said “we stay” and left."
    body[5] = 'She said "we go" and left.'
    body[8] = 'They said "we wait" and left. and and stayed.'
    assert_same_as_full(lines(*body))


def test_spellings_of_a_name_near_an_edit():
    body = article(40, seed=9)
    for i in (1, 6, 11, 16):
        body[i] = "The speaker Matviyenko said the talks went well."
    body[25] = "The speaker Matvienko said so . and and left."
    result = assert_same_as_full(lines(*body))
    assert any(f.rule.id == "MT203" for f in result.remaining)


def test_a_fix_that_makes_a_name_capitalised():
    body = article(30, seed=10)
    body[4] = "Kovalenko spoke first."
    body[8] = "Kovalenko spoke again."
    body[12] = "It rained. kovalenko said nothing."
    assert_same_as_full(lines(*body))


# -- layout -----------------------------------------------------------------------------------------
@pytest.mark.parametrize("brk", ["\n", "\r\n", "\r"])
def test_line_breaks_and_edges(brk):
    body = ["It can only stop them. by force, he said .", *article(6, 11), "The end. via. Then more ,"]
    assert_same_as_full(brk.join(body))  # edits on the first and last line, no final line break
    assert_same_as_full(brk.join(body) + brk)


def test_blank_lines_between_paragraphs():
    body = []
    for i, line in enumerate(article(20, 12)):
        body += [line, ""] if i % 3 else [line + " and and the rest .", "", ""]
    assert_same_as_full(lines(*body))


WRAPPED = ("The army said it had repelled the attack on the city according\nto officials in the "
           "region . They were seen on Monday and\nTuesday while talks went well. by force.\n")


@pytest.mark.parametrize("brk", ["\n", "\r\n"])
def test_hard_wrapped_text_is_incremental_too(brk):
    blocks = [textwrap.fill(f"{line} It rained, and and the roads flooded in report {i}." if i % 4 == 1 else line, 60)
              for i, line in enumerate(article(24, 13))]
    text = ("\n\n".join(blocks) + "\n").replace("\n", brk)
    from cleanup.segment.document import Document
    assert Document(text).hard_wrapped
    result = assert_same_as_full(text)
    assert result.passes >= 1 and result.full_detections == 1
    assert_same_as_full(WRAPPED * 3)  # blocks with no blank line between them: one long paragraph


def test_a_blank_line_filled_joins_two_wrapped_paragraphs():
    blocks = [textwrap.fill(line, 50) for line in article(10, 14)]
    text = "\n\n".join(blocks[:5]) + "\n \n" + "\n\n".join(blocks[5:]) + "\n"  # a blank line holding a space
    assert_same_as_full(text)
    assert_same_as_full(text.replace("\n \n", "\n , \n"))  # an edit on the line between two blocks


@settings(max_examples=scaled(30))
@given(st.lists(english(), min_size=2, max_size=8), st.integers(30, 70), st.sampled_from(["\n", "\r\n", "\r"]))
def test_generated_hard_wrapped_articles(articles, width, brk):
    paras = [p for a in articles for p in a.replace("\r\n", "\n").replace("\r", "\n").split("\n") if p.strip()]
    text = ("\n\n".join(textwrap.fill(p, width) for p in paras) + "\n").replace("\n", brk)
    assert_same_as_full(text)


def test_markdown_is_detected_in_full():
    md = "# Title\n\nThe army said so . And `code .` stays.\n\nIt rained. by noon.\n"
    result = assert_same_as_full(md, "article.md")
    assert result.full_detections == result.passes + 1


# -- the real corpus ----------------------------------------------------------------------------------
@pytest.mark.skipif(not CORPUS.is_dir(), reason=needs_shared("corpora/wmt22-ja-en"))
def test_corpus_documents_and_long_concatenations():
    texts = [p.read_text(encoding="utf-8") for p in sorted(CORPUS.rglob("*.txt"))]
    incremental_rounds = 0
    for text in texts:
        result = assert_same_as_full(text)
        incremental_rounds += result.passes + 1 - result.full_detections
    random.Random(10).shuffle(texts)
    pool = "\n".join(t.rstrip("\n") for t in texts) + "\n"
    for i in range(0, min(len(pool), 400_000), 100_000):
        window = pool[i:i + 100_000]
        result = assert_same_as_full(window[:window.rfind("\n") + 1])
        incremental_rounds += result.passes + 1 - result.full_detections
    assert incremental_rounds > 100  # the comparison above really covered incremental rounds
