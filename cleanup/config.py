"""Configuration: `[tool.mtclean]` in pyproject.toml, or mtclean.toml / .mtclean.toml, found from the
input upward (``--config FILE`` overrides). Command-line options override the file.

Keys (all optional):
  select, ignore        rule ids, id prefixes ("MT1", "LT:") or categories ("names"); an opt-in rule
                        (`default: false` in its YAML) runs only when select names its id or name
  fail-on               error | warning | info | never
  severity              { RULE = "error" | "warning" | "info" }
  unsafe-fixes          bool
  house-style           { preferred = [variants...] }, added to rules/names.yaml
  extra-rules           [paths of YAML rule files], relative to the config file
  per-file-ignores      { "glob" = [rules...] }
  include, exclude      [globs] for folders
  grammar               { mode = "auto"|"none"|"languagetool", url = "...", disable = [LanguageTool ids],
                          language = "en-US"|"en-GB"|... }
"""
from __future__ import annotations

import fnmatch
import os
from dataclasses import dataclass, field
from pathlib import Path

from .errors import ConfigError
from .model import SEVERITIES
from .read.small import read_small_text

CONFIG_NAMES = ("mtclean.toml", ".mtclean.toml", "pyproject.toml")
FAIL_ON = ("error", "warning", "info", "never")
GRAMMAR_MODES = ("auto", "none", "languagetool")
GRAMMAR_LANGUAGES = ("en-US", "en-GB", "en-AU", "en-CA", "en-NZ", "en-ZA", "en")  # as grammar.LANGUAGES


@dataclass
class Config:
    path: str | None = None
    select: list[str] = field(default_factory=list)
    ignore: list[str] = field(default_factory=list)
    fail_on: str = "warning"
    severity: dict[str, str] = field(default_factory=dict)
    unsafe_fixes: bool = False
    house_style: dict[str, list[str]] = field(default_factory=dict)
    extra_rules: list[str] = field(default_factory=list)
    per_file_ignores: dict[str, list[str]] = field(default_factory=dict)
    include: list[str] = field(default_factory=list)
    exclude: list[str] = field(default_factory=list)
    grammar_mode: str = "auto"
    grammar_url: str | None = None
    grammar_disable: list[str] = field(default_factory=list)
    grammar_language: str = "en-US"

    def severity_for(self, rule) -> str | None:
        return self.severity.get(rule.id)

    def rule_enabled(self, rule, path: str | None = None) -> bool:
        if not getattr(rule, "default", True) and not any(sel.strip() in (rule.id, rule.name) for sel in self.select):
            return False  # an opt-in rule runs only when select names it exactly ("ALL" or "MT3" do not)
        if self.select and not any(matches_selector(rule, sel) for sel in self.select):
            return False
        if any(matches_selector(rule, ign) for ign in self.ignore):
            return False
        if path is not None:
            for pattern, rules in self.per_file_ignores.items():
                if _path_matches(path, pattern, self.path) and any(matches_selector(rule, r) for r in rules):
                    return False
        return True


