"""A learner takes cmi5 AUs of the fixture course in headless Chromium; an LRS stand-in records it all.

Each test launches an AU as a cmi5 LMS would (LMS.LaunchData written, a launch URL with endpoint,
fetch, actor, registration and activityId), walks it by keyboard, closes the page, and checks the
statements the LRS received against the cmi5 rules (cmi5 spec sections 7.1.3, 9 and 10) and, for the
answered statements, the xAPI 1.0.3 interaction activity definitions.
"""

from __future__ import annotations

import json
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import pytest
from lxml import etree
from playwright.sync_api import expect

from .harness import FIXTURE_COURSE, REPO, StaticServer, build_course, wait_until_ready
from .learner import (
    RIGHT_RESPONSES,
    answer_basics,
    answer_questions_right,
    answer_questions_wrong,
    quiz_questions,
    quiz_size,
    submit_quiz,
    walk_pages,
)
from .lrs import SESSION_ID, Launch, Lrs, Statement, statement_problems

pytestmark = pytest.mark.browser

ADL = "http://adlnet.gov/expapi/verbs/"
CATEGORY_CMI5 = "https://w3id.org/xapi/cmi5/context/categories/cmi5"
CATEGORY_MOVEON = "https://w3id.org/xapi/cmi5/context/categories/moveon"
MASTERY = "https://w3id.org/xapi/cmi5/context/extensions/masteryscore"
INTERACTION = "http://adlnet.gov/expapi/activities/cmi.interaction"
QUESTIONS = [question["id"] for question in quiz_questions()]  # the 02-questions quiz, in order
STATE_ID = "dcp-course-state"
DURATION = re.compile(r"^P(?!$)(\d+Y)?(\d+M)?(\d+D)?(T(?=\d)(\d+H)?(\d+M)?(\d+(\.\d+)?S)?)?$")
UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$")


@dataclass(frozen=True)
class Cmi5Package:
    url: str  # where the extracted package is served
    au_ids: dict[str, str]  # launch page -> publisher id from cmi5.xml

    def au(self, launch_page: str) -> tuple[str, str]:
        return self.url + launch_page, self.au_ids[launch_page]


@pytest.fixture(scope="module")
def cmi5_package(server: StaticServer, tmp_path_factory: pytest.TempPathFactory) -> Cmi5Package:
    return published_cmi5(server, FIXTURE_COURSE, tmp_path_factory.mktemp("cmi5"), "cmi5")


def published_cmi5(server: StaticServer, course: Any, out: Any, mount: str) -> Cmi5Package:
    built = build_course(course, out, None, ("cmi5",))
    folder = built / "cmi5-package"
    with zipfile.ZipFile(next(built.glob("*-cmi5.zip"))) as archive:
        archive.extractall(folder)
    structure = etree.parse(str(folder / "cmi5.xml"))
    au_ids = {au.findtext("{*}url"): au.get("id") for au in structure.iter("{*}au")}
    return Cmi5Package(server.mount(mount, folder), au_ids)


@pytest.fixture
def lrs() -> Iterator[Lrs]:
    with Lrs() as running:
        yield running


@pytest.fixture
def origins(context: Any) -> list[str]:
    """Every origin the browser sent a request to during the test."""
    seen: list[str] = []
    context.on("request", lambda request: seen.append(origin(request.url)))
    return seen


def open_au(context: Any, launch: Launch) -> tuple[Any, Any]:
    page = context.new_page()
    page.goto(launch.url)
    content = page.frame_locator("#dcp-frame")
    wait_until_ready(content)
    return page, content


def close_au(page: Any, lrs: Lrs, launch: Launch) -> list[Statement]:
    """The learner closes the window; the AU's terminated statement is the last thing it sends."""
    page.close()
    lrs.wait_for(lambda: any(s.verb == "terminated" for s in lrs.statements(launch)))
    assert lrs.rejected() == [], "the LMS refused statements"
    return in_order(lrs.statements(launch))


