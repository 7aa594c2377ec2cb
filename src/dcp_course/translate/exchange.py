"""Export for a translator and import of what comes back, checked before anything is stored.

Export gives every unit with what is already translated, its state kept; stale units come
marked for review with their earlier English and translation beside them (`<alt-trans>`); a
unit whose identical source is translated elsewhere in the course comes pre-filled from there,
marked `needs-review-translation` / `leveraged-inherited`, so repeated text is translated once
and reviewed.

Import refuses the whole file on any problem, naming each unit: an unknown unit, one moved to
another <file>, an edited <source>, a tag missing, repeated or badly nested, Markdown that cannot
show the tags as placed, a changed link target or code in a plain text. Otherwise each target is
stored with its state; a unit returned exactly as it was exported for review leaves the store
as it was (a stale translation stays stale until someone has looked at it).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from ..source.loaded import CourseSource
from .content import Content, canonical, tags_problem, text_of
from .context import max_width
from .interface import shipped_entries
from .markdown_units import markdown_problem
from .segments import segmented
from .store import match_entries, stored_entries, target_languages, unit_row, write_store
from .tags import LanguageTagError, matching_language, same_language
from .translations import available_entries, translation_units
from .units import Unit, protected_difference
from .xliff import (
    LEVERAGED,
    NEEDS_REVIEW,
    NOT_TRANSLATED_STATES,
    TRANSLATED,
    Entry,
    TranslationError,
    parse_xliff,
)
from .xliff_write import Row, write_rows


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


def leverage(units: Sequence[Unit], stored: Mapping[str, Entry]) -> dict[str, Entry]:
    """source hash -> a current translation of that text somewhere in the course (a reviewed one first)."""
    found: dict[str, Entry] = {}
    for unit in units:
        entry = stored.get(unit.id)
        if entry is None or entry.source_hash != unit.hash or entry.target is None:
            continue
        if unit.hash not in found or (entry.reviewed and not found[unit.hash].reviewed):
            found[unit.hash] = entry
    return found


def export_rows(units: Sequence[Unit], stored: Mapping[str, Entry], source_language: str) -> list[Row]:
    """Every unit for a translator: stored targets filled in, stale ones marked for review, repeated
    text pre-filled from where it is translated."""
    leveraged = leverage(units, stored)
    rows = []
    for unit in units:
        row = replace(unit_row(unit), segments=segmented(unit.content, source_language), max_width=max_width(unit))
        previous = stored.get(unit.id)
        if previous is not None and previous.source_hash != unit.hash and previous.target is not None:
            row = replace(row, target=previous.target, state=NEEDS_REVIEW, previous=(previous.source, previous.target))
        elif previous is not None and previous.target is not None:
            row = replace(row, target=previous.target, state=previous.state or TRANSLATED)
        elif unit.hash in leveraged:
            row = replace(row, target=leveraged[unit.hash].target, state=NEEDS_REVIEW, state_qualifier=LEVERAGED)
        rows.append(row)
    return rows


def export_document(source: CourseSource, language: str) -> bytes:
    """Every unit for a translator: stored targets filled in, stale ones marked for review."""
    language = check_target_language(source, language, "export")
    units = translation_units(source)
    rows = export_rows(units, available_entries(source, language, units), source.course.language)
    return write_rows(rows, source.course.language, language)


@dataclass(frozen=True)
class ImportResult:
    language: str
    path: Path
    imported: int
    reviewed: int  # of the imported, signed off or final
    left_for_review: int  # returned for review exactly as exported: the store keeps what it had
    recovered: int  # found by their source text, their unit id having moved since the export


def target_problem(unit: Unit, entry: Entry) -> str | None:
    """What makes a target unusable for its unit, or None.

    Tags are checked against the source the target was made from; a file whose converter dropped
    our source hash (and the tags with it, as a PO round trip does) is checked against the unit's.
    """
    target = entry.target or ()
    source = entry.source if entry.hash_given else unit.content
    if unit.codes or any(not isinstance(piece, str) for piece in source):
        problem = tags_problem(source, target)
        if problem is None and unit.markdown and entry.source_hash == unit.hash:
            problem = markdown_problem(target, unit.codes, unit.in_table)
        return problem
    if any(not isinstance(piece, str) for piece in target):
        return "inline tags have no place in this text (its source has none)"
    change = protected_difference(unit.source, text_of(target))
    return f"protected parts changed: {change}" if change else None


def unknown_problem(entry: Entry, units: Mapping[str, Unit], name: str) -> str:
    """Why an entry names no unit: moved to another <file> by a tool, or not the course's at all."""
    homes = sorted({unit.file for unit in units.values() if unit.key == entry.key})
    if homes and entry.file not in homes:
        return (f"{name}: {entry.id}: this unit was moved to <file original=\"{entry.file}\">; it belongs to "
                f"<file original=\"{homes[0]}\"> (units keep the <file> the export gave them)")
    return f"{name}: {entry.id}: unknown unit (the course has no such text)"


