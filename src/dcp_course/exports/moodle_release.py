"""The Moodle release an export targets, and what its question bank can import.

Moodle's ordering question type (qtype_ordering) was a plugin (moodle.org/plugins/qtype_ordering)
until it was taken into core (tracker MDL-72394). In moodle/moodle, commit
8e682899cc75b5913b5d6b77336801261a7cc7b1 (version.php: '4.4rc1', branch '404') already holds
question/type/ordering/version.php at the 4.4 release version 2024042200, so the standard 4.4
distribution ships it. Yet a Moodle 4.4 site was found without it (issue #14: "Question type
ordering is not supported by XML import", and the default stop-on-error rejects the whole file).
So ordering is taken as present from 4.5 on only; for older or unknown releases ordering
questions go where they cannot spoil the rest of the import.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..source.errors import BuildError
from ..source.model import Matching, Numeric, Ordering, Task
from .bank import Notes, QuestionBank

RELEASE = re.compile(r"(\d+)\.(\d+)")
MOODLE_MATCH_MINIMUM = 3  # Moodle's matching type wants at least three answers
ALL_OR_NOTHING_MULTIPLE = (
    "all-or-nothing scoring approximated: any wrong choice scores 0, but Moodle still "
    "gives partial credit for some of the right choices"
)
MATCHING_SCORING = {
    "all-or-nothing": "all-or-nothing scoring not available: Moodle's matching gives credit per pair",
    "partial": "partial credit differs: Moodle's matching gives 1/n per right pair and takes nothing "
    "off for a wrong one, where the course takes 1/n off",
}


@dataclass(frozen=True, order=True)
class MoodleRelease:
    major: int
    minor: int

    @classmethod
    def parse(cls, text: str) -> MoodleRelease:
        match = RELEASE.fullmatch(text.strip())
        if match is None:
            raise BuildError(f"--moodle-version {text!r}: give a release as MAJOR.MINOR, such as 4.1 or 4.5")
        return cls(int(match.group(1)), int(match.group(2)))

    def __str__(self) -> str:
        return f"{self.major}.{self.minor}"

    @property
    def has_ordering(self) -> bool:
        return self >= ORDERING_CERTAIN_FROM


ORDERING_CERTAIN_FROM = MoodleRelease(4, 5)


@dataclass(frozen=True)
class MoodleSplit:
    """The questions a Moodle release imports in one go, and the ordering questions it may not."""

    importable: QuestionBank | None
    ordering: QuestionBank | None


def split_for_moodle(bank: QuestionBank, release: MoodleRelease | None) -> MoodleSplit:
    """Take the ordering questions apart unless the release is known to have the ordering type."""
    if release is not None and release.has_ordering:
        return MoodleSplit(bank, None)
    ordering = tuple(q for q in bank.questions if isinstance(q.question, Ordering))
    if not ordering:
        return MoodleSplit(bank, None)
    rest = tuple(q for q in bank.questions if not isinstance(q.question, Ordering))
    if not rest:
        return MoodleSplit(None, QuestionBank(bank.course, ordering, bank.left_out))
    return MoodleSplit(QuestionBank(bank.course, rest, bank.left_out), QuestionBank(bank.course, ordering))


def matching_caveats(question: Matching, question_id: str, notes: Notes) -> None:
    """What Moodle's matching type (in XML and GIFT alike) cannot do as the course does."""
    notes.warn(MATCHING_SCORING[question.scoring], question_id)
    if len(question.pairs) < MOODLE_MATCH_MINIMUM:
        notes.warn(
            f"Moodle's matching type needs at least {MOODLE_MATCH_MINIMUM} pairs and refuses the question "
            "(stopping the import); add one before importing",
            question_id,
        )


def unit_not_exported(question: Numeric, question_id: str, notes: Notes) -> None:
    """Moodle's numerical type (in XML and GIFT alike) shows a unit only as one it also grades."""
    if question.unit:
        notes.add(
            f"unit {question.unit!r} not exported: Moodle's numerical questions show a unit only when they "
            "also grade it; name it in the question text",
            question_id,
        )


def task_caveats(question: Task, question_id: str, notes: Notes) -> None:
    """Moodle's essay (in XML and GIFT alike) is marked by a trainer, and limits words, not characters."""
    notes.add(f"practical task exported as an essay a trainer marks; the course's limit of {question.max_length} "
              "characters is not carried (Moodle limits words)", question_id)
