"""The final assessment's pool: every module's quiz questions and its final-only questions."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from ..kinds import kind_of
from ..loaded import ModuleSource
from ..model import QuestionBase
from ..question_rules import Loc


@dataclass(frozen=True)
class PoolItem:
    """A question the final may draw, with what its blueprint counts: module, objectives, final-only."""

    question: QuestionBase
    module: ModuleSource
    final_only: bool
    loc: Loc  # where the question stands in its module file

    @property
    def id(self) -> str:
        assert self.question.id is not None  # cross-checks require ids on graded questions
        return self.question.id

    @property
    def objectives(self) -> tuple[str, ...]:
        return tuple(self.question.assesses)


def drawable(question: QuestionBase) -> bool:
    """Whether the final may draw this question: only one the player can score by itself.

    The one place that decides it, from the registry of question kinds: a practical task, which
    the learner writes and a trainer or the learner judges, is never drawn.
    """
    return kind_of(question).drawable


def final_pool(modules: Sequence[ModuleSource]) -> tuple[PoolItem, ...]:
    """Per module in course order: its quiz questions, then its final-only questions, drawable ones only."""
    pool: list[PoolItem] = []
    for loaded in modules:
        quiz = loaded.module.quiz
        if quiz is not None:
            pool += [PoolItem(q, loaded, False, ("quiz", "questions", k)) for k, q in enumerate(quiz.questions)]
        pool += [PoolItem(q, loaded, True, ("final_questions", k))
                 for k, q in enumerate(loaded.module.final_questions)]
    return tuple(item for item in pool if drawable(item.question))
