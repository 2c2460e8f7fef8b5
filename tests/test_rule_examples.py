"""Every rule's own examples, from the YAML packs: `bad` is flagged on exactly its `flag`ged text (and fixed
to `fixed`), `good` is not flagged at all.

Each example runs with only its rule enabled, so an example shows that rule and nothing else.
"""
import pytest

from cleanup.engine import Engine
from cleanup.rulepacks import builtin_rules


def _cases():
    for spec in builtin_rules():
        assert spec.rule.examples, f"rule {spec.rule.id} has no examples"
        for i, ex in enumerate(spec.rule.examples):
            yield pytest.param(spec, ex, id=f"{spec.rule.id}-{i}-{'good' if 'good' in ex else 'bad'}")


@pytest.mark.parametrize("spec,example", list(_cases()))
def test_rule_example(spec, example):
    engine = Engine([spec])
    if "good" in example:
        found = engine.check(example["good"])
        assert not found, f"{spec.rule.id} flags correct text: {[example['good'][f.start:f.end] for f in found]}"
        return
    bad = example["bad"]
    found = [f for f in engine.check(bad) if f.rule.id == spec.rule.id]
    assert found, f"{spec.rule.id} misses its own example: {bad!r}"
    flag = example.get("flag")
    assert flag is not None, f"{spec.rule.id}: a `bad` example names the text it flags (`flag:`)"
    expected = [flag] if isinstance(flag, str) else list(flag)
    assert [bad[f.start:f.end] for f in found] == expected
    unsafe = bool(example.get("unsafe", False))
    fixed = engine.fix(bad, unsafe=unsafe).text
    if "fixed" in example:
        assert fixed == example["fixed"]
    else:
        assert fixed == bad, "an example without `fixed` must not be changed by the fix"


def test_rule_ids_are_unique_and_documented():
    ids = [s.rule.id for s in builtin_rules()]
    assert len(ids) == len(set(ids))
    for s in builtin_rules():
        assert s.rule.description, f"{s.rule.id} needs a description for `mtclean explain`"
        if s.rule.fixable != "none":
            assert s.rule.fix_safety, f"{s.rule.id} has a fix: its `fix-safety` says when it is safe"
