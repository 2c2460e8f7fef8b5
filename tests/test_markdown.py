"""Markdown: code, links, HTML and front matter are never flagged or changed; offsets are exact; headings,
list items and table rows are not orphan fragments. Plain .txt stays prose."""
import subprocess
import sys

import pytest

from cleanup.engine import Engine
from cleanup.rulepacks import builtin_rules
from cleanup.segment import make_document
from cleanup.segment.markdown import markdown_masks
from conftest import ROOT


@pytest.fixture(scope="module")
def engine():
    return Engine(builtin_rules(), None, make_document)


def flagged(engine, text, path="a.md"):
    return [(f.rule.id, text[f.start:f.end]) for f in engine.check(text, path)]


NOT_PROSE = [
    "```\nKiev. via. code\n```\n",
    "~~~python\nKiev. via. code\n~~~\n",
    "Text.\n\n    Kiev. via. indented code\n",
    "Run `Kiev. via. x` now.\n",
    "Run ``a ` Kiev`` now.\n",
    "See [the page](http://example.com/Kiev.html \"Kiev\") now.\n",
    "See [the page](<docs/Kiev page.md>) and ![img](img/Kiev.png) now.\n",
    "See [the page][Kiev] now.\n\n[Kiev]: http://example.com/Kiev\n",
    "See <https://Kiev.example/x> or <kiev@example.org> now.\n",
    "A <span title=\"Kiev\">tag</span> and <!-- Kiev. via. --> now.\n",
    "<div>\nKiev. via. html block\n</div>\n",
    "---\ntitle: Kiev. via.\ntags: [Kiev]\n---\n# Ok\n",
    "A&nbsp;line &#x4B;iev &amp; more.\n",
    "| City | Note |\n|------|------|\n| Ok | `Kiev` |\n",
    "Look: {{image \"Kiev/group.jpg\" 800}} and {{< figure src=\"Kiev. via.\" >}} and {% include Kiev.html %}.\n",
]


@pytest.mark.parametrize("text", NOT_PROSE)
def test_code_links_html_and_front_matter_are_never_flagged_or_changed(engine, text):
    assert flagged(engine, text) == []
    assert engine.fix(text, "a.md").text == text


def test_the_same_text_as_txt_is_prose(engine):
    text = "Run `Kiev. via. x` now.\n"
    assert ("MT204", "Kiev") in flagged(engine, text, "a.txt")  # (Kiev alone: the opt-in house style)


def test_findings_in_emphasis_and_link_text_have_exact_offsets(engine):
    text = ("---\r\ntitle: x\r\n---\r\n# Heading\r\n\r\n> *Weapons that **Kiev** says* [help `x`](http://k.example)\r\n"
            "> from [Kharkov](Kiev.md). It can only stop them. by force, he said.\r\n")
    found = engine.check(text, "a.md")
    spans = [(f.rule.id, f.start, f.end) for f in found]
    k1 = text.index("Kiev**")
    k2 = text.index("Kharkov")
    period = text.index("them. by") + 4
    assert spans == [("MT204", k1, k1 + 4), ("MT204", k2, k2 + 7), ("MT101", period, period + 4)]
    line7 = text.index("> from")
    assert [(f.line, f.column) for f in found] == [(6, k1 - text.index("> *") + 1), (7, k2 - line7 + 1),
                                                   (7, period - line7 + 1)]
    fixed = engine.fix(text, "a.md").text
    assert fixed == text.replace("**Kiev**", "**Kyiv**").replace("[Kharkov]", "[Kharkiv]") \
        .replace("them. by", "them by")


def test_mask_offsets_are_exact(engine):
    text = "Intro `co de` and [t](u/v.md 'T') and <b>x</b>.\n\n```\nblock\n```\n"
    got = [text[s:e] for s, e in markdown_masks(text)]
    assert got == ["`co de`", "(u/v.md 'T')", "<b>", "</b>", "```", "block", "```"]


def test_headings_list_items_and_table_rows_are_not_fragments(engine):
    text = ("# Frontline report.\n"
            "## Background\n"
            "The city was shelled overnight and the mayor said repairs would take weeks to finish\n"
            "because the damage is extensive and spread across many districts of the city.\n\n"
            "- Tanks.\n- Artillery shells.\n- Heavy losses.\n\n"
            "1. Armoured vehicles.\n2. Drones for reconnaissance.\n\n"
            "| Item | Count |\n|---|---|\n| Tanks. | Many shells. |\n")
    assert flagged(engine, text) == []


def test_fragments_inside_markdown_prose_are_still_found(engine):
    text = "- Kyiv says tanks will help it regain control of parts of the country. more territory.\n"
    assert flagged(engine, text) == [("MT103", "more territory.")]


def test_suppression_comment_is_masked_html(engine):
    text = "<!-- mtclean-disable MT201, MT204 -->\nKiev. via. Kiev.\n"
    assert flagged(engine, text) == [("MT102", "via.")]


def test_checking_txt_does_not_import_markdown_it(tmp_path):
    f = tmp_path / "a.txt"
    f.write_text("Kiev.\n", encoding="utf-8")
    code = ("import sys, runpy; sys.argv = ['mtclean', 'check', '-q', sys.argv[1]]\n"
            "try:\n    runpy.run_module('cleanup', run_name='__main__')\nexcept SystemExit:\n    pass\n"
            "print('markdown_it' in sys.modules, file=sys.stderr)")
    r = subprocess.run([sys.executable, "-c", code, str(f)], capture_output=True, cwd=ROOT, timeout=60)
    assert r.stderr.decode().strip().endswith("False"), r.stderr


def test_prose_beside_a_template_directive_is_still_prose(engine):
    """A Hugo or Go template call is masked, and only it: its straight quotes are code, the sentence is not."""
    text = 'The team met in Kyiv. {{image "summit/group.jpg" 800}}\n\nIt can only stop them. by force, he said.\n'
    assert [text[s:e] for s, e in markdown_masks(text)] == ['{{image "summit/group.jpg" 800}}']
    assert ("MT101", ". by") in flagged(engine, text)
