"""A unit's content as a translator's tool sees it: text with locked inline tags (XLIFF 1.2).

Paired formatting (bold, emphasis, link text, an image's description) is an `Open`/`Close` pair,
shown as `<g>`; things that stand alone (inline code, a line break, a bare web address) are a
`Placeholder`, shown as `<x/>` or, when the tool should show what it stands for, `<ph>`. What each tag means in Markdown
is kept on our side (`Code`, by tag id), never in the text a translator edits, so a link target
or a code span cannot be changed by translating.

A target must hold every tag of its source exactly once, with each pair well nested; the pairs
may be reordered and nested differently, since word order differs between languages.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from html import escape
from typing import TypeAlias

_WHITESPACE = re.compile(r"\s+")


@dataclass(frozen=True, slots=True)
class Open:
    id: str
    ctype: str  # bold, italic, link (XLIFF 1.2's values), x-image


@dataclass(frozen=True, slots=True)
class Close:
    id: str


@dataclass(frozen=True, slots=True)
class Placeholder:
    id: str
    ctype: str  # lb, x-code, x-autolink
    shown: str | None = None  # what a <ph> shows the translator; None for an <x/>


Piece: TypeAlias = "str | Open | Close | Placeholder"
Content: TypeAlias = "tuple[Piece, ...]"


@dataclass(frozen=True, slots=True)
class Code:
    """What a tag stands for in Markdown: the opening and closing syntax of a pair, or a whole
    standalone piece (`open` only)."""

    open: str
    close: str = ""


Codes: TypeAlias = "Mapping[str, Code]"


def plain_content(text: str) -> Content:
    return (text,) if text else ()


def joined(pieces: Iterable[Piece]) -> Content:
    """pieces with adjacent text merged and empty text dropped."""
    result: list[Piece] = []
    for piece in pieces:
        if isinstance(piece, str):
            if not piece:
                continue
            if result and isinstance(result[-1], str):
                result[-1] += piece
                continue
        result.append(piece)
    return tuple(result)


def text_of(content: Content) -> str:
    """The words alone, as a tool that drops the tags shows them (a <ph> keeps what it shows)."""
    return "".join(piece if isinstance(piece, str) else (piece.shown or "") if isinstance(piece, Placeholder)
                   else "" for piece in content)


@lru_cache(maxsize=65_536)  # every unit's content is compared and hashed several times a run
def canonical(content: Content) -> str:
    """One string per content, for hashing and comparing: the text and where each tag stands.

    Runs of white space count as one space, and none at either end: a tool that reflows them
    has not changed the text.
    """
    parts = []
    for piece in content:
        if isinstance(piece, str):
            parts.append(escape(_WHITESPACE.sub(" ", piece), quote=False))
        elif isinstance(piece, Open):
            parts.append(f'<g id="{piece.id}">')
        elif isinstance(piece, Close):
            parts.append("</g>")
        else:
            parts.append(f'<x id="{piece.id}"/>')
    return "".join(parts).strip()


def tag_names(content: Content) -> dict[str, str]:
    """Each tag id with how a translator's tool shows it, for messages."""
    names: dict[str, str] = {}
    for piece in content:
        if isinstance(piece, Open):
            names[piece.id] = f"<g id=\"{piece.id}\">"
        elif isinstance(piece, Placeholder):
            element = "x" if piece.shown is None else "ph"
            names[piece.id] = f"<{element} id=\"{piece.id}\"/>" if element == "x" else f"<ph id=\"{piece.id}\">"
    return names


def tags_problem(source: Content, target: Content) -> str | None:
    """What is wrong with target's tags against source's, or None: each tag once, pairs well nested."""
    names = tag_names(source)
    pairs = {piece.id for piece in source if isinstance(piece, Open)}
    standalone = {piece.id for piece in source if isinstance(piece, Placeholder)}
    opened = Counter(piece.id for piece in target if isinstance(piece, Open))
    closed = Counter(piece.id for piece in target if isinstance(piece, Close))
    placed = Counter(piece.id for piece in target if isinstance(piece, Placeholder))
    for tag_id in sorted(pairs | standalone, key=_order):
        count = placed[tag_id] if tag_id in standalone else opened[tag_id]
        if count == 0 or (tag_id in pairs and closed[tag_id] == 0):
            return f"tag {names[tag_id]} is missing"
        if count > 1:
            return f"tag {names[tag_id]} appears {count} times"
    unknown = sorted((set(opened) | set(closed) | set(placed)) - pairs - standalone, key=_order)
    if unknown:
        return f"tag id {unknown[0]!r} is not in the source"
    wrong_kind = sorted((set(opened) & standalone) | (set(placed) & pairs), key=_order)
    if wrong_kind:
        return f"tag {names[wrong_kind[0]]} is used as the other kind of tag"
    return _nesting_problem(target, names)


def _nesting_problem(target: Content, names: Mapping[str, str]) -> str | None:
    stack: list[str] = []
    for piece in target:
        if isinstance(piece, Open):
            stack.append(piece.id)
        elif isinstance(piece, Close):
            if not stack or stack[-1] != piece.id:
                inner = f" inside {names[stack[-1]]}" if stack else " before it opens"
                return f"tag {names[piece.id]} closes{inner}: pairs must nest"
            stack.pop()
    return f"tag {names[stack[-1]]} is never closed" if stack else None


def _order(tag_id: str) -> tuple[int, str]:
    return (int(tag_id), "") if tag_id.isdigit() else (1 << 30, tag_id)


def paired_whitespace_outside(content: Content) -> Content:
    """Spaces at the inner edges of a pair moved outside it (`<g> bold </g>` -> ` <g>bold</g> `):
    Markdown cannot open or close emphasis next to a space."""
    pieces = list(content)
    changed = True
    while changed:
        changed = False
        for index, piece in enumerate(pieces):
            after = pieces[index + 1] if index + 1 < len(pieces) else None
            if isinstance(piece, Open) and isinstance(after, str) and after[:1].isspace():
                stripped = after.lstrip()
                pieces[index:index + 2] = [after[:len(after) - len(stripped)], piece, stripped]
                changed = True
                break
            before = pieces[index - 1] if index else None
            if isinstance(piece, Close) and isinstance(before, str) and before[-1:].isspace():
                stripped = before.rstrip()
                pieces[index - 1:index + 1] = [stripped, piece, before[len(stripped):]]
                changed = True
                break
    return joined(pieces)
