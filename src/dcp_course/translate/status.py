"""How far each language is: translated, reviewed (signed-off or final), missing, stale."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from ..source.loaded import CourseSource
from .store import stored_entries
from .units import Unit, course_units


@dataclass(frozen=True)
class LanguageStatus:
    language: str
    translated: tuple[str, ...]  # current translations, reviewed or not
    reviewed: tuple[str, ...]  # of those, signed off or final
    missing: tuple[str, ...]
    stale: tuple[str, ...]  # translated from a source text that has changed since

    @property
    def fully_reviewed(self) -> bool:
        return not self.missing and not self.stale and len(self.reviewed) == len(self.translated)

    def summary(self) -> str:
        return (f"{self.language}: {len(self.translated)} translated, {len(self.reviewed)} reviewed, "
                f"{len(self.missing)} missing, {len(self.stale)} stale")


def language_status(source: CourseSource, language: str, units: Sequence[Unit] | None = None) -> LanguageStatus:
    units = course_units(source) if units is None else units
    stored = stored_entries(source, language, units)
    translated, reviewed, missing, stale = [], [], [], []
    for unit in units:
        entry = stored.get(unit.id)
        if entry is None:
            missing.append(unit.id)
        elif entry.source_hash != unit.hash:
            stale.append(unit.id)
        else:
            translated.append(unit.id)
            if entry.reviewed:
                reviewed.append(unit.id)
    return LanguageStatus(language, tuple(translated), tuple(reviewed), tuple(missing), tuple(stale))
