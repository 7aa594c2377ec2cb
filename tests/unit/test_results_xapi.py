"""xAPI statements read as an LRS returns them: paged answers, a plain array, overlaps, voiding;
and the cmi5 publisher ids that tell whether statements belong to this course."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import FIXTURE_COURSE
from results_cohorts import FINAL, Planted, lrs_pages, simulate, statements

from dcp_course.results.analysis import analyse
from dcp_course.results.answers import LearnerIds
from dcp_course.results.course_check import check_course
from dcp_course.results.course_index import CourseIndex
from dcp_course.results.files import ResultsFileError
from dcp_course.results.model import Thresholds
from dcp_course.results.xapi import duration_seconds, question_id, read_xapi, sortable_time
from dcp_course.source.load import load_course


@pytest.fixture(scope="module")
def index() -> CourseIndex:
    return CourseIndex(load_course(FIXTURE_COURSE))


@pytest.fixture(scope="module")
def cohort():  # type: ignore[no-untyped-def]
    return simulate(load_course(FIXTURE_COURSE), 30, Planted(retake_share=0.5), seed=3)


def test_an_answered_statement_as_cmi5_js_sends_it_is_read(cohort) -> None:  # type: ignore[no-untyped-def]
    made = statements(cohort)
    found = read_xapi(json.dumps(made[:1]), "one.json", 0, LearnerIds())
    (answer,) = found.answers
    sent = made[0]
    assert answer.interaction_id == sent["object"]["id"].rsplit("#", 1)[1]
    assert answer.response == sent["result"]["response"]
    assert answer.recorded_correct is sent["result"]["success"]
    assert answer.recorded_score == sent["result"]["score"]["scaled"]
    assert answer.latency == duration_seconds(sent["result"]["duration"])
    assert answer.record_id == sent["id"]
    assert answer.session == f"{sent['context']['registration']}|{sent['context']['contextActivities']['parent'][0]['id']}"
    assert found.containers == [sent["context"]["contextActivities"]["grouping"][0]["id"]]


def test_pages_a_plain_array_and_overlapping_pages_give_the_same_report(cohort, index: CourseIndex) -> None:  # type: ignore[no-untyped-def]
    def report(texts: list[str]) -> object:
        learners = LearnerIds()
        return analyse(index, [read_xapi(t, f"p{i}.json", i, learners) for i, t in enumerate(texts)], Thresholds(min_group=5))

    pages = lrs_pages(cohort, per_page=40)
    assert len(pages) > 3
    as_pages = report(pages)
    as_array = report([json.dumps(statements(cohort))])
    overlapping = report([*pages, pages[1], pages[2]])  # a page saved twice
    assert replace_inputs(as_pages) == replace_inputs(as_array) == replace_inputs(overlapping)


def replace_inputs(report: object) -> object:
    from dataclasses import replace
    return replace(report, inputs=())  # type: ignore[type-var]


def test_a_voided_answer_is_left_out(cohort, index: CourseIndex) -> None:  # type: ignore[no-untyped-def]
    made = statements(cohort)
    answered = [s for s in made if s["verb"]["id"].endswith("/answered")]
    voiding = {"id": "e0000000-0000-4000-8000-000000000000", "actor": answered[0]["actor"],
               "verb": {"id": "http://adlnet.gov/expapi/verbs/voided"},
               "object": {"objectType": "StatementRef", "id": answered[0]["id"]}}
    learners = LearnerIds()
    before = read_xapi(json.dumps(made), "a.json", 0, learners)
    after = read_xapi(json.dumps({"statements": [voiding], "more": ""}), "b.json", 1, learners)
    from dcp_course.results.cohort import unique_answers
    assert len(unique_answers([before])) == len(answered)
    assert len(unique_answers([before, after])) == len(answered) - 1


def test_statements_without_a_learner_or_of_other_activities_are_counted_not_read() -> None:
    odd = [
        {"verb": {"id": "http://adlnet.gov/expapi/verbs/answered"}, "object": {"id": "x#q-single"}},
        {"actor": {"mbox": "mailto:a@b.example"}, "verb": {"id": "http://adlnet.gov/expapi/verbs/answered"},
         "object": {"id": "x#q-single", "definition": {"type": "http://adlnet.gov/expapi/activities/assessment"}}},
        "not a statement",
        {"actor": {"account": {"homePage": [[[["deep"]]]], "name": "x"}},
         "verb": {"id": "http://adlnet.gov/expapi/verbs/answered"}, "object": {"id": "x#q-single"}},
        {"actor": {"mbox": "mailto:a@b.example"}, "verb": {"id": "http://adlnet.gov/expapi/verbs/answered"},
         "object": {"id": "x#q-single"}, "result": {"response": "b", "success": True}},
    ]
    found = read_xapi(json.dumps(odd), "odd.json", 0, LearnerIds())
    assert [a.interaction_id for a in found.answers] == ["q-single"]
    assert found.notes == ["odd.json: 3 answered statement(s) without a learner, an activity id or with another "
                           "activity type were left out"]


@pytest.mark.parametrize(("text", "message"), [
    ('{"statements": 3}', "not xAPI statements"),
    ('{"a": ', "odd.json:1:7: not valid JSON"),
    ("[" * 100_000 + "]" * 100_000, "JSON nested too deeply"),
    ('"just text"', "not xAPI statements"),
])
def test_what_is_not_an_lrs_answer_is_refused_in_one_line(text: str, message: str) -> None:
    with pytest.raises(ResultsFileError) as caught:
        read_xapi(text, "odd.json", 0, LearnerIds())
    assert message in str(caught.value) and "\n" not in str(caught.value)


def test_statements_from_another_courses_aus_are_refused(cohort, index: CourseIndex) -> None:  # type: ignore[no-untyped-def]
    ours = read_xapi(lrs_pages(cohort)[0], "ours.json", 0, LearnerIds())
    assert check_course(ours, index) == []
    theirs = lrs_pages(cohort)[0].replace("urn:uuid:", "urn:uuid:0")
    with pytest.raises(ResultsFileError, match="cmi5 AUs of another course"):
        check_course(read_xapi(theirs, "theirs.json", 0, LearnerIds()), index)
    ungrouped = json.loads(lrs_pages(cohort)[0])
    for statement in ungrouped["statements"]:
        statement.get("context", {}).get("contextActivities", {}).pop("grouping", None)
    notes = check_course(read_xapi(json.dumps(ungrouped), "plain.json", 0, LearnerIds()), index)
    assert notes == ["plain.json: statements name no cmi5 AU (contextActivities.grouping); "
                     "the course is recognised by question ids only"]


def test_results_whose_question_ids_are_all_unknown_are_refused(cohort, index: CourseIndex) -> None:  # type: ignore[no-untyped-def]
    renamed = lrs_pages(cohort)[0].replace("#q-", "#other-").replace("#basics-", "#other-")
    with pytest.raises(ResultsFileError, match=r"none of its .* question id\(s\) is a quiz question of course 'fixture-course'"):
        check_course(read_xapi(renamed, "other.json", 0, LearnerIds()), index)


def test_object_ids_times_and_durations() -> None:
    assert question_id("urn:uuid:1234#m1-q-core") == "m1-q-core"
    assert question_id("https://lms.example/au#x/final-m1-q%2Dcore") == "final-m1-q-core"
    assert sortable_time("2026-12-04T15:11:00.5+01:00") == "2026-12-04T14:11:00.500000Z"
    assert sortable_time("2026-12-04T14:11:00.5Z") == "2026-12-04T14:11:00.500000Z"
    assert sortable_time("2026-12-04T14:11:00Z") < sortable_time("2026-12-04T14:11:00.001Z")
    assert sortable_time("yesterday") == ""
    assert duration_seconds("PT1M5.2S") == pytest.approx(65.2)
    assert duration_seconds("P1DT1H") == 90000
    assert duration_seconds("P") is None and duration_seconds(5) is None


def test_the_final_assessments_answers_are_items_of_their_own(tmp_path: Path) -> None:
    source = load_course(FIXTURE_COURSE)
    index = CourseIndex(source)
    assert index.item("q-single").quiz.id == "questions-quiz"  # type: ignore[union-attr]
    assert FINAL not in index.quizzes  # the fixture course has no final assessment
    assert index.item("final-q-single") is None
