"""Every question kind answered wrong, then right: the feedback shown and the exact interaction records.

Module 02-questions of the fixture course has one question of each kind; the keys are in
tests/fixtures/course/modules/02-questions/module.yaml.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.sync_api import expect

from .harness import LmsSession
from .learner import (
    RIGHT_RESPONSES,
    WRONG_RESPONSES,
    answer_questions_right,
    answer_questions_wrong,
    expect_feedback,
    quiz_size,
    submit_quiz,
    walk_pages,
    wrong_percent,
)

pytestmark = pytest.mark.browser

STEMS = {
    "q-single": "Pick the second.",
    "q-multiple": "Pick the even numbers.",
    "q-truefalse": "The sky is green.",
    "q-match": "Match the capitals.",
    "q-order": "Put the numbers in ascending order.",
    "q-fill": "The capital of Norway is ____.",
    "q-branch": "A post goes viral.",
    "q-numeric": "How long is a marathon, in kilometres?",
    "q-task": "Plan the first week of a neighbourhood account. Say who posts, what, and how you answer messages.",
}
RIGHT_TASK = RIGHT_RESPONSES["q-task"].partition("|")[2]  # longer than SCORM 1.2's 255 characters
WRONG_TASK = WRONG_RESPONSES["q-task"].partition("|")[2]

# (id, type, learner response, correct response pattern) in each version's own format
RECORDS = {
    ("1.2", "wrong"): [
        ("q-single", "choice", "a", "b"),
        ("q-multiple", "choice", "a", "a,c"),
        ("q-truefalse", "true-false", "t", "f"),
        ("q-match", "matching", "1.b,2.a", "1.a,2.b,3.c"),
        ("q-order", "sequencing", "a,c,b", "a,b,c"),
        ("q-fill", "fill-in", "Bergen", "Oslo"),
        ("q-branch", "performance", "first.b", "first.a,second.a"),
        ("q-numeric", "numeric", "26", "42.2"),  # SCORM 1.2 has no range: the exact answer
        ("q-task", "fill-in", WRONG_TASK, None)
    ],
    ("1.2", "right"): [
        ("q-single", "choice", "b", "b"),
        ("q-multiple", "choice", "a,c", "a,c"),
        ("q-truefalse", "true-false", "f", "f"),
        ("q-match", "matching", "1.a,2.b,3.c", "1.a,2.b,3.c"),
        ("q-order", "sequencing", "a,b,c", "a,b,c"),
        ("q-fill", "fill-in", "oslo", "Oslo"),
        ("q-branch", "performance", "first.a,second.a", "first.a,second.a"),
        ("q-numeric", "numeric", "42.4", "42.2"),  # typed "42,4": a decimal comma
        ("q-task", "fill-in", RIGHT_TASK[:255], None),  # 1.2 keeps 255 characters
    ],
    ("2004", "wrong"): [
        ("q-single", "choice", "a", "b"),
        ("q-multiple", "choice", "a", "a[,]c"),
        ("q-truefalse", "true-false", "true", "false"),
        ("q-match", "matching", "1[.]b[,]2[.]a", "1[.]a[,]2[.]b[,]3[.]c"),
        ("q-order", "sequencing", "a[,]c[,]b", "a[,]b[,]c"),
        ("q-fill", "fill-in", "Bergen", "{case_matters=false}Oslo"),
        ("q-branch", "other", "first.b", "first.a;second.a"),
        ("q-numeric", "numeric", "26", "41.7[:]42.7"),
        ("q-task", "long-fill-in", WRONG_TASK, None)
    ],
    ("2004", "right"): [
        ("q-single", "choice", "b", "b"),
        ("q-multiple", "choice", "a[,]c", "a[,]c"),
        ("q-truefalse", "true-false", "false", "false"),
        ("q-match", "matching", "1[.]a[,]2[.]b[,]3[.]c", "1[.]a[,]2[.]b[,]3[.]c"),
        ("q-order", "sequencing", "a[,]b[,]c", "a[,]b[,]c"),
        ("q-fill", "fill-in", "oslo", "{case_matters=false}Oslo"),
        ("q-branch", "other", "first.a;second.a", "first.a;second.a"),
        ("q-numeric", "numeric", "42.4", "41.7[:]42.7"),
        ("q-task", "long-fill-in", RIGHT_TASK, None),  # the whole text
    ],
}

TIME_FORMATS = {
    "1.2": {"time": r"[0-2]\d:[0-5]\d:[0-5]\d", "latency": r"\d{4}:[0-5]\d:[0-5]\d"},
    "2004": {
        "timestamp": r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{1,2})?Z",
        "latency": r"PT(\d+H)?(\d+M)?(\d+(\.\d{1,2})?S)?",
    },
}


def expected_record(version: str, outcome: str, record: tuple[str, str, str, str | None]) -> dict[str, str]:
    qid, kind, response, pattern = record
    result = "correct" if outcome == "right" else ("wrong" if version == "1.2" else "incorrect")
    expected = {
        "id": qid,
        "type": kind,
        "objectives.0.id": "answer-all",
        "weighting": "1",
        "student_response" if version == "1.2" else "learner_response": response,
        "result": result,
    }
    if pattern is None:  # a practical task not scored: no correct pattern, no weight, neither right nor wrong
        expected |= {"weighting": "0", "result": "neutral"}
    else:
        expected["correct_responses.0.pattern"] = pattern
    if version == "2004":
        expected["description"] = STEMS[qid]
    return expected


def assert_records(session: LmsSession, indexes: range, outcome: str) -> None:
    version = session.version
    records = session.interactions()
    for n, record in zip(indexes, RECORDS[(version, outcome)], strict=True):
        sent = dict(records[n])
        for name, pattern in TIME_FORMATS[version].items():
            assert re.fullmatch(pattern, sent.pop(name)), f"interaction {n}: {name}"
        assert sent == expected_record(version, outcome, record)


def feedback(content: Any, qid: str) -> Any:
    return content.locator(f"#q-{qid} > [data-question-feedback]")


def choice_feedback(content: Any, qid: str, choice: str) -> Any:
    return content.locator(f'#q-{qid} [data-choice="{choice}"] [data-choice-feedback]')


def assert_wrong_feedback(content: Any) -> None:
    expect_feedback(choice_feedback(content, "q-single", "a"), "Incorrect", "Not this one.")
    expect(choice_feedback(content, "q-single", "b")).to_be_hidden()  # no answer given away
    expect_feedback(feedback(content, "q-single"), "Incorrect")
    expect_feedback(choice_feedback(content, "q-multiple", "a"), "Correct")
    expect_feedback(feedback(content, "q-multiple"), "Partially correct")
    expect(feedback(content, "q-multiple")).to_have_class(re.compile(r"\bis-partial\b"))
    expect_feedback(choice_feedback(content, "q-truefalse", "true"), "Incorrect")
    expect_feedback(feedback(content, "q-truefalse"), "Incorrect")
    expect_feedback(feedback(content, "q-match"), "Incorrect")
    expect_feedback(feedback(content, "q-order"), "Incorrect")
    expect_feedback(feedback(content, "q-fill"), "Incorrect", "It is Oslo.")
    expect_feedback(feedback(content, "q-branch"), "Incorrect", "Your path earned 0 of 3 points.")
    expect_feedback(feedback(content, "q-numeric"), "Incorrect", "It is 42.195 km.")


def assert_right_feedback(content: Any) -> None:
    expect_feedback(choice_feedback(content, "q-single", "b"), "Correct", "This one.")
    expect(choice_feedback(content, "q-single", "a")).to_be_hidden()
    expect_feedback(choice_feedback(content, "q-multiple", "c"), "Correct")
    expect_feedback(choice_feedback(content, "q-truefalse", "false"), "Correct")
    for qid in ("q-single", "q-multiple", "q-truefalse", "q-match", "q-order"):
        expect_feedback(feedback(content, qid), "Correct")
        expect(feedback(content, qid)).to_have_class(re.compile(r"\bis-correct\b"))
    expect_feedback(feedback(content, "q-fill"), "Correct", "Yes, Oslo.")
    expect_feedback(feedback(content, "q-branch"), "Correct", "Your path earned 3 of 3 points.")
    expect_feedback(feedback(content, "q-numeric"), "Correct", "Yes, 42.195 km.")
    expect(feedback(content, "q-task")).to_be_hidden()  # not scored: no verdict
    expect(content.locator("#q-q-task [data-task-after]")).to_contain_text("Two named officers post, signed.")


@pytest.mark.parametrize("version", ["1.2", "2004"])
def test_every_question_kind_wrong_then_right(lms: Any, page: Any, version: str) -> None:
    session = lms(version, "sco-questions")
    session.launch()
    content = session.content
    walk_pages(content, page, ["About questions", "Module quiz"])

    top = content.get_by_role("button", name="Move up: One")
    top.focus()
    page.keyboard.press("Enter")
    expect(top).to_be_focused()
    expect(content.locator("[data-quiz-live]")).to_have_text("One is already first.")

    answer_questions_wrong(content, page)
    submit_quiz(content, page)
    expect(content.locator("[data-quiz-live]")).to_contain_text(f"You scored {wrong_percent()}%.")
    assert_wrong_feedback(content)
    expect(content.locator("fieldset[data-question]:not([disabled])")).to_have_count(0)  # review only
    assert_records(session, range(quiz_size()), "wrong")
    # each answer, then the result
    assert len(session.calls("Commit" if version == "2004" else "LMSCommit")) >= quiz_size() + 1

    content.locator("[data-quiz-retry]").focus()
    page.keyboard.press("Enter")
    expect(content.locator("[data-quiz-live]")).to_have_text(
        "Attempt 2 started. Your previous answers have been cleared."
    )
    answer_questions_right(content, page)
    submit_quiz(content, page)
    assert_right_feedback(content)
    session.exit()
    assert_records(session, range(quiz_size(), 2 * quiz_size()), "right")
