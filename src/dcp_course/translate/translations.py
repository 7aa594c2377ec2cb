"""What a translator gets for a language, and what each unit currently has: the course's units
and the interface's, with the stored translations over the shipped interface words."""

from __future__ import annotations

from collections.abc import Sequence

from ..source.loaded import CourseSource
from .interface import interface_units, shipped_entries
from .store import stored_entries
from .units import Unit, course_units
from .xliff import Entry


def translation_units(source: CourseSource) -> list[Unit]:
    """Everything a translator gets: the course's units, then the interface's."""
    return [*course_units(source), *interface_units()]


def available_entries(source: CourseSource, language: str, units: Sequence[Unit]) -> dict[str, Entry]:
    """Each unit's current translation: the stored one, else the shipped interface word."""
    return shipped_entries(language, units) | stored_entries(source, language, units)
