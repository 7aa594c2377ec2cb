"""The report as Markdown, to paste into a ticket or a wiki: flags as a checklist, a table per quiz.

Every sentence is escaped where Markdown would act on it (`md`): a title like "Basics <of>
blocks" stays text, and nothing a results file held (a typed answer, an id in a note, already
quoted with control characters escaped) can become a link, an image, a tag or a table cell.
"""

from __future__ import annotations

import re

from ..comments.report import quoted
from .formatting import band, decimal, percent, seconds, signed
from .model import QuizReport, Report
from .report_text import headline, quiz_line

_ACTIVE = re.compile(r"([\\`*_\[\]<>|])")


def md(text: str) -> str:
    return _ACTIVE.sub(r"\\\1", text)


def markdown_report(report: Report) -> list[str]:
    lines = ["# Item analysis", "", md(headline(report)), "", "## Questions to look at", ""]
    lines += [f"- [ ] `{flag.place}` {md(flag.subject)}: {md(flag.message)} ({flag.rule})"
              for flag in report.flags] or ["Nothing flagged."]
    for quiz in report.quizzes:
        lines += ["", *quiz_section(quiz)]
    for title, groups in (("Objectives", report.objectives), ("Modules", report.modules)):
        if groups:
            lines += ["", f"## {title}", "", "| id | mean facility | questions | title |", "|---|--:|--:|---|"]
            lines += [f"| {md(g.id)} | {decimal(g.mean_facility)} | {g.items} | {md(g.title)} |" for g in groups]
    if report.notes:
        lines += ["", "## Notes", "", *(f"- {md(note)}" for note in report.notes)]
    return lines


def quiz_section(quiz: QuizReport) -> list[str]:
    lines = [f"## {md(quiz.quiz.title)}", "", md(quiz_line(quiz))]
    if quiz.withheld:
        return lines
    lines += ["", "| question | n | facility | item-rest r | D 27% | latency | responses | flags |",
              "|---|--:|--:|--:|--:|--:|---|---|"]
    for item in quiz.items:
        if item.options:
            responses = ", ".join(f"{o.id}{' (right)' if o.correct else ''} {percent(o.share)}" for o in item.options)
        else:
            responses = ", ".join(f"{md(quoted(label))} x{n}" for label, n in item.common_wrong)
        flags = ", ".join(sorted({flag.rule for flag in item.flags}))
        if item.withheld:
            lines.append(f"| `{item.question.id}` | {item.responses} | withheld | | | | | {flags} |")
            continue
        lines.append(f"| `{item.question.id}` | {item.responses} | {decimal(item.facility)} | "
                     f"{signed(item.discrimination)} | {signed(item.upper_lower)} | {seconds(item.mean_latency)} | "
                     f"{responses} | {flags} |")
    lines += ["", "| first-attempt score | learners |", "|---|--:|"]
    lines += [f"| {band(i)} % | {n} |" for i, n in enumerate(quiz.histogram)]
    return lines
