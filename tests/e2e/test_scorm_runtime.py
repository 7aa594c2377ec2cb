"""A learner walks SCOs of the fixture course in a scorm-again LMS, by keyboard; we check what the LMS got."""

from __future__ import annotations

import json
import re
import shutil
from typing import Any

import pytest
from conftest import fixture_quiz
from playwright.sync_api import expect

from .harness import FIXTURE_COURSE, LmsSession, Package, StaticServer, build_course, publish_packages
from .learner import (
    RIGHT_RESPONSES,
    WRONG_RESPONSES,
    answer_basics,
    answer_questions_right,
    answer_questions_wrong,
    expect_feedback,
    expected_results,
    quiz_questions,
    quiz_size,
    submit_quiz,
    walk_pages,
    wrong_percent,
)

pytestmark = pytest.mark.browser

VERSIONS = ["1.2", "2004"]
SESSION_TIME = {"1.2": r"\d{4}:[0-5]\d:[0-5]\d\.\d\d", "2004": r"PT(\d+H)?(\d+M)?(\d+(\.\d{1,2})?S)?"}
TERMINATE = {"1.2": "LMSFinish", "2004": "Terminate"}
INITIALIZE = {"1.2": "LMSInitialize", "2004": "Initialize"}


def element(version: str, name: str) -> str:
    """Our name for an element in each version's CMI vocabulary."""
    names = {
        "location": ("cmi.core.lesson_location", "cmi.location"),
        "exit": ("cmi.core.exit", "cmi.exit"),
        "session_time": ("cmi.core.session_time", "cmi.session_time"),
        "raw": ("cmi.core.score.raw", "cmi.score.raw"),
        "min": ("cmi.core.score.min", "cmi.score.min"),
        "max": ("cmi.core.score.max", "cmi.score.max"),
    }
    return names[name][0 if version == "1.2" else 1]


def assert_status(session: LmsSession, *, completed: bool, success: str, has_quiz: bool = True) -> None:
    """success: "passed", "failed" or "unknown"; SCORM 1.2 folds both into cmi.core.lesson_status."""
    sent = session.sent()
    cmi = session.cmi()
    if session.version == "1.2":
        if success in ("passed", "failed") and has_quiz:
            expected = success
        else:
            expected = "completed" if completed else "incomplete"
        assert sent["cmi.core.lesson_status"] == expected
        assert cmi["core"]["lesson_status"] == expected
    else:
        assert sent["cmi.completion_status"] == ("completed" if completed else "incomplete")
        assert sent["cmi.success_status"] == success
        assert cmi["completion_status"] == sent["cmi.completion_status"]
        assert cmi["success_status"] == success
    exit_value = ("" if session.version == "1.2" else "normal") if completed else "suspend"
    assert sent[element(session.version, "exit")] == exit_value


def assert_score(session: LmsSession, raw: str) -> None:
    sent = session.sent()
    v = session.version
    assert (sent[element(v, "raw")], sent[element(v, "min")], sent[element(v, "max")]) == (raw, "0", "100")
    if v == "2004":
        assert float(sent["cmi.score.scaled"]) == pytest.approx(float(raw) / 100)


def assert_one_clean_session(session: LmsSession) -> None:
    """Initialize and Terminate once each, session time in the version's format, no failed call."""
    assert len(session.calls(INITIALIZE[session.version])) == 1
    terminates = session.calls(TERMINATE[session.version])
    assert [t["result"] for t in terminates] == ["true"]
    assert re.fullmatch(
        SESSION_TIME[session.version], session.sent()[element(session.version, "session_time")]
    )
    # on a first launch, reading suspend_data/location before anyone wrote them is the only "error"
    unexpected = [e for e in session.rejected() if not (e["call"] == "GetValue" and e["error"] == "403")]
    assert unexpected == []


def right_responses() -> list[str]:
    return [RIGHT_RESPONSES[q["id"]] for q in quiz_questions()]


def suspend(session: LmsSession) -> dict[str, Any]:
    return json.loads(session.sent()["cmi.suspend_data"])


def assert_suspend_layout(session: LmsSession) -> None:
    """Compact JSON exactly as src/dcp_course/plan/suspend.py documents it."""
    text = session.sent()["cmi.suspend_data"]
    state = json.loads(text)
    assert text == json.dumps(state, separators=(",", ":"), ensure_ascii=False)
    assert list(state) == ["v", "p", "q"]
    assert state["v"] == 1
    assert all(list(q) == ["a", "s", "b", "l", "r"] for q in state["q"])


# ---------------------------------------------------------------- per module