def check_rule_refs(cfg: Config, rules, cli_select=(), cli_ignore=()) -> None:
    """Every rule selector in the config (and on the command line) must name at least one rule; LanguageTool
    ids (``LT:...``) are not known in advance and always pass. Raises ConfigError naming file and key."""
    rules = list(rules)
    grammar_categories = set()
    try:  # the LanguageTool layer's categories exist only when it runs: take them from its rule pack
        from .rulepacks import load_data

        cats = (load_data("languagetool.yaml") or {}).get("categories") or {}
        grammar_categories = {str(v) for v in cats.values()} | {str(k).lower() for k in cats}
    except Exception:  # noqa: BLE001 - no grammar pack in this installation
        pass

    def known(sel: str) -> bool:
        return sel.upper().startswith("LT") or sel in grammar_categories or any(matches_selector(r, sel) for r in rules)

    def bad(values):
        return next((v for v in values if not known(v)), None)

    where = cfg.path or "config"
    for opt, values in (("--select", cli_select), ("--ignore", cli_ignore)):
        v = bad(values)
        if v is not None:
            raise ConfigError(f"{opt}: no rule matches '{v}' (`mtclean rules` lists them)")
    for key, values in (("select", [] if cli_select else cfg.select), ("ignore", cfg.ignore)):
        v = bad(values)
        if v is not None:
            raise ConfigError(f"{where}: '{key}': no rule matches '{v}' (`mtclean rules` lists them)")
    ids = {r.id for r in rules}
    for rid in cfg.severity:
        if rid not in ids and not rid.startswith("LT:"):
            raise ConfigError(f"{where}: 'severity': no rule with id '{rid}' (`mtclean rules` lists them)")
    for glob, values in cfg.per_file_ignores.items():
        v = bad(values)
        if v is not None:
            raise ConfigError(f"{where}: 'per-file-ignores' for '{glob}': no rule matches '{v}'")


def matches_selector(rule, sel: str) -> bool:
    """Does a rule selector (``ALL``, an id, an id prefix, a category or a name) name ``rule``? The one
    definition for config keys, command-line options and suppression comments."""
    sel = sel.strip()
    return sel.upper() == "ALL" or rule.id == sel or rule.id.startswith(sel) or rule.category == sel \
        or rule.name == sel


def _path_matches(path: str, pattern: str, config_path: str | None) -> bool:
    p = os.path.normpath(path)
    if config_path:
        base = os.path.dirname(os.path.abspath(config_path))
        rel = os.path.relpath(os.path.abspath(path), base)
        if fnmatch.fnmatch(rel, pattern):
            return True
    return fnmatch.fnmatch(p, pattern) or fnmatch.fnmatch(os.path.basename(p), pattern)


def find_config(start: str) -> str | None:
    d = Path(os.path.abspath(start))
    if not d.is_dir():
        d = d.parent
    for folder in (d, *d.parents):
        for name in CONFIG_NAMES:
            f = folder / name
            if f.is_file():
                if name == "pyproject.toml" and "[tool.mtclean" not in _read(f):
                    continue
                return str(f)
    return None


def _read(f) -> str:
    try:
        return read_small_text(str(f), "config", ConfigError)
    except ConfigError:
        return ""


def load_config(path: str | None) -> Config:
    if path is None:
        return Config()
    text = read_small_text(path, "config", ConfigError)  # bounded; never a device or FIFO
    try:
        import tomllib

        data = tomllib.loads(text)
    except ModuleNotFoundError:
        import tomli

        try:
            data = tomli.loads(text)
        except tomli.TOMLDecodeError as exc:
            raise ConfigError(f"{path}: not valid TOML ({exc})") from None
    except Exception as exc:  # tomllib.TOMLDecodeError
        raise ConfigError(f"{path}: not valid TOML ({exc})") from None
    if os.path.basename(path) == "pyproject.toml":
        data = data.get("tool", {}).get("mtclean", {})
    return from_mapping(data, path)


KEYS = {"select", "ignore", "fail-on", "severity", "unsafe-fixes", "house-style", "extra-rules",
        "per-file-ignores", "include", "exclude", "grammar"}


