"""The question models: one per kind (the key naming the kind holds the stem), and their parts.

Which kinds exist, and everything else each kind needs beyond its model, is in kinds.py.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated, ClassVar, Literal

from pydantic import Field

from .base import Markdown, Slug, StrictModel, Text


class Feedback(StrictModel):
    correct: Markdown | None = None
    incorrect: Markdown | None = None
    partial: Markdown | None = None


class Choice(StrictModel):
    text: Text
    correct: bool = False
    feedback: Markdown | None = None


class MatchPair(StrictModel):
    left: Text
    right: Text


class BranchOption(StrictModel):
    text: Text
    consequence: Markdown
    next: Slug | None = None
    points: Annotated[int, Field(ge=0, le=100)] = 0


class BranchStep(StrictModel):
    id: Slug
    situation: Markdown
    options: Annotated[list[BranchOption], Field(min_length=2, max_length=8)]


Scoring = Literal["all-or-nothing", "partial"]


class QuestionBase(StrictModel):
    id: Slug | None = None
    assesses: list[Slug] = []
    weight: Annotated[int, Field(ge=1, le=100)] = 1
    feedback: Feedback | None = None


class SingleChoice(QuestionBase):
    single: Markdown
    choices: Annotated[list[Choice], Field(min_length=2, max_length=10)]


class MultipleResponse(QuestionBase):
    multiple: Markdown
    choices: Annotated[list[Choice], Field(min_length=2, max_length=10)]
    scoring: Scoring = "all-or-nothing"


class TrueFalse(QuestionBase):
    truefalse: Markdown
    answer: bool
    if_true: Markdown | None = None
    if_false: Markdown | None = None


class Matching(QuestionBase):
    match: Markdown
    pairs: Annotated[list[MatchPair], Field(min_length=2, max_length=10)]
    scoring: Scoring = "all-or-nothing"


class Ordering(QuestionBase):
    order: Markdown
    items: Annotated[list[Text], Field(max_length=10)]


class FillIn(QuestionBase):
    fill: Markdown
    answers: list[Text]
    case_sensitive: bool = False
    max_length: Annotated[int, Field(ge=1, le=200)] = 60


class Branching(QuestionBase):
    branching: Markdown
    start: Slug
    steps: Annotated[list[BranchStep], Field(min_length=1, max_length=12)]


# A number SCORM can carry: real(10,7) in SCORM 2004 (at most ten digits before the point).
Number = Annotated[float, Field(allow_inf_nan=False, gt=-1e9, lt=1e9)]


class Numeric(QuestionBase):
    # characters the learner may type: ten digits, a point, seven decimals, a sign, and room to spare
    MAX_LENGTH: ClassVar[int] = 24
    numeric: Markdown
    answer: Number
    tolerance: Annotated[float, Field(allow_inf_nan=False, ge=0, lt=1e9)] = 0  # absolute: answer ± tolerance
    unit: Text | None = None  # shown beside the input, e.g. "hours"

    def bounds(self) -> tuple[str, str]:
        """The lowest and highest accepted answer, written out as decimals."""
        answer, tolerance = Decimal(repr(self.answer)), Decimal(repr(self.tolerance))
        return decimal_text(answer - tolerance), decimal_text(answer + tolerance)

    def answer_text(self) -> str:
        return decimal_text(Decimal(repr(self.answer)))

    def tolerance_text(self) -> str:
        return decimal_text(Decimal(repr(self.tolerance)))


TASK_MIN_LENGTH, TASK_MAX_LENGTH = 200, 4000  # a task's max_length: room for a plan, within reason


class Task(QuestionBase):
    """A practical task: a written response to a scenario, then a model answer and a checklist.

    Not scored unless `scored: true`; then the learner ticks the checklist items the answer covers
    and earns ticked/total. A graded quiz gives it `minutes` (lint's quiz-minutes rule).
    """

    task: Markdown
    model_answer: Markdown
    checklist: Annotated[list[Text], Field(min_length=1, max_length=12)]
    max_length: Annotated[int, Field(ge=TASK_MIN_LENGTH, le=TASK_MAX_LENGTH)]  # characters the learner may write
    scored: bool = False
    minutes: Annotated[int, Field(ge=1, le=120)] = 10


def decimal_text(value: Decimal) -> str:
    """A number as SCORM and the quiz engines read it: digits and a point, never 1e-05 or -0."""
    text = format(value.normalize(), "f")
    return "0" if text in ("-0", "0") else text
