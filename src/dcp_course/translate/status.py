"""How far each language is: translated, reviewed (signed-off or final), missing, stale."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from ..source.loaded import CourseSource
from .translations import available_entries, translation_units
from .units import Unit
from .xliff import Entry


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

    def build_warning(self) -> str | None:
        """What a build in this language says once: stale and missing texts, and where to look."""
        parts = []
        if self.stale:
            parts.append(f"{len(self.stale)} stale text(s) (the English changed after they were translated; the "
                         "earlier translation is shown)")
        if self.missing:
            parts.append(f"{len(self.missing)} text(s) without a translation (shown in the source language)")
        if not parts:
            return None
        first = (self.stale or self.missing)[0]
        return (f"{self.language}: {' and '.join(parts)}, first {first}; `dcp-course translate status` lists the "
                f"stale ones, `dcp-course translate export --lang {self.language}` gives the translator all of them")

    def summary(self) -> str:
        return (f"{self.language}: {len(self.translated)} translated, {len(self.reviewed)} reviewed, "
                f"{len(self.missing)} missing, {len(self.stale)} stale")


def language_status(source: CourseSource, language: str, units: Sequence[Unit] | None = None,
                    stored: Mapping[str, Entry] | None = None) -> LanguageStatus:
    units = translation_units(source) if units is None else units
    stored = available_entries(source, language, units) if stored is None else stored
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
