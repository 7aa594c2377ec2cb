"""The report as text: compiler-style flags an editor can jump to, then a summary per quiz."""

from __future__ import annotations

from ..comments.report import quoted
from .formatting import band, decimal, percent, seconds, signed
from .model import GroupFacility, ItemReport, QuizReport, Report

COLUMNS = ("question", "n", "facility", "item-rest r", "D 27%", "latency", "flags")


def text_report(report: Report) -> list[str]:
    lines = [flag.render() for flag in report.flags]
    if lines:
        lines.append("")
    lines.append(headline(report))
    for quiz in report.quizzes:
        lines += ["", *quiz_summary(quiz)]
    for title, groups in (("Objectives", report.objectives), ("Modules", report.modules)):
        if groups:
            lines += ["", f"{title} (mean facility of their questions):", *group_lines(groups)]
    if report.notes:
        lines += ["", "Notes:", *(f"  - {note}" for note in report.notes)]
    return lines


def headline(report: Report) -> str:
    files = "; ".join(f"{summary.name} ({summary.source}, {summary.answers} answers)" for summary in report.inputs)
    return (f"Item analysis of {report.course_id} {report.version} (today's sources): {report.learners} "
            f"learner(s), first attempts only, from {files}")


def quiz_line(quiz: QuizReport) -> str:
    head = f"{quiz.quiz.title} ({quiz.quiz.id}): {quiz.learners} learner(s)"
    if quiz.withheld:
        return f"{head}, too few to report separately"
    reliability = (f"{quiz.reliability_name} {decimal(quiz.reliability)} ({quiz.reliability_note})"
                   if quiz.reliability is not None else f"reliability {quiz.reliability_note}")
    later = f"; {quiz.later_attempts} later attempt(s) not analysed" if quiz.later_attempts else ""
    return (f"{head}; mean score {decimal(quiz.mean_score, 0)} %, {percent(quiz.pass_rate)} passed at the first "
            f"attempt (pass mark {quiz.quiz.pass_mark} %); {reliability}{later}")


def quiz_summary(quiz: QuizReport) -> list[str]:
    lines = [quiz_line(quiz)]
    if quiz.withheld:
        return lines
    rows = [COLUMNS, *(item_row(item) for item in quiz.items)]
    widths = [max(len(row[i]) for row in rows) for i in range(len(COLUMNS))]
    for row in rows:
        cells = [row[0].ljust(widths[0]), *(cell.rjust(width) for cell, width in zip(row[1:-1], widths[1:-1], strict=True)), row[-1]]
        lines.append("  " + "  ".join(cells).rstrip())
    for item in quiz.items:
        lines += [f"  {item.question.id}: {detail}" for detail in item_details(item)]
    lines.append("  first-attempt scores: " + ", ".join(f"{band(i)} {n}" for i, n in enumerate(quiz.histogram)))
    return lines


def item_row(item: ItemReport) -> tuple[str, ...]:
    flags = ", ".join(sorted({flag.rule for flag in item.flags}))
    if item.withheld:
        return (item.question.id, str(item.responses), "withheld", "", "", "", flags)
    return (item.question.id, str(item.responses), decimal(item.facility), signed(item.discrimination),
            signed(item.upper_lower), seconds(item.mean_latency), flags)


def item_details(item: ItemReport) -> list[str]:
    details = []
    if item.options:
        details.append("chosen " + ", ".join(f"{o.id}{'*' if o.correct else ''} {percent(o.share)}" for o in item.options)
                       + " (* right)")
    if item.common_wrong:
        details.append("commonest wrong " + ", ".join(f"{quoted(label)} x{n}" for label, n in item.common_wrong))
    if item.typed_withheld:
        details.append(f"{item.typed_withheld} wrong typed answer(s) given by too few learners to show")
    if item.unanswered:
        details.append(f"{item.unanswered} unanswered")
    return details


def group_lines(groups: tuple[GroupFacility, ...]) -> list[str]:
    return [f"  {group.id}: {decimal(group.mean_facility)} over {group.items} question(s) - {group.title}"
            for group in groups]
