"""One translation QA problem: the rule it breaks, what is wrong, and how to fix it."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class QaProblem:
    rule: str
    message: str
    hint: str
