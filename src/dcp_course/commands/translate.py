"""`dcp-course translate`: hand the course's texts to a translator as XLIFF 1.2 and take them back."""

from __future__ import annotations

from pathlib import Path

import click

from ..source.load import load_course
from ..source.loaded import CourseSource
from ..translate.store import (
    TRANSLATIONS_DIR,
    check_target_language,
    export_document,
    import_document,
    language_status,
    match_entries,
    store_path,
    target_languages,
)
from ..translate.units import Unit, course_units
from ..translate.xliff import NEEDS_REVIEW, Entry, parse_xliff
from .common import guarded, options, say


@click.group("translate")
def command() -> None:
    """Export the course's texts for translation, import translations, see what is left."""


@command.command("export")
@click.option("--lang", "language", required=True, metavar="LANG", help="The language to translate into.")
@click.option("--out", "out_file", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Where to write the XLIFF file (default: dist/<course>-<lang>.xlf).")
@guarded
def export(language: str, out_file: Path | None) -> None:
    """Write every text of the course as XLIFF 1.2, with what is already translated filled in."""
    root = options()["root"]
    source = load_course(root)
    language = check_target_language(source, language, "export")
    data = export_document(source, language)
    target = out_file or root / "dist" / f"{source.course.id}-{language}.xlf"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(data)
    status = language_status(source, language)
    say(f"wrote {target} ({len(course_units(source))} texts: {len(status.missing)} to translate, "
        f"{len(status.stale)} to review)")


@command.command("import")
@click.argument("xliff_file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@guarded
def import_(xliff_file: Path) -> None:
    """Check a translated XLIFF file and store it in course/translations/<lang>.xlf."""
    root = options()["root"]
    source = load_course(root)
    data = xliff_file.read_bytes()
    result = import_document(source, data, xliff_file.name)
    recovered = recovered_on_import(source, data, xliff_file.name)
    moved = f", {recovered} of them {RECOVERED}" if recovered else ""
    note = f"; {result.left_for_review} still marked for review were left as they were" if result.left_for_review else ""
    say(f"imported {result.imported} {result.language} text(s) into "
        f"{store_path(Path('.'), result.language).as_posix()}{moved}{note}")


RECOVERED = "recovered by source hash after their unit id moved"


def recovered_on_import(source: CourseSource, data: bytes, name: str) -> int:
    """How many of the imported translations were found by their source text, their unit id having
    moved (a block inserted before theirs): the translator's file predates the edit."""
    matched = match_entries(course_units(source), parse_xliff(data, name).entries)
    return sum(1 for unit_id in matched.moved if _importable(matched.by_unit[unit_id]))


def _importable(entry: Entry) -> bool:
    return bool(entry.target and entry.target.strip()) and entry.state != NEEDS_REVIEW


def recovered_in_store(source: CourseSource, language: str, units: list[Unit]) -> int:
    """How many stored translations are found only by their source text now: the sources moved their
    unit ids since the last import (the next import stores them under the new ids)."""
    path = store_path(source.root, language)
    if not path.is_file():
        return 0
    entries = [entry for entry in parse_xliff(path.read_bytes(), str(TRANSLATIONS_DIR / path.name)).entries
               if entry.target]
    return len(match_entries(units, entries).moved)


@command.command("status")
@guarded
def status() -> None:
    """Per language: how many texts are translated, missing, or stale (source changed since), and
    how many translations were found again by their source text after an edit moved their ids."""
    source = load_course(options()["root"])
    languages = target_languages(source)
    if not languages:
        say(f"the course lists no language besides {source.course.language!r} "
            "(add `languages: [en, de]` to course/course.yaml)")
        return
    units = course_units(source)
    for language in languages:
        summary = language_status(source, language, units)
        recovered = recovered_in_store(source, language, units)
        click.echo(summary.summary() + (f", {recovered} {RECOVERED}" if recovered else ""))
        for unit_id in summary.stale:
            click.echo(f"  stale: {unit_id}")
