"""The course's translations: course/translations/<lang>.xlf, checked on import, read at build time.

The stored file is itself XLIFF 1.2 holding every translated unit with the hash of the source
text it was made from, so a later change to the source shows up as stale.

A unit id names a block by its `id:` when the block has one, else by its position in the lesson,
so inserting a block without an id moves the ids of the blocks after it. A translation is
therefore found by its unit id first and, failing that, by the exact hash of its source text
within the same source file (`match_entries`): moved text keeps its translation, changed text
at the same id is stale, and new text is missing.
"""

from __future__ import annotations

import dataclasses
from collections import defaultdict, deque
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from ..source.loaded import CourseSource
from .tags import LanguageTagError, matching_language, same_language
from .units import Unit, course_units, protected_difference
from .xliff import NEEDS_REVIEW, Entry, TranslationError, export_rows, parse_xliff, store_rows, write_rows

TRANSLATIONS_DIR = Path("course") / "translations"


def store_path(root: Path, language: str) -> Path:
    return root / TRANSLATIONS_DIR / f"{language}.xlf"


def target_languages(source: CourseSource) -> list[str]:
    """The languages translators work on: every listed language but the source one."""
    return source.course.built_languages[1:]


@dataclass(frozen=True)
class Matched:
    by_unit: dict[str, Entry]  # unit id -> its translation, re-keyed to the unit's id when it moved
    moved: tuple[str, ...]  # unit ids whose translation was found by source hash under another id
    unknown: tuple[Entry, ...]  # entries whose id names no unit and whose source text none has


def match_entries(units: Sequence[Unit], entries: Iterable[Entry]) -> Matched:
    """Pair each unit with its translation: by id when the source text is unchanged, else by hash.

    A translation made from exactly the unit's source text wins over one stored at the unit's id
    for a different text: the id then belongs to a block that has moved. What is left at a unit's
    id after that is a stale translation of that unit.
    """
    entries = list(entries)
    by_id = {entry.id: entry for entry in entries}
    by_unit = {unit.id: by_id[unit.id] for unit in units
               if unit.id in by_id and by_id[unit.id].source_hash == unit.hash}
    used = set(by_unit)
    candidates: dict[tuple[str, str], deque[Entry]] = defaultdict(deque)
    for entry in entries:
        if entry.id not in used:
            candidates[(entry.file, entry.source_hash)].append(entry)
    moved = []
    for unit in units:
        queue = candidates.get((unit.file, unit.hash))
        if unit.id in by_unit or not queue:
            continue
        entry = queue.popleft()
        used.add(entry.id)
        by_unit[unit.id] = dataclasses.replace(entry, file=unit.file, key=unit.key)
        moved.append(unit.id)
    for unit in units:
        if unit.id not in by_unit and unit.id in by_id and unit.id not in used:
            by_unit[unit.id] = by_id[unit.id]
            used.add(unit.id)
    known = {unit.id for unit in units}
    unknown = tuple(entry for entry in entries if entry.id not in used and entry.id not in known)
    return Matched(by_unit, tuple(moved), unknown)


def _stored_file_entries(source: CourseSource, language: str) -> list[Entry]:
    path = store_path(source.root, language)
    if not path.is_file():
        return []
    document = parse_xliff(path.read_bytes(), str(TRANSLATIONS_DIR / path.name))
    return [entry for entry in document.entries if entry.target]


def stored_entries(source: CourseSource, language: str, units: Sequence[Unit] | None = None) -> dict[str, Entry]:
    """The stored translations of one language by the id of the unit they now belong to."""
    units = course_units(source) if units is None else units
    return match_entries(units, _stored_file_entries(source, language)).by_unit


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
    stored = stored_entries(source, language, units)
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
    language = check_target_language(source, language, "export")
    units = course_units(source)
    rows = export_rows(units, stored_entries(source, language, units))
    return write_rows(rows, source.course.language, language)


def check_target_language(source: CourseSource, tag: str, name: str) -> str:
    """The course language a target-language tag means (`de` for `de-DE`); TranslationError otherwise."""
    wanted = target_languages(source)
    listed = ", ".join(wanted) or "none"
    try:
        language = matching_language(tag, wanted)
    except LanguageTagError as error:
        raise TranslationError(f"{name}: target language {error} (languages in course/course.yaml after "
                               f"{source.course.language!r}: {listed})") from None
    if language is None:
        raise TranslationError(f"{name}: target language {tag!r} is not one the course is translated into "
                               f"(languages in course/course.yaml after {source.course.language!r}: {listed})")
    return language


@dataclass(frozen=True)
class ImportResult:
    language: str
    path: Path
    imported: int
    left_for_review: int  # units still marked needs-review-translation, kept as they were


def unknown_problem(entry: Entry, units: dict[str, Unit], name: str) -> str:
    """Why an entry names no unit: moved to another <file> by a tool, or not the course's at all."""
    homes = sorted({unit.file for unit in units.values() if unit.key == entry.key})
    if homes and entry.file not in homes:
        return (f"{name}: {entry.id}: this unit was moved to <file original=\"{entry.file}\">; it belongs to "
                f"<file original=\"{homes[0]}\"> (units keep the <file> the export gave them)")
    return f"{name}: {entry.id}: unknown unit (the course has no such text)"


def import_document(source: CourseSource, data: bytes, name: str) -> ImportResult:
    """Check a translated XLIFF file and merge it into the store; any problem refuses all of it."""
    document = parse_xliff(data, name)
    if document.source_language and not same_language(document.source_language, source.course.language):
        raise TranslationError(f"{name}: source language {document.source_language!r} is not the course's "
                               f"{source.course.language!r}")
    language = check_target_language(source, document.target_language, name)
    unit_list = course_units(source)
    units = {unit.id: unit for unit in unit_list}
    matched = match_entries(unit_list, [entry for entry in document.entries if not entry.source_edited])
    problems = [f"{name}: {entry.id}: its <source> was edited (the source text is the course's; "
                "translate into <target> only)" for entry in document.entries if entry.source_edited]
    problems += [unknown_problem(entry, units, name) for entry in matched.unknown]
    accepted: dict[str, Entry] = {}
    left_for_review = 0
    for unit_id, entry in matched.by_unit.items():
        unit = units[unit_id]
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
    merged = stored_entries(source, language, unit_list) | accepted
    stored = write_rows(store_rows(units.values(), merged), source.course.language, language)
    path = store_path(source.root, language)
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_suffix(".xlf.tmp")
    temporary.write_bytes(stored)
    temporary.replace(path)
    return ImportResult(language, path, len(accepted), left_for_review)
