"""The pydantic models accept the documented format and refuse what is not."""

from __future__ import annotations

from typing import Any

import pytest
from pydantic import ValidationError

from dcp_course.source.model import (
    BLOCK_KINDS,
    QUESTION_KINDS,
    Course,
    Module,
    block_kind,
    question_kind,
)


def module_with(blocks: list[Any], quiz: dict[str, Any] | None = None) -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": "m", "title": "T", "summary": "S", "minutes": 5,
        "objectives": [{"id": "o", "text": "Do it."}],
        "lessons": [{"id": "l", "title": "L", "blocks": blocks}],
    }
    if quiz is not None:
        data["quiz"] = quiz
    return data


VALID_BLOCKS: dict[str, Any] = {
    "text": {"text": "Hello"},
    "keypoints": {"keypoints": ["a"]},
    "callout": {"callout": {"kind": "tip", "text": "x"}},
    "quote": {"quote": {"text": "q", "by": "b"}},
    "image": {"image": {"src": "media/a.svg", "alt": "A box"}},
    "video": {"video": {"src": "media/a.webm", "title": "t", "captions": "media/a.vtt", "transcript": "x"}},
    "audio": {"audio": {"src": "media/a.ogg", "title": "t", "captions": "media/a.vtt", "transcript": "x"}},
    "checklist": {"checklist": {"items": ["a"]}},
    "glossary": {"glossary": {"term": "DCP", "definition": "d"}},
    "reflect": {"reflect": "Think."},
    "scenario": {"scenario": {"situation": "s", "options": [
        {"text": "a", "consequence": "c", "best": True}, {"text": "b", "consequence": "d"}]}},
    "check": {"check": {"truefalse": "x", "answer": True}},
}

VALID_QUESTIONS: dict[str, Any] = {
    "single": {"single": "s", "choices": [{"text": "a", "correct": True}, {"text": "b"}]},
    "multiple": {"multiple": "m", "choices": [{"text": "a", "correct": True}, {"text": "b"}]},
    "truefalse": {"truefalse": "t", "answer": False},
    "match": {"match": "m", "pairs": [{"left": "a", "right": "1"}, {"left": "b", "right": "2"}]},
    "order": {"order": "o", "items": ["a", "b"]},
    "fill": {"fill": "f", "answers": ["x"]},
    "branching": {"branching": "b", "start": "s", "steps": [{"id": "s", "situation": "x", "options": [
        {"text": "a", "consequence": "c", "points": 1}, {"text": "b", "consequence": "d"}]}]},
    "numeric": {"numeric": "n", "answer": 1.5, "tolerance": 0.5, "unit": "hours"},
    "task": {"task": "Plan it.", "model_answer": "A plan.", "checklist": ["A goal."], "max_length": 200},
}


def test_every_block_kind_is_covered_by_the_valid_examples() -> None:
    assert set(VALID_BLOCKS) == set(BLOCK_KINDS)
    assert set(VALID_QUESTIONS) == set(QUESTION_KINDS)


@pytest.mark.parametrize("kind", sorted(VALID_BLOCKS))
def test_each_block_kind_validates_and_knows_its_kind(kind: str) -> None:
    module = Module.model_validate(module_with([VALID_BLOCKS[kind]]))
    assert block_kind(module.lessons[0].blocks[0]) == kind


@pytest.mark.parametrize("kind", sorted(VALID_QUESTIONS))
def test_each_question_kind_validates_in_a_quiz(kind: str) -> None:
    question = {"id": "q", "assesses": ["o"], **VALID_QUESTIONS[kind]}
    module = Module.model_validate(module_with([{"text": "x"}], {"pass": 70, "questions": [question]}))
    assert module.quiz is not None
    assert module.quiz.pass_mark == 70
    assert question_kind(module.quiz.questions[0]) == kind


@pytest.mark.parametrize("block", [
    {"txt": "typo"},
    {"text": "a", "keypoints": ["two kinds at once"]},
    {"callout": {"kind": "danger", "text": "x"}},
    {"image": {"src": "media/a.svg"}},
    {"scenario": {"situation": "s", "options": [{"text": "only one", "consequence": "c"}]}},
    {"check": {"single": "s", "choices": [{"text": "a", "colour": "red"}, {"text": "b"}]}},
])
def test_invalid_blocks_are_refused(block: dict[str, Any]) -> None:
    with pytest.raises(ValidationError):
        Module.model_validate(module_with([block]))


def test_unknown_top_level_key_is_refused() -> None:
    data = module_with([{"text": "x"}]) | {"summery": "typo"}
    with pytest.raises(ValidationError) as caught:
        Module.model_validate(data)
    assert caught.value.errors()[0]["type"] == "extra_forbidden"


COURSE = {
    "id": "c", "title": "C", "version": "1.0.0", "language": "en", "description": "d",
    "audience": "a", "minutes": 10, "organisation": {"name": "O"}, "modules": ["01-a"],
}


def test_course_defaults() -> None:
    course = Course.model_validate(COURSE)
    assert course.sco == "per-module"
    assert course.completion == "lessons-and-quiz"
    assert course.outputs == ["web", "scorm12", "scorm2004"]


@pytest.mark.parametrize("change", [
    {"version": "one"},
    {"language": "English"},
    {"mastery_score": 101},
    {"modules": ["a-without-number"]},
    {"modules": ["01-a", "01-a"]},
    {"organisation": {"name": "O", "colour": "blue"}},
    {"sco": "per-lesson"},
    {"outputs": ["pdf"]},
])
def test_invalid_course_fields_are_refused(change: dict[str, Any]) -> None:
    with pytest.raises(ValidationError):
        Course.model_validate(COURSE | change)