def _located(entry: Entry, units: Mapping[str, Unit], keys: set[str]) -> Entry:
    """An entry renumbered by a converter (po2xliff), found again by the location the export gave it.

    Only an id that names no unit in any file counts as renumbered: a unit id under another <file>
    is a unit moved there, which is refused.
    """
    if entry.key in keys or entry.location is None or entry.location not in units:
        return entry
    unit = units[entry.location]
    return replace(entry, file=unit.file, key=unit.key)


def import_document(source: CourseSource, data: bytes, name: str) -> ImportResult:
    """Check a translated XLIFF file and merge it into the store; any problem refuses all of it."""
    document = parse_xliff(data, name)
    if document.source_language and not same_language(document.source_language, source.course.language):
        raise TranslationError(f"{name}: source language {document.source_language!r} is not the course's "
                               f"{source.course.language!r}")
    language = check_target_language(source, document.target_language, name)
    unit_list = translation_units(source)
    units = {unit.id: unit for unit in unit_list}
    keys = {unit.key for unit in unit_list}
    entries = [_located(entry, units, keys) for entry in document.entries]
    problems = [f"{name}: {entry.id}: its <source> was edited (the source text is the course's; "
                "translate into <target> only)" for entry in entries if entry.source_edited]
    matched = match_entries(unit_list, [entry for entry in entries if not entry.source_edited])
    problems += [unknown_problem(entry, units, name) for entry in matched.unknown]
    stored = stored_entries(source, language, unit_list)
    shipped = shipped_entries(language, unit_list)
    leveraged = leverage(unit_list, shipped | stored)
    accepted: dict[str, Entry] = {}
    left_for_review = 0
    for unit_id, entry in matched.by_unit.items():
        unit = units[unit_id]
        if not entry.hash_given and text_of(entry.source) != text_of(unit.content):
            problems.append(f"{name}: {entry.id}: its <source> is not the course's text (and the file lost the "
                            "source hash that would tell an older export from an edit): export again")
            continue
        if not entry.target or not text_of(entry.target).strip() or entry.state in NOT_TRANSLATED_STATES:
            continue
        before = stored.get(unit_id)
        if _returned_as_exported(entry, before or leveraged.get(unit.hash)):
            left_for_review += 1
            continue
        if before is None and unit_id in shipped and not entry.reviewed and _same(shipped[unit_id].target, entry.target):
            continue  # an interface word as shipped: the build has it already, and keeps later improvements
        problem = target_problem(unit, entry)
        if problem is not None:
            problems.append(f"{name}: {entry.id}: {problem}")
            continue
        accepted[unit_id] = replace(entry, state=entry.state or TRANSLATED)
    if problems:
        raise TranslationError("\n".join([*problems, f"{name}: {len(problems)} problem(s); nothing was imported"]))
    path = write_store(source, language, unit_list, stored | accepted)
    recovered = sum(1 for unit_id in matched.moved if unit_id in accepted)
    reviewed = sum(1 for entry in accepted.values() if entry.reviewed)
    return ImportResult(language, path, len(accepted), reviewed, left_for_review, recovered)


def _returned_as_exported(entry: Entry, before: Entry | None) -> bool:
    """A unit the export marked for review, back unchanged: nobody has looked at it yet."""
    return (entry.state is not None and entry.state.startswith("needs-review") and before is not None
            and before.target is not None and _same(before.target, entry.target))


def _same(first: Content | None, second: Content | None) -> bool:
    return first is not None and second is not None and canonical(first) == canonical(second)
