"""Broken sentences (MT101 stray period, MT102 stray token, MT103 orphan fragment, MT105 split-off phrase):
false alarms removed and artifacts caught, each on a sentence of our own (never a corpus line)."""
from conftest import default_engine, fixed, flagged, rules_engine


# -- MT101: abbreviations -------------------------------------------------------------------------------
def test_mt101_abbreviations_are_not_stray_periods():
    for text in ("The farm grows Oryza sativa var. japonica and little else.",
                 "The ticket costs 40 euros (excl. tax) and the set incl. brushes costs more.",
                 "Trade talks on Sino-U.S. relations resumed in the spring.",
                 "Experts discussed Russia-U.S. relations. The talks resumed in May.",
                 "The cellist Jan Dvořák ml. plays the solo tonight.",
                 "Handy for studio work if eg. the camera is set to a colour, ie. a warm one."):
        assert flagged(text, "MT101", "MT102", "MT103") == [], text


# -- MT101: a join or a capital -------------------------------------------------------------------------
def test_mt101_new_sentence_after_an_adverbial_is_not_joined():
    text = "The old baker was a very rich man. after some years he sold the shop."
    (f,) = rules_engine("MT101").check(text)
    assert f.fix.applicability == "unsafe"
    assert fixed(text, "MT101") == text
    assert fixed(text, "MT101", unsafe=True) == "The old baker was a very rich man. After some years he sold the shop."
    # the rest of the clause, with a speech tag after it, is still joined (the seed's case)
    assert fixed("It can only stop them. by force, he added.", "MT101") == "It can only stop them by force, he added."
    assert fixed("We ordered a table. as with the chairs last year.", "MT101") == \
        "We ordered a table as with the chairs last year."
    # "it" and "you" are objects too: the piece is still the rest of the clause
    assert fixed("We asked them. to send it back by Friday.", "MT101") == "We asked them to send it back by Friday."


def test_mt101_pronoun_before_a_title_is_not_capitalised_safely():
    text = "The board met on Monday. he Executive Director said the plan was ready."
    (f,) = rules_engine("MT101").check(text)
    assert f.fix.applicability == "unsafe" and fixed(text, "MT101") == text
    assert fixed("The board met. he said the plan was ready.", "MT101") == "The board met. He said the plan was ready."


def test_mt101_coordinated_clause_gets_a_capital_and_a_question_is_not_joined():
    assert fixed("I ordered it in May. but it came in June.", "MT101") == "I ordered it in May. But it came in June."
    text = "The royal family lives there. which rooms are open?"
    assert not rules_engine("MT101").check(text)  # a question of its own: MT106's (opt-in), never a join
    (f,) = rules_engine("MT106").check(text)
    assert f.fix.applicability == "unsafe"
    assert fixed(text, "MT106", unsafe=True) == "The royal family lives there. Which rooms are open?"
    # A coordinator and a clause with its own verb: join or capital is the editor's choice (a join may glue two
    # separate thoughts: "as a partner. but under the handle are two scratches"); a phrase is joined.
    text = "He left the shop. and the door stayed open."
    assert fixed(text, "MT101") == text
    assert fixed(text, "MT101", unsafe=True) == "He left the shop. And the door stayed open."
    assert fixed("The police stopped them. and their cars.", "MT101") == "The police stopped them and their cars."


def test_mt101_question_after_a_statement_is_not_joined_but_a_split_question_is():
    text = "We only sell the oak table. but why are there two deep notches in it?"
    assert rules_engine("MT101").check(text)[0].fix.applicability == "unsafe"
    assert fixed("Why did you stay. in the old hotel?", "MT101") == "Why did you stay in the old hotel?"
    # a question that starts with a wh-word or an auxiliary, or a sentence opened by an interjection: the
    # writer's own lowercase as often as a lost capital (chat, reviews), never a join. MT101 leaves it; opt-in
    # MT106 offers the capital.
    for text in ("We hope for better times. how long does the delivery take?", "I sent the form. will I be called?",
                 "The lid was cracked. yes, I kept the box.", "It came a week late. sorry, I forgot to ask."):
        assert not rules_engine("MT101").check(text)
        assert not default_engine().check(text)  # not in the default set
        (f,) = rules_engine("MT106").check(text)
        assert f.fix.applicability == "unsafe"
        head, _, tail = text.partition(". ")
        assert fixed(text, "MT106", unsafe=True) == head + ". " + tail[0].upper() + tail[1:]
    # "no" goes on as a determiner: still MT101's
    assert rules_engine("MT101").check("We paid the fee. no extra costs were charged.")


