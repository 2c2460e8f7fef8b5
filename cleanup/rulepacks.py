"""Load the rule packs in ``rules/`` (shipped inside the wheel as ``cleanup.rules``), once per process.

A rule pack is a YAML file with a ``rules`` list (and, for its detectors, a ``data`` mapping). Every rule,
code detector or pattern, is declared there with its id, name, category, severity, messages, description,
fix safety and examples; a pattern rule also carries its pattern and replacement. Which code detector
reports a rule is said by the detector's registration (cleanup/detect), not here.

Parsed YAML is also kept on disk (``marshal``, keyed by the file's exact text and the Python version), so
that a cold ``mtclean check`` neither imports PyYAML nor parses the packs again. The cache lives in
``$MTCLEAN_CACHE_DIR``, else ``$XDG_CACHE_HOME/mtclean``, else ``~/.cache/mtclean``; MTCLEAN_CACHE_DIR=""
turns it off, and any problem with it (unwritable, corrupt) falls back to parsing.
"""
from __future__ import annotations

import os
import re
import sys
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from .errors import RulePackError
from .model import SEVERITIES, Rule


@dataclass
class RuleSpec:
    rule: Rule
    pattern: Any | None = None  # compiled pattern; None for a rule a code detector reports
    replacement: str | None = None
    applicability: str = "safe"
    source: str = ""
    user: bool = False  # from a user's file: run with a time budget
    options: dict = field(default_factory=dict)
    # A built-in pattern rule's prefilter: a fast pattern that finds something in every text the rule can
    # match in; a text where it finds nothing skips the rule's own, slower scan.
    requires: Any | None = None


def rules_dir():
    """The packaged rule folder; falls back to the source tree's ``rules/`` when run uninstalled."""
    try:
        from importlib.resources import files

        d = files("cleanup.rules")
        if d.joinpath("sentence_breaks.yaml").is_file():
            return d
    except (ModuleNotFoundError, TypeError):
        pass
    return Path(__file__).resolve().parent.parent / "rules"


def cache_dir() -> str | None:
    """mtclean's cache folder ($MTCLEAN_CACHE_DIR, else $XDG_CACHE_HOME/mtclean, else ~/.cache/mtclean);
    None when MTCLEAN_CACHE_DIR is empty (caching off)."""
    base = os.environ.get("MTCLEAN_CACHE_DIR")
    if base is None:
        base = os.path.join(os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache"),
                            "mtclean")
    return base or None


def _cache_file(text: str) -> str | None:
    base = cache_dir()
    if not base:
        return None
    import zlib

    key = f"{zlib.crc32(text.encode('utf-8', 'surrogatepass')):08x}-{len(text)}"
    return os.path.join(base, f"yaml-{key}-py{sys.version_info[0]}{sys.version_info[1]}.marshal")


def _yaml_load(text: str, source: str):
    import marshal

    cache = _cache_file(text)
    if cache is not None:
        try:
            with open(cache, "rb") as fh:
                cached_text, data = marshal.load(fh)
            if cached_text == text:  # the key is a checksum: compare the text itself
                return data
        except Exception:  # noqa: BLE001 - missing, unreadable or corrupt: parse instead
            pass
    data = _yaml_parse(text, source)
    if cache is not None:
        tmp = f"{cache}.{os.getpid()}.tmp"  # written whole, then renamed: readers never see half a file
        try:
            os.makedirs(os.path.dirname(cache), exist_ok=True)
            with open(tmp, "wb") as fh:
                marshal.dump((text, data), fh)
            os.replace(tmp, cache)
        except (OSError, ValueError):  # unwritable, or a value marshal cannot hold (e.g. a YAML date)
            try:
                os.unlink(tmp)
            except OSError:
                pass
    return data


def _yaml_parse(text: str, source: str):
    import yaml

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    try:
        return yaml.load(text, Loader=loader)  # noqa: S506 - a SafeLoader
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" line {mark.line + 1}" if mark else ""
        raise RulePackError(f"{source}:{where} is not valid YAML ({getattr(exc, 'problem', exc)})") from None


@cache
def load_data(name: str):
    """A YAML file of the built-in rules folder (e.g. ``languagetool.yaml``), parsed."""
    d = rules_dir()
    return _yaml_load(d.joinpath(name).read_text(encoding="utf-8"), f"rules/{name}")


