"""Hostile input: the detectors that used to take quadratic time on crafted text
still find what they should there. Their growth with the text's size is measured by bench/adversarial.py
(every detector at 100 KB, 400 KB and 1.6 MB); here, the results and, where it can be counted, the work."""
import random

import cleanup.detect.names_fuzzy as names_fuzzy
from conftest import rules_engine


def _mojibake(s: str) -> str:
    return s.encode("utf-8").decode("cp1252")


def test_glued_damaged_contractions_are_one_word_repaired_in_place():
    clean = "don’t,can’t,won’t,it’s," * 200  # one 4,600-character "word"
    text = f"He wrote {_mojibake(clean)} and left.\n"
    (finding,) = rules_engine("MT601").check(text)
    assert len(finding.fix.edits) == 800  # one edit per damaged apostrophe, not one for the word
    assert all(text[e.start:e.end] == "â€™" for e in finding.fix.edits)
    assert rules_engine("MT601").fix(text).text == f"He wrote {clean} and left.\n"


def test_damage_after_a_long_undamaged_word():
    text = "a" * 50_000 + " itÃ©s fine.\n"
    (finding,) = rules_engine("MT601").check(text)
    assert text[finding.start:finding.end] == "Ã©"


def test_a_long_line_of_leftovers_is_flagged_leftover_by_leftover():
    line = "кожна every family " * 3000
    found = rules_engine("MT401").check(line)
    assert len(found) == 3000 and {line[f.start:f.end] for f in found} == {"кожна"}
    viet = "đổi mới every family " * 2000
    found = rules_engine("MT401").check(viet)
    assert len(found) == 2000 and {viet[f.start:f.end] for f in found} == {"đổi mới"}


def test_a_long_line_of_middle_dots():
    line = "so・called word " * 3000
    found = rules_engine("MT402").check(line)
    assert len(found) == 3000
    assert rules_engine("MT402").fix(line, unsafe=True).text == "so-called word " * 3000


def _crafted_names(n: int, seed: int = 0) -> str:
    """Many names that share a first letter and a length: each rare one is a transliteration variant."""
    rnd = random.Random(seed)
    out = []
    for _ in range(n):
        stem = "Z" + "".join(rnd.choice("bcdfghklmnprstvz") for _ in range(5))
        out.append(f"Then {stem}yko met {stem}yko and {stem}iko in town.")
    return "\n".join(out) + "\n"


def test_name_spellings_are_compared_with_their_near_forms_only(monkeypatch):
    calls = 0
    real = names_fuzzy._transliteration_edit

    def counting(a, b, lev):
        nonlocal calls
        calls += 1
        return real(a, b, lev)

    monkeypatch.setattr(names_fuzzy, "_transliteration_edit", counting)
    text = _crafted_names(1500)
    found = rules_engine("MT203").check(text)
    # Every rare "...iko" form is flagged, with its own "...yko" form; and each was compared with a handful of
    # forms, not with the 1,500 others of the same first letter and length.
    assert len(found) == 1500
    assert all(text[f.start:f.end].endswith("iko") and f.fix.edits[0].replacement.endswith("yko") for f in found)
    assert calls <= 3 * 1500


def test_lowercase_words_after_periods_read_the_text_once(monkeypatch):
    """MT101 asks, for each lowercase word after a period, how the article writes that word elsewhere: one
    pass over the text answers all of them (a scan per word was quadratic on long texts)."""
    import cleanup.detect.sentence_breaks as sentence_breaks

    passes = 0
    real = sentence_breaks._word_forms

    def counting(text):
        nonlocal passes
        passes += 1
        return real(text)

    monkeypatch.setattr(sentence_breaks, "_word_forms", counting)
    # 500 lowercase words no lexicon knows (no digits: a word with one is a name at once), each also written
    # inside a sentence: every one reaches the question.
    words = ["zq" + "".join("abcdefghij"[int(d)] for d in f"{i:03}") for i in range(500)]
    text = " ".join(f"The shop sold it. {w} ran the tills and {w} kept the books." for w in words) + "\n"
    text += "Prices rose in May. prices of milk rose too, as food prices climbed.\n"
    found = rules_engine("MT101").check(text)
    assert passes == 1
    assert [text[f.start:f.end] for f in found] == [". prices"]  # the names are left alone, the word is not
