"""The question models: one per kind (the key naming the kind holds the stem), and their parts.

Which kinds exist, and everything else each kind needs beyond its model, is in kinds.py.
"""

from __future__ import annotations

from typing import Annotated, Literal

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
