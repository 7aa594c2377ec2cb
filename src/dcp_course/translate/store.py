"""The course's translations: course/translations/<lang>.xlf, written on import, read at build time.

The stored file is itself XLIFF 1.2 holding every translated unit with its state and the hash of
the source text it was made from, so a later change to the source shows up as stale.

A unit id names a block by its `id:` when the block has one, else by its position in the lesson,
so inserting a block without an id moves the ids of the blocks after it (and inserting a
paragraph moves the ids of the paragraphs after it). A translation is therefore found by its
unit id first and, failing that, by the exact hash of its source text within the same source
file (`match_entries`): moved text keeps its translation, changed text at the same id is stale,
and new text is missing.
"""

from __future__ import annotations

import dataclasses
from collections import defaultdict, deque
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from ..source.loaded import CourseSource
from .content import Content
from .context import developer_note, resname
from .units import Unit, course_units
from .xliff import TRANSLATED, Entry, parse_xliff
from .xliff_write import Row, write_rows

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


def stored_file_entries(source: CourseSource, language: str) -> list[Entry]:
    """The translations in the store file as written, under the ids they were stored with."""
    path = store_path(source.root, language)
    if not path.is_file():
        return []
    document = parse_xliff(path.read_bytes(), str(TRANSLATIONS_DIR / path.name))
    return [entry for entry in document.entries if entry.translates]


def stored_entries(source: CourseSource, language: str, units: Sequence[Unit] | None = None) -> dict[str, Entry]:
    """The stored translations of one language by the id of the unit they now belong to."""
    units = course_units(source) if units is None else units
    return match_entries(units, stored_file_entries(source, language)).by_unit


def stored_targets(source: CourseSource, language: str) -> dict[str, Content]:
    """unit id -> translated content, for building the course in language."""
    return {unit_id: entry.target for unit_id, entry in stored_entries(source, language).items()
            if entry.target is not None}


def unit_row(unit: Unit, target: Content | None = None, state: str | None = None) -> Row:
    """The trans-unit of a unit with its context and target."""
    return Row(unit.file, unit.key, source=unit.content, target=target, state=state, source_hash=unit.hash,
               group=unit.field_key if "part" in unit.where else "",
               resname=resname(unit), note=developer_note(unit))


def write_store(source: CourseSource, language: str, units: Sequence[Unit], entries: dict[str, Entry]) -> Path:
    """The store file for language, holding each unit's translation with the source it was made from."""
    rows = []
    for unit in units:
        entry = entries.get(unit.id)
        if entry is None or entry.target is None:
            continue
        row = unit_row(unit, entry.target, entry.state or TRANSLATED)
        rows.append(dataclasses.replace(row, source=entry.source, source_hash=entry.source_hash))
    data = write_rows(rows, source.course.language, language)
    path = store_path(source.root, language)
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_suffix(".xlf.tmp")
    temporary.write_bytes(data)
    temporary.replace(path)
    return path