def pack_data(pack: str) -> dict:
    """The ``data`` of a built-in rule pack (``rules/<pack>.yaml``): a detector's tables and word lists."""
    return load_data(f"{pack}.yaml").get("data") or {}


RULE_KEYS = {"id", "name", "category", "severity", "message", "messages", "description", "fix-safety",
             "pattern", "requires", "flags", "replacement", "applicability", "examples", "priority",
             "fixable", "options", "default"}
FLAG_NAMES = {"IGNORECASE": re.IGNORECASE, "MULTILINE": re.MULTILINE, "VERBOSE": re.VERBOSE}


TOP_KEYS = {"rules"}
BUILTIN_TOP_KEYS = {"rules", "data"}
FIXABLE = ("safe", "unsafe", "sometimes", "none")
MAX_TIMEOUT = 60.0


def parse_rules(data, source: str, user: bool = False) -> list[RuleSpec]:
    """Rule specs from a parsed rule file. Every problem raises RulePackError naming the file, the rule
    (by id, or by position when it has none) and the key."""
    if not isinstance(data, dict) or not isinstance(data.get("rules"), list):
        raise RulePackError(f"{source}: expected a mapping with a 'rules' list")
    extra = sorted(str(k) for k in set(data) - (TOP_KEYS if user else BUILTIN_TOP_KEYS))
    if extra:
        raise RulePackError(f"{source}: unknown top-level key '{extra[0]}' (a rule file has only 'rules')")
    return [_parse_rule(entry, i, source, user) for i, entry in enumerate(data["rules"])]


def _parse_rule(entry, i: int, source: str, user: bool) -> RuleSpec:
    """One entry of a rule file; the checks run in a fixed order, so that the first problem is the one said."""
    rid = _rule_id(entry, f"{source}: rule #{i + 1}")
    where = f"{source}: rule {rid}"
    _check_keys(entry, where)
    message = entry.get("message")
    if message is None:
        raise RulePackError(f"{where}: missing 'message'")
    if not isinstance(message, str) or not message.strip():
        raise RulePackError(f"{where}: 'message' must be a non-empty string")
    severity = entry.get("severity", "warning")
    if severity not in SEVERITIES:
        raise RulePackError(f"{where}: 'severity' must be one of {', '.join(SEVERITIES)} (got {severity!r})")
    applicability = entry.get("applicability", "safe" if not user else "unsafe")
    if applicability not in ("safe", "unsafe"):
        raise RulePackError(f"{where}: 'applicability' must be safe or unsafe (got {applicability!r})")
    for key in ("name", "category", "description", "fix-safety"):
        if key in entry and not isinstance(entry[key], str):
            raise RulePackError(f"{where}: '{key}' must be a string")
    messages = _messages(entry, where)
    priority = entry.get("priority", 50)
    if isinstance(priority, bool) or not isinstance(priority, int):
        raise RulePackError(f"{where}: 'priority' must be a whole number (got {priority!r})")
    options = _options(entry, where)
    if "fixable" in entry and entry["fixable"] not in FIXABLE:
        raise RulePackError(f"{where}: 'fixable' must be one of {', '.join(FIXABLE)}")
    if not isinstance(entry.get("default", True), bool):
        raise RulePackError(f"{where}: 'default' must be true or false (false: opt-in, runs only when selected "
                            f"by id or name)")
    pattern, replacement = _pattern(entry, messages, where, user)
    requires = _requires(entry, pattern, where, user)
    examples = entry.get("examples", []) or []
    if not isinstance(examples, list) or not all(isinstance(x, dict) for x in examples):
        raise RulePackError(f"{where}: 'examples' must be a list of mappings")
    if entry.get("pattern") is None:
        fixable = entry.get("fixable") or "sometimes"
    else:
        fixable = entry.get("fixable") or ("none" if replacement is None else applicability)
    rule = Rule(id=rid, name=str(entry.get("name") or rid.lower()), category=str(entry.get("category", "style")),
                severity=severity, message=message, description=str(entry.get("description", "")).strip(),
                fixable=fixable, examples=tuple(examples), priority=priority, messages=dict(messages),
                fix_safety=str(entry.get("fix-safety", "")).strip(), default=entry.get("default", True))
    return RuleSpec(rule=rule, pattern=pattern, replacement=replacement, applicability=applicability,
                    source=source, user=user, options=dict(options), requires=requires)


