"""Resolved comments as text for the author: compiler-style lines, a Markdown checklist, a summary.

Comment text is untrusted: control, format and separator characters are written as escapes, so a
comment cannot move the terminal's cursor or hide text. A remark of several lines keeps them, each
continuation indented under its comment, so no line of a remark can pass for a report line.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections import Counter

from .resolve import CATEGORIES, CHANGED, MOVED, ORPHANED, ResolvedComment, word_diff

_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()<>#+!|~])")
# what else would start a block of its own at the beginning of a Markdown line (_MARKDOWN_SPECIAL
# has escaped the rest): a list item or thematic break, a heading underline, an ordered list's number
_BLOCK_MARK = re.compile(r"^([-=])")
_LIST_NUMBER = re.compile(r"^(\d+)([.)])")
_LINE_BREAK = re.compile(r"\r\n|\r|\n")
CONTINUATION = "  | "


def safe(text: str) -> str:
    """text with every character a terminal or an editor could act on written as an escape."""
    return "".join(f"\\u{ord(c):04x}" if unicodedata.category(c) in ("Cc", "Cf", "Zl", "Zp") else c for c in text)


def quoted(text: str) -> str:
    """text in double quotes as JSON writes it, and safe as safe() makes it (results' reports use it)."""
    return safe(json.dumps(text, ensure_ascii=False))


def plain(text: str) -> str:
    """A short value (a reviewer's name, a label) on one safe line."""
    return safe(" ".join(_LINE_BREAK.split(text)))


def text_lines(text: str) -> list[str]:
    """The lines of a remark, each made safe."""
    return [safe(line) for line in _LINE_BREAK.split(text.strip())]


def ordered(comments: list[ResolvedComment]) -> list[ResolvedComment]:
    """By file and line; orphans last, by file, in the order they came."""
    def key(entry: ResolvedComment) -> tuple[int, str, int, int]:
        where = entry.where
        return (0, where.file, where.line, where.column) if where else (1, entry.comment.anchor.file, 0, 0)
    return sorted(comments, key=key)


def _head(entry: ResolvedComment) -> str:
    where = entry.where
    if where is None:
        return f"{plain(entry.comment.anchor.file)}: {ORPHANED}"
    return f"{where.file}:{where.line}:{where.column}: {entry.category}"


def _details(entry: ResolvedComment) -> list[tuple[str, str]]:
    """(name, value) lines that explain the answer: where it was, what the text was and is."""
    anchor = entry.comment.anchor
    if entry.category == MOVED:
        return [("was at", entry.commented_label)]
    if entry.category == CHANGED:
        details = [("was", anchor.context), ("now", entry.text_now[:len(anchor.context) + 40])]
        if entry.label != entry.commented_label:
            details.insert(0, ("was at", entry.commented_label))
        diff = word_diff(anchor.context, entry.text_now)
        details.append(("diff", diff if "[-" in diff or "{+" in diff else
                        f"(the change is after the first {len(anchor.context)} characters)"))
        return details
    if entry.category == ORPHANED:
        return [("text", anchor.context)]
    return []


def text_report(comments: list[ResolvedComment]) -> list[str]:
    lines = []
    for entry in ordered(comments):
        first, *rest = text_lines(entry.comment.text)
        lines.append(f"{_head(entry)}: [{plain(entry.reviewer)}] {plain(entry.label)}: {first}")
        lines += [CONTINUATION + line for line in rest]
        if entry.comment.suggestion:
            first, *rest = text_lines(entry.comment.suggestion)
            lines.append(f"  suggested: {first}")
            lines += [CONTINUATION + line for line in rest]
        lines += [f"  {name}: {plain(value)}" for name, value in _details(entry)]
    return lines


def markdown(text: str) -> str:
    """text on one line, safe to paste into a ticket: nothing in it becomes a link, tag or heading."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", plain(text))


def markdown_lines(text: str, indent: str) -> str:
    """A remark of several lines as one Markdown paragraph with its line breaks kept (a backslash at
    a line's end is CommonMark's hard break); no line can start a list, heading or quote."""
    lines = []
    for line in text_lines(text):
        escaped = _MARKDOWN_SPECIAL.sub(r"\\\1", line).strip()
        lines.append(_BLOCK_MARK.sub(r"\\\1", _LIST_NUMBER.sub(r"\1\\\2", escaped)))
    return ("\\\n" + indent).join(line if line else "\u00a0" for line in lines)


def markdown_report(comments: list[ResolvedComment]) -> list[str]:
    lines = []
    for entry in ordered(comments):
        where = entry.where
        # the file of an orphan comes from the export, not the sources: escaped, never in a code span
        place = f"`{where.file}:{where.line}:{where.column}`" if where else markdown(entry.comment.anchor.file)
        lines += (f"- [ ] {place} **{entry.category}** · **{markdown(entry.reviewer)}** on "
                  f"{markdown(entry.label)}: {markdown_lines(entry.comment.text, '  ')}").split("\n")
        if entry.comment.suggestion:
            lines += f"  - suggested: {markdown_lines(entry.comment.suggestion, '    ')}".split("\n")
        lines += [f"  - {name}: {markdown(value)}" for name, value in _details(entry)]
    return lines


def summary_report(comments: list[ResolvedComment]) -> list[str]:
    """Comments per module and reviewer (orphans under their own heading), then per answer."""
    counts = Counter((entry.where.module if entry.where else ORPHANED, entry.reviewer) for entry in comments)
    modules = sorted({module for module, _ in counts}, key=lambda m: (m == ORPHANED, m))
    lines = []
    for module in modules:
        rows = sorted((reviewer, n) for (m, reviewer), n in counts.items() if m == module)
        lines.append(f"{plain(module)}: {sum(n for _, n in rows)}")
        lines += [f"  {plain(reviewer)}: {n}" for reviewer, n in rows]
    categories = Counter(entry.category for entry in comments)
    lines.append(", ".join(f"{category}: {categories[category]}" for category in CATEGORIES))
    lines.append(f"total: {len(comments)} comment(s) from {len({e.reviewer for e in comments})} reviewer(s)")
    return lines