@pytest.mark.parametrize("version", VERSIONS)
def test_per_module_sco_walked_by_keyboard_passes(lms: Any, page: Any, version: str) -> None:
    session = lms(version, "sco-questions")
    session.launch()
    content = session.content
    expect(content.locator("h1")).to_have_text("Questions")
    expect(content.locator("[data-progress]")).to_have_text("1 of 3 pages viewed")
    walk_pages(content, page, ["About questions", "Module quiz"])
    expect(content.locator("[data-progress]")).to_have_text("3 of 3 pages viewed")
    expect(content.locator('[data-page-link="about-questions"]')).to_have_attribute("data-visited", "")
    expect(content.locator("[data-quiz-status]")).to_have_text("Attempt 1 of 2.")

    answer_questions_right(content, page)
    submit_quiz(content, page)
    expect(content.locator("[data-quiz-score]")).to_have_text(
        "You scored 100%. The pass mark is 75%. You passed."
    )
    expect(content.locator("[data-quiz-retry]")).to_be_hidden()
    expect(content.locator("[data-quiz-submit]")).to_be_hidden()
    session.exit()

    assert_one_clean_session(session)
    assert_status(session, completed=True, success="passed")
    assert_score(session, "100")
    assert session.sent()[element(version, "location")] == "02-questions/quiz.html"
    if version == "2004":
        assert session.sent()["cmi.progress_measure"] == "1"
    assert_suspend_layout(session)
    state = suspend(session)
    assert state["p"] == "111"
    assert {k: state["q"][0][k] for k in "ablr"} == {"a": 1, "b": 100, "l": 100, "r": right_responses()}
    assert [i["id"] for i in session.interactions().values()] == [q["id"] for q in quiz_questions()]
    assert [i["result"] for i in session.interactions().values()] == expected_results("right", version)


@pytest.mark.parametrize("version", VERSIONS)
def test_failed_quiz_can_be_retried_and_then_passed(lms: Any, page: Any, version: str) -> None:
    session = lms(version, "sco-questions")
    session.launch()
    content = session.content
    walk_pages(content, page, ["About questions", "Module quiz"])
    answer_questions_wrong(content, page)
    submit_quiz(content, page)
    expect(content.locator("[data-quiz-score]")).to_have_text(
        f"You scored {wrong_percent()}%. The pass mark is 75%. You did not pass. You have 1 attempt left."
    )
    assert_status(session, completed=False, success="unknown")
    assert_score(session, str(wrong_percent()))

    retry = content.locator("[data-quiz-retry]")
    retry.focus()
    page.keyboard.press("Enter")
    expect(content.locator("[data-quiz-status]")).to_have_text(
        f"Attempt 2 of 2. Your best score so far is {wrong_percent()}%."
    )
    expect(content.locator("#q-q-single-a")).to_be_focused()
    expect(content.locator("#q-q-single-a")).not_to_be_checked()
    expect(content.locator("#q-q-fill-answer")).to_have_value("")
    expect(content.locator("[data-order-list] .order-text")).to_have_text(["One", "Three", "Two"])
    expect(content.locator('[data-step="second"]')).to_be_hidden()
    expect(content.locator("[data-question-feedback]:visible")).to_have_count(0)
    assert suspend(session)["q"][0]["r"] == []

    answer_questions_right(content, page)
    submit_quiz(content, page)
    expect(content.locator("[data-quiz-score]")).to_have_text(
        "You scored 100%. The pass mark is 75%. You passed."
    )
    session.exit()

    assert_one_clean_session(session)
    assert_status(session, completed=True, success="passed")
    assert_score(session, "100")
    state = suspend(session)["q"][0]
    assert (state["a"], state["b"], state["l"], state["r"]) == (2, 100, 100, right_responses())
    results = [i["result"] for i in session.interactions().values()]
    assert results == expected_results("wrong", version) + expected_results("right", version)


@pytest.mark.parametrize("version", VERSIONS)
def test_no_attempts_left_reports_failed(lms: Any, page: Any, version: str) -> None:
    session = lms(version, "sco-basics")
    session.launch()
    content = session.content
    walk_pages(content, page, ["All the blocks & more"])
    check = content.locator('form[data-check="all-blocks-check-1"]')
    check.locator("#q-all-blocks-check-1-b").focus()
    page.keyboard.press("Space")
    page.keyboard.press("Enter")  # Enter in a form submits it: "Check answer"
    expect_feedback(check.locator("[data-question-feedback]"), "Incorrect")
    expect(check.locator("[data-check-live]")).to_contain_text("A quote holds words.")
    walk_pages(content, page, ["Second lesson", "Module quiz"])
    for attempt in (1, 2):
        answer_basics(content, page, right=False)
        submit_quiz(content, page)
        if attempt == 1:
            content.locator("[data-quiz-retry]").focus()
            page.keyboard.press("Enter")
    expect(content.locator("[data-quiz-score]")).to_have_text(
        "You scored 0%. The pass mark is 50%. You did not pass. You have no attempts left."
    )
    expect(content.locator("[data-quiz-retry]")).to_be_hidden()
    expect(content.locator("[data-quiz-status]")).to_have_text("Attempts used: 2 of 2.")
    session.exit()

    assert_one_clean_session(session)
    assert_status(session, completed=False, success="failed")
    assert_score(session, "0")
    assert suspend(session)["p"] == "1111"
    # knowledge checks are practice: never reported to the LMS
    assert [i["id"] for i in session.interactions().values()] == ["basics-q1", "basics-q2"] * 2


