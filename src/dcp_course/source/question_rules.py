"""What a question must be beyond its schema: each kind's own rules, with the sub-field at fault."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from . import questions as q
from .kinds import question_kind
from .questions import QuestionBase

SCORM_DECIMALS = 7  # SCORM 2004 reports a number as real(10,7)

Loc = tuple[str | int, ...]
Problem = tuple[Loc, str, str]


def question_problems(question: QuestionBase) -> list[Problem]:
    """Rules a question must follow beyond its schema, with the sub-field at fault."""
    rules = KIND_RULES.get(question_kind(question))
    return rules(question) if rules is not None else []


def _single_problems(question: q.SingleChoice) -> list[Problem]:
    correct = sum(choice.correct for choice in question.choices)
    if correct != 1:
        return [(("choices",), f"a single-choice question needs exactly one correct choice, found {correct}",
                 "mark one choice with correct: true")]
    return _repeats([c.text for c in question.choices], "choices", "choice")


def _multiple_problems(question: q.MultipleResponse) -> list[Problem]:
    if not any(c.correct for c in question.choices):
        return [(("choices",), "a multiple-response question needs at least one correct choice",
                 "mark the right choices with correct: true")]
    return _repeats([c.text for c in question.choices], "choices", "choice")


def _matching_problems(question: q.Matching) -> list[Problem]:
    return (_repeats([p.left for p in question.pairs], "pairs", "left side", "left")
            + _repeats([p.right for p in question.pairs], "pairs", "right side", "right"))


def _ordering_problems(question: q.Ordering) -> list[Problem]:
    if len(question.items) < 2:
        return [(("items",), "an ordering question needs at least 2 items", "add items in the right order")]
    return _repeats(question.items, "items", "item")


def _fill_problems(question: q.FillIn) -> list[Problem]:
    if not question.answers:
        return [(("answers",), "a fill-in question needs at least one accepted answer", "add answers: [...]")]
    return []


def _repeats(values: list[str], field: str, what: str, sub: str | None = None) -> list[Problem]:
    problems: list[Problem] = []
    seen: set[str] = set()
    for i, value in enumerate(values):
        key = " ".join(value.split()).casefold()
        if key in seen:
            loc: Loc = (field, i, sub) if sub else (field, i)
            problems.append((loc, f"{what} {value!r} appears twice", "each must be unique"))
        seen.add(key)
    return problems


def _branching_problems(question: q.Branching) -> list[Problem]:
    steps = {step.id: step for step in question.steps}
    problems: list[Problem] = []
    if len(steps) != len(question.steps):
        problems.append((("steps",), "step ids must be unique", ""))
    if question.start not in steps:
        problems.append((("start",), f"start step {question.start!r} does not exist",
                         "known steps: " + ", ".join(steps)))
    for i, step in enumerate(question.steps):
        for j, option in enumerate(step.options):
            if option.next is not None and option.next not in steps:
                problems.append((("steps", i, "options", j, "next"), f"step {option.next!r} does not exist",
                                 "known steps: " + ", ".join(steps)))
    if not problems and _has_cycle(question):
        problems.append((("steps",), "the steps loop back on themselves", "every path must end"))
    if not problems and max_branch_points(question) == 0:
        problems.append((("steps",), "no path earns points", "give the better options points: N"))
    return problems


def _has_cycle(question: q.Branching) -> bool:
    steps = {step.id: step for step in question.steps}
    visiting: set[str] = set()
    done: set[str] = set()

    def visit(step_id: str) -> bool:
        if step_id in done:
            return False
        if step_id in visiting:
            return True
        visiting.add(step_id)
        looped = any(visit(o.next) for o in steps[step_id].options if o.next is not None)
        visiting.discard(step_id)
        done.add(step_id)
        return looped

    return visit(question.start)


def max_branch_points(question: q.Branching) -> int:
    steps = {step.id: step for step in question.steps}

    def best(step_id: str) -> int:
        return max(o.points + (best(o.next) if o.next else 0) for o in steps[step_id].options)

    return best(question.start)


def _numeric_problems(question: q.Numeric) -> list[Problem]:
    texts = {"answer": question.answer_text(), "tolerance": question.tolerance_text()}
    return [((name,), f"{text} has more than {SCORM_DECIMALS} decimal places, more than SCORM 2004 reports",
             f"round it to {SCORM_DECIMALS} decimal places")
            for name, text in texts.items() if len(text.partition(".")[2]) > SCORM_DECIMALS]


def _task_problems(question: q.Task) -> list[Problem]:
    return _repeats(question.checklist, "checklist", "checklist item")


# Kinds without rules of their own (true/false) need no entry.
KIND_RULES: dict[str, Callable[[Any], list[Problem]]] = {
    "single": _single_problems,
    "multiple": _multiple_problems,
    "match": _matching_problems,
    "order": _ordering_problems,
    "fill": _fill_problems,
    "branching": _branching_problems,
    "numeric": _numeric_problems,
    "task": _task_problems,
}
