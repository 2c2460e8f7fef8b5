"""Per-file results as every renderer here reads them: the JSON contract's dicts (docs/json-output.md).

The runner hands over one dict a file; a ``FileResult`` dataclass may replace it. The renderers read
results only through ``file_dicts`` and ``article_text``, so such a change is this one adapter.

Besides the contract's keys (path, encoding, findings, error, notices), a result may carry what the run
kept for a renderer: ``text`` (the decoded article, for `check` with keep_text), ``before``/``after``
(`fix`), ``sha256`` (of the file's bytes as read), ``applied`` and ``changed`` (`fix`).
"""
from __future__ import annotations

_EXTRAS = ("text", "before", "after", "sha256", "applied", "changed", "notices")


def _finding(f) -> dict:
    return f if isinstance(f, dict) else f.to_json()


def file_dict(r) -> dict:
    """One result as a plain dict with the contract's keys (and the extras it carries)."""
    if isinstance(r, dict):
        return r
    to_json = getattr(r, "to_json", None)
    d = dict(to_json()) if callable(to_json) else {k: v for k, v in vars(r).items() if not k.startswith("_")}
    for key in _EXTRAS:
        if key not in d and getattr(r, key, None) is not None:
            d[key] = getattr(r, key)
    d["findings"] = [_finding(f) for f in d.get("findings") or ()]
    if "applied" in d:
        d["applied"] = [_finding(f) for f in d["applied"] or ()]
    d.setdefault("encoding", None)
    d.setdefault("error", None)
    return d


def file_dicts(results) -> list[dict]:
    return [file_dict(r) for r in results]


def article_text(d: dict) -> str | None:
    """The decoded text a `check` result's offsets refer to (None when the run did not keep it)."""
    return d.get("text")