def in_order(statements: list[Statement]) -> list[Statement]:
    """cmi5 9.3: the order of a session's statements is the order of their timestamps."""
    return sorted(statements, key=lambda s: s.data["timestamp"])


def verbs(statements: list[Statement]) -> list[str]:
    return [s.verb for s in statements]


def defined(statements: list[Statement]) -> list[Statement]:
    """The "cmi5 defined" statements: all but the answered ones, which are "cmi5 allowed"."""
    return [s for s in statements if s.verb != "answered"]


def answered(statements: list[Statement]) -> list[Statement]:
    return [s for s in statements if s.verb == "answered"]


def assert_cmi5_session(statements: list[Statement], launch: Launch) -> None:
    """What every statement of one AU session must satisfy, whatever happened in it."""
    assert statements, "no statement arrived"
    # cmi5 7.1.3 and 9.3: allowed statements too fall between initialized and terminated
    assert statements[0].verb == "initialized" and statements[-1].verb == "terminated"
    assert verbs(statements).count("initialized") == 1 and verbs(statements).count("terminated") == 1
    assert set(verbs(statements)) <= {"initialized", "answered", "completed", "passed", "failed", "terminated"}
    moveon_verbs = [v for v in verbs(statements) if v in ("completed", "passed", "failed")]
    assert len(moveon_verbs) == len(set(moveon_verbs)), "a verb repeated in one session"
    assert not {"passed", "failed"} <= set(moveon_verbs)
    ids = [s.data["id"] for s in statements]
    assert len(set(ids)) == len(ids) and all(UUID.match(i) for i in ids)
    stamps = [s.data["timestamp"] for s in statements]
    assert len(set(stamps)) == len(stamps), "timestamps must order the session"
    for statement in statements:
        data, headers = statement.data, statement.headers
        assert headers["X-Experience-API-Version"] == "1.0.3"
        assert headers["Authorization"] == f"Basic {launch.token}"
        assert data["actor"] == launch.actor
        assert data["verb"]["id"] == ADL + statement.verb
        assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z", data["timestamp"])
        context = data["context"]
        assert context["registration"] == launch.registration
        assert context["extensions"][SESSION_ID] == launch.session_id
        assert {"objectType": "Activity", "id": launch.publisher_id} in context["contextActivities"][
            "grouping"
        ]
        if statement.verb == "answered":
            assert_cmi5_allowed_answer(statement, launch)
            continue
        assert data["object"]["id"] == launch.activity_id
        categories = [c["id"] for c in context["contextActivities"]["category"]]
        assert CATEGORY_CMI5 in categories
        result = data.get("result", {})
        moves_on = statement.verb in ("completed", "passed", "failed")
        assert (CATEGORY_MOVEON in categories) == moves_on
        if moves_on or statement.verb == "terminated":
            assert DURATION.match(result["duration"]), result["duration"]
        # cmi5 9.5: score only on passed/failed, success only there, completion only on completed
        assert ("score" in result) <= (statement.verb in ("passed", "failed"))
        assert ("success" in result) == (statement.verb in ("passed", "failed"))
        assert ("completion" in result) == (statement.verb == "completed")
        if "score" in result:
            assert 0 <= result["score"]["scaled"] <= 1
    initialized = statements[0].data["timestamp"]
    assert all(s.data["timestamp"] >= initialized for s in statements)


def assert_cmi5_allowed_answer(statement: Statement, launch: Launch) -> None:
    """An answered statement: about its own cmi.interaction activity, inside the AU, no cmi5 category."""
    data = statement.data
    assert data["object"]["objectType"] == "Activity"
    assert data["object"]["id"].startswith(launch.activity_id + "#")
    assert data["object"]["definition"]["type"] == INTERACTION
    activities = data["context"]["contextActivities"]
    assert {"objectType": "Activity", "id": launch.activity_id} in activities["parent"]
    # cmi5 7.1.3: the cmi5 category would claim a cmi5 defined statement; moveOn belongs to those only
    assert "category" not in activities
    assert set(data["result"]) <= {"response", "success", "score", "duration"}
    assert DURATION.match(data["result"]["duration"]), data["result"]["duration"]