# ---------------------------------------------------------------- per course


@pytest.mark.parametrize("version", VERSIONS)
def test_per_course_sco_averages_its_quizzes(lms: Any, page: Any, version: str) -> None:
    session = lms(version, "sco-fixture-course", "per-course")
    session.launch()
    content = session.content
    expect(content.locator("h1")).to_have_text("Fixture <Course> & Friends")
    walk_pages(content, page, ["Basics <of> blocks", "All the blocks & more", "Second lesson", "Module quiz"])
    answer_basics(content, page, right=True)
    content.locator("#q-basics-q2-false").focus()  # change the second answer: 1 of 2 right, still 50%
    page.keyboard.press("Space")
    submit_quiz(content, page)
    expect(content.locator("[data-quiz-score]")).to_have_text(
        "You scored 50%. The pass mark is 50%. You passed."
    )
    expect(content.locator("[data-progress]")).to_have_text("5 of 8 pages viewed")
    assert_status(session, completed=False, success="unknown")

    walk_pages(content, page, ["Questions", "About questions", "Module quiz"])
    answer_questions_right(content, page)
    submit_quiz(content, page)
    session.exit()

    assert_one_clean_session(session)
    assert_status(session, completed=True, success="passed")
    assert_score(session, "75")
    state = suspend(session)
    assert state["p"] == "11111111"
    assert [(q["a"], q["b"]) for q in state["q"]] == [(1, 50), (1, 100)]
    records = list(session.interactions().values())
    assert [i["id"] for i in records][:2] == ["basics-q1", "basics-q2"]
    assert len(records) == len(fixture_quiz("01-basics")) + quiz_size()
    assert (records[1]["objectives.0.id"], records[1]["objectives.1.id"]) == ("use-blocks", "know-blocks")
    assert session.sent()[element(version, "location")] == "02-questions/quiz.html"


# ---------------------------------------------------------------- relaunch


@pytest.mark.parametrize("version", VERSIONS)
def test_relaunch_resumes_bookmark_and_quiz(lms: Any, page: Any, version: str) -> None:
    first = lms(version, "sco-questions")
    first.launch()
    walk_pages(first.content, page, ["About questions"])
    first.exit()
    assert_status(first, completed=False, success="unknown")
    assert first.sent()[element(version, "location")] == "02-questions/about-questions.html"

    entry = "cmi.core.entry" if version == "1.2" else "cmi.entry"
    fresh = lms(version, "sco-questions")
    fresh.launch({**first.resume_data(), entry: "ab-initio"})  # a new attempt ignores old data
    expect(fresh.content.locator("h1")).to_have_text("Questions")
    expect(fresh.content.locator("[data-progress]")).to_have_text("1 of 3 pages viewed")

    second = lms(version, "sco-questions")
    second.launch(first.resume_data())
    content = second.content
    expect(content.locator("h1")).to_have_text("About questions")  # the bookmark, not the first page
    expect(content.locator("[data-progress]")).to_have_text("2 of 3 pages viewed")
    walk_pages(content, page, ["Module quiz"])
    answer_questions_wrong(content, page)
    submit_quiz(content, page)
    second.exit()
    assert len(second.interactions()) == quiz_size()

    third = lms(version, "sco-questions")
    third.launch(second.resume_data())
    content = third.content
    expect(content.locator("h1")).to_have_text("Module quiz")
    expect(content.locator("[data-quiz-status]")).to_have_text("Attempts used: 1 of 2.")
    expect(content.locator("[data-quiz-score]")).to_have_text(
        f"You scored {wrong_percent()}%. The pass mark is 75%. You did not pass. You have 1 attempt left."
    )
    # the submitted answers and their feedback are back
    expect(content.locator("#q-q-single-a")).to_be_checked()
    expect(content.locator("#q-q-multiple-a")).to_be_checked()
    expect(content.locator("#q-q-truefalse-true")).to_be_checked()
    expect(content.locator("#q-q-match-1")).to_have_value("b")
    expect(content.locator("#q-q-match-3")).to_have_value("")
    expect(content.locator("[data-order-list] .order-text")).to_have_text(["One", "Three", "Two"])
    expect(content.locator("#q-q-fill-answer")).to_have_value("Bergen")
    expect(content.locator("#q-q-numeric-answer")).to_have_value(WRONG_RESPONSES["q-numeric"])
    # the practical task: its text, submitted (read-only, model answer and checklist shown), no ticks
    expect(content.locator("#q-q-task-answer")).to_have_value(WRONG_RESPONSES["q-task"].partition("|")[2])
    expect(content.locator("#q-q-task-answer")).to_have_attribute("readonly", "")
    expect(content.locator("#q-q-task [data-task-after]")).to_contain_text("Two named officers post, signed.")
    expect(content.locator("#q-q-task [data-task-tick]:checked")).to_have_count(0)
    expect(content.locator('[data-step="first"] [data-branch-consequence]')).to_have_text(
        "People suspect a cover-up."
    )
    expect_feedback(content.locator("#q-q-fill [data-question-feedback]"), "Incorrect", "It is Oslo.")
    expect(content.locator("[data-quiz-retry]")).to_be_visible()

    content.locator("[data-quiz-retry]").focus()
    page.keyboard.press("Enter")
    answer_questions_right(content, page)
    submit_quiz(content, page)
    third.exit()

    assert_one_clean_session(third)
    assert_status(third, completed=True, success="passed")
    records = third.interactions()
    size = quiz_size()
    assert list(records) == list(range(size, 2 * size))  # appended after those the LMS already had
    assert [r["result"] for r in records.values()] == expected_results("right", version)
    assert len(third.cmi()["interactions"]) == 2 * size
    state = suspend(third)["q"][0]
    assert (state["a"], state["b"], state["l"]) == (2, 100, 100)


