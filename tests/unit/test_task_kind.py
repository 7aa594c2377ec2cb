"""The practical task beyond its registry entry: never drawn by the final, translatable, a
quiz's minutes, its quiz data, and not item-analysed from LMS results."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import FIXTURE_COURSE

from dcp_course.lint import lint_course
from dcp_course.plan.site import plan_site
from dcp_course.render.pages import quiz_config
from dcp_course.render.questions import question_data
from dcp_course.source.errors import SourceErrors
from dcp_course.source.final.pool import drawable, final_pool
from dcp_course.source.load import load_course
from dcp_course.source.model import Task
from dcp_course.translate.units import course_units
from unit.test_question_rules import HEAD
from unit.test_sources import write_course


def fixture_task() -> Task:
    (task,) = [q for loaded in load_course(FIXTURE_COURSE).modules if loaded.module.quiz
               for q in loaded.module.quiz.questions if isinstance(q, Task)]
    return task


def test_a_task_is_never_drawn_by_the_final() -> None:
    source = load_course(FIXTURE_COURSE)
    task = fixture_task()
    assert not drawable(task)
    assert all(not isinstance(item.question, Task) for item in final_pool(source.modules))


def test_a_task_in_final_questions_is_refused_at_its_line(tmp_path: Path) -> None:
    module = HEAD.format(quiz_extra="") + "      truefalse: Yes?\n      answer: true\n" + (
        "final_questions:\n  - id: q-f\n    assesses: [obj-a]\n    task: Plan.\n    model_answer: A.\n"
        "    checklist: [B.]\n    max_length: 300\n")
    write_course(tmp_path, module)
    (tmp_path / "course" / "course.yaml").write_text(
        (tmp_path / "course" / "course.yaml").read_text() + "final:\n  title: Final\n  minutes: 5\n  draw: 1\n")
    with pytest.raises(SourceErrors) as caught:
        load_course(tmp_path)
    found = [(e.field, e.message) for e in caught.value.errors]
    assert ("final_questions[0].task",
            "the final assessment cannot draw a task question: the player cannot score it by itself") in found


def test_task_fields_are_translation_units() -> None:
    units = {unit.key: unit for unit in course_units(load_course(FIXTURE_COURSE))}
    keys = [key for key in units if key.startswith("quiz/questions/q-task/")]
    assert "quiz/questions/q-task/task/0" in keys and "quiz/questions/q-task/model_answer/0" in keys
    assert [k for k in keys if "/checklist/" in k] == [f"quiz/questions/q-task/checklist/{i}" for i in range(3)]
    assert units["quiz/questions/q-task/model_answer/0"].markdown
    assert not units["quiz/questions/q-task/checklist/0"].markdown


def test_a_task_not_scored_weighs_nothing_and_its_text_may_be_cut() -> None:
    task = fixture_task()
    data = question_data(task, "q-task")
    assert (data["weight"], data["scored"], data["maxLength"]) == (0, False, 400)
    assert data["checklist"][0] == "Named officers post and sign."
    assert "<p>Two named officers post, signed.</p>" in data["modelAnswer"]
    scored = question_data(task.model_copy(update={"scored": True, "weight": 3}), "q-task")
    assert scored["weight"] == 3
    site = plan_site(load_course(FIXTURE_COURSE))
    quiz = next(page.quiz for page in site.pages if page.quiz is not None and
                any(q.id == "q-task" for q in page.quiz.questions))
    config = quiz_config(quiz)
    assert [config["questions"][i] for i in config["texts"]] == ["q-task"]
    other = next(page.quiz for page in site.pages if page.quiz is not None and
                 all(q.id != "q-task" for q in page.quiz.questions))
    assert "texts" not in quiz_config(other)  # unchanged output for quizzes without tasks


def test_quiz_minutes_count_a_task_as_its_minutes(tmp_path: Path) -> None:
    task = ("task: Plan it.\n      model_answer: A plan.\n      checklist: [A goal.]\n      max_length: 300\n")
    module = HEAD.format(quiz_extra="minutes: {minutes}\n  ") + "      " + task
    module += "    - id: q-b\n      assesses: [obj-a]\n      truefalse: Yes?\n      answer: true\n"

    def quiz_minutes(minutes: int) -> list[str]:
        write_course(tmp_path, module.replace("{minutes}", str(minutes)))
        return [f.message for f in lint_course(load_course(tmp_path)) if f.rule == "quiz-minutes"]

    assert quiz_minutes(10) == [
        "the quiz gives 10 minutes to 2 questions, which need 11 with its practical tasks' minutes"]
    assert quiz_minutes(11) == []
