"""Every question of a course where the author wrote it, as the item-writing rules read it."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from ..source.checks import questions_with_loc
from ..source.loaded import CourseSource, ModuleSource
from ..source.model import (
    Branching,
    FillIn,
    Matching,
    MultipleResponse,
    Ordering,
    QuestionBase,
    SingleChoice,
    question_kind,
    question_stem,
)
from .findings import Loc

WORD = re.compile(r"\w+(?:['’\-]\w+)*")


@dataclass(frozen=True)
class Asked:
    """One question (quiz, final-only or knowledge check) and where it is written."""

    loaded: ModuleSource
    loc: Loc
    question: QuestionBase

    @property
    def kind(self) -> str:
        return question_kind(self.question)

    @property
    def stem_loc(self) -> Loc:
        return (*self.loc, self.kind)

    @property
    def name(self) -> str:
        if self.question.id is not None:
            return repr(self.question.id)
        # only a lesson's check may go without an id; validation requires one elsewhere
        return f"the check in lesson {self.loaded.module.lessons[int(self.loc[1])].id!r}"

    def place(self, loc: Loc | None = None) -> str:
        """Where the question (or a part of it) is written: folder/module.yaml:line."""
        line, _ = self.loaded.doc.locate(loc if loc is not None else self.stem_loc)
        return f"{self.loaded.folder}/{self.loaded.path.name}:{line}"



def question_texts(question: QuestionBase) -> list[str]:
    """The stem and every option, pair, item or accepted answer: what the learner reads and picks."""
    texts = [question_stem(question)]
    if isinstance(question, SingleChoice | MultipleResponse):
        texts += [choice.text for choice in question.choices]
    elif isinstance(question, Matching):
        texts += [f"{pair.left} {pair.right}" for pair in question.pairs]
    elif isinstance(question, Ordering):
        texts += question.items
    elif isinstance(question, FillIn):
        texts += question.answers
    elif isinstance(question, Branching):
        texts += [f"{step.situation} " + " ".join(o.text for o in step.options) for step in question.steps]
    return texts


def course_questions(source: CourseSource) -> Iterator[Asked]:
    """In course order: per module its knowledge checks, its quiz, its final-only questions."""
    for loaded in source.modules:
        for question, loc in questions_with_loc(loaded):
            yield Asked(loaded, loc, question)


def plain_words(text: str) -> list[str]:
    """The words of a text, lower-cased (Markdown marks are no words)."""
    return [word.casefold() for word in WORD.findall(text)]


def collapsed(text: str) -> str:
    """An option's text as a key: case, spacing, quotes and closing punctuation make no other option."""
    return " ".join(text.split()).casefold().strip("\"'“”‘’").rstrip(" .!?;:")
