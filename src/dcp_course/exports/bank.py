"""The questions an export carries, per module: graded quiz questions, the final-only questions the
final assessment draws (a category of their own), optionally knowledge checks.

Every exporter reads the same QuestionBank, so the choice of questions, their ids, categories and
the partial-credit arithmetic are decided once. Kinds that no quiz engine we export to can carry
(NOT_EXPORTED: branching scenarios, whose path through steps none can score) are left out here,
with a warning; each exporter has a writer for every other kind (its WRITERS table).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import TypeVar

from ..render.questions import check_id
from ..source.errors import BuildError
from ..source.loaded import CourseSource, ModuleSource
from ..source.model import (
    Course,
    Module,
    MultipleResponse,
    QuestionBase,
    SingleChoice,
    question_kind,
)

Q = TypeVar("Q", bound=QuestionBase)
CHECKS_CATEGORY = "Knowledge checks"
FINAL_ONLY_CATEGORY = "Final assessment"  # a module's final-only questions: never in its quiz
BLANK = re.compile(r"_{3,}")


@dataclass(frozen=True)
class LeftOut:
    """Why every export leaves a kind out."""

    warning: str  # said of each question left out
    plural: str  # the kind's questions, for when nothing else is left to export


NOT_EXPORTED: dict[str, LeftOut] = {
    "branching": LeftOut(
        "branching scenario not exported (no quiz-engine equivalent; it stays in the SCORM package)",
        "branching scenarios",
    ),
}


@dataclass(frozen=True)
class BankQuestion:
    id: str
    question: QuestionBase
    module: Module
    graded: bool  # a quiz or final-only question; False for a knowledge check
    shuffle_choices: bool = False
    final_only: bool = False  # drawn only by the final assessment

    @property
    def kind(self) -> str:
        return question_kind(self.question)

    def as_kind(self, model: type[Q]) -> Q:
        """The question as the model its kind's writer expects (the WRITERS tables pick by kind)."""
        assert isinstance(self.question, model), (self.id, model)
        return self.question

    @property
    def stem(self) -> str:
        return str(getattr(self.question, self.kind))

    @property
    def category(self) -> tuple[str, ...]:
        """Category path below the course: the module, and a sub-category for final-only questions
        and one for knowledge checks."""
        if self.final_only:
            return (self.module.title, FINAL_ONLY_CATEGORY)
        return (self.module.title,) if self.graded else (self.module.title, CHECKS_CATEGORY)


@dataclass(frozen=True)
class QuestionBank:
    course: Course
    questions: tuple[BankQuestion, ...]
    left_out: tuple[BankQuestion, ...] = ()  # questions of a kind in NOT_EXPORTED

    @property
    def skipped(self) -> tuple[str, ...]:
        return tuple(entry.id for entry in self.left_out)


@dataclass(frozen=True)
class QuestionExport:
    content: bytes
    notes: tuple[str, ...] = ()  # what the person importing should know or do
    # Questions that are left out, change type, lose feedback or score differently from the course.
    warnings: tuple[str, ...] = ()


@dataclass
class Notes:
    """Caveats grouped by message, each listing the questions it concerns, in first-seen order.

    A warning is for what changes a question on its way out: it is left out, changes type, loses
    feedback or scores differently than in the course. Everything else is a note.
    """

    by_message: dict[str, list[str]] = field(default_factory=dict)
    warning_messages: set[str] = field(default_factory=set)

    def add(self, message: str, question_id: str) -> None:
        ids = self.by_message.setdefault(message, [])
        if question_id not in ids:
            ids.append(question_id)

    def warn(self, message: str, question_id: str) -> None:
        self.warning_messages.add(message)
        self.add(message, question_id)

    def exported(self, content: bytes, bank: QuestionBank) -> QuestionExport:
        for entry in bank.left_out:
            self.warn(NOT_EXPORTED[entry.kind].warning, entry.id)
        lines = {message: f"{', '.join(ids)}: {message}" for message, ids in self.by_message.items()}
        return QuestionExport(
            content,
            notes=tuple(line for message, line in lines.items() if message not in self.warning_messages),
            warnings=tuple(line for message, line in lines.items() if message in self.warning_messages),
        )


def question_bank(
    source: CourseSource, modules: Sequence[str] = (), include_checks: bool = False
) -> QuestionBank:
    """The questions to export, in course order: per module its quiz, its final-only questions, then
    its knowledge checks."""
    chosen = select_modules(source, modules)
    questions: list[BankQuestion] = []
    left_out: list[BankQuestion] = []
    final = source.course.final
    for loaded in chosen:
        found = list(_quiz_questions(loaded.module))
        found += _final_only_questions(loaded.module, final.shuffle_choices if final else False)
        if include_checks:
            found += _check_questions(loaded.module)
        for entry in found:
            (left_out if entry.kind in NOT_EXPORTED else questions).append(entry)
    if not questions:
        raise BuildError(_nothing_to_export(chosen, include_checks, left_out))
    return QuestionBank(source.course, tuple(questions), tuple(left_out))