# ---------------------------------------------------------------- a SCO without a quiz


@pytest.fixture(scope="module")
def quizless(server: StaticServer, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Package]:
    """The fixture course with module 01-basics' quiz taken out."""
    root = tmp_path_factory.mktemp("quizless") / "course"
    shutil.copytree(FIXTURE_COURSE, root)
    module = root / "modules" / "01-basics" / "module.yaml"
    text = module.read_text(encoding="utf-8")
    without_quiz = re.sub(r"(?ms)^quiz:\n.*?(?=^sources:)", "", text)
    assert without_quiz != text
    module.write_text(without_quiz, encoding="utf-8")
    out = build_course(root, root.parent / "out", formats=("scorm12", "scorm2004"))
    return publish_packages(server, out, "quizless")


@pytest.mark.parametrize("version", VERSIONS)
def test_sco_without_quiz_completes_when_every_page_is_viewed(
    lms: Any, page: Any, version: str, quizless: dict[str, Package]
) -> None:
    session = lms(version, "sco-basics", package=quizless[version])
    session.launch()
    walk_pages(session.content, page, ["All the blocks & more"])
    assert_status(session, completed=False, success="unknown", has_quiz=False)
    walk_pages(session.content, page, ["Second lesson"])
    session.exit()

    assert_one_clean_session(session)
    assert_status(session, completed=True, success="passed", has_quiz=False)
    assert not [name for name in session.sent() if ".score." in name]  # no quiz, no score
    assert suspend(session) == {"v": 1, "p": "111", "q": []}


@pytest.mark.parametrize("version", VERSIONS)
def test_a_task_being_written_survives_relaunch_and_must_be_submitted_first(
    lms: Any, page: Any, version: str
) -> None:
    first = lms(version, "sco-questions")
    first.launch()
    content = first.content
    walk_pages(content, page, ["About questions", "Module quiz"])
    content.locator("#q-q-task-answer").focus()
    page.keyboard.insert_text("Half a plan")
    content.locator("#q-q-single-a").focus()
    page.keyboard.press("Space")  # a change saves the draft at once
    submit = content.locator("[data-quiz-submit]")
    submit.focus()
    page.keyboard.press("Enter")  # refused: the task is not submitted
    expect(content.locator("[data-quiz-live]")).to_have_text("Submit your answer to the practical task first.")
    expect(content.locator("#q-q-task-answer")).to_be_focused()
    expect(content.locator("[data-quiz-result]")).to_be_hidden()
    first.exit()
    assert suspend(first)["q"][0]["d"][[q["id"] for q in quiz_questions()].index("q-task")] == "|Half a plan"

    second = lms(version, "sco-questions")
    second.launch(first.resume_data())
    content = second.content
    expect(content.locator("#q-q-task-answer")).to_have_value("Half a plan")
    expect(content.locator("#q-q-task-answer")).not_to_have_attribute("readonly", "")
    expect(content.locator("#q-q-task [data-task-submit]")).to_be_visible()
    expect(content.locator("#q-q-task [data-task-count]")).to_have_text("11 of 400 characters")
    second.exit()
