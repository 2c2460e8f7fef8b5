"""One file through the pipeline: read -> segment -> detect -> resolve -> apply -> (write).

Everything here is plain data in and out, so a batch can run it in worker processes.
"""
from __future__ import annotations

import os
from dataclasses import dataclass, field

from .config import Config
from .engine import Engine
from .errors import EncodeError, InputError, UnsafeEditError
from .read.source import DEFAULT_MAX_SIZE, read_source, write_atomic
from .rulepacks import rule_specs


@dataclass
class Settings:
    config: Config = field(default_factory=Config)
    unsafe: bool = False
    encoding: str | None = None
    max_size: int = DEFAULT_MAX_SIZE
    rule_files: tuple = ()  # --rules FILE, on top of the config's extra-rules
    specs: tuple = ()  # the rules, once loaded; empty: load them from the packs and the files above
    keep_text: bool = False  # return before/after text (for --diff and stdout output)
    backup: bool = False
    in_place: bool = False  # --in-place: the only way an input file may be rewritten


class EngineCache:
    """Engines by their set of enabled rules (per-file-ignores can give files different sets)."""

    def __init__(self, settings: Settings, layers=()):
        self.settings = settings
        self.layers = list(layers)
        # The CLI loads (and validates) the rule files once; workers get the parsed rules with the settings.
        specs = list(settings.specs) or rule_specs(list(settings.config.extra_rules) + list(settings.rule_files))
        self.specs = specs
        self._engines: dict[frozenset, Engine] = {}

    def for_path(self, path: str) -> Engine:
        cfg = self.settings.config
        enabled = frozenset(s.rule.id for s in self.specs if cfg.rule_enabled(s.rule, path))
        eng = self._engines.get(enabled)
        if eng is None:
            from .segment import make_document

            eng = Engine([s for s in self.specs if s.rule.id in enabled], cfg, make_document)
            eng.extra_layers = [_filtered(layer, cfg, path) for layer in self.layers]
            self._engines[enabled] = eng
        return eng


def _filtered(layer, cfg, path):
    def run(doc, findings):
        return [f for f in layer(doc, findings) if cfg.rule_enabled(f.rule, path)]

    return run


def process_file(path: str, engines: EngineCache, mode: str, out_path: str | None = None,
                 display: str | None = None, stdin=None) -> dict:
    """Check or fix one file. Returns a JSON-ready dict; never raises for a user's bad input."""
    settings = engines.settings
    shown = display or path
    result = {"path": shown, "encoding": None, "findings": [], "error": None, "changed": False}
    try:
        src = read_source(path, settings.encoding, settings.max_size, stdin=stdin)
    except InputError as exc:
        result["error"] = str(exc)
        return result
    result["encoding"] = src.encoding_label
    engine = engines.for_path(path)
    n_notices = len(engine.ctx.notices)
    try:
        return _check_or_fix(src, path, engine, mode, out_path, shown, settings, result)
    finally:
        notices = list(dict.fromkeys(engine.ctx.notices[n_notices:]))
        if notices:
            result["notices"] = notices  # e.g. a user rule stopped by its time budget


def _check_or_fix(src, path, engine, mode, out_path, shown, settings, result) -> dict:
    if mode == "check":
        result["findings"] = [f.to_json() for f in engine.check(src.text, path)]
        return result
    try:
        fixed = engine.fix(src.text, path, unsafe=settings.unsafe)
    except UnsafeEditError as exc:
        # apply.verify caught edits that would change text outside their spans: write nothing at all.
        result["error"] = (f"{shown}: internal error: {exc}; the file was left unchanged and nothing was written "
                           f"(please report this with the file)")
        return result
    result["changed"] = fixed.text != src.text
    result["findings"] = [f.to_json() for f in fixed.remaining]
    result["applied"] = [f.to_json() for f in fixed.applied]
    if settings.keep_text:
        result["before"], result["after"] = src.text, fixed.text
    if out_path is not None:
        try:
            data = src.encode(fixed.text)
        except EncodeError as exc:
            result["error"] = str(exc).replace(src.path, shown, 1)
            return result
        try:
            same_file = os.path.exists(out_path) and path != "-" and os.path.samefile(path, out_path)
            if same_file and not settings.in_place:
                result["error"] = (f"{out_path}: is the input file itself; use --in-place to rewrite it "
                                   f"(nothing was written)")
                return result
            if same_file and not result["changed"]:
                return result  # in place and nothing to do: leave the file (and its mtime) alone
            if same_file and not os.access(out_path, os.W_OK):
                result["error"] = f"{out_path}: permission denied (the file is read-only); nothing was written"
                return result
            if same_file and settings.backup:
                write_atomic(out_path + ".orig", src.raw, mode_from=path)
            os.makedirs(os.path.dirname(os.path.abspath(out_path)), exist_ok=True)
            write_atomic(out_path, data, mode_from=path if path != "-" else None)
        except OSError as exc:
            result["error"] = f"{out_path}: cannot write ({exc.strerror or exc}); check the folder's permissions"
    elif settings.keep_text:
        try:
            result["out_bytes"] = src.encode(fixed.text)
        except EncodeError as exc:
            result["error"] = str(exc).replace(src.path, shown, 1)
    return result