# -- MT102: credit labels and a lone "reported." --------------------------------------------------------
def test_mt102_credit_labels_and_lone_reported():
    for label in ("Photo:", "(photo)", "Read more:", "Source:"):
        text = f"The ferry left at noon. {label} The crew said it would be back by evening on Friday."
        assert flagged(text, "MT102") == [("MT102", f"{label} ")], label
        assert fixed(text, "MT102") == text  # the sentence may be a caption run into the text: ask
        assert fixed(text, "MT102", unsafe=True) == \
            "The ferry left at noon. The crew said it would be back by evening on Friday."
    for text in ("The ferry left at noon. reported. The crew said so.", "The ferry left at noon. reported.\n"):
        assert fixed(text, "MT102") == text.replace(" reported.", "")
    # a credit after its label, a caption line, a label inside a sentence: left alone
    for text in ("The ferry left at noon. Photo: Reuters", "The ferry left at noon. Source: Port authority data.",
                 "Photo: The ferry leaves the harbour at noon on Friday.\nThe crew said it would return.",
                 "The figures rose again. Source: Ministry of Defence of Ukraine.",
                 "The ferry left at noon. Photo: Ukrainian Soldiers Fire Near Bakhmut.",
                 "We met the family last week. Video: the singer and his daughter together again!"):
        assert flagged(text, "MT102") == [], text
    # a link label before a link's title (no verb): the label and the title, an unsafe delete
    text = "The ferry left at noon. Read more: The history of the harbour and its old boats. The crew waved."
    (f,) = rules_engine("MT102").check(text)
    assert text[f.start:f.end] == "Read more: The history of the harbour and its old boats."
    assert f.fix.applicability == "unsafe" and fixed(text, "MT102") == text
    assert fixed(text, "MT102", unsafe=True) == "The ferry left at noon. The crew waved."


# -- MT105 (default) and MT107 (opt-in): phrases split off their sentence, asking the lexicon -------------
def test_mt105_split_off_phrases():
    cases = {"The ministry approved the new rules on Monday. For small shops and kiosks.":
             "The ministry approved the new rules on Monday for small shops and kiosks.",
             "The council opened the bridge. To ease the traffic in the old town.":
             "The council opened the bridge to ease the traffic in the old town."}
    for bad, good in cases.items():
        assert [r for r, _ in flagged(bad, "MT105", "MT107")] == ["MT105"], bad
        assert fixed(bad, "MT105", unsafe=True) == good
    for text in ("We waited for hours. Thank you in advance.", "The team met. After the talks the players left.",
                 "The team met. At best, people move on quickly.", "Prices rose. The prices rise in winter.",
                 "Opening hours\nFrom Monday to Friday.", "The museum reopened. That happened in May.",
                 # an imperative inside the phrase: a sentence, not a fragment
                 "The package registers the catalogue. For more details read the manual page.",
                 "The package registers the catalogue. With this option pick the first entry.",
                 # the first or second person: speech, chat and reviews talk in phrases
                 "I have been waiting for the courier since noon. From half past seven until now.",
                 "You should warn the driver next time. To stop it from happening again.",
                 "This spring we wanted to take things slowly. To walk, to swim, to read.",
                 # idioms that stand alone
                 "The museum closed its doors. Until further notice.",
                 "The mayor kept the old flag. For the time being."):
        assert flagged(text, "MT105", "MT107") == [], text


def test_mt107_noun_phrase_is_opt_in():
    bad = "The airline cut twelve routes. Another blow to the struggling company."
    assert flagged(bad, "MT105") == []
    assert [r for r, _ in flagged(bad, "MT107")] == ["MT107"]
    assert fixed(bad, "MT107", unsafe=True) == "The airline cut twelve routes, another blow to the struggling company."
    assert "MT107" not in {f.rule.id for f in default_engine().check(bad)}
    prep = "The army tested the new drone last week. With a laser on board."
    assert [f.rule.id for f in default_engine().check(prep)] == ["MT105"]  # MT105 is in the default set


def test_lexicon_is_loaded_lazily_and_once():
    """The default rule set reads the lexicon only for a text with a candidate phrase (never importing numpy,
    which lemminflect's own code would), and then once per process; a text without one never reads it."""
    import subprocess
    import sys

    probe = ("import sys; from cleanup.engine import Engine; from cleanup.rulepacks import builtin_rules; "
             "from cleanup.config import Config; c = Config(); "
             "e = Engine([s for s in builtin_rules() if c.rule_enabled(s.rule)], c); "
             "from cleanup.detect import english; "
             "[e.check(t) for t in sys.argv[1:]]; "
             "print(english._tables.cache_info().misses, 'numpy' in sys.modules)")
    plain, candidate = "The army tested the drone. It flew well.", "The army tested the drone. With a laser on board."
    for texts, want in (([plain, plain], ["0", "False"]), ([plain, candidate, candidate], ["1", "False"])):
        out = subprocess.run([sys.executable, "-c", probe, *texts], capture_output=True, text=True, check=True)
        assert out.stdout.split() == want, (texts, out.stderr)


# -- closing formulas --------------------------------------------------------------------------------------
def test_closing_formulas_are_sentences_of_their_own():
    for text in ("We waited for hours. Thank you in advance.", "Please send the parts. Best regards.",
                 "Please send the parts. Many thanks for your help.", "Please send the parts. Good luck."):
        assert flagged(text, "MT101", "MT102", "MT103") == [], text
    # lowercase after a period: a lost capital, never a join ("hours thank you in advance")
    text = "We waited for hours. thank you in advance."
    (f,) = rules_engine("MT101").check(text)
    assert f.fix.applicability == "safe"
    assert fixed(text, "MT101") == "We waited for hours. Thank you in advance."
    assert fixed("Please send the parts. best regards.", "MT101") == "Please send the parts. Best regards."


def test_a_lowercase_agency_credit_is_a_credit_line():
    for text in ("He won in the final round. dpa\nThe next race is in May.",
                 "He won in the final round. dpa The next race.",
                 "Prices rose by five percent. afp"):
        assert flagged(text, "MT101", "MT102", "MT103") == [], text
