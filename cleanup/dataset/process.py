"""One text through the engine: the only place in the dataset path that runs it.

``process_value`` takes a cell of the text column, whatever it holds, and returns an ``Outcome``: the
cleaned text (``fix``), the findings, or an error for a value that is not text mtclean can read (null, a
number, binary, an unpaired surrogate, over --max-size, binary-looking). It never raises for a row, so one
bad row never costs its partition. The engine comes from ``cleanup.runner`` (Settings, EngineCache) and
runs as `mtclean fix FILE` runs it (``Engine.fix(text, path, unsafe=...)``, ``Engine.check``), so a text
comes out exactly as it would from a .txt file holding it, with the same rules and config.
"""
from __future__ import annotations

import threading
from dataclasses import dataclass, field

from ..errors import UnsafeEditError
from ..read.source import looks_binary
from ..regex_budget import file_budget
from ..regex_budget import notice as budget_notice

_JSON_TYPES = {bool: "a boolean", int: "a number", float: "a number", list: "a list", dict: "an object",
               tuple: "a list"}


@dataclass
class Outcome:
    text: str | None = None  # fix: the cleaned text; None for check and on error
    changed: bool = False
    # (rule, start, end, severity, applied): applied findings first, in the order they were applied (their
    # offsets refer to the text of their own round), then the findings left (offsets into the final text)
    findings: list = field(default_factory=list)
    error: str | None = None
    notices: tuple = ()

    def by_rule(self) -> dict[str, int]:
        counts: dict[str, int] = {}
        for f in self.findings:
            counts[f[0]] = counts.get(f[0], 0) + 1
        return counts


def check_value(value, max_size: int) -> tuple[str | None, str | None]:
    """(text, None) when ``value`` is text mtclean can process, else (None, why not)."""
    if value is None:
        return None, "text is null"
    if isinstance(value, (bytes, bytearray, memoryview)):
        return None, f"text is binary ({len(value):,} bytes), not a string; cast the column to a UTF-8 string"
    if not isinstance(value, str):
        kind = _JSON_TYPES.get(type(value)) or type(value).__name__
        return None, f"text is {kind}, not a string"
    try:
        data = value.encode("utf-8")
    except UnicodeEncodeError as exc:
        return None, f"text has an unpaired surrogate (U+{ord(value[exc.start]):04X}) at character {exc.start}"
    if len(data) > max_size:
        return None, f"text is {len(data):,} bytes, over --max-size ({max_size:,}); raise --max-size to clean it"
    if looks_binary(data):
        return None, "text looks binary (NUL or control characters), not prose"
    return value, None


def process_value(engines, value, path: str, mode: str) -> Outcome:
    """Check or fix one cell of the text column (``path``: the data file, for per-file-ignores)."""
    settings = engines.settings
    text, error = check_value(value, settings.max_size)
    if text is None:  # and error says why
        return Outcome(error=error)
    engine = engines.for_path(path)
    n_notices = len(engine.ctx.notices)
    # The user regexes of one text share one time budget, as those of one file do (regex_budget.py).
    with file_budget(engine.ctx.specs.values(), len(text)) as budget:
        try:
            if mode == "check":
                found = engine.check(text, path)
            else:
                fixed = engine.fix(text, path, unsafe=settings.unsafe)
        except UnsafeEditError as exc:
            return Outcome(error=f"internal error: {exc}; the text was left unchanged (please report it)")
        except Exception as exc:  # noqa: BLE001 - one text's internal error is its row's, never the partition's
            return Outcome(error=f"internal error ({type(exc).__name__}: {exc}); please report it")
    skipped = budget_notice(budget, path)
    if skipped:
        engine.ctx.notices.append(skipped)
    if mode == "check":
        return Outcome(findings=[(f.rule.id, f.start, f.end, f.effective_severity, False) for f in found],
                       notices=_new_notices(engine, n_notices))
    findings = [(f.rule.id, f.start, f.end, f.effective_severity, True) for f in fixed.applied]
    findings += [(f.rule.id, f.start, f.end, f.effective_severity, False) for f in fixed.remaining]
    return Outcome(text=fixed.text, changed=fixed.text != text, findings=findings,
                   notices=_new_notices(engine, n_notices))


def _new_notices(engine, n: int) -> tuple:
    notices = engine.ctx.notices
    return tuple(dict.fromkeys(notices[n:])) if len(notices) > n else ()


# -- engines, once per worker thread ----------------------------------------------------------------------
_local = threading.local()


def engines_for(settings, key: str):
    """An EngineCache for these settings, built once per process and thread and kept across partitions
    and runs (``key``: the rule-set hash). Dask workers may run several partitions at once in threads;
    each thread has its own engines."""
    from ..runner import EngineCache

    cache = getattr(_local, "engines", None)
    if cache is None or cache[0] != key:
        cache = _local.engines = (key, EngineCache(settings))
    return cache[1]