def answers_by_question(statements: list[Statement], launch: Launch) -> dict[str, dict[str, Any]]:
    """Each answered statement's object definition and result, under its question id."""
    prefix = launch.activity_id + "#"
    found: dict[str, dict[str, Any]] = {}
    for statement in answered(statements):
        question = statement.data["object"]["id"].removeprefix(prefix)
        result = {k: v for k, v in statement.data["result"].items() if k != "duration"}
        found[question] = {"definition": statement.data["object"]["definition"], "result": result}
    return found


def state_of(lrs: Lrs, launch: Launch) -> dict[str, Any]:
    document = lrs.document(launch, STATE_ID)
    assert document is not None, "the AU saved no state"
    return {**document, "suspendData": json.loads(document["suspendData"])}


# ---------------------------------------------------------------- a whole session


def test_au_walked_and_passed_reports_cmi5_statements(
    context: Any, lrs: Lrs, cmi5_package: Cmi5Package, origins: list[str]
) -> None:
    url, publisher = cmi5_package.au("sco-questions.html")
    launch = lrs.launch(url, publisher, mastery_score=0.75)
    page, content = open_au(context, launch)
    expect(content.locator("h1")).to_have_text("Questions")
    expect(content.locator("[data-progress]")).to_have_text("1 of 3 pages viewed")
    walk_pages(content, page, ["About questions", "Module quiz"])
    answer_questions_right(content, page)
    submit_quiz(content, page)
    expect(content.locator("[data-quiz-score]")).to_have_text(
        "You scored 100%. The pass mark is 75%. You passed."
    )
    statements = close_au(page, lrs, launch)

    assert_cmi5_session(statements, launch)
    assert verbs(statements) == ["initialized", *["answered"] * quiz_size(), "passed", "completed", "terminated"]
    answers = answers_by_question(statements, launch)
    assert list(answers) == QUESTIONS
    scored = [a for q, a in answers.items() if q != "q-task"]
    assert all(a["result"]["success"] is True and a["result"]["score"]["scaled"] == 1 for a in scored)
    # the practical task, not scored: its text, and neither success nor score
    assert answers["q-task"]["result"]["response"] == RIGHT_RESPONSES["q-task"].partition("|")[2]
    assert set(answers["q-task"]["result"]) <= {"response", "duration"}
    statements = defined(statements)
    passed = statements[1].data
    assert passed["result"]["success"] is True
    assert passed["result"]["score"] == {"scaled": 1, "raw": 100, "min": 0, "max": 100}
    assert passed["context"]["extensions"][MASTERY] == 0.75
    assert statements[2].data["result"]["completion"] is True
    assert state_of(lrs, launch)["suspendData"]["p"] == "111"
    assert state_of(lrs, launch)["location"] == "02-questions/quiz.html"
    assert state_of(lrs, launch)["reported"] == ["completed", "passed"]
    # one token fetch, and nothing sent anywhere but the package's server and the LMS
    assert launch.fetches == 1
    assert len([r for r in lrs.requests() if r.path.startswith("/fetch/")]) == 1
    assert set(origins) <= {origin(cmi5_package.url), lrs.origin}
    assert all(r.path.startswith(("/fetch/", "/xapi/")) for r in lrs.requests())


def origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def test_the_last_batch_overtaking_one_on_its_way_loses_nothing(
        context: Any, lrs: Lrs, cmi5_package: Cmi5Package) -> None:
    """Closed right after submitting, on a slow network: terminated goes out while the answers
    are still on their way, and arrives first. It carries them again, so they are not refused as
    coming after terminated, and the late copy changes nothing."""
    url, publisher = cmi5_package.au("sco-basics.html")
    launch = lrs.launch(url, publisher)
    page, content = open_au(context, launch)
    walk_pages(content, page, ["All the blocks & more", "Second lesson", "Module quiz"])
    answer_basics(content, page, right=True)
    lrs.hold_back = 1.0
    submit_quiz(content, page)
    lrs.wait_for(lambda: lrs.batches_held > 0)  # the answers are on their way, not yet taken
    close_au(page, lrs, launch)
    lrs.wait_for(lambda: lrs.batches_held == 0)  # the late batch has been taken too
    assert lrs.rejected() == []
    statements = lrs.statements(launch)
    verbs = [s.verb for s in statements]
    assert verbs[-1] == "terminated" and verbs.count("terminated") == 1
    assert "passed" in verbs
    answered = [s.data["object"]["id"] for s in statements if s.verb == "answered"]
    assert answered and len(answered) == len(set(answered))  # each answer stored once


def test_closing_while_the_final_assessments_answers_are_on_their_way_loses_nothing(
        context: Any, lrs: Lrs, server: StaticServer, tmp_path: Any) -> None:
    """The same race with the real final assessment. Its twenty answers weigh ~30 KB, and a closing
    page may have at most 64 KiB of keepalive requests in flight (Chromium refuses the rest): the
    answers on their way and their copy in the last batch went over it, and terminated was lost.
    Batches now stay small enough for the last one to carry the one on its way again."""
    real = published_cmi5(server, REPO, tmp_path, "cmi5-real")
    url, publisher = real.au("sco-final-assessment.html")
    launch = lrs.launch(url, publisher, mastery_score=0.8)
    page, content = open_au(context, launch)
    lrs.hold_back = 1.0
    held: list[int] = []
    # the first answer goes alone; the batches after it wait
    lrs.hold_back_if = lambda batch: len(batch) > 1 and not held.append(len(batch))
    submit_quiz(content, page)
    lrs.wait_for(lambda: bool(held))  # a batch of answers is on its way, not yet taken
    close_au(page, lrs, launch)
    lrs.wait_for(lambda: lrs.batches_held == 0)
    assert lrs.rejected() == []
    statements = lrs.statements(launch)
    verbs = [s.verb for s in statements]
    assert verbs[-1] == "terminated" and verbs.count("terminated") == 1
    answered = [s.data["object"]["id"] for s in statements if s.verb == "answered"]
    assert len(answered) == len(set(answered)) == 20  # each answer stored once
    running = [r.body for r in lrs.requests()  # the batches sent while the session ran
               if r.path == "/xapi/statements" and r.method == "POST" and b"/verbs/terminated" not in r.body]
    assert len(running) > 2 and max(map(len, running)) <= 12 * 1024


def test_failed_quiz_uses_the_lms_mastery_score(context: Any, lrs: Lrs, cmi5_package: Cmi5Package) -> None:
    url, publisher = cmi5_package.au("sco-basics.html")
    launch = lrs.launch(url, publisher, mastery_score=0.6)
    page, content = open_au(context, launch)
    walk_pages(content, page, ["All the blocks & more", "Second lesson", "Module quiz"])
    answer_basics(content, page, right=False)
    submit_quiz(content, page)
    expect(content.locator("[data-quiz-score]")).to_have_text(
        "You scored 0%. The pass mark is 60%. You did not pass. You have 1 attempt left."
    )
    content.locator("[data-quiz-retry]").focus()
    page.keyboard.press("Enter")
    answer_basics(content, page, right=True)
    content.locator("#q-basics-q2-false").focus()  # one of two right: 50%, enough for the course's
    page.keyboard.press("Space")  # own pass mark (50%) but not for the LMS's masteryScore (0.6)
    submit_quiz(content, page)
    expect(content.locator("[data-quiz-score]")).to_have_text(
        "You scored 50%. The pass mark is 60%. You did not pass. You have no attempts left."
    )
    statements = close_au(page, lrs, launch)

    assert_cmi5_session(statements, launch)
    # two attempts at two questions: every graded answer is reported, the verdict once
    assert verbs(statements) == ["initialized", *["answered"] * 4, "failed", "terminated"]
    assert [(a["object"]["id"].rsplit("#", 1)[1], a["result"]["success"]) for a in
            (s.data for s in answered(statements))] == [
        ("basics-q1", False), ("basics-q2", False), ("basics-q1", True), ("basics-q2", False)]
    statements = defined(statements)
    failed = statements[1].data
    assert failed["result"]["success"] is False
    assert failed["result"]["score"]["scaled"] == 0.5
    assert failed["context"]["extensions"][MASTERY] == 0.6


