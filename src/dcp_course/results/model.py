"""The item analysis as plain data: what every output format (text, Markdown, JSON, HTML) shows.

It holds counts and statistics only: no learner is named or numbered in it.
"""

from __future__ import annotations

from dataclasses import dataclass

from .answers import Source
from .course_index import Place, QuestionEntry, QuizEntry


@dataclass(frozen=True)
class Thresholds:
    """When a question is flagged; each is a command-line option."""

    too_easy: float = 0.95  # facility above this
    too_hard: float = 0.25  # facility below this
    min_discrimination: float = 0.2  # item-rest correlation below this (below 0: possibly mis-keyed)
    rare_distractor: float = 0.05  # a wrong choice picked by fewer than this share of learners
    min_responses: int = 20  # fewer responses than this: too few to judge
    min_group: int = 10  # fewer learners than this: not reported separately (privacy)


@dataclass(frozen=True, order=True)
class Flag:
    place: Place
    rule: str
    subject: str  # "question-id (quiz title)"
    message: str

    def render(self) -> str:
        return f"{self.place}: warning: {self.subject}: {self.message} [{self.rule}]"


@dataclass(frozen=True)
class OptionCount:
    id: str
    label: str
    correct: bool
    chosen: int  # learners who picked it
    share: float  # of the learners whose response was read


@dataclass(frozen=True)
class ItemReport:
    quiz: QuizEntry
    question: QuestionEntry
    responses: int  # learners with a scored first-attempt answer
    withheld: bool  # fewer responses than the privacy minimum: no statistics shown
    facility: float | None
    discrimination: float | None  # item-rest correlation (corrected point-biserial)
    upper_lower: float | None  # Kelley's D
    mean_latency: float | None  # seconds
    unanswered: int
    read: int  # learners whose response was read: the base of each option's share
    options: tuple[OptionCount, ...]
    common_wrong: tuple[tuple[str, int], ...]  # the most frequent wrong responses of other kinds
    typed_withheld: int  # wrong typed answers given by too few learners to show
    not_understood: int
    disagreements: int  # recorded results that today's key scores otherwise
    flags: tuple[Flag, ...]


@dataclass(frozen=True)
class QuizReport:
    quiz: QuizEntry
    learners: int
    withheld: bool  # fewer learners than the privacy minimum: nothing else shown
    items: tuple[ItemReport, ...]
    reliability: float | None
    reliability_name: str  # "KR-20" or "Cronbach's alpha"
    reliability_note: str  # why there is none, or over whom it was computed
    mean_score: float | None  # whole percent, as the runtime scores a quiz
    histogram: tuple[int, ...]  # learners per 10-point band of first-attempt scores
    pass_rate: float | None  # share of first attempts at or above the pass mark
    later_attempts: int
    unread_kinds: tuple[tuple[str, str], ...]  # (question id, kind) no reader knows


@dataclass(frozen=True)
class GroupFacility:
    id: str
    title: str
    items: int
    mean_facility: float


@dataclass(frozen=True)
class InputSummary:
    name: str
    source: Source
    answers: int


@dataclass(frozen=True)
class Report:
    course_id: str
    version: str
    inputs: tuple[InputSummary, ...]
    thresholds: Thresholds
    learners: int
    quizzes: tuple[QuizReport, ...]
    objectives: tuple[GroupFacility, ...]
    modules: tuple[GroupFacility, ...]
    notes: tuple[str, ...]

    @property
    def flags(self) -> list[Flag]:
        return sorted(flag for quiz in self.quizzes for item in quiz.items for flag in item.flags)
