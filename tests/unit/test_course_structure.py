"""The real course in course/ and modules/ keeps the shape the curriculum promises."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
from conftest import REPO

from dcp_course.plan.site import plan_site
from dcp_course.source.load import load_course
from dcp_course.source.loaded import CourseSource, ModuleSource
from dcp_course.source.model import (
    FillIn,
    Matching,
    Ordering,
    QuestionBase,
    Task,
    TrueFalse,
    block_kind,
    question_kind,
)


@pytest.fixture(scope="module")
def course() -> CourseSource:
    return load_course(REPO)


def module_ids(course: CourseSource) -> list[str]:
    return [m.module.id for m in course.modules]


def by_id(course: CourseSource, module_id: str) -> ModuleSource:
    return next(m for m in course.modules if m.module.id == module_id)


def has_feedback(question: QuestionBase) -> bool:
    general = question.feedback is not None and bool(question.feedback.correct or question.feedback.incorrect)
    if isinstance(question, TrueFalse):
        return general or bool(question.if_true and question.if_false)
    if isinstance(question, Matching | Ordering | FillIn):
        return general
    if isinstance(question, Task):  # the model answer and the checklist are what the learner gets back
        return bool(question.model_answer.strip() and question.checklist)
    choices = getattr(question, "choices", None)
    if choices is not None:
        return general or all(choice.feedback for choice in choices)
    steps = getattr(question, "steps", None)
    return general or bool(steps)  # branching: every option carries its consequence


def test_the_course_has_eight_modules_and_a_final_assessment(course: CourseSource) -> None:
    assert len(course.modules) == 8
    assert course.course.final is not None
    site = plan_site(course)
    assert site.pages[-1].quiz is not None and site.pages[-1].quiz.id == "final-assessment"
    assert len(site.pages[-1].quiz.questions) >= 64


@pytest.mark.parametrize("index", range(8))
def test_module_shape(course: CourseSource, index: int) -> None:
    loaded = course.modules[index]
    module = loaded.module
    name = loaded.folder
    assert module.summary.strip(), name
    assert 3 <= len(module.objectives) <= 5, name
    assert 3 <= len(module.lessons) <= 5, name
    kinds = Counter(block_kind(b) for lesson in module.lessons for b in lesson.blocks)
    for needed in ("text", "keypoints", "callout", "scenario", "reflect", "check"):
        assert kinds[needed] >= 1, f"{name} has no {needed} block"
    for lesson in module.lessons:
        for block in lesson.blocks:
            if block_kind(block) == "scenario":
                options = block.scenario.options  # type: ignore[attr-defined]
                assert any(o.best for o in options), f"{name}: scenario without a best option"
                assert all(o.consequence.strip() for o in options)
    assert module.sources, f"{name} lists no sources"


@pytest.mark.parametrize("index", range(8))
def test_module_quiz_assesses_every_objective_twice_with_feedback(course: CourseSource, index: int) -> None:
    loaded = course.modules[index]
    quiz = loaded.module.quiz
    assert quiz is not None, loaded.folder
    assert len(quiz.questions) >= 8, loaded.folder
    assert len({question_kind(q) for q in quiz.questions}) >= 4, loaded.folder
    counts = Counter(objective for q in quiz.questions for objective in q.assesses)
    for objective in loaded.module.objectives:
        assert counts[objective.id] >= 2, f"{loaded.folder}: {objective.id} assessed {counts[objective.id]} times"
    for question in quiz.questions:
        assert question.assesses, f"{question.id} assesses nothing"
        assert has_feedback(question), f"{question.id} has no feedback"


def test_glossary_and_further_reading_exist(course: CourseSource) -> None:
    site = plan_site(course)
    assert course.glossary is not None and len(site.glossary) >= 15
    assert {"P/CVE", "Proximity policing"} <= {e.term for e in site.glossary}
    assert course.reading is not None and sum(len(s.items) for s in course.reading.sections) >= 8


def test_lessons_link_to_the_glossary(tmp_path: Path) -> None:
    from dcp_course.build import build

    build(REPO, tmp_path, ["web"])
    pages = sorted((tmp_path / "web").glob("0*/*.html"))
    linked = [p for p in pages if 'class="glossary-link"' in p.read_text(encoding="utf-8")]
    assert len(linked) >= len(pages) // 3
