"""The on-disk cache of parsed rule packs: same data as parsing, keyed by the exact text, never in the way."""
import os

import pytest

from cleanup import rulepacks
from cleanup.rulepacks import RulePackError, _yaml_load, _yaml_parse

TEXT = "rules:\n  - id: X1\n    message: m\n    pattern: 'a'\n"


def test_second_load_comes_from_the_cache(tmp_path, monkeypatch):
    monkeypatch.setenv("MTCLEAN_CACHE_DIR", str(tmp_path))
    assert _yaml_load(TEXT, "t.yaml") == _yaml_parse(TEXT, "t.yaml")
    (entry,) = os.listdir(tmp_path)
    monkeypatch.setattr(rulepacks, "_yaml_parse", lambda *a: pytest.fail("parsed again"))
    assert _yaml_load(TEXT, "t.yaml")["rules"][0]["id"] == "X1"
    assert os.listdir(tmp_path) == [entry]


def test_a_changed_text_is_parsed_again(tmp_path, monkeypatch):
    monkeypatch.setenv("MTCLEAN_CACHE_DIR", str(tmp_path))
    _yaml_load(TEXT, "t.yaml")
    changed = TEXT.replace("X1", "X2")
    assert _yaml_load(changed, "t.yaml")["rules"][0]["id"] == "X2"


def test_corrupt_entry_and_bad_yaml(tmp_path, monkeypatch):
    monkeypatch.setenv("MTCLEAN_CACHE_DIR", str(tmp_path))
    _yaml_load(TEXT, "t.yaml")
    (entry,) = os.listdir(tmp_path)
    (tmp_path / entry).write_bytes(b"\x00garbage")
    assert _yaml_load(TEXT, "t.yaml")["rules"][0]["id"] == "X1"
    with pytest.raises(RulePackError, match="bad.yaml"):
        _yaml_load("rules: [", "bad.yaml")


def test_unwritable_or_disabled_cache_still_loads(tmp_path, monkeypatch):
    blocker = tmp_path / "file"
    blocker.write_text("")
    monkeypatch.setenv("MTCLEAN_CACHE_DIR", str(blocker / "sub"))  # cannot be created
    assert _yaml_load(TEXT, "t.yaml")["rules"][0]["id"] == "X1"
    monkeypatch.setenv("MTCLEAN_CACHE_DIR", "")
    assert _yaml_load("when: 2024-01-02\n", "d.yaml")["when"].year == 2024


def test_values_marshal_cannot_hold_are_not_cached(tmp_path, monkeypatch):
    monkeypatch.setenv("MTCLEAN_CACHE_DIR", str(tmp_path))
    for _ in range(2):
        assert _yaml_load("when: 2024-01-02\n", "d.yaml")["when"].year == 2024
    assert os.listdir(tmp_path) == []


def test_lexicon_cache_is_written_once_and_survives_damage(tmp_path, monkeypatch):
    """The English lexicon's parsed tables are cached whole; a damaged or foreign file of the same name is
    parsed again, never trusted, and the answers stay the same."""
    import marshal

    from cleanup.detect import english

    monkeypatch.setenv("MTCLEAN_CACHE_DIR", str(tmp_path))
    english._tables.cache_clear()
    try:
        assert english.can_be_finite("tested") and english.can_be_noun("harbour")
        (entry,) = os.listdir(tmp_path)
        for damage in (b"\x00garbage", marshal.dumps((["tested"], [], [], [], [])), marshal.dumps(("a", "b"))):
            (tmp_path / entry).write_bytes(damage)
            english._tables.cache_clear()
            assert english.can_be_finite("tested") and english.can_be_noun("harbour")
            assert not english.can_be_finite("harbours'")
    finally:
        english._tables.cache_clear()
