"""The course's translations: course/translations/<lang>.xlf, checked on import, read at build time.

The stored file is itself XLIFF 1.2 holding every translated unit with the hash of the source
text it was made from, so a later change to the source shows up as stale.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..source.loaded import CourseSource
from .units import Unit, course_units, protected_difference
from .xliff import NEEDS_REVIEW, Entry, TranslationError, export_rows, parse_xliff, store_rows, write_rows

TRANSLATIONS_DIR = Path("course") / "translations"


def store_path(root: Path, language: str) -> Path:
    return root / TRANSLATIONS_DIR / f"{language}.xlf"


def target_languages(source: CourseSource) -> list[str]:
    """The languages translators work on: every listed language but the source one."""
    return source.course.built_languages[1:]


def stored_entries(source: CourseSource, language: str) -> dict[str, Entry]:
    """The stored translations of one language by unit id (empty when none were imported)."""
    path = store_path(source.root, language)
    if not path.is_file():
        return {}
    document = parse_xliff(path.read_bytes(), str(TRANSLATIONS_DIR / path.name))
    return {entry.id: entry for entry in document.entries if entry.target}


def stored_targets(source: CourseSource, language: str) -> dict[str, str]:
    """unit id -> translated text, for building the course in language."""
    return {unit_id: entry.target for unit_id, entry in stored_entries(source, language).items() if entry.target}


@dataclass(frozen=True)
class LanguageStatus:
    language: str
    translated: tuple[str, ...]
    missing: tuple[str, ...]
    stale: tuple[str, ...]  # translated from a source text that has changed since

    def summary(self) -> str:
        return (f"{self.language}: {len(self.translated)} translated, {len(self.missing)} missing, "
                f"{len(self.stale)} stale")


def language_status(source: CourseSource, language: str, units: list[Unit] | None = None) -> LanguageStatus:
    units = course_units(source) if units is None else units
    stored = stored_entries(source, language)
    translated, missing, stale = [], [], []
    for unit in units:
        entry = stored.get(unit.id)
        if entry is None:
            missing.append(unit.id)
        elif entry.source_hash != unit.hash:
            stale.append(unit.id)
        else:
            translated.append(unit.id)
    return LanguageStatus(language, tuple(translated), tuple(missing), tuple(stale))


def export_document(source: CourseSource, language: str) -> bytes:
    """Every unit for a translator: stored targets filled in, stale ones marked for review."""
    check_target_language(source, language, "export")
    rows = export_rows(course_units(source), stored_entries(source, language))
    return write_rows(rows, source.course.language, language)


def check_target_language(source: CourseSource, language: str, name: str) -> None:
    wanted = target_languages(source)
    if language not in wanted:
        listed = ", ".join(wanted) or "none"
        raise TranslationError(f"{name}: target language {language!r} is not one the course is translated into "
                               f"(languages in course/course.yaml after {source.course.language!r}: {listed})")


@dataclass(frozen=True)
class ImportResult:
    language: str
    path: Path
    imported: int
    left_for_review: int  # units still marked needs-review-translation, kept as they were


def import_document(source: CourseSource, data: bytes, name: str) -> ImportResult:
    """Check a translated XLIFF file and merge it into the store; any problem refuses all of it."""
    document = parse_xliff(data, name)
    if document.source_language and document.source_language != source.course.language:
        raise TranslationError(f"{name}: source language {document.source_language!r} is not the course's "
                               f"{source.course.language!r}")
    check_target_language(source, document.target_language, name)
    units = {unit.id: unit for unit in course_units(source)}
    problems: list[str] = []
    accepted: dict[str, Entry] = {}
    left_for_review = 0
    for entry in document.entries:
        unit = units.get(entry.id)
        if unit is None:
            problems.append(f"{name}: {entry.id}: unknown unit (the course has no such text)")
            continue
        if not entry.target or not entry.target.strip():
            continue
        if entry.state == NEEDS_REVIEW:
            left_for_review += 1
            continue
        change = protected_difference(unit.source, entry.target)
        if change is not None:
            problems.append(f"{name}: {entry.id}: protected parts changed: {change}")
            continue
        accepted[entry.id] = entry
    if problems:
        raise TranslationError("\n".join([*problems, f"{name}: {len(problems)} problem(s); nothing was imported"]))
    language = document.target_language
    merged = stored_entries(source, language) | accepted
    stored = write_rows(store_rows(units.values(), merged), source.course.language, language)
    path = store_path(source.root, language)
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_suffix(".xlf.tmp")
    temporary.write_bytes(stored)
    temporary.replace(path)
    return ImportResult(language, path, len(accepted), left_for_review)