def en(text: str) -> dict[str, str]:
    return {"en": text}


def choices(*texts: str) -> list[dict[str, Any]]:
    return [{"id": chr(97 + i), "description": en(text)} for i, text in enumerate(texts)]


# The 02-questions quiz as xAPI 1.0.3 interaction activity definitions (name and description are the
# stem; components carry the texts the learner saw, ids as the quiz engine uses them).
QUESTION_DEFINITIONS: dict[str, dict[str, Any]] = {
    "q-single": {"interactionType": "choice", "correctResponsesPattern": ["b"],
                 "stem": "Pick the second.", "choices": choices("First", "Second", "Third")},
    "q-multiple": {"interactionType": "choice", "correctResponsesPattern": ["a[,]c"],
                   "stem": "Pick the even numbers.", "choices": choices("2", "3", "4")},
    "q-truefalse": {"interactionType": "true-false", "correctResponsesPattern": ["false"],
                    "stem": "The sky is green."},
    "q-match": {"interactionType": "matching", "correctResponsesPattern": ["1[.]a[,]2[.]b[,]3[.]c"],
                "stem": "Match the capitals.",
                "source": [{"id": str(i + 1), "description": en(t)} for i, t in
                           enumerate(["France", "Estonia", "Finland"])],
                "target": choices("Paris", "Tallinn", "Helsinki")},
    "q-order": {"interactionType": "sequencing", "correctResponsesPattern": ["a[,]b[,]c"],
                "stem": "Put the numbers in ascending order.", "choices": choices("One", "Two", "Three")},
    "q-fill": {"interactionType": "fill-in", "correctResponsesPattern": ["{case_matters=false}Oslo"],
               "stem": "The capital of Norway is ____."},
    "q-branch": {"interactionType": "performance", "correctResponsesPattern": ["first[.]a[,]second[.]a"],
                 "stem": "A post goes viral.",
                 "steps": [{"id": "first", "description": en("A post is misquoted.")},
                           {"id": "second", "description": en("Someone asks why.")}]},
    "q-numeric": {"interactionType": "numeric", "correctResponsesPattern": ["41.7[:]42.7"],
                  "stem": "How long is a marathon, in kilometres?"},
    "q-task": {"interactionType": "long-fill-in",
               "stem": "Plan the first week of a neighbourhood account. Say who posts, what, and how you answer messages."},
}


def expected_definition(question: str) -> dict[str, Any]:
    spec = dict(QUESTION_DEFINITIONS[question])
    stem = spec.pop("stem")
    return {"type": INTERACTION, "name": en(stem), "description": en(stem), **spec}