def from_mapping(data: dict, path: str) -> Config:
    cfg = Config(path=path)
    for key in data:
        if key not in KEYS:
            raise ConfigError(f"{path}: unknown key '{key}' (known: {', '.join(sorted(KEYS))})")

    def str_list(key):
        v = data.get(key, [])
        if isinstance(v, str):
            v = [x for x in v.split(",") if x.strip()]
        if not isinstance(v, list) or not all(isinstance(x, str) for x in v):
            raise ConfigError(f"{path}: '{key}' must be a list of strings")
        return [x.strip() for x in v]

    cfg.select = str_list("select")
    cfg.ignore = str_list("ignore")
    cfg.include = str_list("include")
    cfg.exclude = str_list("exclude")
    base = os.path.dirname(os.path.abspath(path))
    cfg.extra_rules = [os.path.join(base, p) for p in str_list("extra-rules")]
    fail_on = data.get("fail-on", "warning")
    if fail_on not in FAIL_ON:
        raise ConfigError(f"{path}: 'fail-on' must be one of {', '.join(FAIL_ON)}, not {fail_on!r}")
    cfg.fail_on = fail_on
    sev = data.get("severity", {})
    if not isinstance(sev, dict) or not all(v in SEVERITIES for v in sev.values()):
        raise ConfigError(f"{path}: 'severity' must map rule ids to one of {', '.join(SEVERITIES)}")
    cfg.severity = dict(sev)
    uf = data.get("unsafe-fixes", False)
    if not isinstance(uf, bool):
        raise ConfigError(f"{path}: 'unsafe-fixes' must be true or false")
    cfg.unsafe_fixes = uf
    cfg.house_style = _house_style(data, path)
    pfi = data.get("per-file-ignores", {})
    if not isinstance(pfi, dict) or not all(isinstance(v, list) for v in pfi.values()):
        raise ConfigError(f"{path}: 'per-file-ignores' must map a glob to a list of rules")
    cfg.per_file_ignores = {k: [str(x) for x in v] for k, v in pfi.items()}
    _read_grammar(cfg, data, path)
    return cfg


def _house_style(data: dict, path: str) -> dict[str, list[str]]:
    hs = data.get("house-style", {})
    if not isinstance(hs, dict) or not all(isinstance(v, list) and all(isinstance(x, str) for x in v)
                                           for v in hs.values()):
        raise ConfigError(f"{path}: 'house-style' must map a preferred spelling to a list of variants")
    for preferred, variants in hs.items():
        if not preferred.strip() or not all(x.strip() for x in variants) or preferred in variants:
            raise ConfigError(f"{path}: 'house-style.{preferred}': the preferred spelling and its variants "
                              f"must be non-empty and different")
    return {k: list(v) for k, v in hs.items()}


def _read_grammar(cfg: Config, data: dict, path: str) -> None:
    """The ``[grammar]`` table into ``cfg.grammar_*``."""
    gr = data.get("grammar", {})
    if not isinstance(gr, dict):
        raise ConfigError(f"{path}: 'grammar' must be a table")
    for k in gr:
        if k not in ("mode", "url", "disable", "language"):
            raise ConfigError(f"{path}: unknown key 'grammar.{k}' (known: mode, url, disable, language)")
    mode = gr.get("mode", "auto")
    if mode not in GRAMMAR_MODES:
        raise ConfigError(f"{path}: 'grammar.mode' must be one of {', '.join(GRAMMAR_MODES)}")
    cfg.grammar_mode = mode
    url = gr.get("url")
    if url is not None and not isinstance(url, str):
        raise ConfigError(f"{path}: 'grammar.url' must be a string (the LanguageTool server's URL)")
    cfg.grammar_url = url
    dis = gr.get("disable", [])
    if not isinstance(dis, list):
        raise ConfigError(f"{path}: 'grammar.disable' must be a list of LanguageTool rule ids")
    cfg.grammar_disable = [str(x) for x in dis]
    lang = gr.get("language", "en-US")
    if lang not in GRAMMAR_LANGUAGES:
        raise ConfigError(f"{path}: 'grammar.language' must be one of {', '.join(GRAMMAR_LANGUAGES)}")
    cfg.grammar_language = lang


