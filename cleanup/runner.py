"""One file through the pipeline: read -> segment -> detect -> resolve -> apply -> (write).

Everything here is plain data in and out, so a batch can run it in worker processes.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from .config import Config
from .engine import Engine
from .errors import EncodeError, InputError, UnsafeEditError, WriteError
from .read.source import DEFAULT_MAX_SIZE, read_source
from .regex_budget import file_budget
from .regex_budget import notice as budget_notice
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
    output_dir: str | None = None  # --output-dir: nothing below it is written through a link (write.py)


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
    budget = None
    try:
        with file_budget(engine.ctx.specs.values(), len(src.text)) as budget:
            return _check_or_fix(src, path, engine, mode, out_path, shown, settings, result)
    finally:
        skipped = budget and budget_notice(budget, shown)
        if skipped:
            engine.ctx.notices.append(skipped)
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
    if not fixed.converged:
        from .resolve import applicable

        rules = sorted({f.rule.id for f in fixed.remaining if applicable(f, settings.unsafe)})
        engine.ctx.notices.append(f"{shown}: fixes did not converge after {fixed.passes} passes (rules "
                                  f"{', '.join(rules)} keep changing the text); the text of the last pass is used, "
                                  f"please report this")
    result["findings"] = [f.to_json() for f in fixed.remaining]
    result["applied"] = [f.to_json() for f in fixed.applied]
    if settings.keep_text:
        result["before"], result["after"] = src.text, fixed.text
    if out_path is not None:
        from .write import write_output

        try:
            write_output(src, src.encode(fixed.text), out_path, in_place=settings.in_place, backup=settings.backup,
                         root=settings.output_dir, changed=result["changed"])
        except (EncodeError, WriteError) as exc:
            result["error"] = str(exc).replace(src.path, shown, 1) if isinstance(exc, EncodeError) else str(exc)
            result["changed"], result["applied"] = False, []  # nothing reached the disk
    elif settings.keep_text:
        try:
            result["out_bytes"] = src.encode(fixed.text)
        except EncodeError as exc:
            result["error"] = str(exc).replace(src.path, shown, 1)
    return result
