"""A Markdown field as translation units: one per heading, paragraph, list item and table cell.

Block structure is not text: the field is split into its leaf blocks, and only each leaf's inline
content goes to the translator, with formatting as locked tags (`content.py`). Everything else
(heading marks, list markers, indentation, quote marks, table rules, code blocks) stays on our
side, so typing cannot turn a heading into a paragraph or a list into one line.

Rebuilding puts each leaf's Markdown back at the place its source had. A leaf whose target has
the same text and tags as its source keeps its source exactly as written (its line breaks and
escapes): the whole field then comes back byte for byte. Any other target is written as one
line of Markdown from its text and the source's codes, and checked by parsing it again.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache

from markdown_it import MarkdownIt
from markdown_it.token import Token

from .content import Close, Code, Content, Open, Placeholder, canonical, joined, paired_whitespace_outside

# What may stand before a leaf's text on its first line: indentation, quote marks, list markers,
# heading marks.
_PREFIX_CHARACTERS = frozenset(" \t>-*+.)#0123456789")
_ESCAPED = re.compile(r"[\\`*_\[\]<!]")
_ENTITY_LIKE = re.compile(r"&(?=#?[0-9A-Za-z]+;)")
_ORDERED_MARKER = re.compile(r"^(\d{1,9})([.)])")
_LINE_START_SYNTAX = frozenset("#>+-=~")
_URL_NEEDS_BRACKETS = re.compile(r"[\s()<>]|^$")


@dataclass(frozen=True)
class Leaf:
    """One heading, paragraph, list item's paragraph or table cell of a Markdown field."""

    kind: str  # heading, paragraph, list item, quote, table cell
    start: int  # where its inline Markdown stands in the field's text
    end: int
    content: Content
    codes: Mapping[str, Code]
    in_table: bool = False


@lru_cache(maxsize=1)
def _parser() -> MarkdownIt:
    # The renderer's dialect (render/markdown.py): CommonMark with tables, raw HTML off.
    return MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False}).enable("table")


@lru_cache(maxsize=16_384)
def markdown_leaves(text: str) -> tuple[Leaf, ...] | None:
    """The leaves of a Markdown text in order, or None when a leaf cannot be placed exactly (the
    field then stays one unit of Markdown source)."""
    lines = text.split("\n")
    starts = [0]
    for line in lines[:-1]:
        starts.append(starts[-1] + len(line) + 1)
    leaves: list[Leaf] = []
    containers: list[str] = []
    cells: list[tuple[int, int]] = []  # the current table row's cell spans
    column = 0
    tokens = _parser().parse(text)
    for index, token in enumerate(tokens):
        if token.type in ("bullet_list_open", "ordered_list_open", "blockquote_open"):
            containers.append(token.type)
        elif token.type in ("bullet_list_close", "ordered_list_close", "blockquote_close"):
            containers.pop()
        elif token.type == "tr_open" and token.map is not None:
            cells, column = _cell_spans(lines[token.map[0]], starts[token.map[0]]), 0
        if token.type != "inline" or token.map is None:
            continue
        opener = tokens[index - 1].type
        if opener in ("th_open", "td_open"):
            leaf = _cell_leaf(token, cells[column] if column < len(cells) else None, text)
            column += 1
        else:
            leaf = _block_leaf(token, opener, containers, lines, starts)
        if leaf is None:
            return None
        if leaf.content:
            leaves.append(leaf)
    return tuple(leaves)


def _block_leaf(token: Token, opener: str, containers: list[str], lines: list[str],
                starts: list[int]) -> Leaf | None:
    """A heading's or paragraph's leaf: from its text's first character to its last line's end."""
    assert token.map is not None
    content_lines = token.content.split("\n")
    first_line = token.map[0]
    offset = _content_start(lines[first_line], content_lines[0])
    last_line = first_line + len(content_lines) - 1
    if offset is None or last_line >= len(lines):
        return None
    start = starts[first_line] + offset
    if len(content_lines) == 1:
        end = start + len(content_lines[0])
    else:
        last = lines[last_line].rstrip()
        if not last.endswith(content_lines[-1].strip()):
            return None
        end = starts[last_line] + len(last)
    if opener == "heading_open":
        kind = "heading"
    elif containers and containers[-1] == "blockquote_open":
        kind = "quote"
    elif containers:
        kind = "list item"
    else:
        kind = "paragraph"
    content, codes = inline_content(token.children or [])
    return Leaf(kind, start, end, content, codes)


