"""The scoring rules of the learner-side quiz engine, run under Node on answer keys the build makes.

Each case pairs a question (as authored) with a learner response in the runtime's compact form
(see src/dcp_course/plan/suspend.py) and the fraction of the question's points it must earn.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from typing import Any

import pytest
from conftest import REPO, require
from pydantic import TypeAdapter

from dcp_course.render.questions import question_data
from dcp_course.source.model import Question

SCORING_SCRIPTS = [REPO / "templates" / "js" / name for name in ("text.js", "scoring.js")]
QUESTION = TypeAdapter(Question)

SINGLE = {"single": "s", "choices": [{"text": "a"}, {"text": "b", "correct": True}, {"text": "c"}]}
MULTIPLE = {"multiple": "m", "choices": [{"text": "a", "correct": True}, {"text": "b"},
                                         {"text": "c", "correct": True}, {"text": "d"}]}
MATCH = {"match": "m", "pairs": [{"left": "A", "right": "1"}, {"left": "B", "right": "2"},
                                 {"left": "C", "right": "3"}, {"left": "D", "right": "4"}]}
BRANCH = {"branching": "b", "start": "s1", "steps": [
    {"id": "s1", "situation": "x", "options": [{"text": "good", "consequence": "c", "points": 2, "next": "s2"},
                                               {"text": "bad", "consequence": "c"}]},
    {"id": "s2", "situation": "y", "options": [{"text": "good", "consequence": "c", "points": 2},
                                               {"text": "so-so", "consequence": "c", "points": 1}]}]}

TASK: dict[str, Any] = {"task": "t", "model_answer": "m", "checklist": ["a", "b", "c", "d"], "max_length": 200}

CASES: list[tuple[str, dict[str, Any], str, float]] = [
    ("single right", SINGLE, "b", 1), ("single wrong", SINGLE, "a", 0), ("single blank", SINGLE, "", 0),
    ("multiple all right", MULTIPLE, "ac", 1),
    ("multiple half, all-or-nothing", MULTIPLE, "a", 0),
    ("multiple extra, all-or-nothing", MULTIPLE, "acd", 0),
    ("multiple half, partial", MULTIPLE | {"scoring": "partial"}, "a", 0.5),
    ("multiple right and wrong cancel, partial", MULTIPLE | {"scoring": "partial"}, "ab", 0),
    ("multiple never below zero, partial", MULTIPLE | {"scoring": "partial"}, "bd", 0),
    ("multiple everything ticked, partial", MULTIPLE | {"scoring": "partial"}, "abcd", 0),
    ("true/false right", {"truefalse": "t", "answer": False}, "f", 1),
    ("true/false wrong", {"truefalse": "t", "answer": False}, "t", 0),
    ("true/false blank", {"truefalse": "t", "answer": False}, "", 0),
    ("match all", MATCH, "abcd", 1),
    ("match three of four, all-or-nothing", MATCH, "abc-", 0),
    ("match three of four unanswered one, partial", MATCH | {"scoring": "partial"}, "abc-", 0.75),
    ("match two right two wrong, partial", MATCH | {"scoring": "partial"}, "abdc", 0),
    ("match one right one wrong, partial", MATCH | {"scoring": "partial"}, "ac--", 0),
    ("order right", {"order": "o", "items": ["x", "y", "z"]}, "abc", 1),
    ("order wrong", {"order": "o", "items": ["x", "y", "z"]}, "acb", 0),
    ("fill ignores case and spaces", {"fill": "f", "answers": ["Oslo", "Christiania"]}, "  oSLo ", 1),
    ("fill second answer", {"fill": "f", "answers": ["Oslo", "Christiania"]}, "christiania", 1),
    ("fill collapses inner spaces", {"fill": "f", "answers": ["New  York"]}, "new york", 1),
    ("fill case sensitive", {"fill": "f", "answers": ["Oslo"], "case_sensitive": True}, "oslo", 0),
    ("fill blank", {"fill": "f", "answers": ["Oslo"]}, "   ", 0),
    ("branching best path", BRANCH, "aa", 1),
    ("branching weaker path", BRANCH, "ab", 0.75),
    ("branching early end", BRANCH, "b", 0),
    ("numeric exact", {"numeric": "n", "answer": 1}, "1", 1),
    ("numeric decimal comma", {"numeric": "n", "answer": 1.5}, "1,5", 1),
    ("numeric spaces and a sign", {"numeric": "n", "answer": 1000}, " +1 000 ", 1),
    ("numeric wrong", {"numeric": "n", "answer": 1}, "2", 0),
    ("numeric at the tolerance's edge", {"numeric": "n", "answer": 0.3, "tolerance": 0.1}, "0.4", 1),
    ("numeric at the lower edge", {"numeric": "n", "answer": 0.3, "tolerance": 0.1}, "0,2", 1),
    # 1.1 - 0.2 is 0.9000000000000001 in binary floating point: the bounds are reckoned in decimals
    ("numeric edge that floating point misses", {"numeric": "n", "answer": 1.1, "tolerance": 0.2}, "0.9", 1),
    ("numeric just outside", {"numeric": "n", "answer": 0.3, "tolerance": 0.1}, "0.4000001", 0),
    ("numeric negative", {"numeric": "n", "answer": -2.5, "tolerance": 0.5}, "-2", 1),
    ("numeric two decimal marks", {"numeric": "n", "answer": 1000.5}, "1.000,5", 0),
    ("numeric not a number", {"numeric": "n", "answer": 1}, "one", 0),
    ("numeric blank", {"numeric": "n", "answer": 0}, "  ", 0),
    ("task being written", TASK, "|My plan", 0),
    ("task submitted, nothing ticked", TASK, "s0000|My plan", 0),
    ("task submitted, three of four ticked", TASK, "s1101|My plan", 0.75),
    ("task text holding the separator", TASK, "s1111|a|b s1111|", 1),
    ("task not a response", TASK, "My plan", 0),
]


@pytest.fixture(scope="module")
def scored() -> dict[str, float]:
    node = shutil.which("node")
    require(node is not None, "node is needed to run the quiz engine's scoring")
    assert node is not None
    cases = [
        {"name": name, "data": question_data(QUESTION.validate_python(question), "q"), "response": response}
        for name, question, response, _ in CASES
    ]
    script = (
        "global.window = {}; for (const file of process.argv.slice(1)) require(file);"
        "const cases = JSON.parse(require('fs').readFileSync(0, 'utf8'));"
        "const out = {}; for (const c of cases) out[c.name] = window.DCP.scoring.scoreResponse(c.data, c.response);"
        "process.stdout.write(JSON.stringify(out));"
    )
    result = subprocess.run([node, "-e", script, *map(str, SCORING_SCRIPTS)], input=json.dumps(cases),
                            capture_output=True, text=True, check=True, timeout=60)
    return json.loads(result.stdout)  # type: ignore[no-any-return]


@pytest.mark.parametrize(("name", "expected"), [(name, expected) for name, _, _, expected in CASES])
def test_scoring_rule(scored: dict[str, float], name: str, expected: float) -> None:
    assert scored[name] == pytest.approx(expected)
