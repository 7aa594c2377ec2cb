"""Today's sources as the results are matched against them: questions, quizzes, places, AU ids.

Every graded answer reaches the LMS under its question id (tracker.js); in the final assessment
the id carries FINAL_PREFIX (render/pages.py sets it as the quiz's interactionPrefix), so the
same question answered in its module quiz and in the final assessment are two items.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..comments.anchors import relative_file
from ..plan.site import FINAL_ID, final_quiz_plan, module_quiz_plan
from ..render.questions import question_data
from ..source.checks import questions_with_loc
from ..source.loaded import CourseSource, ModuleSource
from ..source.messages import shipped_messages
from ..source.model import QuestionBase, question_kind, question_stem
from ..targets.cmi5_structure import WHOLE_COURSE, course_iri, unit_iri
from .kinds import plain

FINAL_PREFIX = "final-"
GRADED = ("quiz", "final_questions")  # where questions the LMS hears of stand in a module file

@dataclass(frozen=True, order=True)
class Place:
    file: str  # relative to the course root, with forward slashes
    line: int
    column: int

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.column}"


@dataclass(frozen=True)
class QuestionEntry:
    id: str
    kind: str
    stem: str  # plain and short, for a trainer to recognise the question
    module_id: str
    objectives: tuple[str, ...]
    weight: int
    question: QuestionBase
    data: dict[str, Any]  # the runtime's data for it: answer key, choice ids
    place: Place
    choice_places: tuple[Place, ...]  # each choice's line, where a question has choices


@dataclass(frozen=True)
class QuizEntry:
    id: str
    title: str  # for a module quiz, the module's title first: every module's quiz may be "Module quiz"
    module_id: str | None  # None for the final assessment
    pass_mark: int
    per_attempt: int  # questions a learner answers in one attempt (the draw, or all)
    question_ids: tuple[str, ...]


@dataclass(frozen=True)
class Item:
    """One question as answered in one quiz."""

    quiz: QuizEntry
    question: QuestionEntry


class CourseIndex:
    def __init__(self, source: CourseSource) -> None:
        course = source.course
        self.course_id = course.id
        self.version = course.version
        self.questions: dict[str, QuestionEntry] = {}
        self.quizzes: dict[str, QuizEntry] = {}
        self.modules: dict[str, str] = {}  # id -> title
        self.objectives: dict[str, tuple[str, str]] = {}  # id -> (text, module id)
        t = shipped_messages(course.language)
        for loaded in source.modules:
            module = loaded.module
            self.modules[module.id] = module.title
            for objective in module.objectives:
                self.objectives[objective.id] = (objective.text, module.id)
            self._index_questions(source, loaded)
            plan = module_quiz_plan(loaded, course.mastery_score, t)
            if plan is not None:
                self.quizzes[plan.id] = QuizEntry(plan.id, f"{module.title}: {plan.title}", module.id, plan.pass_mark,
                                                  _per_attempt(plan.draw, len(plan.questions)),
                                                  tuple(q.id for q in plan.questions if q.id))
        final = final_quiz_plan(source, t)
        if final is not None:
            self.quizzes[FINAL_ID] = QuizEntry(FINAL_ID, final.title, None, final.pass_mark,
                                               _per_attempt(final.draw, len(final.questions)),
                                               tuple(q.id for q in final.questions if q.id))
        self._quiz_of_question = {qid: quiz for quiz in self.quizzes.values() if quiz.module_id
                                  for qid in quiz.question_ids}
        keys = [*self.modules, FINAL_ID, WHOLE_COURSE]
        self.cmi5_ids = {course_iri(course.id), *(unit_iri(course.id, key) for key in keys)}
        self._items: dict[str, Item | None] = {}
        self.sco_titles = {course.title, *self.modules.values(), *(q.title for q in self.quizzes.values())}

    def _index_questions(self, source: CourseSource, loaded: ModuleSource) -> None:
        file = relative_file(source, loaded.doc)
        for question, loc in questions_with_loc(loaded):
            if question.id is None or loc[0] not in GRADED:  # only graded answers reach the LMS
                continue
            line, column = loaded.doc.locate(loc)
            choices = getattr(question, "choices", [])
            self.questions[question.id] = QuestionEntry(
                id=question.id, kind=question_kind(question), stem=plain(question_stem(question), 100),
                module_id=loaded.module.id, objectives=tuple(question.assesses), weight=question.weight,
                question=question, data=question_data(question, question.id), place=Place(file, line, column),
                choice_places=tuple(Place(file, *loaded.doc.locate((*loc, "choices", i))) for i in range(len(choices))),
            )

    def item(self, interaction_id: str) -> Item | None:
        """The quiz and question an interaction id stands for, or None when today's sources lack it."""
        if interaction_id not in self._items:  # asked once per recorded answer: 200,000 times for 1,000 learners
            self._items[interaction_id] = self._find(interaction_id)
        return self._items[interaction_id]

    def _find(self, interaction_id: str) -> Item | None:
        final = self.quizzes.get(FINAL_ID)
        if final is not None and interaction_id.startswith(FINAL_PREFIX):
            inner = interaction_id.removeprefix(FINAL_PREFIX)
            if inner in self.questions and inner in final.question_ids:
                return Item(final, self.questions[inner])
        quiz = self._quiz_of_question.get(interaction_id)
        if quiz is None:
            return None
        return Item(quiz, self.questions[interaction_id])


def _per_attempt(draw: int | None, available: int) -> int:
    return min(draw, available) if draw else available
