"""Build-time rules for questions: each mistake gives its own message at its own line."""

from __future__ import annotations

from pathlib import Path

import pytest

from dcp_course.source.errors import SourceErrors
from dcp_course.source.load import load_course
from unit.test_sources import MODULE_YAML, write_course

# The module of test_sources up to its quiz, then one quiz question whose body each case supplies.
HEAD = MODULE_YAML[: MODULE_YAML.index("quiz:\n")] + """\
quiz:
  {quiz_extra}questions:
    - id: q-a
      assesses: [obj-a]
"""

CASES = {
    "single-two-correct": (
        "single: Which?\n      choices:\n        - {text: A, correct: true}\n        - {text: B, correct: true}\n",
        18, "quiz.questions[0].choices", "a single-choice question needs exactly one correct choice, found 2"),
    "single-none-correct": (
        "single: Which?\n      choices:\n        - {text: A}\n        - {text: B}\n",
        18, "quiz.questions[0].choices", "a single-choice question needs exactly one correct choice, found 0"),
    "multiple-none-correct": (
        "multiple: Which?\n      choices:\n        - {text: A}\n        - {text: B}\n",
        18, "quiz.questions[0].choices", "a multiple-response question needs at least one correct choice"),
    "repeated-choice": (
        "multiple: Which?\n      choices:\n        - {text: A, correct: true}\n        - {text: ' a '}\n",
        20, "quiz.questions[0].choices[1]", "choice 'a' appears twice"),
    "match-left-repeated": (
        "match: Pair.\n      pairs:\n        - {left: X, right: '1'}\n        - {left: X, right: '2'}\n",
        20, "quiz.questions[0].pairs[1].left", "left side 'X' appears twice"),
    "match-right-repeated": (
        "match: Pair.\n      pairs:\n        - {left: X, right: '1'}\n        - {left: Y, right: '1'}\n",
        20, "quiz.questions[0].pairs[1].right", "right side '1' appears twice"),
    "order-one-item": (
        "order: Sort.\n      items: [Only]\n",
        18, "quiz.questions[0].items", "an ordering question needs at least 2 items"),
    "fill-no-answer": (
        "fill: Say ___.\n      answers: []\n",
        18, "quiz.questions[0].answers", "a fill-in question needs at least one accepted answer"),
    "branch-bad-start": (
        "branching: Story.\n      start: nowhere\n      steps:\n        - id: s1\n          situation: x\n"
        "          options:\n            - {text: a, consequence: b, points: 1}\n"
        "            - {text: c, consequence: d}\n",
        18, "quiz.questions[0].start", "start step 'nowhere' does not exist"),
    "branch-bad-next": (
        "branching: Story.\n      start: s1\n      steps:\n        - id: s1\n          situation: x\n"
        "          options:\n            - {text: a, consequence: b, points: 1, next: s9}\n"
        "            - {text: c, consequence: d}\n",
        23, "quiz.questions[0].steps[0].options[0].next", "step 's9' does not exist"),
    "branch-loop": (
        "branching: Story.\n      start: s1\n      steps:\n        - id: s1\n          situation: x\n"
        "          options:\n            - {text: a, consequence: b, points: 1, next: s1}\n"
        "            - {text: c, consequence: d}\n",
        19, "quiz.questions[0].steps", "the steps loop back on themselves"),
    "task-checklist-repeated": (
        "task: Plan it.\n      model_answer: A plan.\n      max_length: 300\n      checklist:\n"
        "        - A goal.\n        - ' a  GOAL. '\n",
        22, "quiz.questions[0].checklist[1]", "checklist item 'a  GOAL.' appears twice"),
    "task-too-short": (
        "task: Plan it.\n      model_answer: A plan.\n      checklist: [A goal.]\n      max_length: 50\n",
        20, "quiz.questions[0].max_length", "input should be greater than or equal to 200"),
    "numeric-too-many-decimals": (
        "numeric: How far?\n      answer: 1.5\n      tolerance: 0.000000025\n",
        19, "quiz.questions[0].tolerance",
        "0.000000025 has more than 7 decimal places, more than SCORM 2004 reports"),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_question_rule(tmp_path: Path, case: str) -> None:
    body, line, field, message = CASES[case]
    module = HEAD.format(quiz_extra="") + "      " + body
    write_course(tmp_path, module)
    with pytest.raises(SourceErrors) as caught:
        load_course(tmp_path)
    found = [(e.line, e.field, e.message) for e in caught.value.errors]
    assert found == [(line, field, message)]


def test_pool_larger_than_questions(tmp_path: Path) -> None:
    module = HEAD.format(quiz_extra="draw: 3\n  ") + (
        "      truefalse: Yes?\n      answer: true\n")
    write_course(tmp_path, module)
    with pytest.raises(SourceErrors) as caught:
        load_course(tmp_path)
    assert [(e.line, e.field, e.message) for e in caught.value.errors] == [
        (14, "quiz.draw", "draw 3 is more than the 1 questions available")]


def test_pass_mark_out_of_range(tmp_path: Path) -> None:
    module = HEAD.format(quiz_extra="pass: 120\n  ") + "      truefalse: Yes?\n      answer: true\n"
    write_course(tmp_path, module)
    with pytest.raises(SourceErrors) as caught:
        load_course(tmp_path)
    (error,) = caught.value.errors
    assert (error.line, error.field) == (14, "quiz.pass")
    assert "less than or equal to 100" in error.message


def test_quiz_question_without_id(tmp_path: Path) -> None:
    module = HEAD.format(quiz_extra="").replace("    - id: q-a\n      assesses: [obj-a]\n",
                                                "    - truefalse: Yes?\n      answer: true\n")
    write_course(tmp_path, module)
    with pytest.raises(SourceErrors) as caught:
        load_course(tmp_path)
    assert [(e.line, e.message) for e in caught.value.errors] == [(15, "a quiz question needs an id")]
