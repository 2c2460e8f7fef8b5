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
from .result import FileResult
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
    keep_lines: bool = False  # return the lines findings are on (for excerpts in check's full format)
    keep_source: bool = False  # return the text and the bytes' SHA-256 (for SARIF, rdjson, the HTML report)
    decisions: object = None  # fix --decisions: a decisions.Decisions whose accepted edits replace detection
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
                 display: str | None = None, stdin=None) -> FileResult:
    """Check or fix one file; never raises for a user's bad input.

    ``display`` is the name reported; for standard input (``path`` "-") it is also the name that picks the
    format, the per-file ignores and the engine (``--stdin-filename``)."""
    settings = engines.settings
    shown = display or path
    result = FileResult(shown)
    try:
        src = read_source(path, settings.encoding, settings.max_size, stdin=stdin)
    except InputError as exc:
        result.error = str(exc)
        return result
    result.encoding = src.encoding_label
    named = shown if path == "-" else path
    engine = engines.for_path(named)
    n_notices = len(engine.ctx.notices)
    budget = None
    try:
        # All user regexes of this file share one time budget, over every pass of fix (regex_budget.py).
        with file_budget(engine.ctx.specs.values(), len(src.text)) as budget:
            return _check_or_fix(src, path, engine, mode, out_path, shown, settings, result)
    finally:
        skipped = budget and budget_notice(budget, shown)
        if skipped:
            engine.ctx.notices.append(skipped)
        # e.g. a user rule stopped by its time budget
        result.notices = list(dict.fromkeys(engine.ctx.notices[n_notices:]))


def _line_texts(text: str, findings: list[dict]) -> dict[int, tuple[int, str]]:
    """(start offset, text) of each line a finding starts on, for the excerpt under it."""
    from .segment.document import LINE_BREAK

    wanted = {f["line"] for f in findings}
    out: dict[int, tuple[int, str]] = {}
    line, start = 1, 0
    for m in LINE_BREAK.finditer(text):
        if line in wanted:
            out[line] = (start, text[start:m.start()])
        line, start = line + 1, m.end()
        if len(out) == len(wanted):
            return out
    if line in wanted:
        out[line] = (start, text[start:])
    return out


def _check_or_fix(src, path, engine, mode, out_path, shown, settings, result) -> FileResult:
    named = shown if path == "-" else path  # the name that decides the format (--stdin-filename)
    if settings.keep_source:
        import hashlib

        result.sha256 = hashlib.sha256(src.raw).hexdigest()
        if mode == "check":
            result.text = src.text
    if mode == "check":
        result.findings = [f.to_json() for f in engine.check(src.text, named)]
        if settings.keep_lines and result.findings:
            result.lines = _line_texts(src.text, result.findings)
        return result
    try:
        if settings.decisions is not None:
            fixed = settings.decisions.apply(src, shown)  # the edits an editor accepted, and nothing else
        else:
            fixed = engine.fix(src.text, named, unsafe=settings.unsafe)
    except InputError as exc:  # --decisions: the file changed since the report, or is not in it
        result.error = str(exc)
        return result
    except UnsafeEditError as exc:
        # apply.verify caught edits that would change text outside their spans: write nothing at all.
        result.error = (f"{shown}: internal error: {exc}; the file was left unchanged and nothing was written "
                           f"(please report this with the file)")
        return result
    result.changed = fixed.text != src.text
    if not getattr(fixed, "converged", True):
        from .resolve import applicable

        rules = sorted({f.rule.id for f in fixed.remaining if applicable(f, settings.unsafe)})
        engine.ctx.notices.append(f"{shown}: fixes did not converge after {fixed.passes} passes (rules "
                                  f"{', '.join(rules)} keep changing the text); the text of the last pass is used, "
                                  f"please report this")
    result.findings = [f.to_json() for f in fixed.remaining]
    result.applied = [f.to_json() for f in fixed.applied]
    if settings.keep_text:
        result.before, result.after = src.text, fixed.text
    if out_path is not None:
        from .write import write_output

        try:
            write_output(src, src.encode(fixed.text), out_path, in_place=settings.in_place, backup=settings.backup,
                         root=settings.output_dir, changed=result.changed)
        except (EncodeError, WriteError) as exc:
            result.error = str(exc).replace(src.path, shown, 1) if isinstance(exc, EncodeError) else str(exc)
            result.changed, result.applied = False, []  # nothing reached the disk
    elif settings.keep_text:
        try:
            result.out_bytes = src.encode(fixed.text)
        except EncodeError as exc:
            result.error = str(exc).replace(src.path, shown, 1)
    return result