def _content_start(line: str, first: str) -> int | None:
    """Where a leaf's first line of text starts: after nothing but indentation and block marks."""
    for offset in range(len(line) + 1):
        if line.startswith(first, offset):
            return offset
        if offset == len(line) or line[offset] not in _PREFIX_CHARACTERS:
            return None
    return None


def _cell_spans(line: str, line_start: int) -> list[tuple[int, int]]:
    """Each cell's text in a table row, split at pipes as markdown-it splits them (a pipe right
    after a backslash is part of the cell)."""
    spans, begin, escaped = [], 0, False
    for offset, character in enumerate(line):
        if character == "|" and not escaped:
            spans.append((begin, offset))
            begin = offset + 1
        escaped = character == "\\"
    spans.append((begin, len(line)))
    trimmed = []
    for begin, end in spans:
        cell = line[begin:end]
        left = len(cell) - len(cell.lstrip(" \t"))
        trimmed.append((line_start + begin + left, line_start + begin + len(cell.rstrip(" \t"))))
    if trimmed and trimmed[0][0] == trimmed[0][1] and line.lstrip(" \t").startswith("|"):
        trimmed.pop(0)
    return trimmed


def _cell_leaf(token: Token, span: tuple[int, int] | None, text: str) -> Leaf | None:
    if span is None:
        return None
    start, end = span
    if text[start:end].replace("\\|", "|") != token.content:
        return None
    content, codes = inline_content(token.children or [], in_table=True)
    return Leaf("table cell", start, end, content, codes, in_table=True)


def inline_content(children: Sequence[Token], in_table: bool = False) -> tuple[Content, dict[str, Code]]:
    """markdown-it's inline tokens as text and tags, with what each tag stands for."""
    pieces: list[str | Open | Close | Placeholder] = []
    codes: dict[str, Code] = {}
    _add_inline(children, pieces, codes)
    return joined(pieces), codes


def _add_inline(children: Sequence[Token], pieces: list[str | Open | Close | Placeholder],
                codes: dict[str, Code]) -> None:
    open_ids: list[str] = []
    index = 0
    while index < len(children):
        child = children[index]
        kind = child.type
        tag_id = str(len(codes) + 1)
        if kind == "text":
            pieces.append(child.content)
        elif kind == "softbreak":
            pieces.append(" ")
        elif kind in ("em_open", "strong_open", "link_open") and child.markup != "autolink":
            ctype, code = _pair(child)
            codes[tag_id] = code
            open_ids.append(tag_id)
            pieces.append(Open(tag_id, ctype))
        elif kind in ("em_close", "strong_close", "link_close"):
            pieces.append(Close(open_ids.pop()))
        elif kind == "image":  # its alt text is translated: a pair around it, the address kept out
            codes[tag_id] = Code("![", f"]({_destination(child, 'src')})")
            pieces.append(Open(tag_id, "x-image"))
            _add_inline(child.children or [], pieces, codes)
            pieces.append(Close(tag_id))
        else:
            placeholder, code, index = _standalone(children, index, tag_id)
            if placeholder is None:
                pieces.append(child.content)
            else:
                codes[tag_id] = code
                pieces.append(placeholder)
        index += 1


def _pair(token: Token) -> tuple[str, Code]:
    if token.type == "em_open":
        return "italic", Code("*", "*")
    if token.type == "strong_open":
        return "bold", Code("**", "**")
    return "link", Code("[", f"]({_destination(token)})")


def _standalone(children: Sequence[Token], index: int, tag_id: str
                ) -> tuple[Placeholder | None, Code, int]:
    """The placeholder for the standalone token at index, its code, and the index it ends at."""
    child = children[index]
    if child.type == "hardbreak":
        return Placeholder(tag_id, "lb"), Code("\\\n"), index
    if child.type == "code_inline":
        span = _code_span(child.content, child.markup)
        return Placeholder(tag_id, "x-code", span), Code(span), index
    if child.type == "link_open":  # an autolink: <https://…>, shown whole
        end = index + 1
        while children[end].type != "link_close":
            end += 1
        shown = "".join(t.content for t in children[index + 1:end])
        return Placeholder(tag_id, "x-autolink", f"<{shown}>"), Code(f"<{shown}>"), end
    return None, Code(""), index


def _destination(token: Token, attribute: str = "href") -> str:
    url = str(token.attrGet(attribute) or "")
    if _URL_NEEDS_BRACKETS.search(url):
        url = "<" + url.replace("<", "\\<").replace(">", "\\>") + ">"
    title = token.attrGet("title")
    if title:
        url += ' "' + str(title).replace("\\", "\\\\").replace('"', '\\"') + '"'
    return url