# -- house style that fights itself ---------------------------------------------------------------------------
def check_house_style(cfg: Config) -> None:
    """The config's house style must neither undo nor chain the built-in one (rules/names.yaml) or itself:
    a spelling that is both replaced and a replacement makes `fix` flip text back and forth (or take two
    rounds for one change). Raises ConfigError naming the file, the entry and the other side."""
    if not cfg.house_style:
        return
    from .rulepacks import pack_data

    where = cfg.path or "config"
    builtin = pack_data("names").get("house_style") or {}
    becomes: dict[str, tuple[str, str]] = {}  # variant -> (preferred, where that is said)
    for preferred, variants in builtin.items():
        for v in variants:
            becomes[str(v)] = (str(preferred), "the built-in house style")
    preferred_at = {str(p): "the built-in house style" for p in builtin}
    for preferred, variants in cfg.house_style.items():
        for v in variants:
            old = becomes.get(v)
            if old is not None and old[0] != preferred:
                raise ConfigError(f"{where}: 'house-style.{preferred}': '{v}' already becomes '{old[0]}' in {old[1]}; "
                                  f"a spelling can have one house form")
            becomes[v] = (preferred, f"'house-style.{preferred}'")
        preferred_at.setdefault(preferred, f"'house-style.{preferred}'")
    for preferred, variants in cfg.house_style.items():
        if preferred in becomes and becomes[preferred][0] != preferred:
            to, said = becomes[preferred]
            raise ConfigError(f"{where}: 'house-style.{preferred}': '{preferred}' is itself replaced by '{to}' "
                              f"({said}), so the two would undo or chain each other; remove one of them")
        for v in variants:
            if v in preferred_at and v != preferred:
                raise ConfigError(f"{where}: 'house-style.{preferred}': '{v}' is itself a house spelling "
                                  f"({preferred_at[v]}), so the two would undo or chain each other; remove one of them")


# -- configs from above: the threat model (docs/robustness.md, "Configuration discovery") --------------------
def _git_top(folder: str) -> str | None:
    """The work tree holding ``folder`` (the nearest folder upward with a ``.git``), without running git."""
    d = Path(folder)
    for f in (d, *d.parents):
        if (f / ".git").exists():
            return str(f)
    return None


def _within(path: str, folder: str) -> bool:
    return path == folder or path.startswith(folder.rstrip(os.sep) + os.sep)


def trusted_location(config_path: str, first_input: str, cwd: str | None = None) -> bool:
    """Is a discovered config where the user works: inside the current folder, or inside the git work
    tree of the current folder or of the (first) input?"""
    cwd = os.path.realpath(cwd or os.getcwd())
    folder = os.path.dirname(os.path.realpath(config_path))
    roots = [cwd, _git_top(cwd), _git_top(os.path.dirname(os.path.realpath(first_input)))]
    return any(r and _within(folder, os.path.realpath(r)) for r in roots)


def foreign_risks(cfg: Config, specs, *, fixing: bool, unsafe: bool, url_given: bool, grammar_off: bool) -> list[str]:
    """What a config may only do when the user vouches for it: send text off the machine (or fetch
    LanguageTool), and, for `fix`, change text beyond the built-in safe fixes."""
    risks = []
    if not grammar_off and not url_given:
        if cfg.grammar_url and cfg.grammar_mode != "none":
            risks.append(f"sends the text to {cfg.grammar_url} (grammar.url)")
        elif cfg.grammar_mode == "languagetool":
            risks.append("downloads and starts LanguageTool (grammar.mode)")
    if fixing:
        if cfg.unsafe_fixes:
            risks.append("turns on unsafe fixes (unsafe-fixes)")
        if cfg.house_style:
            risks.append(f"adds house-style replacements ({', '.join(sorted(cfg.house_style))} in house-style)")
        own = {os.path.abspath(p) for p in cfg.extra_rules}
        ids = [s.rule.id for s in specs if s.user and os.path.abspath(s.source) in own
               and s.replacement is not None and (s.applicability == "safe" or unsafe or cfg.unsafe_fixes)]
        if ids:
            risks.append(f"adds rules that change the text ({', '.join(ids)} in extra-rules)")
    return risks
