"""One translation QA problem: the rule it breaks, what is wrong, and how to fix it."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class QaProblem:
    rule: str
    message: str
    hint: str


def normal_text(text: str) -> str:
    """text as the checks compare it: runs of white space as one space, case ignored."""
    return " ".join(text.split()).casefold()
