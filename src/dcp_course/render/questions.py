"""What the learner-side quiz engine needs to know about each question (answer keys included).

Choice, item and step ids are short letters and numbers in authored order, so SCORM interaction
patterns stay compact and stable across builds.
"""

from __future__ import annotations

import string
from collections.abc import Callable
from typing import Any

from ..source import questions as q
from ..source.model import QuestionBase, question_kind
from ..source.question_rules import max_branch_points
from .markdown import markdown_html, markdown_inline

FeedbackHtml = Callable[[str | None], str]


def letter(index: int) -> str:
    return string.ascii_lowercase[index]


def display_order(items: list[str]) -> list[int]:
    """A fixed scrambled order for ordering questions that is never the correct one."""
    order = sorted(range(len(items)), key=lambda i: (items[i].casefold(), i))
    if order == list(range(len(items))):
        order = order[1:] + order[:1]
    return order


def right_side_order(question: q.Matching) -> list[int]:
    return sorted(range(len(question.pairs)), key=lambda i: (question.pairs[i].right.casefold(), i))


def question_data(question: QuestionBase, question_id: str, new_tab_hint: str = "") -> dict[str, Any]:
    """new_tab_hint: the course language's "opens in a new tab", for links to other sites in feedback."""

    def feedback_html(text: str | None) -> str:
        return str(markdown_html(text, new_tab_hint)) if text else ""

    feedback = question.feedback
    kind = question_kind(question)
    data: dict[str, Any] = {
        "id": question_id,
        "kind": kind,
        "weight": question.weight,
        "objectives": list(question.assesses),
        "stem": str(markdown_inline(" ".join(str(getattr(question, kind)).split()), new_tab_hint)),
        "feedback": {
            "correct": feedback_html(feedback.correct if feedback else None),
            "incorrect": feedback_html(feedback.incorrect if feedback else None),
            "partial": feedback_html(feedback.partial if feedback else None),
        },
    }
    return data | ANSWER_DATA[kind](question, feedback_html)


# ---------------------------------------------------------------- each kind's answer key


def _choices(question: q.SingleChoice | q.MultipleResponse, feedback_html: FeedbackHtml) -> dict[str, Any]:
    return {
        "choices": [
            {"id": letter(i), "correct": c.correct, "feedback": feedback_html(c.feedback)}
            for i, c in enumerate(question.choices)
        ],
        "scoring": getattr(question, "scoring", "all-or-nothing"),
    }


def _true_false(question: q.TrueFalse, feedback_html: FeedbackHtml) -> dict[str, Any]:
    return {
        "answer": question.answer,
        "choices": [
            {"id": "true", "correct": question.answer, "feedback": feedback_html(question.if_true)},
            {"id": "false", "correct": not question.answer, "feedback": feedback_html(question.if_false)},
        ],
    }


def _pairs(question: q.Matching, feedback_html: FeedbackHtml) -> dict[str, Any]:
    return {
        "pairs": [{"left": str(i + 1), "right": letter(i)} for i in range(len(question.pairs))],
        "scoring": question.scoring,
    }


def _items(question: q.Ordering, feedback_html: FeedbackHtml) -> dict[str, Any]:
    return {"items": [letter(i) for i in range(len(question.items))]}


def _accepted(question: q.FillIn, feedback_html: FeedbackHtml) -> dict[str, Any]:
    return {"answers": list(question.answers), "caseSensitive": question.case_sensitive,
            "maxLength": question.max_length}


def _steps(question: q.Branching, feedback_html: FeedbackHtml) -> dict[str, Any]:
    return {
        "start": question.start,
        "steps": {
            step.id: [
                {"id": letter(j), "points": o.points, "next": o.next,
                 "consequence": feedback_html(o.consequence)}
                for j, o in enumerate(step.options)
            ]
            for step in question.steps
        },
        "maxPoints": max_branch_points(question),
    }


def _number(question: q.Numeric, feedback_html: FeedbackHtml) -> dict[str, Any]:
    low, high = question.bounds()
    return {"answer": question.answer_text(), "min": low, "max": high, "maxLength": question.MAX_LENGTH}


def _task(question: q.Task, feedback_html: FeedbackHtml) -> dict[str, Any]:
    # Shown once the learner has submitted; a task not scored weighs nothing in the quiz's score.
    return {"modelAnswer": feedback_html(question.model_answer), "checklist": list(question.checklist),
            "maxLength": question.max_length, "scored": question.scored,
            "weight": question.weight if question.scored else 0}


# What question.js and scoring.js read of each kind, beside what every question has.
ANSWER_DATA: dict[str, Callable[[Any, FeedbackHtml], dict[str, Any]]] = {
    "single": _choices,
    "multiple": _choices,
    "truefalse": _true_false,
    "match": _pairs,
    "order": _items,
    "fill": _accepted,
    "branching": _steps,
    "numeric": _number,
    "task": _task,
}


def check_id(lesson_id: str, index: int) -> str:
    """Id for an ungraded knowledge check the author did not name."""
    return f"{lesson_id}-check-{index + 1}"
