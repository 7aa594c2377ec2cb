"""Markdown for course prose: CommonMark with tables, raw HTML off.

Given a hint text (the course language's "opens in a new tab"), links to other sites open a new
tab and carry that hint for screen readers: inside an LMS frame, following a link in the same
frame would unload the lesson and end the learner's session. Without a hint (question exports,
which no LMS frame shows) links render as plain CommonMark.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.common.utils import escapeHtml, mdTrim
from markdown_it.renderer import RendererHTML
from markdown_it.rules_core import block, normalize
from markdown_it.rules_core.state_core import StateCore
from markdown_it.token import Token
from markdown_it.utils import OptionsDict
from markupsafe import Markup

EXTERNAL_HREF = re.compile(r"^\s*(?:https?:)?//", re.IGNORECASE)
NEW_TAB_TARGET = "_blank"
NEW_TAB_REL = "noopener noreferrer"
HINT_CLASS = "visually-hidden"
_HINT_KEY = "dcp_new_tab_hint"
_OPEN_LINKS_KEY = "dcp_open_links"  # per link_open: whether its link_close must add the hint


def is_external(href: str) -> bool:
    """A link that would take the frame to another site (http, https or scheme-relative)."""
    return bool(EXTERNAL_HREF.match(href))


def new_tab_hint_html(hint: str) -> str:
    """The visually hidden text that tells screen-reader users a link opens a new tab."""
    return f'<span class="{HINT_CLASS}"> {escapeHtml(hint)}</span>'


def render_env(new_tab_hint: str) -> dict[str, Any]:
    """The markdown-it env for one render; a hint switches new-tab links on."""
    return {_HINT_KEY: new_tab_hint} if new_tab_hint else {}


def _link_open(
    renderer: RendererHTML, tokens: Sequence[Token], idx: int, options: OptionsDict, env: dict[str, Any]
) -> str:
    token = tokens[idx]
    opens_new_tab = bool(env.get(_HINT_KEY)) and is_external(str(token.attrGet("href") or ""))
    env.setdefault(_OPEN_LINKS_KEY, []).append(opens_new_tab)
    if opens_new_tab:
        token.attrSet("target", NEW_TAB_TARGET)
        token.attrSet("rel", NEW_TAB_REL)
    return renderer.renderToken(tokens, idx, options, env)


def _link_close(
    renderer: RendererHTML, tokens: Sequence[Token], idx: int, options: OptionsDict, env: dict[str, Any]
) -> str:
    open_links: list[bool] = env.get(_OPEN_LINKS_KEY) or [False]
    hint = new_tab_hint_html(str(env[_HINT_KEY])) if open_links.pop() else ""
    return hint + renderer.renderToken(tokens, idx, options, env)


@lru_cache(maxsize=1)
def _parser() -> MarkdownIt:
    parser = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False}).enable("table")
    parser.add_render_rule("link_open", _link_open)
    parser.add_render_rule("link_close", _link_close)
    return parser


# One line of words and ordinary punctuation, where no inline rule (escape, code, emphasis, link,
# image, autolink, entity) can start: markdown-it would only escape it. Most short texts (key
# points, choices, stems) are like this, and skipping the parser for them saves a page ~0.1 ms.
_PLAIN_LINE = re.compile(r"[^\\`*_\[\]!<>&~\s](?:[^\\`*_\[\]!<>&~\n\r\t]*[^\\`*_\[\]!<>&~\s])?")
# ...and can start no block (heading, list, quote, fence, table, code) when it begins with a letter.
_PLAIN_PARAGRAPH = re.compile(r"[^\W\d_](?:[^\\`*_\[\]!<>&~|\n\r\t]*[^\\`*_\[\]!<>&~|\s])?")


# A line that begins with a letter can begin no block (list, heading, quote, fence, table, HTML,
# code, link definition) and cannot end a paragraph: text whose every line does so, or is blank,
# is nothing but paragraphs, whatever its lines hold after their first letter.
_STARTS_WITH_LETTER = re.compile(r"[^\W\d_]")


def _paragraph_lines(text: str) -> list[tuple[int, int, str]] | None:
    """(first line, line after, content) of each paragraph when text is only paragraphs, else None."""
    if "\r" in text or "\0" in text:  # markdown-it's normalize step would change them
        return None
    paragraphs: list[tuple[int, int, str]] = []
    lines = text.split("\n")
    first = -1
    for number, line in enumerate(lines):
        if not line.strip(" \t"):  # markdown-it's blank line: spaces and tabs at most
            if first >= 0:
                paragraphs.append((first, number, mdTrim("\n".join(lines[first:number]))))
                first = -1
        elif first < 0:
            if not _STARTS_WITH_LETTER.match(line):
                return None
            first = number
        elif not _STARTS_WITH_LETTER.match(line):
            return None
    if first >= 0:
        paragraphs.append((first, len(lines), mdTrim("\n".join(lines[first:]))))
    return paragraphs


def parse_markdown(text: str, env: dict[str, Any] | None = None) -> list[Token]:
    """markdown-it's tokens for text; text of paragraphs only skips its block parser.

    The block parser looks at every line for the start of a list, heading, table and the like;
    prose is mostly paragraphs, for which it costs a quarter of the whole parse. The tokens are
    the ones the block parser makes (tests/unit/test_fast_paths.py compares them).
    """
    parser = _parser()
    paragraphs = _paragraph_lines(text)
    if paragraphs is None:
        return parser.parse(text, env)
    state = StateCore(text, parser, {} if env is None else env)
    for first, after, content in paragraphs:
        opening = Token("paragraph_open", "p", 1, map=[first, after], level=0, block=True)
        inline = Token("inline", "", 0, map=[first, after], level=1, block=True, content=content, children=[])
        closing = Token("paragraph_close", "p", -1, level=0, block=True)
        state.tokens += [opening, inline, closing]
    for rule in parser.core.ruler.getRules(""):
        if rule is not normalize and rule is not block:
            rule(state)
    return state.tokens


@lru_cache(maxsize=4096)
def markdown_html(text: str, new_tab_hint: str = "") -> Markup:
    """Block-level HTML for a Markdown source."""
    if _PLAIN_PARAGRAPH.fullmatch(text):
        return Markup(f"<p>{escapeHtml(text)}</p>\n")
    parser = _parser()
    env = render_env(new_tab_hint)
    return Markup(parser.renderer.render(parse_markdown(text, env), parser.options, env))


@lru_cache(maxsize=4096)
def markdown_inline(text: str, new_tab_hint: str = "") -> Markup:
    """Inline HTML (no wrapping paragraph) for short Markdown such as choice texts and stems."""
    if _PLAIN_LINE.fullmatch(text):
        return Markup(escapeHtml(text))
    return Markup(_parser().renderInline(text, render_env(new_tab_hint)))


def forget_rendered() -> None:
    """Drop the kept renders: once every page is rendered they only hold memory."""
    markdown_html.cache_clear()
    markdown_inline.cache_clear()
