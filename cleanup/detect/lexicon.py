"""A small English lexicon: enough to tell a clause from a verbless fragment without a model."""

# Words that open the rest of a clause: after a stray period they plainly continue the sentence.
CONTINUATIONS = frozenset("""
by with without in on at for from to into onto of off than as because while whereas although though
unless until after before through throughout during including against among amongst between under over
towards toward despite via across along around near beyond within upon per like unlike and but or nor
which whom whose where whereby instead rather so yet
""".split())

# Sentence adverbials that open a new sentence: a stray period before them is a lost capital, not a join.
NEW_SENTENCE_PHRASES = ("of course", "as well", "as a result", "in fact", "in addition", "for example",
                        "for instance", "by the way", "on the other hand", "in short", "after all", "at least",
                        "at first", "in the end", "in any case", "as for", "at the same time", "in other words",
                        "on the contrary", "in particular", "so far", "for now", "by contrast")

# Words that can open a new sentence (a capital letter was lost): pronouns and determiners.
SENTENCE_OPENERS = frozenset("""the we they he she it i this these those there his her their our my its you everyone
it's that's i'm you're let's it'll i've we're they're there's he's she's i'll we'll i'd
it’s that’s i’m you’re let’s it’ll i’ve we’re they’re there’s he’s she’s i’ll we’ll i’d""".split())

DETERMINERS = frozenset("""
the a an this that these those my your his her its our their some any every each no many more most
several few fewer less least much all both either neither another other such what which whose one two
three four five six seven eight nine ten hundreds thousands millions dozens
""".split())

FUNCTION_WORDS = DETERMINERS | CONTINUATIONS | frozenset("""
not also only just even very too quite almost nearly about up down out away back again still already
ever never once twice here there now then today tomorrow yesterday tonight however therefore thus
i me you him us them myself yourself himself herself itself ourselves themselves who whom whose what
how why when where if whether
""".split())

# Finite verbs (and auxiliaries) that a fragment test must recognise even without a suffix.
FINITE = frozenset("""
is are was were am be been being has have had do does did will would shall should can could may might
must ought isn't aren't wasn't weren't hasn't haven't hadn't don't doesn't didn't won't wouldn't can't
cannot couldn't shouldn't mustn't it's that's there's he's she's what's let's i'm we're they're you're
said says say went go goes came come comes took take takes made make makes saw see sees got get gets
gave give gives found find finds told tell tells began begin begins kept keep keeps held hold holds
brought bring brings stood stand stands ran run runs won win wins lost lose loses left leave leaves
met meet meets paid pay pays sent send sends built build builds spent spend spends fell fall falls
felt feel feels led lead leads knew know knows thought think thinks became become becomes seemed
seems seem put puts set sets cut cuts hit hits let lets hurt hurts cost costs rose rise rises
struck strike strikes sold sell sells bought buy buys fought fight fights caught catch catches
taught teach teaches wrote write writes spoke speak speaks broke break breaks chose choose chooses
drove drive drives flew fly flies grew grow grows threw throw throws wore wear wears understood
understand understands heard hear hears meant mean means read reads shot shoot shoots lay lie lies
sat sit sits slept sleep sleeps fled flee flees sought seek seeks dealt deal deals arose arise
need needs want wants like likes seem appear appears remain remains exist exists happen happens
""".split())

# Suffixes of words that are not finite verbs (adjectives, adverbs, abstract nouns).
NON_VERB_SUFFIXES = ("less", "ful", "ous", "ness", "ity", "ical", "able", "ible", "ship", "hood", "ism", "tion",
                     "sion", "ly")
# Words with those suffixes that are verbs all the same.
SUFFIX_VERBS = frozenset("enable enables disable disables worship worships mention mentions question questions "
                         "function functions position positions caution cautions sanction sanctions".split())
# "-ly" words that are verbs.
LY_VERBS = frozenset("apply applies reply replies supply supplies rely relies comply complies imply "
                     "implies multiply multiplies rally rallies tally tallies fly flies ally allies bully".split())
