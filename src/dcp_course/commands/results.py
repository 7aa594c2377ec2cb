"""`dcp-course results FILE …`: item analysis of LMS results, flags at the questions' source lines."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from ..results.analysis import analyse
from ..results.answers import LearnerIds, ResultsFile
from ..results.course_check import check_course
from ..results.course_index import CourseIndex
from ..results.files import ResultsFileError
from ..results.inputs import read_results_file
from ..results.model import Report, Thresholds
from ..results.report_html import html_report
from ..results.report_json import json_report
from ..results.report_markdown import markdown_report
from ..results.report_text import text_report
from ..source.load import load_course
from .common import guarded, options, say

DEFAULTS = Thresholds()
MIN_GROUP_FLOOR = 5  # the privacy minimum may be raised, never lowered below this


def render(report: Report, output: str) -> str:
    if output == "json":
        return json_report(report)
    if output == "html":
        return html_report(report)
    lines = markdown_report(report) if output == "md" else text_report(report)
    return "\n".join(lines) + "\n"


def _read_all(files: tuple[Path, ...], index: CourseIndex) -> tuple[list[ResultsFile], list[str]]:
    learners = LearnerIds()
    read: list[ResultsFile] = []
    problems: list[str] = []
    for position, path in enumerate(files):
        try:
            results = read_results_file(path, position, learners)
            results.notes += check_course(results, index)
            read.append(results)
        except ResultsFileError as exc:
            problems.append(str(exc))
    return read, problems


@click.command("results")
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False, path_type=Path))
@click.option("--format", "output", type=click.Choice(["text", "md", "json", "html"]), default="text",
              show_default=True, help="text: file:line:column flags and a summary; md: Markdown; json: for "
                                      "other tools; html: a self-contained report with charts.")
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), help="Write the report to FILE.")
@click.option("--too-easy", type=click.FloatRange(0, 1), default=DEFAULTS.too_easy, show_default=True,
              help="Flag a facility above this.")
@click.option("--too-hard", type=click.FloatRange(0, 1), default=DEFAULTS.too_hard, show_default=True,
              help="Flag a facility below this.")
@click.option("--min-discrimination", type=click.FloatRange(-1, 1), default=DEFAULTS.min_discrimination,
              show_default=True, help="Flag an item-rest correlation below this.")
@click.option("--rare-distractor", type=click.FloatRange(0, 1), default=DEFAULTS.rare_distractor,
              show_default=True, help="Flag a wrong choice picked by a smaller share of learners.")
@click.option("--min-responses", type=click.IntRange(1), default=DEFAULTS.min_responses, show_default=True,
              help="Judge a question only with at least this many responses.")
@click.option("--min-group", type=click.IntRange(MIN_GROUP_FLOOR), default=DEFAULTS.min_group, show_default=True,
              help="Describe a quiz, question or typed answer only when at least this many learners are behind it.")
@guarded
def command(files: tuple[Path, ...], output: str, out: Path | None, too_easy: float, too_hard: float,
            min_discrimination: float, rare_distractor: float, min_responses: int, min_group: int) -> None:
    """Item analysis of quiz results from Moodle's Interactions report or an LRS's xAPI statements."""
    index = CourseIndex(load_course(options()["root"]))
    read, problems = _read_all(files, index)
    if problems:
        for problem in problems:
            click.echo(problem, err=True)
        click.echo(f"{len(problems)} results file(s) refused; nothing was reported.", err=True)
        sys.exit(1)
    limits = Thresholds(too_easy, too_hard, min_discrimination, rare_distractor, min_responses, min_group)
    report = analyse(index, read, limits)
    rendered = render(report, output)
    if out is None:
        click.echo(rendered, nl=False)
        return
    out.write_text(rendered, encoding="utf-8")
    say(f"wrote {out}: {len(report.flags)} flag(s) on {sum(len(q.items) for q in report.quizzes)} question(s)")