def test_every_graded_answer_is_one_cmi5_allowed_answered_statement(
    context: Any, lrs: Lrs, cmi5_package: Cmi5Package
) -> None:
    url, publisher = cmi5_package.au("sco-questions.html")
    launch = lrs.launch(url, publisher, mastery_score=0.75)
    page, content = open_au(context, launch)
    walk_pages(content, page, ["About questions", "Module quiz"])
    answer_questions_wrong(content, page)
    submit_quiz(content, page)
    statements = close_au(page, lrs, launch)

    assert_cmi5_session(statements, launch)
    # an attempt remains, so no verdict yet: the answers are reported all the same
    assert verbs(statements) == ["initialized", *["answered"] * quiz_size(), "terminated"]
    answers = answers_by_question(statements, launch)
    assert {q: a["definition"] for q, a in answers.items()} == {q: expected_definition(q) for q in QUESTIONS}

    def wrong(response: str, scaled: float = 0) -> dict[str, Any]:
        return {"response": response, "success": False,
                "score": {"scaled": scaled, "raw": scaled, "min": 0, "max": 1}}

    assert {q: a["result"] for q, a in answers.items()} == {
        "q-single": wrong("a"),
        "q-multiple": wrong("a", 0.5),  # one of two right, none wrong: the player's partial credit
        "q-truefalse": wrong("true"),
        "q-match": wrong("1[.]b[,]2[.]a"),  # Finland left unanswered
        "q-order": wrong("a[,]c[,]b"),  # the order as displayed: One, Three, Two
        "q-fill": wrong("Bergen"),
        "q-branch": wrong("first[.]b"),
        "q-numeric": wrong("26"),
        "q-task": {"response": "Not much.", **{k: v for k, v in answers["q-task"]["result"].items() if k == "duration"}},
    }
    # the same registration and session as the AU's own statements, each answer its own activity
    assert len({s.data["object"]["id"] for s in answered(statements)}) == quiz_size()
    assert all(s.data["context"]["registration"] == launch.registration for s in answered(statements))


def test_the_real_final_assessment_reports_its_twenty_reused_questions(
    context: Any, lrs: Lrs, server: StaticServer, tmp_path: Any
) -> None:
    """The final assessment prefixes the module questions it draws; each answer is still described."""
    real = published_cmi5(server, REPO, tmp_path, "cmi5-real")
    url, publisher = real.au("sco-final-assessment.html")
    launch = lrs.launch(url, publisher, mastery_score=0.8)
    page, content = open_au(context, launch)
    submit_quiz(content, page)  # nothing answered: every drawn question is still a graded answer
    statements = close_au(page, lrs, launch)

    assert_cmi5_session(statements, launch)
    answers = [s.data for s in answered(statements)]
    assert len(answers) == 20
    assert all(a["object"]["id"].startswith(launch.activity_id + "#final-m") for a in answers)
    for answer in answers:
        definition = answer["object"]["definition"]
        assert definition["name"]["en"] and definition["correctResponsesPattern"]
        components = {"choice": {"choices"}, "sequencing": {"choices"}, "matching": {"source", "target"},
                      "performance": {"steps"}}.get(definition["interactionType"], set())
        assert {k for k in definition if k in ("choices", "source", "target", "steps")} == components
        assert all(c["description"]["en"] for name in components for c in definition[name])
        assert answer["result"]["success"] is False and answer["result"]["score"]["scaled"] == 0


# ---------------------------------------------------------------- across sessions


def test_relaunch_resumes_and_reports_each_verb_once_per_registration(
    context: Any, lrs: Lrs, cmi5_package: Cmi5Package
) -> None:
    url, publisher = cmi5_package.au("sco-questions.html")
    first = lrs.launch(url, publisher, mastery_score=0.75)
    page, content = open_au(context, first)
    walk_pages(content, page, ["About questions"])
    first_session = close_au(page, lrs, first)
    assert_cmi5_session(first_session, first)
    assert verbs(first_session) == ["initialized", "terminated"]
    assert state_of(lrs, first)["suspendData"]["p"] == "110"

    second = lrs.launch(url, publisher, registration=first.registration, mastery_score=0.75)
    assert second.session_id != first.session_id and second.activity_id == first.activity_id
    page, content = open_au(context, second)
    expect(content.locator("h1")).to_have_text("About questions")  # the bookmark
    expect(content.locator("[data-progress]")).to_have_text("2 of 3 pages viewed")
    walk_pages(content, page, ["Module quiz"])
    answer_questions_right(content, page)
    submit_quiz(content, page)
    second_session = close_au(page, lrs, second)
    assert_cmi5_session(second_session, second)
    assert verbs(second_session) == ["initialized", *["answered"] * quiz_size(), "passed", "completed", "terminated"]

    third = lrs.launch(url, publisher, registration=first.registration, mastery_score=0.75)
    page, content = open_au(context, third)
    expect(content.locator("h1")).to_have_text("Module quiz")
    expect(content.locator("[data-quiz-score]")).to_have_text(
        "You scored 100%. The pass mark is 75%. You passed."
    )
    third_session = close_au(page, lrs, third)
    assert_cmi5_session(third_session, third)
    assert verbs(third_session) == ["initialized", "terminated"], (
        "completed and passed go once per registration"
    )


