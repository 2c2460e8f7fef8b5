"""The detector registry and the rule packs agree: every rule is reported by exactly one detector (or is a
pattern rule), and every message a detector reports with is a template of that rule's YAML entry."""
import ast
import string
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

import cleanup.detect as detect
from cleanup.detect import detector_of, registry
from cleanup.detect.facts import ArticleFacts
from cleanup.engine import Engine
from cleanup.rulepacks import builtin_rules

DETECT = Path(detect.__file__).parent


def test_every_code_rule_has_one_detector_and_every_declared_rule_exists():
    specs = {s.rule.id: s for s in builtin_rules()}
    for rule_id, spec in specs.items():
        d = detector_of(rule_id)
        if spec.pattern is None:
            assert d is not None, f"{rule_id} has no pattern and no detector reports it"
            assert spec.rule.messages, f"{rule_id}: a detector's rule has message templates (`messages:`)"
        else:
            assert d is None, f"{rule_id} is a pattern rule, yet {d.name} says it reports it"
    for d in registry().values():
        assert d.rules, d.name
        for rule_id in d.rules:
            assert rule_id in specs, f"{d.name} reports {rule_id}, which no rules/*.yaml declares"
        assert d.reads in ("paragraph", "neighbours")
        assert all(isinstance(f, ArticleFacts) and f.name for f in d.facts)


def test_facts_have_unique_names():
    facts = {}
    for d in registry().values():
        for f in d.facts:
            assert facts.setdefault(f.name, f) is f, f"two different facts are called {f.name}"


def _finding_calls():
    """(module, rule id, key, parameter names) of every ctx.finding(...) call with literal id and key."""
    for path in sorted(DETECT.glob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                    and node.func.attr == "finding" and len(node.args) >= 4):
                continue
            rule, key = node.args[0], node.args[3]
            params = {k.arg for k in node.keywords} - {"edits", "applicability", "reads"}
            keys = []
            if isinstance(key, ast.Constant):
                keys = [key.value]
            elif isinstance(key, ast.Name):
                keys = None  # computed: checked through the names it can take below
            yield path.name, rule.value if isinstance(rule, ast.Constant) else None, keys, params


def test_every_message_key_a_detector_uses_is_in_its_rules_yaml():
    specs = {s.rule.id: s.rule for s in builtin_rules()}
    checked = 0
    for module, rule_id, keys, params in _finding_calls():
        if rule_id is None or keys is None:
            continue
        rule = specs[rule_id]
        for key in keys:
            assert key in rule.messages, f"{module}: {rule_id} has no message '{key}'"
            fields = {f for _, f, _, _ in string.Formatter().parse(rule.messages[key]) if f}
            assert fields == params, \
                f"{module}: {rule_id}/{key} fills {sorted(params)}, template wants {sorted(fields)}"
            checked += 1
    assert checked >= 15


def test_every_template_is_used_or_exercised_by_an_example():
    """A message template that nothing reports is stale: the examples and the code's literal keys must use
    each one (computed keys, like MT310's, are used by its examples)."""
    used = set()
    for _module, rule_id, keys, _ in _finding_calls():
        for key in keys or ():
            used.add((rule_id, key))
    for spec in builtin_rules():
        rule = spec.rule
        if not rule.messages:
            continue
        engine = Engine([spec])
        reported = set()
        for ex in rule.examples:
            if "bad" in ex:
                reported.update(f.message for f in engine.check(ex["bad"]))
        for key, template in rule.messages.items():
            if (rule.id, key) in used:
                continue
            assert any(template.split("{")[0] in m for m in reported), f"{rule.id}: message '{key}' is never reported"


def test_a_detector_reports_only_the_rules_selected():
    """A detector that reports several rules, run with one of them selected, reports that one only."""
    specs = {s.rule.id: s for s in builtin_rules()}
    text = "It can only stop them. by force, he said. via. Then it rained. more territory. Kiev fell."
    for rule_id in ("MT101", "MT102", "MT103"):
        found = Engine([specs[rule_id]]).check(text)
        assert found and {f.rule.id for f in found} == {rule_id}


def test_every_message_quotes_the_text_it_is_about():
    """`Decimal comma in '3,5'`, not just "Decimal comma": each finding on a rule's own bad examples quotes
    words of the article."""
    import re

    for spec in builtin_rules():
        engine = Engine([spec])
        for ex in spec.rule.examples:
            if "bad" not in ex:
                continue
            for f in engine.check(ex["bad"]):
                quotes = re.findall(r"'(.+?)'(?=[^\w]|$)", f.message)
                assert quotes, f"{spec.rule.id}: {f.message!r} quotes nothing"
                assert any(q.strip("…") in ex["bad"] or q in str(f.fix) for q in quotes), (spec.rule.id, f.message)


def test_a_prefilter_finds_something_wherever_its_rule_matches():
    """`requires` lets a text skip a pattern rule's scan: it must never skip a text the rule matches in."""
    from conftest import SEED

    texts = [SEED.read_text(encoding="utf-8")]
    for spec in builtin_rules():
        texts.extend(ex.get("bad") or ex.get("good") for ex in spec.rule.examples)
    texts += ["Paid $\t5 and US$ 7, (€ 9) or £  10 on the 1 st, 22 nd and 103 rd day; 11 th, 21st."]
    checked = 0
    for spec in builtin_rules():
        if spec.requires is None:
            continue
        for text in texts:
            if spec.pattern.search(text):
                assert spec.requires.search(text), (spec.rule.id, text)
                checked += 1
    assert checked >= 3


def _prefiltered_specs():
    return [s for s in builtin_rules() if s.requires is not None]


def _pieces() -> list[str]:
    """What the rules' own bad examples are made of: their words, their characters and their two-character
    runs, so that random joins often build text a pattern matches."""
    pieces: set[str] = set()
    for spec in _prefiltered_specs():
        for ex in spec.rule.examples:
            bad = ex.get("bad")
            if bad:
                pieces.update(bad.split())
                pieces.update(bad)
                pieces.update(bad[i:i + 2] for i in range(len(bad) - 1))
    return sorted(pieces)


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(_pieces()), max_size=12).map("".join))
def test_a_prefilter_never_skips_random_text_its_rule_matches(text):
    for spec in _prefiltered_specs():
        if spec.pattern.search(text):
            assert spec.requires.search(text), (spec.rule.id, text)
