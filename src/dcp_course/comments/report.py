"""Resolved comments as text for the author: compiler-style lines, a Markdown checklist, a summary.

Comment text is untrusted: it is always shown quoted, with control, format and line-separator
characters escaped, so a comment cannot move the terminal's cursor, hide text or fake a line.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections import Counter

from .resolve import ResolvedComment

ORPHANED = "orphaned"
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()<>#+!|~])")


def quoted(text: str) -> str:
    """text in double quotes, every character a terminal or an editor could act on escaped."""
    shown = json.dumps(text, ensure_ascii=False)
    return "".join(f"\\u{ord(c):04x}" if unicodedata.category(c) in ("Cc", "Cf", "Zl", "Zp") else c
                   for c in shown)


def plain(text: str) -> str:
    """A short unquoted value (a reviewer's name, a label) on one safe line."""
    return quoted(text)[1:-1]


def ordered(comments: list[ResolvedComment]) -> list[ResolvedComment]:
    """By file and line; orphans last, in the order they came."""
    def key(entry: ResolvedComment) -> tuple[int, str, int, int]:
        where = entry.where
        return (0, where.file, where.line, where.column) if where else (1, "", 0, 0)
    return sorted(comments, key=key)


def text_report(comments: list[ResolvedComment]) -> list[str]:
    lines = []
    for entry in ordered(comments):
        where = entry.where
        head = f"{where.file}:{where.line}:{where.column}" if where else f"{ORPHANED} ({plain(entry.comment.anchor.file)})"
        lines.append(f"{head}: [{plain(entry.reviewer)}] {plain(entry.label)}: {quoted(entry.comment.text)}")
        if entry.comment.suggestion:
            lines.append(f"  suggested: {quoted(entry.comment.suggestion)}")
        if where is None:
            lines.append(f"  context: {quoted(entry.comment.anchor.context)}")
    return lines


def markdown(text: str) -> str:
    """text on one line, safe to paste into a ticket: nothing in it becomes a link, tag or heading."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", plain(text))


def markdown_quoted(text: str) -> str:
    return f'"{markdown(text)}"'


def markdown_report(comments: list[ResolvedComment]) -> list[str]:
    lines = []
    for entry in ordered(comments):
        where = entry.where
        head = f"`{where.file}:{where.line}:{where.column}`" if where else f"**{ORPHANED}** ({markdown(entry.comment.anchor.file)})"
        lines.append(f"- [ ] {head} **{markdown(entry.reviewer)}** on {markdown(entry.label)}: "
                     f"{markdown_quoted(entry.comment.text)}")
        if entry.comment.suggestion:
            lines.append(f"  - suggested: {markdown_quoted(entry.comment.suggestion)}")
        if where is None:
            lines.append(f"  - context: {markdown_quoted(entry.comment.anchor.context)}")
    return lines


def summary_report(comments: list[ResolvedComment]) -> list[str]:
    """Open comments per module and reviewer; orphans under their own heading."""
    counts = Counter((entry.where.module if entry.where else ORPHANED, entry.reviewer) for entry in comments)
    modules = sorted({module for module, _ in counts}, key=lambda m: (m == ORPHANED, m))
    lines = []
    for module in modules:
        rows = sorted((reviewer, n) for (m, reviewer), n in counts.items() if m == module)
        lines.append(f"{plain(module)}: {sum(n for _, n in rows)}")
        lines += [f"  {plain(reviewer)}: {n}" for reviewer, n in rows]
    lines.append(f"total: {len(comments)} comment(s) from {len({e.reviewer for e in comments})} reviewer(s)")
    return lines