def _code_span(code: str, fence: str) -> str:
    longest = max((len(run) for run in re.findall("`+", code)), default=0)
    if len(fence) <= longest and fence.count("`") == len(fence):
        fence = "`" * (longest + 1)
    pad = " " if code.startswith("`") or code.endswith("`") or (
        code.startswith(" ") and code.endswith(" ") and code.strip()) else ""
    return f"{fence}{pad}{code}{pad}{fence}"


# ---------------------------------------------------------------- back to Markdown


def escape_text(text: str, at_line_start: bool, in_table: bool) -> str:
    """Text that Markdown shows as written: every character that could start inline syntax
    escaped, and block syntax at the start of a line too."""
    if at_line_start:
        text = text.lstrip()
    escaped = _ENTITY_LIKE.sub(r"\\&", _ESCAPED.sub(r"\\\g<0>", text))
    if in_table:
        escaped = escaped.replace("|", "\\|")
    if at_line_start and escaped[:1] in _LINE_START_SYNTAX:
        escaped = "\\" + escaped
    elif at_line_start:
        escaped = _ORDERED_MARKER.sub(r"\1\\\2", escaped, count=1)
    return escaped


def leaf_markdown(content: Content, codes: Mapping[str, Code], in_table: bool = False) -> str:
    """A target as one line of Markdown (a line break goes on with a lazy continuation line)."""
    pieces = paired_whitespace_outside(content)
    parts: list[str] = []
    at_line_start = True
    last_text = max((i for i, piece in enumerate(pieces) if isinstance(piece, str)), default=-1)
    for index, piece in enumerate(pieces):
        if isinstance(piece, str):
            text = piece.rstrip() if index == last_text and index == len(pieces) - 1 else piece
            parts.append(escape_text(text, at_line_start, in_table))
            at_line_start = at_line_start and not text.strip()
            continue
        code = codes[piece.id]
        markdown = code.close if isinstance(piece, Close) else code.open
        parts.append(markdown.replace("|", "\\|") if in_table else markdown)
        at_line_start = markdown.endswith("\n")
    return "".join(parts)


def target_markdown(leaf: Leaf, target: Content, source_text: str) -> str:
    """The Markdown a leaf's target stands for: its source as written when the target has the same
    text and tags, else the target written out."""
    if canonical(target) == canonical(leaf.content):
        return source_text[leaf.start:leaf.end]
    return leaf_markdown(target, leaf.codes, leaf.in_table)


def rebuilt(text: str, leaves: Sequence[Leaf], markdown: Sequence[str | None]) -> str:
    """text with each leaf's Markdown replaced (None: the leaf as written)."""
    parts, position = [], 0
    for leaf, replacement in zip(leaves, markdown, strict=True):
        parts += [text[position:leaf.start], text[leaf.start:leaf.end] if replacement is None else replacement]
        position = leaf.end
    parts.append(text[position:])
    return "".join(parts)


def markdown_problem(target: Content, codes: Mapping[str, Code], in_table: bool) -> str | None:
    """Why a target cannot be written as Markdown that reads back as the same text and tags, or None.

    Markdown cannot show every arrangement: emphasis cannot start right after a letter when its
    text begins with punctuation, for example. Such a target is refused at import, not mangled.
    """
    written = leaf_markdown(target, codes, in_table)
    document = f"| {written} |\n|---|\n" if in_table else written
    tokens = _parser().parse(document)
    inlines = [token for token in tokens if token.type == "inline"]
    if len(inlines) != 1 or (not in_table and [t.type for t in tokens] != [
            "paragraph_open", "inline", "paragraph_close"]):
        return "the text would not stay one block of text (remove line breaks or list marks typed in)"
    content, read_codes = inline_content(inlines[0].children or [], in_table)
    if _shape(paired_whitespace_outside(target), codes) != _shape(content, read_codes):
        return ("Markdown cannot show the formatting tags as placed (put a space before a tag that follows "
                "a letter, or move it to whole words)")
    return None


def _shape(content: Content, codes: Mapping[str, Code]) -> list[tuple[str, str]]:
    shape: list[tuple[str, str]] = []
    for piece in content:
        if isinstance(piece, str):
            words = " ".join(piece.split())
            if words or (piece and shape and shape[-1][0] != "text"):
                shape.append(("text", words))
        elif isinstance(piece, Close):
            shape.append(("close", codes[piece.id].close))
        else:
            shape.append(("tag", codes[piece.id].open))
    return [part for part in shape if part != ("text", "")]
