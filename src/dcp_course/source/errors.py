"""Errors that point an author at the file, line and field to fix."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(order=True, unsafe_hash=True)
class SourceError(Exception):
    path: Path
    line: int  # 1-based; 0 when the problem concerns the whole file
    column: int  # 1-based
    field: str  # dotted field path, e.g. "lessons[0].blocks[2].callout.kind"
    message: str
    hint: str = ""

    def __str__(self) -> str:
        return self.render()

    def render(self, root: Path | None = None) -> str:
        shown = self.path
        if root is not None:
            try:
                shown = self.path.resolve().relative_to(root.resolve())
            except ValueError:
                shown = self.path
        where = f"{shown}:{self.line}:{self.column}" if self.line else f"{shown}"
        field = f" {self.field}:" if self.field else ""
        hint = f" ({self.hint})" if self.hint else ""
        return f"{where}:{field} {self.message}{hint}"


class SourceErrors(Exception):
    """Every problem found in the sources of one build, reported together."""

    def __init__(self, errors: list[SourceError]) -> None:
        self.errors = sorted(set(errors))
        super().__init__(f"{len(self.errors)} problem(s) in the course sources")


class BuildError(Exception):
    """A build that cannot finish for a reason outside the sources' fields."""


def field_path(loc: tuple[str | int, ...]) -> str:
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out
