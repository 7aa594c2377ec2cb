"""The report as Markdown, to paste into a ticket or a wiki: flags as a checklist, a table per quiz.

What came from a results file (typed answers, and the ids and titles in notes) is escaped so that
it cannot become a link, an image or a heading (comments.report.markdown); the rest comes from
the course's own sources.
"""

from __future__ import annotations

from ..comments.report import markdown, markdown_quoted
from .formatting import band, decimal, percent, seconds, signed
from .model import QuizReport, Report
from .report_text import headline, quiz_line


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


def markdown_report(report: Report) -> list[str]:
    # the tool's own sentences go as they are; what came from a results file is escaped
    lines = ["# Item analysis", "", headline(report), ""]
    flags = report.flags
    lines += ["## Questions to look at", ""]
    lines += [f"- [ ] `{flag.place}` {flag.subject}: {flag.message} ({flag.rule})"
              for flag in flags] or ["Nothing flagged."]
    for quiz in report.quizzes:
        lines += ["", *quiz_section(quiz)]
    for title, groups in (("Objectives", report.objectives), ("Modules", report.modules)):
        if groups:
            lines += ["", f"## {title}", "", "| id | mean facility | questions | title |", "|---|--:|--:|---|"]
            lines += [f"| {_cell(g.id)} | {decimal(g.mean_facility)} | {g.items} | {_cell(g.title)} |" for g in groups]
    if report.notes:
        lines += ["", "## Notes", "", *(f"- {markdown(note)}" for note in report.notes)]
    return lines


def quiz_section(quiz: QuizReport) -> list[str]:
    lines = [f"## {quiz.quiz.title}", "", quiz_line(quiz)]
    if quiz.withheld:
        return lines
    lines += ["", "| question | n | facility | item-rest r | D 27% | latency | responses | flags |",
              "|---|--:|--:|--:|--:|--:|---|---|"]
    for item in quiz.items:
        if item.options:
            responses = ", ".join(f"{o.id}{' (right)' if o.correct else ''} {percent(o.share)}" for o in item.options)
        else:
            responses = ", ".join(f"{markdown_quoted(label)} x{n}" for label, n in item.common_wrong)
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
