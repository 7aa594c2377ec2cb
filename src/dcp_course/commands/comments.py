"""`dcp-course comments FILE.json …`: reviewers' exported comments at their source lines."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from ..comments.model import CommentsFile, CommentsFileError, read_comments
from ..comments.report import markdown_report, plain, summary_report, text_report
from ..comments.resolve import SourceIndex, resolve_all
from ..source.load import load_course
from .common import guarded, options


def _refusals(files: list[tuple[Path, CommentsFile]], course_id: str) -> list[str]:
    return [f"{path}: comments on course {plain(exported.course)!r}, but these sources are course "
            f"{course_id!r}; export the comments from this course's review pack"
            for path, exported in files if exported.course != course_id]


@click.command("comments")
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--format", "output", type=click.Choice(["text", "md"]), default="text", show_default=True,
              help="text: file:line:column lines for editors; md: a Markdown checklist for a ticket.")
@click.option("--summary", is_flag=True, help="Count the comments per module and reviewer instead.")
@guarded
def command(files: tuple[Path, ...], output: str, summary: bool) -> None:
    """Show reviewers' comments (exported from the review pages or pack) at their source lines.

    Each is here (text as commented), moved (same text elsewhere in its file), changed (edited
    since; old and new text shown) or orphaned (gone; the commented text shown).
    """
    read: list[tuple[Path, CommentsFile]] = []
    problems: list[str] = []
    for path in files:
        try:
            read.append((path, read_comments(path)))
        except CommentsFileError as exc:
            problems.append(str(exc))
    source = load_course(options()["root"])
    problems += _refusals(read, source.course.id)
    if problems:
        for problem in problems:
            click.echo(problem, err=True)
        click.echo(f"{len(problems)} comments file(s) refused; nothing was reported.", err=True)
        sys.exit(1)
    for path, exported in read:
        if exported.version != source.course.version:
            click.echo(f"note: {path} was made on version {plain(exported.version)}, the sources are "
                       f"version {source.course.version}; comments are placed by item ids and text", err=True)
        if exported.schema == 1:
            click.echo(f"note: {path} comes from an earlier review pack; its comments are placed only where "
                       "their text still is, and are never reported as changed", err=True)
    resolved = resolve_all(SourceIndex(source), [exported for _, exported in read])
    if summary:
        lines = summary_report(resolved)
    elif output == "md":
        lines = markdown_report(resolved)
    else:
        lines = text_report(resolved)
    for line in lines:
        click.echo(line)
