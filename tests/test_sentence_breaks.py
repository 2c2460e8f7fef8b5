"""Broken sentences (MT101 stray period, MT102 stray token, MT103 orphan fragment, MT105 split-off phrase):
false alarms removed and artifacts caught, each on a sentence of our own (never a corpus line)."""
from conftest import fixed, flagged, rules_engine


# -- MT101: abbreviations -------------------------------------------------------------------------------
def test_mt101_abbreviations_are_not_stray_periods():
    for text in ("The farm grows Oryza sativa var. japonica and little else.",
                 "The ticket costs 40 euros (excl. tax) and the set incl. brushes costs more.",
                 "Trade talks on Sino-U.S. relations resumed in the spring.",
                 "Experts discussed Russia-U.S. relations. The talks resumed in May.",
                 "The cellist Jan Dvořák ml. plays the solo tonight."):
        assert flagged(text, "MT101", "MT102", "MT103") == [], text