def select_modules(source: CourseSource, wanted: Sequence[str]) -> list[ModuleSource]:
    """Modules named by id (`basics`) or folder (`01-basics`); all of them when none are named."""
    if not wanted:
        return list(source.modules)
    known = {m.module.id: m for m in source.modules} | {m.folder: m for m in source.modules}
    unknown = [name for name in wanted if name not in known]
    if unknown:
        raise BuildError(
            f"unknown module {unknown[0]!r}; choose from " + ", ".join(m.module.id for m in source.modules)
        )
    picked = {known[name].folder for name in wanted}
    return [m for m in source.modules if m.folder in picked]


def _quiz_questions(module: Module) -> Iterable[BankQuestion]:
    quiz = module.quiz
    if quiz is None:
        return
    for question in quiz.questions:
        typed: QuestionBase = question
        assert typed.id is not None  # cross-checks require ids in quizzes
        yield BankQuestion(typed.id, typed, module, graded=True, shuffle_choices=quiz.shuffle_choices)


def _final_only_questions(module: Module, shuffle_choices: bool) -> Iterable[BankQuestion]:
    for question in module.final_questions:
        typed: QuestionBase = question
        assert typed.id is not None  # cross-checks require ids on final-only questions
        yield BankQuestion(typed.id, typed, module, graded=True, shuffle_choices=shuffle_choices,
                           final_only=True)


def _check_questions(module: Module) -> Iterable[BankQuestion]:
    for lesson in module.lessons:
        index = 0
        for block in lesson.blocks:
            question: QuestionBase | None = getattr(block, "check", None)
            if question is not None:
                yield BankQuestion(question.id or check_id(lesson.id, index), question, module, graded=False)
                index += 1


def _nothing_to_export(chosen: list[ModuleSource], include_checks: bool, left_out: list[BankQuestion]) -> str:
    names = ", ".join(m.module.id for m in chosen)
    if left_out:
        kinds = dict.fromkeys(NOT_EXPORTED[entry.kind].plural for entry in left_out)
        return f"no questions to export from {names}: {' and '.join(kinds)} are not exported"
    hint = "" if include_checks else " (add --include-checks to export knowledge checks)"
    return f"no questions to export: {names} has no quiz{hint}"


# ---------------------------------------------------------------- scoring shared by the formats


# The grades Moodle's question importers accept (question_bank::fraction_options_full), as
# fractions of the question's mark, and their negatives; the importer matches a fraction to one
# of them within 0.00001 (match_grade_options in lib/questionlib.php) and refuses any other.
MOODLE_GRADES = (
    1.0, 0.9, 0.8333333, 0.8, 0.75, 0.7, 0.6666667, 0.6, 0.5, 0.4, 0.3333333, 0.3, 0.25, 0.2,
    0.1666667, 0.1428571, 0.125, 0.1111111, 0.1, 0.05, 0.0,
)  # fmt: skip
MOODLE_GRADE_TOLERANCE = 0.00001


def choice_fractions(question: SingleChoice | MultipleResponse) -> list[float]:
    """Credit per choice in percent, for quiz engines that add up the credit of the chosen choices
    and clamp the sum to 0..100 (Moodle's multichoice, QTI's mapResponse with bounds).

    Correct choices share 100. Under partial scoring each wrong choice costs as much as a correct
    one earns, so k correct choices give max(0, (right - wrong) / k): the course's own rule
    (scoreResponse in templates/js/scoring.js). Under all-or-nothing any wrong choice costs 100.
    """
    correct = sum(c.correct for c in question.choices)
    if isinstance(question, SingleChoice):
        return [100.0 if c.correct else 0.0 for c in question.choices]
    share = 100.0 / correct
    penalty = -share if question.scoring == "partial" else -100.0
    return [share if c.correct else penalty for c in question.choices]


def moodle_grade(fraction_percent: float) -> float | None:
    """The listed Moodle grade a percentage is imported as, or None when Moodle refuses it."""
    value = fraction_percent / 100
    for grade in MOODLE_GRADES:
        for signed in (grade, -grade):
            if abs(value - signed) < MOODLE_GRADE_TOLERANCE:
                return signed
    return None


def moodle_choice_fractions(question: SingleChoice | MultipleResponse, question_id: str) -> list[float]:
    """choice_fractions, checked against the grades Moodle accepts.

    1/k is a listed grade for every k from 1 to 10, and the model allows at most 10 choices. Should
    that limit grow, a question whose share is not a listed grade stops the export rather than being
    rounded to a grade that would score differently from the course.
    """
    fractions = choice_fractions(question)
    refused = sorted({percent(f) for f in fractions if moodle_grade(f) is None})
    if refused:
        raise BuildError(
            f"{question_id}: Moodle accepts no grade of {', '.join(refused)}% "
            f"({sum(c.correct for c in question.choices)} correct choices); "
            "keep at most 10 choices correct"
        )
    return fractions


def percent(value: float) -> str:
    """A percentage as Moodle writes grade fractions: at most five decimals, no trailing zeros."""
    text = f"{value:.5f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def blank_split(stem: str) -> tuple[str, str] | None:
    """A fill-in stem around its blank (a run of three or more underscores), if it has one."""
    match = BLANK.search(stem)
    return (stem[: match.start()], stem[match.end() :]) if match else None


def literal_answer(answer: str) -> str:
    """An accepted answer for Moodle's short answers, where * is a wildcard and \\* an asterisk."""
    return " ".join(answer.split()).replace("*", "\\*")
