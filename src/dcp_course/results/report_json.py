"""The report as JSON for other tools: counts and statistics only, keys sorted, numbers rounded.

Shape ("format": "dcp-course-results", "schema": 1): course, inputs, thresholds, learners,
quizzes (each with its items, their options and flags), objectives, modules, flags, notes.
"""

from __future__ import annotations

import json
from dataclasses import asdict
from typing import Any

from .model import Flag, GroupFacility, ItemReport, QuizReport, Report

DECIMALS = 4


def _number(value: float | None) -> float | None:
    return None if value is None else round(value, DECIMALS)


def _flag(flag: Flag) -> dict[str, Any]:
    return {"file": flag.place.file, "line": flag.place.line, "column": flag.place.column,
            "rule": flag.rule, "subject": flag.subject, "message": flag.message}


def _item(item: ItemReport) -> dict[str, Any]:
    question = item.question
    return {
        "id": question.id, "kind": question.kind, "stem": question.stem, "module": question.module_id,
        "objectives": list(question.objectives), "weight": question.weight,
        "file": question.place.file, "line": question.place.line, "column": question.place.column,
        "responses": item.responses, "withheld": item.withheld, "facility": _number(item.facility),
        "discrimination": _number(item.discrimination), "upper_lower": _number(item.upper_lower),
        "mean_latency_seconds": _number(item.mean_latency), "unanswered": item.unanswered, "read": item.read,
        "options": [{"id": o.id, "label": o.label, "correct": o.correct, "chosen": o.chosen, "share": _number(o.share)}
                    for o in item.options],
        "common_wrong": [{"response": label, "count": n} for label, n in item.common_wrong],
        "typed_withheld": item.typed_withheld, "not_understood": item.not_understood,
        "disagreements": item.disagreements, "flags": [_flag(flag) for flag in item.flags],
    }


def _quiz(quiz: QuizReport) -> dict[str, Any]:
    return {
        "id": quiz.quiz.id, "title": quiz.quiz.title, "module": quiz.quiz.module_id, "pass_mark": quiz.quiz.pass_mark,
        "questions_per_attempt": quiz.quiz.per_attempt, "learners": quiz.learners, "withheld": quiz.withheld,
        "reliability": _number(quiz.reliability), "reliability_name": quiz.reliability_name,
        "reliability_note": quiz.reliability_note, "mean_score": _number(quiz.mean_score),
        "histogram": list(quiz.histogram), "pass_rate": _number(quiz.pass_rate), "later_attempts": quiz.later_attempts,
        "unread_kinds": [{"question": qid, "kind": kind} for qid, kind in quiz.unread_kinds],
        "items": [_item(item) for item in quiz.items],
    }


def _group(group: GroupFacility) -> dict[str, Any]:
    return {"id": group.id, "title": group.title, "items": group.items, "mean_facility": _number(group.mean_facility)}


def json_report(report: Report) -> str:
    data = {
        "format": "dcp-course-results", "schema": 1,
        "course": {"id": report.course_id, "version": report.version},
        "inputs": [{"name": i.name, "source": i.source, "answers": i.answers} for i in report.inputs],
        "thresholds": asdict(report.thresholds), "learners": report.learners,
        "quizzes": [_quiz(quiz) for quiz in report.quizzes],
        "objectives": [_group(g) for g in report.objectives], "modules": [_group(g) for g in report.modules],
        "flags": [_flag(flag) for flag in report.flags], "notes": list(report.notes),
    }
    return json.dumps(data, ensure_ascii=False, sort_keys=True, indent=2) + "\n"
