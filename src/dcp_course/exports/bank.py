"""The questions an export carries: graded quiz questions, optionally knowledge checks, per module.

Every exporter reads the same QuestionBank, so the choice of questions, their ids, categories and
the partial-credit arithmetic are decided once. Branching scenarios are left out here: no LMS quiz
engine we export to can score a path through steps, so they stay in the SCORM package only.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from ..render.questions import check_id
from ..source.errors import BuildError
from ..source.loaded import CourseSource, ModuleSource
from ..source.model import (
    Branching,
    Course,
    Module,
    MultipleResponse,
    QuestionBase,
    SingleChoice,
    question_kind,
)

CHECKS_CATEGORY = "Knowledge checks"
BLANK = re.compile(r"_{3,}")


@dataclass(frozen=True)
class BankQuestion:
    id: str
    question: QuestionBase
    module: Module
    graded: bool  # a quiz question; False for a knowledge check
    shuffle_choices: bool = False

    @property
    def kind(self) -> str:
        return question_kind(self.question)

    @property
    def stem(self) -> str:
        return str(getattr(self.question, self.kind))

    @property
    def category(self) -> tuple[str, ...]:
        """Category path below the course: the module, and a sub-category for knowledge checks."""
        return (self.module.title,) if self.graded else (self.module.title, CHECKS_CATEGORY)


@dataclass(frozen=True)
class QuestionBank:
    course: Course
    questions: tuple[BankQuestion, ...]
    skipped: tuple[str, ...] = ()  # ids of branching scenarios left out


@dataclass(frozen=True)
class QuestionExport:
    content: bytes
    notes: tuple[str, ...] = ()  # what the format could not carry, for the person importing it


@dataclass
class Notes:
    """Caveats grouped by message, each listing the questions it concerns, in first-seen order."""

    by_message: dict[str, list[str]] = field(default_factory=dict)

    def add(self, message: str, question_id: str) -> None:
        ids = self.by_message.setdefault(message, [])
        if question_id not in ids:
            ids.append(question_id)

    def rendered(self, bank: QuestionBank) -> tuple[str, ...]:
        lines = [f"{', '.join(ids)}: {message}" for message, ids in self.by_message.items()]
        if bank.skipped:
            lines.append(
                f"{', '.join(bank.skipped)}: branching scenario not exported "
                "(no quiz-engine equivalent; it stays in the SCORM package)"
            )
        return tuple(lines)


def question_bank(
    source: CourseSource, modules: Sequence[str] = (), include_checks: bool = False
) -> QuestionBank:
    """The questions to export, in course order: per module its quiz, then its knowledge checks."""
    chosen = select_modules(source, modules)
    questions: list[BankQuestion] = []
    skipped: list[str] = []
    for loaded in chosen:
        found = list(_quiz_questions(loaded.module))
        if include_checks:
            found += _check_questions(loaded.module)
        for entry in found:
            if isinstance(entry.question, Branching):
                skipped.append(entry.id)
            else:
                questions.append(entry)
    if not questions:
        raise BuildError(_nothing_to_export(chosen, include_checks, bool(skipped)))
    return QuestionBank(source.course, tuple(questions), tuple(skipped))


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


def _check_questions(module: Module) -> Iterable[BankQuestion]:
    for lesson in module.lessons:
        index = 0
        for block in lesson.blocks:
            question: QuestionBase | None = getattr(block, "check", None)
            if question is not None:
                yield BankQuestion(question.id or check_id(lesson.id, index), question, module, graded=False)
                index += 1


def _nothing_to_export(chosen: list[ModuleSource], include_checks: bool, only_branching: bool) -> str:
    names = ", ".join(m.module.id for m in chosen)
    if only_branching:
        return f"no questions to export from {names}: branching scenarios are not exported"
    hint = "" if include_checks else " (add --include-checks to export knowledge checks)"
    return f"no questions to export: {names} has no quiz{hint}"


# ---------------------------------------------------------------- scoring shared by the formats


def choice_fractions(question: SingleChoice | MultipleResponse) -> list[float]:
    """Credit per choice in percent, as LMS quiz engines that add up per-choice credit expect.

    Correct choices share 100; under partial scoring wrong choices share -100, and under
    all-or-nothing any wrong choice costs 100, so the total (floored at 0 by the LMS) is zero.
    """
    correct = sum(c.correct for c in question.choices)
    wrong = len(question.choices) - correct
    if isinstance(question, SingleChoice):
        return [100.0 if c.correct else 0.0 for c in question.choices]
    penalty = -100.0 if question.scoring == "all-or-nothing" or wrong == 0 else -100.0 / wrong
    return [100.0 / correct if c.correct else penalty for c in question.choices]


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
