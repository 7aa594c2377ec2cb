"""The question kinds: one entry per kind, holding what the build and the runtime need to know of it.

A kind is written as the key that holds its stem (`- single: "Which ...?"`). Everything here is
data the rest of the tool reads instead of asking `isinstance` or comparing kind names: the
interaction types the LMS is told (SCORM 1.2, SCORM 2004, xAPI), the fields a translator sees,
the reviewers' label, the editor's description and the shape of a stored response. Code that
really differs per kind (markup, scoring, answer data, exports) keeps a table keyed by the same
names, and tests/unit/test_question_kinds.py lists every place that lacks an entry for a kind.
ARCHITECTURE.md ("A new question type") names those places in order.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from . import questions as q
from .questions import QuestionBase

LABEL_PREFIX = "review_kind_"  # + the kind: the catalogue key naming it for reviewers
ANSWER_FORMS_SEPARATOR = "|"
TASK_TEXT_SEPARATOR = "|"  # a task's response: its state, this, then the text written


@dataclass(frozen=True)
class Interaction:
    """How an answer of this kind is typed for the LMS."""

    scorm12: str  # cmi.interactions.n.type, SCORM 1.2
    scorm2004: str  # cmi.interactions.n.type, SCORM 2004
    xapi: str  # the interaction activity's interactionType (cmi5)


@dataclass(frozen=True)
class KindSpec:
    key: str  # the YAML key naming the kind; it holds the stem
    model: type[QuestionBase]
    interaction: Interaction
    translatable: tuple[str, ...]  # the model's own fields a translator sees, the stem first
    markdown: tuple[str, ...]  # those of them rendered as Markdown
    description: str  # what an editor shows when completing or hovering the kind
    response: str  # how the runtime stores a response in suspend data (plan/suspend.py)
    # the longest response string the runtime could store for a question of this kind
    worst_response: Callable[[Any], str]
    # list fields of accepted answers: a translation of one entry may give several forms a learner
    # of that language would type, separated by ANSWER_FORMS_SEPARATOR (translate/apply.py)
    answer_forms: tuple[str, ...] = ()
    # whether the final assessment may draw it: only a kind the player scores by itself (final/pool.py)
    drawable: bool = True
    # minutes a graded quiz gives a question of this kind (lint's quiz-minutes rule)
    minutes: Callable[[Any], int] = lambda question: 1
    # a kind whose response holds free text the runtime may shorten to fit SCORM 1.2's suspend
    # data: the longest response once its text is cut to n characters (plan/suspend.py)
    cut_response: Callable[[Any, int], str] | None = None
    # the catalogue key of a fixed legend, for a kind whose stem is Markdown of several blocks,
    # which a legend cannot hold: the stem then follows the legend (templates/partials/questions.html)
    legend: str | None = None

    @property
    def label_key(self) -> str:
        return LABEL_PREFIX + self.key


def _one_letter(question: QuestionBase) -> str:
    return "a"


def _letter_per_choice(question: q.SingleChoice | q.MultipleResponse) -> str:
    return "a" * len(question.choices)


def _letter_per_pair(question: q.Matching) -> str:
    return "a" * len(question.pairs)


def _letter_per_item(question: q.Ordering) -> str:
    return "a" * len(question.items)


def _typed_text(question: q.FillIn) -> str:
    return '"' * question.max_length  # each quote doubles when JSON-escaped


def _letter_per_step(question: q.Branching) -> str:
    return "a" * len(question.steps)


def _typed_number(question: q.Numeric) -> str:
    return '"' * q.Numeric.MAX_LENGTH  # the input takes any characters; a quote doubles when JSON-escaped


def _task_head(question: q.Task) -> str:
    return "s" + "1" * len(question.checklist) + TASK_TEXT_SEPARATOR  # submitted, every item ticked


def _written_task(question: q.Task) -> str:
    return _task_head(question) + '"' * question.max_length  # a quote or a line break doubles in JSON


def _cut_task(question: q.Task, kept: int) -> str:
    return _task_head(question) + '"' * min(kept, question.max_length)


def _task_minutes(question: q.Task) -> int:
    return question.minutes


_CHOICE = Interaction("choice", "choice", "choice")

KINDS: dict[str, KindSpec] = {
    spec.key: spec
    for spec in (
        KindSpec(
            "single", q.SingleChoice, _CHOICE, ("single",), ("single",),
            "Single choice: exactly one choice has correct: true.",
            "the chosen choice letter, e.g. 'b'", _one_letter,
        ),
        KindSpec(
            "multiple", q.MultipleResponse, _CHOICE, ("multiple",), ("multiple",),
            "Multiple response: at least one choice has correct: true.",
            "the chosen letters in authored order, e.g. 'acd'", _letter_per_choice,
        ),
        KindSpec(
            "truefalse", q.TrueFalse, Interaction("true-false", "true-false", "true-false"),
            ("truefalse", "if_true", "if_false"), ("truefalse", "if_true", "if_false"),
            "True or false: the statement and its answer.",
            "'t' or 'f'", _one_letter,
        ),
        KindSpec(
            "match", q.Matching, Interaction("matching", "matching", "matching"), ("match",), ("match",),
            "Matching: pairs written as they belong together; the learner sees the right sides shuffled.",
            "for each left item in order the chosen right letter or '-', e.g. 'ba-c'", _letter_per_pair,
        ),
        KindSpec(
            "order", q.Ordering, Interaction("sequencing", "sequencing", "sequencing"),
            ("order", "items"), ("order",),
            "Ordering: items written in the correct order.",
            "the item letters in the learner's order, e.g. 'cab'", _letter_per_item,
        ),
        KindSpec(
            "fill", q.FillIn, Interaction("fill-in", "fill-in", "fill-in"), ("fill", "answers"), ("fill",),
            "Fill in the blank: the accepted answers, compared ignoring case and extra spaces.",
            "the text typed", _typed_text, answer_forms=("answers",),
        ),
        # SCORM 2004 has no "performance" pattern for a path of choices, so it is "other" there;
        # xAPI describes it step by step as a performance.
        KindSpec(
            "branching", q.Branching, Interaction("performance", "other", "performance"),
            ("branching",), ("branching",),
            "A branching scenario scored by the points of the path taken.",
            "the option letters chosen along the path, e.g. 'ab'", _letter_per_step,
        ),
        KindSpec(
            "numeric", q.Numeric, Interaction("numeric", "numeric", "numeric"), ("numeric", "unit"), ("numeric",),
            "A number: right when within tolerance (absolute, default 0) of answer; unit is shown beside the input.",
            "the text typed, e.g. '1,5'", _typed_number,
        ),
        # a written answer nobody can score automatically: recorded, never drawn by the final, and
        # counted in a quiz's score only when the author says so (self-assessed with its checklist)
        KindSpec(
            "task", q.Task, Interaction("fill-in", "long-fill-in", "long-fill-in"),
            ("task", "model_answer", "checklist"), ("task", "model_answer"),
            "A practical task: a written response (at most max_length characters), then the model answer and "
            "the checklist; not scored unless scored: true (then ticked checklist items / all items).",
            "'|' and the text while writing; once submitted 's', a 1 or 0 per checklist item (ticked), '|', "
            "the text, e.g. 's101|My plan'",
            _written_task, drawable=False, minutes=_task_minutes, cut_response=_cut_task, legend="task_legend",
        ),
    )
}

QUESTION_KINDS: dict[str, type[QuestionBase]] = {key: spec.model for key, spec in KINDS.items()}
_KIND_OF_MODEL = {spec.model: key for key, spec in KINDS.items()}


def question_kind(question: QuestionBase) -> str:
    return _KIND_OF_MODEL[type(question)]


def kind_of(question: QuestionBase) -> KindSpec:
    return KINDS[_KIND_OF_MODEL[type(question)]]


def question_stem(question: QuestionBase) -> str:
    return str(getattr(question, question_kind(question)))


def kind_legend(key: str) -> str | None:
    return KINDS[key].legend


def runtime_kinds() -> dict[str, dict[str, str]]:
    """What the learner-side scripts read of each kind (course-data.js): its interaction types."""
    return {
        key: {"scorm12": spec.interaction.scorm12, "scorm2004": spec.interaction.scorm2004,
              "xapi": spec.interaction.xapi}
        for key, spec in KINDS.items()
    }
