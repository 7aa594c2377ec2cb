"""`dcp-course export-questions`: the course's questions for LMS quiz engines (QTI 2.1, Moodle XML, GIFT)."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import click

from ..exports import EXPORT_FORMATS, question_bank
from ..source.load import load_course
from ..targets.package import FILE_MODE
from .common import guarded, options, say


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
@guarded
def command(format_name: str, out: str | None, modules: tuple[str, ...], include_checks: bool) -> None:
    """Export the graded quiz questions for reuse in an LMS quiz engine."""
    root = options()["root"]
    source = load_course(root)
    bank = question_bank(source, modules, include_checks)
    chosen = EXPORT_FORMATS[format_name]
    result = chosen.export(bank)
    target = output_path(out, root, default_name(bank.course.id, bank.course.version, modules, chosen.suffix))
    write_atomically(target, result.content)
    for note in result.notes:
        click.echo(f"note: {note}", err=True)
    say(f"wrote {target} ({len(bank.questions)} questions, {len(result.content)} bytes)")


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
