"""Lint: checks beyond the schema (accessibility, links, assessment coverage, plain language).

lint_course returns findings; it never prints. The `lint` command prints them and decides the
exit code: errors always fail, warnings only under --strict.
"""

from __future__ import annotations

from .findings import RULES, Finding, Rule, Severity
from .rules import lint_course

__all__ = ["RULES", "Finding", "Rule", "Severity", "lint_course"]
