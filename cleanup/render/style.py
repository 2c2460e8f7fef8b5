"""Colour: when to use it, and the palette (the same for the report, the diff and the summary).

``--color auto`` (the default) colours a terminal only. The environment speaks before auto: ``NO_COLOR``
(any value, https://no-color.org) turns colour off, ``FORCE_COLOR`` (any value but ``0``/``false``) turns it
on, NO_COLOR winning when both are set (as pytest does); ``TERM=dumb`` is no colour. An explicit
``--color always|never`` beats them all.
"""
from __future__ import annotations

import os

COLOR_CHOICES = ("auto", "always", "never")
SEVERITY_COLORS = {"error": "red", "warning": "yellow", "info": "cyan"}


def color_enabled(choice: str | None, stream) -> bool:
    if choice == "always":
        return True
    if choice == "never":
        return False
    if os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR", "").strip().lower() not in ("", "0", "false"):
        return True
    if os.environ.get("TERM") == "dumb":
        return False
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


class Style:
    """``style(text, fg=..., bold=...)`` is click.style when colour is on, else the text unchanged."""

    def __init__(self, on: bool):
        self.on = on

    def __call__(self, text: str, **kw) -> str:
        if not self.on or not text:
            return text
        import click

        return click.style(text, **kw)

    def severity(self, text: str, severity: str, bold: bool = False) -> str:
        return self(text, fg=SEVERITY_COLORS.get(severity, "red"), bold=bold)


PLAIN = Style(False)
