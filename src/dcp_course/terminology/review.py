"""The termbase as reviewers read it: one table per language, each row a concept."""

from __future__ import annotations

from dataclasses import dataclass

from ..source.terminology import Terminology


@dataclass(frozen=True)
class TermRow:
    entry_id: str
    english: tuple[str, ...]  # the term first, then its variants
    approved: str
    forms: tuple[str, ...]
    forbidden: tuple[str, ...]
    note: str  # the language's note, else the concept's


@dataclass(frozen=True)
class TermTable:
    language: str
    rows: tuple[TermRow, ...]


def term_tables(terminology: Terminology | None, languages: list[str]) -> list[TermTable]:
    """A table for each language the termbase has: the course's languages in their order first."""
    if terminology is None:
        return []
    present = {language for entry in terminology.terms for language in entry.languages}
    ordered = [language for language in languages if language in present] + sorted(present - set(languages))
    return [TermTable(language, tuple(
        TermRow(entry.id, tuple(entry.english), translation.term, tuple(translation.forms),
                tuple(translation.forbidden), translation.note or entry.note or "")
        for entry in terminology.terms if (translation := entry.languages.get(language)) is not None))
        for language in ordered]
