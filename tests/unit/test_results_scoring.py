"""Responses read back from the LMS score as the learner's player scored them.

Every response a learner could give to the fixture course's and the real course's quiz questions
(all of them for choice kinds, a sample for the others) is scored by templates/js/scoring.js under
Node and by results.kinds; the fractions must be the same. Each response is also written as the
tracker writes it (SCORM 1.2, SCORM 2004, xAPI) and must read back to the same compact response.
"""

from __future__ import annotations

import itertools
import json
import shutil
import subprocess
from typing import Any

import pytest
from conftest import FIXTURE_COURSE, REPO, require
from results_cohorts import Answer, pattern

from dcp_course.render.questions import question_data
from dcp_course.results.kinds import RESPONSE_READERS
from dcp_course.source.checks import questions_with_loc
from dcp_course.source.load import load_course
from dcp_course.source.model import QUESTION_KINDS

SCORING_SCRIPTS = [REPO / "templates" / "js" / name for name in ("text.js", "scoring.js")]


def responses_for(data: dict[str, Any]) -> list[str]:
    """Every compact response of a choice kind; a spread of right, wrong and partial ones otherwise."""
    kind = data["kind"]
    if kind in ("single", "multiple"):
        ids = [c["id"] for c in data["choices"]]
        sizes = [1] if kind == "single" else range(1, len(ids) + 1)
        return ["".join(combo) for size in sizes for combo in itertools.combinations(ids, size)]
    if kind == "truefalse":
        return ["t", "f"]
    if kind == "match":
        rights = [p["right"] for p in data["pairs"]]
        return ["".join(rights), "".join(rights[::-1]), "".join(rights[1:] + rights[:1]),
                rights[0] + "-" * (len(rights) - 1), "-" * (len(rights) - 1) + rights[-1]]
    if kind == "order":
        return ["".join(p) for p in itertools.islice(itertools.permutations(data["items"]), 24)]
    if kind == "fill":
        first = data["answers"][0]
        return [first, first.upper(), f"  {first.lower()}  ", f"{first} x", "nothing like it", "Tom & <Jerry>"]
    if kind == "numeric":
        answer, low, high = data["answer"], data["min"], data["max"]
        return [answer, answer.replace(".", ","), low, high, f" {high}0 ", f"-{answer}", "0", "00", "-0",
                "1e3", "abc", ".5", "5.", "+7", f"{float(high) + 0.001}"]
    if kind == "task":  # a draft, then submitted with no, some and every checklist item ticked
        n = len(data["checklist"])
        return ["|draft", f"s{'0' * n}|text", f"s1{'0' * (n - 1)}|a, b", f"s{'1' * n}|Tom & <Jerry>"]
    if kind == "branching":
        paths = [""]
        for _ in range(len(data["steps"])):
            paths = [p + o["id"] for p in paths for o in _options_after(data, p)] or paths
        return sorted({p for p in paths if p} | {p[:1] for p in paths if p})
    raise AssertionError(f"no responses for kind {kind}")


def _options_after(data: dict[str, Any], path: str) -> list[dict[str, Any]]:
    step = data["start"]
    for letter in path:
        step = next(o for o in data["steps"][step] if o["id"] == letter)["next"]
        if not step:
            return []
    return list(data["steps"][step])


def cases() -> list[dict[str, Any]]:
    found = []
    for root in (FIXTURE_COURSE, REPO):
        for loaded in load_course(root).modules:
            for question, loc in questions_with_loc(loaded):
                if loc[0] == "quiz" and question.id:
                    data = question_data(question, question.id)
                    found += [{"data": data, "response": r} for r in responses_for(data)]
    return found


CASES = cases()


@pytest.fixture(scope="module")
def node_scores() -> list[float]:
    node = shutil.which("node")
    require(node is not None, "node is needed to run the quiz engine's scoring")
    assert node is not None
    script = (
        "global.window = {}; for (const file of process.argv.slice(1)) require(file);"
        "const cases = JSON.parse(require('fs').readFileSync(0, 'utf8'));"
        "process.stdout.write(JSON.stringify(cases.map((c) => window.DCP.scoring.scoreResponse(c.data, c.response))));"
    )
    result = subprocess.run([node, "-e", script, *map(str, SCORING_SCRIPTS)], input=json.dumps(CASES),
                            capture_output=True, text=True, check=True, timeout=60)
    return json.loads(result.stdout)  # type: ignore[no-any-return]


def test_every_kind_of_the_course_is_read_and_every_kind_is_covered() -> None:
    assert set(RESPONSE_READERS) == set(QUESTION_KINDS)
    assert {case["data"]["kind"] for case in CASES} == set(QUESTION_KINDS)


def test_python_scores_every_response_as_the_player_does(node_scores: list[float]) -> None:
    python = [RESPONSE_READERS[c["data"]["kind"]].score(c["data"], c["response"]) for c in CASES]
    differ = [(c["data"]["id"], c["response"], js, py) for c, js, py in zip(CASES, node_scores, python, strict=True)
              if abs(js - py) > 1e-12]
    assert differ == []
    assert {round(s, 2) for s in python} > {0.0, 1.0}, "partial credit is among the cases"


@pytest.mark.parametrize("dialect", ["1.2", "2004", "xapi"])
def test_each_tracker_pattern_reads_back_to_the_response_given(dialect: str) -> None:
    wrong = []
    for case in CASES:
        data, response = case["data"], case["response"]
        reader = RESPONSE_READERS[data["kind"]]
        written = pattern(Answer(data["id"], data["kind"], response, 0.0, 0.0, data), dialect)
        if data["kind"] == "task":  # the LMS holds the text only; the ticks stay in suspend data
            if reader.parse(written, data) != response.partition("|")[2]:
                wrong.append((data["id"], dialect, written, response))
            continue
        if data["kind"] == "numeric":  # the LMS holds the number as a plain decimal, or nothing
            if written and reader.score(data, reader.parse(written, data) or "") != reader.score(data, response):
                wrong.append((data["id"], dialect, written, response))
            continue
        if reader.parse(written, data) != response:
            wrong.append((data["id"], dialect, written, response))
    assert wrong == []


@pytest.mark.parametrize(("kind_id", "pattern_text"), [
    ("q-single", "z"), ("q-single", "a,b"), ("q-multiple", "a,a"), ("q-multiple", "a;c"),
    ("q-truefalse", "yes"), ("q-truefalse", "1"), ("q-match", "1.a,1.b"), ("q-match", "4.a"), ("q-match", "1a"),
    ("q-order", "a,b"), ("q-order", "a,b,c,d"), ("q-branch", "second.a"), ("q-branch", "first.z"),
    ("q-numeric", "forty"), ("q-numeric", "1e3"),
])
def test_a_pattern_that_does_not_fit_todays_question_is_not_guessed(kind_id: str, pattern_text: str) -> None:
    data = next(c["data"] for c in CASES if c["data"]["id"] == kind_id)
    assert RESPONSE_READERS[data["kind"]].parse(pattern_text, data) is None