def _requires(entry: dict, pattern, where: str, user: bool):
    raw = entry.get("requires")
    if raw is None:
        return None
    if user or pattern is None:
        raise RulePackError(f"{where}: 'requires' is a built-in pattern rule's prefilter")
    if isinstance(raw, list):
        if not raw or not all(isinstance(x, str) and x for x in raw):
            raise RulePackError(f"{where}: 'requires' as a list holds non-empty strings, one of which the text must "
                                f"contain")
        return AnyLiteral(tuple(raw))
    if not isinstance(raw, str) or not raw:
        raise RulePackError(f"{where}: 'requires' must be a non-empty pattern or a list of strings")
    chars = _LITERAL_CLASS.fullmatch(raw)
    if chars:
        return AnyCharacter(chars.group(1))
    return _compile(raw, 0, where, False)


# A prefilter that is a class of plain characters ("[€£$¥₽₴]"): a substring test a character is several
# times faster than the regex engine's scan for a class of non-ASCII characters.
_LITERAL_CLASS = re.compile(r"\[([^\]\\^\-\[]+)\]")


@dataclass(frozen=True)
class AnyCharacter:
    chars: str

    def search(self, text: str) -> bool | None:
        """True when the text holds one of the characters, else None (as a pattern's search)."""
        return True if any(map(text.__contains__, self.chars)) else None


# A prefilter that is a list of plain strings ([",,", ", ,", ";;"]): `in` scans at memory speed, where the regex
# engine enters its matcher at every space or comma of the text.
@dataclass(frozen=True)
class AnyLiteral:
    literals: tuple[str, ...]

    def search(self, text: str) -> bool | None:
        """True when the text holds one of the strings, else None (as a pattern's search)."""
        return True if any(map(text.__contains__, self.literals)) else None  # map: no generator frame a literal


def _rule_id(entry, where: str) -> str:
    """The entry's id, once the entry is known to be a mapping (``where`` names it by position)."""
    if not isinstance(entry, dict):
        raise RulePackError(f"{where}: each rule must be a mapping")
    rid = entry.get("id")
    if rid is None:
        raise RulePackError(f"{where}: missing 'id'")
    if not isinstance(rid, str) or not rid.strip():
        raise RulePackError(f"{where}: 'id' must be a non-empty string (got {rid!r})")
    return rid


def _check_keys(entry: dict, where: str) -> None:
    if "detector" in entry:
        raise RulePackError(f"{where}: 'detector' is not a rule key: a rule file gives a 'pattern' (code detectors "
                            f"declare their own rules)")
    unknown = set(entry) - RULE_KEYS
    if unknown:
        raise RulePackError(f"{where}: unknown key '{sorted(map(str, unknown))[0]}'")


def _messages(entry: dict, where: str) -> dict:
    messages = entry.get("messages") or {}
    if not isinstance(messages, dict) or not all(isinstance(k, str) and isinstance(v, str) and v.strip()
                                                 for k, v in messages.items()):
        raise RulePackError(f"{where}: 'messages' must map keys to non-empty message templates")
    return messages


def _options(entry: dict, where: str) -> dict:
    options = entry.get("options") or {}
    if not isinstance(options, dict):
        raise RulePackError(f"{where}: 'options' must be a mapping")
    if "timeout" in options:
        t = options["timeout"]
        if isinstance(t, bool) or not isinstance(t, (int, float)) or not 0 < t <= MAX_TIMEOUT:
            raise RulePackError(f"{where}: 'options.timeout' must be a number of seconds, more than 0 and at "
                                f"most {MAX_TIMEOUT:g} (got {t!r})")
    return options


