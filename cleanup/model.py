"""The one data model every stage shares: rules, findings, fixes and edits.

Offsets are code-point indexes into the decoded text (a Python ``str``), half-open ``[start, end)``,
exactly as the JSON report contract promises: ``text[start:end]`` is the flagged text.
"""
from __future__ import annotations

from dataclasses import dataclass, field

SEVERITIES = ("info", "warning", "error")
SEVERITY_RANK = {name: rank for rank, name in enumerate(SEVERITIES)}
APPLICABILITIES = ("safe", "unsafe")


@dataclass(frozen=True, order=True)
class Edit:
    """Replace ``text[start:end]`` with ``replacement`` (an insertion when start == end)."""

    start: int
    end: int
    replacement: str

    def to_json(self) -> dict:
        return {"start": self.start, "end": self.end, "replacement": self.replacement}


@dataclass(frozen=True)
class Fix:
    """A set of edits applied together or not at all."""

    applicability: str  # "safe" (applied by `fix`) or "unsafe" (only with --unsafe-fixes)
    edits: tuple[Edit, ...]

    def __post_init__(self):
        if self.applicability not in APPLICABILITIES:
            raise ValueError(f"bad applicability {self.applicability!r}")
        if not self.edits:
            raise ValueError("a fix needs at least one edit")

    @property
    def start(self) -> int:
        return min(e.start for e in self.edits)

    @property
    def end(self) -> int:
        return max(e.end for e in self.edits)

    def to_json(self) -> dict:
        return {"applicability": self.applicability, "edits": [e.to_json() for e in sorted(self.edits)]}


@dataclass(frozen=True)
class Rule:
    """What a rule is, independent of any text: the stable id and how to explain it."""

    id: str  # stable, e.g. "MT101"; LanguageTool rules are "LT:<id>"
    name: str  # kebab-case, e.g. "stray-period"
    category: str  # e.g. "artifact", "names", "punctuation", "grammar"
    severity: str
    message: str  # what the rule finds, in a line (`mtclean rules`; a pattern rule's message template)
    description: str = ""
    fixable: str = "none"  # "safe", "unsafe", "sometimes", or "none"
    examples: tuple = ()  # ({"bad": ..., "fixed": ...} | {"good": ...}, ...)
    priority: int = 50  # lower wins when two fixes overlap
    # A code detector's message templates by key ("{token}" filled by the detector): Context.finding.
    messages: dict = field(default_factory=dict, hash=False, compare=False)
    fix_safety: str = ""  # when the fix is safe and when it is not, for `mtclean explain`
    # False: an opt-in rule (a style preference, or a check that fires on good text too): it runs only when
    # `select` names it by its exact id or name (Config.rule_enabled); "ALL" or a prefix does not.
    default: bool = True


@dataclass
class Finding:
    rule: Rule
    start: int
    end: int
    message: str
    fix: Fix | None = None
    severity: str | None = None  # overrides rule.severity (config may change it)
    # Set by the engine: 1-based line/column, filled from the Document that produced the finding.
    line: int = 0
    column: int = 0
    end_line: int = 0
    end_column: int = 0
    extra: dict = field(default_factory=dict)
    # "previous" or "next" when this finding also read a neighbouring paragraph (see Document.scope)
    reads: str = ""

    @property
    def effective_severity(self) -> str:
        return self.severity or self.rule.severity

    @property
    def sort_key(self):
        return (self.start, self.end, self.rule.priority, self.rule.id)

    def to_json(self) -> dict:
        return {
            "rule": self.rule.id,
            "name": self.rule.name,
            "category": self.rule.category,
            "severity": self.effective_severity,
            "message": self.message,
            "start": self.start,
            "end": self.end,
            "line": self.line,
            "column": self.column,
            "end_line": self.end_line,
            "end_column": self.end_column,
            "fix": self.fix.to_json() if self.fix else None,
        }