@pytest.mark.parametrize("mode", ["Browse", "Review"])
def test_browse_and_review_send_no_judgement(
    context: Any, lrs: Lrs, cmi5_package: Cmi5Package, mode: str
) -> None:
    url, publisher = cmi5_package.au("sco-questions.html")
    launch = lrs.launch(url, publisher, launch_mode=mode, mastery_score=0.75)
    page, content = open_au(context, launch)
    walk_pages(content, page, ["About questions", "Module quiz"])
    answer_questions_right(content, page)
    submit_quiz(content, page)
    statements = close_au(page, lrs, launch)

    assert_cmi5_session(statements, launch)
    assert verbs(statements) == ["initialized", "terminated"]
    assert lrs.document(launch, STATE_ID) is None, "nothing is saved outside Normal mode"
    assert not [
        r
        for r in lrs.requests()
        if r.method in ("PUT", "POST", "DELETE") and r.path.endswith("/activities/state")
    ]


def test_without_launch_parameters_the_au_runs_standalone(
    context: Any, lrs: Lrs, cmi5_package: Cmi5Package
) -> None:
    url, _ = cmi5_package.au("sco-questions.html")
    page = context.new_page()
    page.goto(url)
    content = page.frame_locator("#dcp-frame")
    wait_until_ready(content)
    expect(page.locator("[data-shell-status]")).not_to_be_empty()
    page.close()
    assert lrs.requests() == []


# ---------------------------------------------------------------- the stand-in refuses what an LMS refuses


def answered_statement(**definition: Any) -> dict[str, Any]:
    return {
        "verb": {"id": ADL + "answered"},
        "object": {"id": "urn:uuid:0#q", "definition": {"type": INTERACTION, **definition}},
        "context": {"contextActivities": {}},
    }


@pytest.mark.parametrize(("statement", "terminated", "problems"), [
    (answered_statement(interactionType="choice", correctResponsesPattern=["a"], choices=[{"id": "a"}]),
     False, []),
    ({**answered_statement(interactionType="true-false", correctResponsesPattern=["true"]),
      "context": {"contextActivities": {"category": [{"id": CATEGORY_CMI5}]}}},
     False, ["cmi5 7.1.3: a cmi5 allowed statement carries the cmi5 category"]),
    (answered_statement(interactionType="true-false", correctResponsesPattern=["true"]),
     True, ["cmi5 9.3.8: the session has already terminated"]),
    (answered_statement(interactionType="true-false", correctResponsesPattern=["true"], choices=[{"id": "a"}]),
     False, ["xAPI: a true-false interaction takes no choices"]),
    (answered_statement(interactionType="choice", correctResponsesPattern=["a"], choices=[{"id": "a"}, {"id": "a"}]),
     False, ["xAPI: choices need unique ids"]),
    (answered_statement(interactionType="branching", correctResponsesPattern=["a"]),
     False, ["xAPI: interactionType 'branching' is not one of the interaction types"]),
    (answered_statement(interactionType="likert", correctResponsesPattern=["a"]),
     False, ["interactionType 'likert' is no question kind's (src/dcp_course/source/kinds.py)"]),
])
def test_the_lrs_stand_in_refuses_what_breaks_cmi5_or_xapi(
    statement: dict[str, Any], terminated: bool, problems: list[str]
) -> None:
    assert statement_problems(statement, terminated) == problems
