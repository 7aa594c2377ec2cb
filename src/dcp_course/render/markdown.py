"""Markdown for course prose: CommonMark with tables, raw HTML off."""

from __future__ import annotations

from functools import lru_cache

from markdown_it import MarkdownIt
from markupsafe import Markup


@lru_cache(maxsize=1)
def _parser() -> MarkdownIt:
    return MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False}).enable("table")


@lru_cache(maxsize=4096)
def markdown_html(text: str) -> Markup:
    """Block-level HTML for a Markdown source."""
    return Markup(_parser().render(text))


@lru_cache(maxsize=4096)
def markdown_inline(text: str) -> Markup:
    """Inline HTML (no wrapping paragraph) for short Markdown such as choice texts and stems."""
    return Markup(_parser().renderInline(text))
