"""Translation QA in lint: for one language, every translated unit through the checks agencies
run (`translation_qa/`), each problem placed at the source string it translates."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

from ..translate.content import Content, text_of
from ..translate.context import CITATION_LISTS
from ..translate.units import ANSWER_FORMS, Unit
from ..translate.xliff import Entry
from ..translation_qa.consistency import Translated, inconsistent
from ..translation_qa.numbers import address_problems, number_problems
from ..translation_qa.problem import QaProblem
from ..translation_qa.unit_checks import (
    doubled_problems,
    length_problems,
    tag_problems,
    untranslated_problems,
)
from .findings import Finding

# Fields a translator may rightly leave as written: a cited work's title and publisher (kept in
# their own language unless a published translation exists), a quotation's author, aliases.
KEPT_AS_WRITTEN = frozenset({"publisher", "by", "aliases", "name"})
# Accepted answers hold several forms per entry, and glossary aliases are variants by design:
# neither is one phrasing to keep consistent.
VARIANT_FIELDS = frozenset({"aliases", *(name for names in ANSWER_FORMS.values() for name in names)})

PlaceFinding = Callable[[Unit, QaProblem], Finding]


def qa_findings(units: Sequence[Unit], entries: Mapping[str, Entry], language: str,
                found_at: PlaceFinding) -> list[Finding]:
    """Findings for every unit of one language with a current translation (stale ones are
    reported as stale and checked once translated again)."""
    checked: list[tuple[Unit, Content]] = [
        (unit, entry.target) for unit in units
        if (entry := entries.get(unit.id)) is not None and entry.target is not None and entry.source_hash == unit.hash]
    found: list[Finding] = []
    for unit, target in checked:
        source_text, target_text = text_of(unit.content), text_of(target)
        problems = [*tag_problems(unit.content, target), *number_problems(source_text, target_text),
                    *address_problems(source_text, target_text), *length_problems(unit.content, target),
                    *doubled_problems(target, language)]
        if not _kept_as_written(unit):
            problems += untranslated_problems(unit.content, target)
        found += [found_at(unit, problem) for problem in problems]
    by_id = {unit.id: unit for unit, _ in checked}
    consistent_ones = [Translated(unit.id, unit.content, target) for unit, target in checked
                       if _last_key(unit) not in VARIANT_FIELDS]
    found += [found_at(by_id[unit_id], problem) for unit_id, problem in inconsistent(consistent_ones).items()]
    return found


def _last_key(unit: Unit) -> str:
    return next((part for part in reversed(unit.loc) if isinstance(part, str)), "")


def _kept_as_written(unit: Unit) -> bool:
    last = _last_key(unit)
    return last in KEPT_AS_WRITTEN or (last == "title" and bool(CITATION_LISTS & set(map(str, unit.loc))))
