"""`dcp-course translate`: hand the course's texts to a translator as XLIFF 1.2 and take them back."""

from __future__ import annotations

from pathlib import Path

import click

from ..source.errors import BuildError
from ..source.load import TERMINOLOGY_FILE, load_course
from ..source.loaded import CourseSource
from ..terminology.tbx import tbx_document
from ..translate.exchange import check_target_language, export_document, import_document
from ..translate.status import language_status
from ..translate.store import match_entries, store_path, stored_file_entries, target_languages
from ..translate.translations import translation_units
from ..translate.units import Unit
from .common import guarded, options, say


@click.group("translate")
def command() -> None:
    """Export the course's texts for translation, import translations, see what is left."""


@command.command("export")
@click.option("--lang", "language", default=None, metavar="LANG", help="The language to translate into.")
@click.option("--tbx", "as_tbx", is_flag=True,
              help="Write the termbase (course/terminology.yaml) as TBX for translators' tools instead.")
@click.option("--out", "out_file", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Where to write (default: dist/<course>-<lang>.xlf, or dist/<course>-terminology.tbx).")
@guarded
def export(language: str | None, as_tbx: bool, out_file: Path | None) -> None:
    """Write every text of the course as XLIFF 1.2, with what is already translated filled in."""
    root = options()["root"]
    source = load_course(root)
    if as_tbx:
        export_tbx(source, out_file or root / "dist" / f"{source.course.id}-terminology.tbx")
        return
    if language is None:
        raise BuildError("say which language to export with --lang LANG, or export the termbase with --tbx")
    language = check_target_language(source, language, "export")
    data = export_document(source, language)
    target = out_file or root / "dist" / f"{source.course.id}-{language}.xlf"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(data)
    status = language_status(source, language)
    say(f"wrote {target} ({len(translation_units(source))} texts: {len(status.missing)} to translate, "
        f"{len(status.stale)} to review)")


def export_tbx(source: CourseSource, target: Path) -> None:
    if source.terminology is None:
        raise BuildError(f"no termbase to export: {TERMINOLOGY_FILE.as_posix()} does not exist "
                         "(docs/terminology.md shows how to write one)")
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(tbx_document(source))
    languages = sorted({language for entry in source.terminology.terms for language in entry.languages})
    say(f"wrote {target} ({len(source.terminology.terms)} concepts; languages: "
        f"{', '.join([source.course.language, *languages])})")


@command.command("import")
@click.argument("xliff_file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@guarded
def import_(xliff_file: Path) -> None:
    """Check a translated XLIFF file and store it in course/translations/<lang>.xlf."""
    root = options()["root"]
    source = load_course(root)
    result = import_document(source, xliff_file.read_bytes(), xliff_file.name)
    moved = f", {result.recovered} of them {RECOVERED}" if result.recovered else ""
    reviewed = f", {result.reviewed} of them reviewed" if result.reviewed else ""
    note = f"; {result.left_for_review} still marked for review were left as they were" if result.left_for_review else ""
    say(f"imported {result.imported} {result.language} text(s) into "
        f"{store_path(Path('.'), result.language).as_posix()}{reviewed}{moved}{note}")


RECOVERED = "recovered by source hash after their unit id moved"


def recovered_in_store(source: CourseSource, language: str, units: list[Unit]) -> int:
    """How many stored translations are found only by their source text now: the sources moved their
    unit ids since the last import (the next import stores them under the new ids)."""
    return len(match_entries(units, stored_file_entries(source, language)).moved)


@command.command("status")
@guarded
def status() -> None:
    """Per language: how many texts are translated, how many of those reviewed (signed off or final),
    missing, or stale (source changed since), and how many translations were found again by their
    source text after an edit moved their ids."""
    source = load_course(options()["root"])
    languages = target_languages(source)
    if not languages:
        say(f"the course lists no language besides {source.course.language!r} "
            "(add `languages: [en, de]` to course/course.yaml)")
        return
    units = translation_units(source)
    for language in languages:
        summary = language_status(source, language, units)
        recovered = recovered_in_store(source, language, units)
        click.echo(summary.summary() + (f", {recovered} {RECOVERED}" if recovered else ""))
        for unit_id in summary.stale:
            click.echo(f"  stale: {unit_id}")
