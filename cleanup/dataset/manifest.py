"""What a run is, written to ``OUT/_manifest.json`` before any part: --resume compares it with the run it is
asked to continue and refuses when the output would mix two different runs.

- ``ruleset_hash``: the rules (built-in and the user's, with patterns and options), the built-in data files,
  the configuration that changes results (select, ignore, severities, house style, per-file-ignores), the
  command (check or fix) and --unsafe-fixes. A different hash means a text would come out differently.
- ``plan_hash``: the partitions (files, sizes, byte ranges or row groups), the text and id columns, the
  output format. A different hash means rows would land in different parts.
- ``code_hash``: mtclean's own code and rule files. Workers compare it with the client's before writing, so
  a cluster with another mtclean installed fails loudly instead of writing different output.
"""
from __future__ import annotations

import dataclasses
import hashlib
import json
import os
from functools import cache

MANIFEST = "_manifest.json"
FORMAT_VERSION = 1


def _sha(obj) -> str:
    return hashlib.sha256(json.dumps(obj, sort_keys=True, default=str, ensure_ascii=True).encode()).hexdigest()


def version() -> str:
    try:
        from importlib.metadata import version as v

        return v("mtclean")
    except Exception:  # noqa: BLE001 - run from a source tree
        return "unknown"


@cache
def code_hash() -> str:
    """sha256 over the package's .py files and its rule files (what decides a text's outcome)."""
    from ..rulepacks import rules_dir

    h = hashlib.sha256()
    pkg = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    files = []
    for dirpath, dirnames, filenames in os.walk(pkg):
        dirnames[:] = sorted(d for d in dirnames if d != "__pycache__")
        files += [os.path.join(dirpath, f) for f in sorted(filenames) if f.endswith(".py")]
    for f in files:
        h.update(os.path.relpath(f, pkg).encode() + b"\0")
        with open(f, "rb") as fh:
            h.update(fh.read())
    rd = rules_dir()
    for entry in sorted(rd.iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".yaml"):
            h.update(entry.name.encode() + b"\0" + entry.read_bytes())
    return h.hexdigest()


def _canon(v):
    """A stable, JSON-ready form of a rule spec (whatever its fields: the engine's internals may change):
    dataclasses field by field, compiled patterns as pattern and flags, functions by name."""
    if dataclasses.is_dataclass(v) and not isinstance(v, type):
        return {f.name: _canon(getattr(v, f.name)) for f in dataclasses.fields(v)}
    if hasattr(v, "pattern") and hasattr(v, "flags"):
        return {"pattern": _canon(v.pattern), "flags": int(v.flags)}
    if isinstance(v, dict):
        return {str(k): _canon(x) for k, x in v.items()}
    if isinstance(v, (list, tuple)):
        return [_canon(x) for x in v]
    if isinstance(v, (set, frozenset)):
        return sorted((_canon(x) for x in v), key=repr)
    if v is None or isinstance(v, (str, int, float, bool)):
        return v
    if callable(v):
        return f"{getattr(v, '__module__', '')}.{getattr(v, '__qualname__', type(v).__name__)}"
    text = repr(v)
    return type(v).__name__ if " at 0x" in text else text  # never a memory address


def ruleset_hash(settings, mode: str) -> str:
    cfg = settings.config
    config = {"select": cfg.select, "ignore": cfg.ignore, "severity": cfg.severity, "house_style": cfg.house_style,
              "per_file_ignores": cfg.per_file_ignores,
              "config_dir": os.path.dirname(os.path.abspath(cfg.path)) if cfg.path else None}
    from ..rulepacks import rules_dir

    data = {e.name: hashlib.sha256(e.read_bytes()).hexdigest()
            for e in rules_dir().iterdir() if e.name.endswith(".yaml")}
    return _sha({"rules": [_canon(s) for s in settings.specs], "data": data, "config": config, "mode": mode,
                 "unsafe": bool(settings.unsafe and mode == "fix"), "max_size": settings.max_size})


def plan_hash(parts, kind: str, text_column: str, id_column, out_suffix: str) -> str:
    return _sha({"plan": [p.key() for p in parts], "kind": kind, "text_column": text_column,
                 "id_column": id_column, "output": out_suffix})


def build(*, mode, arguments, parts, ruleset, plan, schema, run_id, created) -> dict:
    return {"format": FORMAT_VERSION, "tool": "mtclean", "mtclean_version": version(), "code_hash": code_hash(),
            "command": mode, "arguments": arguments, "ruleset_hash": ruleset, "plan_hash": plan,
            "output_columns": schema, "partitions": [{"part": i, **p.key()} for i, p in enumerate(parts)],
            "run_id": run_id, "created": created}


def refuse_resume(old: dict, new: dict, out: str) -> str | None:
    """Why ``new`` may not continue ``old`` (one line), or None when it may."""
    if old.get("tool") != "mtclean" or old.get("format") != FORMAT_VERSION:
        return f"{out}: its _manifest.json is not from this mtclean; use --overwrite or another folder"
    if old.get("command") != new["command"]:
        return (f"{out}: holds a `mtclean {old.get('command')}` run, not `{new['command']}`; use --overwrite "
                f"or another folder")
    if old.get("code_hash") != new["code_hash"]:
        return (f"{out}: was started by another mtclean (version {old.get('mtclean_version')}, now "
                f"{new['mtclean_version']}, or its code changed); finish it with that version, or use --overwrite")
    if old.get("ruleset_hash") != new["ruleset_hash"]:
        return (f"{out}: the rules or config changed since this run started (rule-set hash "
                f"{old.get('ruleset_hash', '')[:12]} then, {new['ruleset_hash'][:12]} now); resume with the same "
                f"rules, or use --overwrite")
    if old.get("plan_hash") != new["plan_hash"]:
        return (f"{out}: the partition plan changed since this run started (other input files or sizes, "
                f"--partition-size, --text-column or --id-column); resume with the same ones, or use --overwrite")
    return None