def _pattern(entry: dict, messages: dict, where: str, user: bool):
    """(compiled pattern, replacement) of a pattern rule; (None, None) for a rule a code detector reports."""
    replacement = entry.get("replacement")
    raw = entry.get("pattern")
    if raw is None:
        if user:
            raise RulePackError(f"{where}: needs 'pattern'")
        if replacement is not None or "flags" in entry:
            raise RulePackError(f"{where}: 'replacement' and 'flags' go with a 'pattern'")
        return None, None
    if set(messages) - {"finding"}:
        raise RulePackError(f"{where}: a pattern rule's 'messages' has one key, 'finding' (its findings' "
                            f"message, with {{match}} and {{context}})")
    if not isinstance(raw, str) or not raw:
        raise RulePackError(f"{where}: 'pattern' must be a non-empty string")
    pattern = _compile(raw, _flags(entry, where), where, user)
    if replacement is not None and not isinstance(replacement, str):
        raise RulePackError(f"{where}: 'replacement' must be a string")
    if replacement is not None:
        _check_template(pattern, replacement, where)
    return pattern, replacement


def _flags(entry: dict, where: str) -> int:
    flags = 0
    fls = entry.get("flags", []) or []
    if not isinstance(fls, list):
        raise RulePackError(f"{where}: 'flags' must be a list, e.g. [IGNORECASE]")
    for fl in fls:
        if not isinstance(fl, str):
            raise RulePackError(f"{where}: 'flags' must list flag names ({', '.join(FLAG_NAMES)}), "
                                f"not {fl!r}")
        if fl not in FLAG_NAMES:
            raise RulePackError(f"{where}: unknown flag '{fl}' in 'flags' (known: {', '.join(FLAG_NAMES)})")
        flags |= FLAG_NAMES[fl]
    return flags


def _check_template(pattern, replacement: str, where: str) -> None:
    """A replacement's group references (\\1, \\g<name>) must exist in the pattern: said at load time."""
    for m in re.finditer(r"\\(?:g<([^>]*)>|(\d{1,2})|.)", replacement, re.DOTALL):
        ref = m.group(1) if m.group(1) is not None else m.group(2)
        if ref is None:
            continue  # another escape, e.g. a doubled backslash
        if ref.isdigit():
            ok = int(ref) <= pattern.groups
        else:
            ok = ref in pattern.groupindex
        if not ok:
            raise RulePackError(f"{where}: 'replacement' refers to group {ref!r}, which 'pattern' does not have")


def _compile(raw: str, flags: int, where: str, user: bool):
    if user:
        # User patterns run under the `regex` module so that each match has a time budget.
        import regex

        try:
            return regex.compile(raw, flags | regex.VERSION0)
        except regex.error as exc:
            raise RulePackError(f"{where}: bad 'pattern' ({exc})") from None
    try:
        return re.compile(raw, flags)
    except re.error as exc:
        raise RulePackError(f"{where}: bad 'pattern' ({exc})") from None


def builtin_packs() -> list[str]:
    """The rule packs' names (``rules/<name>.yaml`` files with a ``rules`` list), sorted."""
    names = sorted(f.name[:-5] for f in rules_dir().iterdir() if f.name.endswith(".yaml"))
    return [n for n in names if "rules" in load_data(f"{n}.yaml")]


@cache
def builtin_rules() -> tuple[RuleSpec, ...]:
    specs: list[RuleSpec] = []
    for name in builtin_packs():
        specs.extend(parse_rules(load_data(f"{name}.yaml"), f"rules/{name}.yaml"))
    seen = set()
    for s in specs:
        if s.rule.id in seen:
            raise RulePackError(f"rules: duplicate rule id {s.rule.id}")
        seen.add(s.rule.id)
    return tuple(specs)


def load_user_rules(path: str) -> list[RuleSpec]:
    from .read.small import read_small_text

    text = read_small_text(path, "rule file", RulePackError)  # bounded; never a device or FIFO
    return parse_rules(_yaml_load(text, path), path, user=True)


def rule_specs(user_files=()) -> list[RuleSpec]:
    """The built-in rules plus the users' rule files, each id defined once."""
    specs = list(builtin_rules())
    for f in user_files:
        specs.extend(load_user_rules(f))
    seen: dict[str, str] = {}
    for spec in specs:
        if spec.rule.id in seen:
            raise RulePackError(f"{spec.source}: rule id {spec.rule.id} is already defined in {seen[spec.rule.id]}")
        seen[spec.rule.id] = spec.source
    return specs
