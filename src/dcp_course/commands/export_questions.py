"""`dcp-course export-questions`: the course's questions for LMS quiz engines (QTI 2.1, Moodle XML, GIFT)."""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

import click

from ..exports import EXPORT_FORMATS, QuestionBank, QuestionExport, question_bank
from ..exports.moodle_release import ORDERING_CERTAIN_FROM, MoodleRelease, split_for_moodle
from ..source.errors import BuildError
from ..source.load import load_course
from ..targets.package import FILE_MODE
from .common import guarded, options, say


@dataclass(frozen=True)
class Output:
    path: Path
    result: QuestionExport
    questions: int


@click.command("export-questions")
@click.option(
    "--format",
    "format_name",
    required=True,
    type=click.Choice(list(EXPORT_FORMATS)),
    help="qti21: IMS QTI 2.1 package (zip); moodle-xml: Moodle XML; gift: Moodle GIFT text.",
)
@click.option(
    "--out",
    "out",
    type=click.Path(),
    default=None,
    help="File to write, or a folder to write into: an existing one, or a name ending in / "
    "(default: dist/ under the root).",
)
@click.option(
    "--module",
    "modules",
    multiple=True,
    metavar="ID",
    help="Export only this module (its id or folder name); repeat for several.",
)
@click.option("--include-checks", is_flag=True, help="Add the ungraded knowledge checks from the lessons.")
@click.option(
    "--moodle-version",
    "moodle_version",
    default=None,
    metavar="X.Y",
    help=f"The Moodle release that will import a moodle-xml or gift export. Before {ORDERING_CERTAIN_FROM}, "
    "or when not given, ordering questions go to a file of their own (moodle-xml) or are left out (gift).",
)
@guarded
def command(
    format_name: str,
    out: str | None,
    modules: tuple[str, ...],
    include_checks: bool,
    moodle_version: str | None,
) -> None:
    """Export the graded quiz questions for reuse in an LMS quiz engine."""
    if moodle_version is not None and not EXPORT_FORMATS[format_name].for_moodle:
        raise click.BadParameter("applies to moodle-xml and gift only", param_hint="--moodle-version")
    release = MoodleRelease.parse(moodle_version) if moodle_version is not None else None
    root = options()["root"]
    source = load_course(root)
    bank = question_bank(source, modules, include_checks)
    suffix = EXPORT_FORMATS[format_name].suffix
    target = output_path(out, root, default_name(bank.course.id, bank.course.version, modules, suffix))
    outputs, warnings = planned_outputs(format_name, bank, release, target)
    for output in outputs:
        write_atomically(output.path, output.result.content)
    for output in outputs:
        for warning in output.result.warnings:
            click.echo(f"warning: {warning}", err=True)
    for warning in warnings:
        click.echo(f"warning: {warning}", err=True)
    for output in outputs:
        for note in output.result.notes:
            click.echo(f"note: {note}", err=True)
    for output in outputs:
        say(f"wrote {output.path} ({output.questions} questions, {len(output.result.content)} bytes)")


def planned_outputs(
    format_name: str, bank: QuestionBank, release: MoodleRelease | None, target: Path
) -> tuple[list[Output], list[str]]:
    """The files to write, and warnings about questions moved or left out for the Moodle release."""
    chosen = EXPORT_FORMATS[format_name]
    if not chosen.for_moodle:
        return [Output(target, chosen.export(bank), len(bank.questions))], []
    split = split_for_moodle(bank, release)
    outputs = []
    if split.importable is not None:
        outputs.append(Output(target, chosen.export(split.importable), len(split.importable.questions)))
    if split.ordering is None:
        return outputs, []
    ids = ", ".join(entry.id for entry in split.ordering.questions)
    missing = (
        f"Moodle {release} may not have the ordering question type"
        if release is not None
        else f"Moodle may not have the ordering question type (say --moodle-version {ORDERING_CERTAIN_FROM} "
        "or later if yours does)"
    )
    if format_name == "gift":
        if not outputs:
            raise BuildError(
                f"nothing to export as GIFT: {ids} are ordering questions and {missing}; "
                "use --format moodle-xml"
            )
        left_out = (
            f"{ids}: ordering question left out: {missing}, and it would read the GIFT as a short "
            "answer without a word; export it with --format moodle-xml"
        )
        return outputs, [left_out]
    ordering_target = ordering_path(target)
    outputs.append(Output(ordering_target, chosen.export(split.ordering), len(split.ordering.questions)))
    moved = (
        f"{ids}: ordering question written to {ordering_target.name} on its own: {missing}, "
        "and one unknown type stops the whole import; import that file where the type is installed"
    )
    return outputs, [moved]


def ordering_path(target: Path) -> Path:
    return target.with_name(f"{target.stem}-ordering{target.suffix}")


def default_name(course_id: str, version: str, modules: tuple[str, ...], suffix: str) -> str:
    scope = "-".join(sorted(modules)) + "-" if modules else ""
    return f"{course_id}-{version}-{scope}questions-{suffix}"


def output_path(out: str | None, root: Path, name: str) -> Path:
    if out is None:
        return root / "dist" / name
    folder = out.endswith(("/", os.sep)) or Path(out).is_dir()
    return Path(out) / name if folder else Path(out)


def write_atomically(target: Path, content: bytes) -> None:
    """Write beside the target, then rename, so a failed write never leaves half a file."""
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{target.name}-", dir=target.parent)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(content)
        os.chmod(temporary, FILE_MODE)
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
