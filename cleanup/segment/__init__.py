"""Segmentation: turn decoded text into a Document (lines, paragraphs, sentences, masked regions)."""
from __future__ import annotations

from .document import Document

MARKDOWN_SUFFIXES = (".md", ".markdown", ".mdown", ".mkd")


def make_document(text: str, path: str = "<text>") -> Document:
    """The Document for a file: Markdown files get their code, links and HTML masked."""
    if path.lower().endswith(MARKDOWN_SUFFIXES):
        try:
            from .markdown import markdown_document
        except ModuleNotFoundError:
            return Document(text, path)
        return markdown_document(text, path)
    return Document(text, path)
