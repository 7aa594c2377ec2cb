"""The item analysis recovers what was planted in simulated cohorts, from both input formats,
keeps learners unnamed and small groups undescribed, and says what it could not use."""

from __future__ import annotations

import re
import shutil
from dataclasses import replace
from pathlib import Path

import pytest
from conftest import FIXTURE_COURSE, REPO, TESTS
from results_cohorts import Planted, learner_name, lrs_pages, moodle_text, planted_course, simulate

from dcp_course.commands.results import render
from dcp_course.plan.site import FINAL_ID, final_quiz_plan
from dcp_course.render.pages import quiz_config
from dcp_course.results import kinds
from dcp_course.results.analysis import analyse
from dcp_course.results.answers import LearnerIds, ResultsFile
from dcp_course.results.course_index import FINAL_PREFIX, CourseIndex
from dcp_course.results.model import Report, Thresholds
from dcp_course.results.moodle import read_moodle_text
from dcp_course.results.xapi import read_xapi
from dcp_course.source.load import load_course
from dcp_course.source.messages import shipped_messages

PLANTED = Planted(
    difficulty={"m1-q1": -3.0, "m1-q2": -1.5, "m1-q3": -1.0, "m1-q4": -0.5, "m1-q6": 0.5,
                "m1-q7": 1.0, "m1-q8": 1.5, "m1-q9": 3.0},
    mis_keyed={"m1-q10": "b"},
    never_chosen={"m1-q11": "d"},
)
LEARNERS = 400
FIXTURE_REPORT = TESTS / "fixtures" / "results" / "moodle-interactions-fixture-course.txt"


@pytest.fixture(scope="module")
def planted(tmp_path_factory: pytest.TempPathFactory) -> tuple[CourseIndex, object]:
    source = load_course(planted_course(tmp_path_factory.mktemp("planted")))
    return CourseIndex(source), simulate(source, LEARNERS, PLANTED)


DEFAULTS = Thresholds()


def from_moodle(index: CourseIndex, cohort: object, limits: Thresholds = DEFAULTS) -> Report:
    return analyse(index, [read_moodle_text(moodle_text(cohort), "moodle.txt", 0, LearnerIds())], limits)  # type: ignore[arg-type]


def from_lrs(index: CourseIndex, cohort: object, limits: Thresholds = DEFAULTS) -> Report:
    learners = LearnerIds()
    pages = lrs_pages(cohort)  # type: ignore[arg-type]
    return analyse(index, [read_xapi(page, f"page-{i}.json", i, learners) for i, page in enumerate(pages)], limits)


def flagged(report: Report, rule: str) -> set[str]:
    return {flag.subject.split(" ")[0] for flag in report.flags if flag.rule == rule}


@pytest.mark.parametrize("read", [from_moodle, from_lrs], ids=["moodle", "lrs"])
def test_the_planted_properties_are_recovered(planted, read) -> None:  # type: ignore[no-untyped-def]
    index, cohort = planted
    report = read(index, cohort)
    (quiz,) = report.quizzes
    assert quiz.learners == LEARNERS
    facility = {item.question.id: item.facility for item in quiz.items}
    by_difficulty = sorted((b, qid) for qid, b in {**{f"m1-q{k}": 0.0 for k in (5, 11, 12)}, **PLANTED.difficulty}.items())
    ranked = [qid for _, qid in by_difficulty]
    spaced = [qid for qid in ranked if qid not in ("m1-q5", "m1-q11", "m1-q12")]  # distinct planted difficulties
    assert sorted(spaced, key=lambda qid: -facility[qid]) == spaced, "easier planted, higher facility"
    assert flagged(report, "possibly-mis-keyed") == {"m1-q10"}
    assert flagged(report, "too-easy") == {"m1-q1"}
    assert flagged(report, "too-hard") == {"m1-q8", "m1-q9", "m1-q10"}
    never = next(item for item in quiz.items if item.question.id == "m1-q11")
    assert [(o.id, o.chosen) for o in never.options if o.id == "d"] == [("d", 0)]
    assert "m1-q11" in flagged(report, "rare-distractor")
    flag = next(f for f in report.flags if f.rule == "rare-distractor" and f.subject.startswith("m1-q11"))
    assert flag.place.line == index.questions["m1-q11"].choice_places[3].line, "flagged at the choice's line"
    middle = [item for item in quiz.items if item.question.id in ("m1-q3", "m1-q4", "m1-q5", "m1-q6", "m1-q12")]
    assert all((item.discrimination or 0) > 0.3 and (item.upper_lower or 0) > 0.4 for item in middle)
    assert quiz.reliability_name == "KR-20" and 0.5 < (quiz.reliability or 0) < 0.95
    assert quiz.later_attempts > 0


def test_both_formats_give_the_same_statistics(planted) -> None:  # type: ignore[no-untyped-def]
    index, cohort = planted
    moodle, lrs = from_moodle(index, cohort), from_lrs(index, cohort)
    def figures(report: Report) -> list[tuple[object, ...]]:
        return [(i.question.id, i.responses, i.facility, i.discrimination, i.upper_lower, i.options)
                for q in report.quizzes for i in q.items]
    assert figures(moodle) == figures(lrs)
    assert moodle.flags == lrs.flags
    assert all(i.mean_latency is None for q in moodle.quizzes for i in q.items), "Moodle's report has no latency"
    assert all(i.mean_latency is not None and 5 <= i.mean_latency <= 90 for q in lrs.quizzes for i in q.items)


def test_scorm_2004_patterns_in_moodles_report_read_as_1_2_ones(planted) -> None:  # type: ignore[no-untyped-def]
    index, cohort = planted
    text = moodle_text(cohort, dialect="2004")
    assert "\tincorrect\t" in text and "\twrong\t" not in text
    from_2004 = analyse(index, [read_moodle_text(text, "moodle.txt", 0, LearnerIds())], Thresholds())
    assert replace(from_2004, inputs=()) == replace(from_moodle(index, cohort), inputs=())


def test_only_first_attempts_count(planted) -> None:  # type: ignore[no-untyped-def]
    index, cohort = planted
    (quiz,) = from_moodle(index, cohort).quizzes
    first_tries = [a.tries[0] for a in cohort.attempts]
    for item in quiz.items:
        scores = [answer.fraction for answers in first_tries for answer in answers if answer.question_id == item.question.id]
        assert item.facility == pytest.approx(sum(scores) / len(scores))
    assert quiz.later_attempts == sum(len(a.tries) - 1 for a in cohort.attempts)


def test_no_name_or_address_in_any_output(planted) -> None:  # type: ignore[no-untyped-def]
    index, cohort = planted
    reports = [from_moodle(index, cohort), from_lrs(index, cohort)]
    secrets = [part for learner in range(LEARNERS + 1) for part in learner_name(learner)]
    pattern = re.compile("|".join(re.escape(s) for s in [*secrets, "O'Brien", "O&#039;Brien", "@academy", "trainee-"]))
    for report in reports:
        for output in ("text", "md", "json", "html"):
            found = pattern.search(render(report, output))
            assert found is None, f"{output}: {found.group(0) if found else ''}"


def test_a_quiz_with_fewer_learners_than_the_minimum_is_not_described(planted) -> None:  # type: ignore[no-untyped-def]
    index, cohort = planted
    few = replace(cohort, attempts=[a for a in cohort.attempts if a.learner < 9], learners=9)
    report = from_moodle(index, few)
    (quiz,) = report.quizzes
    assert quiz.withheld and quiz.learners == 9 and quiz.items == () and quiz.reliability is None
    assert report.objectives == () and report.modules == () and report.flags == []
    assert "Planted module 1: Module quiz: 9 learner(s), fewer than 10: not reported separately" in report.notes
    assert not from_moodle(index, few, Thresholds(min_group=5)).quizzes[0].withheld


def fixture_report(limits: Thresholds, root: Path = FIXTURE_COURSE) -> Report:
    text = FIXTURE_REPORT.read_text(encoding="utf-8")
    return analyse(CourseIndex(load_course(root)), [read_moodle_text(text, "fixture.txt", 0, LearnerIds())], limits)


def test_the_fixture_reports_answers_score_as_the_player_scored_them() -> None:
    report = fixture_report(Thresholds(min_group=1, min_responses=1))
    items = {item.question.id: item for quiz in report.quizzes for item in quiz.items}
    # Anna right except the fill-in; Bernd's first attempt wrong except the fill-in, half of q-multiple
    assert {qid: item.facility for qid, item in items.items()} == {
        "basics-q1": 1.0, "basics-q2": 1.0, "q-single": 0.5, "q-multiple": 0.75, "q-truefalse": 0.5,
        "q-match": 0.5, "q-order": 0.5, "q-fill": 0.5, "q-branch": 0.5}
    assert items["q-truefalse"].unanswered == 1
    assert all(item.disagreements == 0 and item.not_understood == 0 for item in items.values())
    assert items["basics-q1"].responses == 1 and items["q-single"].responses == 2


def test_typed_answers_are_shown_only_when_enough_learners_typed_them() -> None:
    few = fixture_report(Thresholds(min_group=1, min_responses=1))
    fill = next(i for q in few.quizzes for i in q.items if i.question.id == "q-fill")
    assert fill.common_wrong == (("Tom & <Jerry>", 1),)
    shown = render(few, "md")
    assert '"Tom & \\<Jerry\\>" x1' in shown and "<Jerry>" not in shown, "typed text stays text in Markdown"
    withheld = fixture_report(Thresholds(min_group=2, min_responses=1))
    fill = next(i for q in withheld.quizzes for i in q.items if i.question.id == "q-fill")
    assert fill.common_wrong == () and fill.typed_withheld == 1
    assert "Jerry" not in render(withheld, "text")


def test_a_key_changed_since_the_results_is_flagged_at_the_question(tmp_path: Path) -> None:
    root = tmp_path / "course"
    shutil.copytree(FIXTURE_COURSE, root)
    module = root / "modules" / "02-questions" / "module.yaml"
    text = module.read_text(encoding="utf-8")
    text = text.replace("- { text: Second, correct: true, feedback: This one. }\n        - { text: Third }",
                        "- { text: Second, feedback: This one. }\n        - { text: Third, correct: true }")
    module.write_text(text, encoding="utf-8")
    report = fixture_report(Thresholds(min_group=1, min_responses=1), root)
    (flag,) = [f for f in report.flags if f.rule == "key-changed"]
    assert flag.subject.startswith("q-single") and "2 of 2 result(s)" in flag.message
    assert str(flag.place) == "modules/02-questions/module.yaml:16:7"


def test_ids_that_no_longer_exist_are_listed_not_dropped_silently() -> None:
    text = FIXTURE_REPORT.read_text(encoding="utf-8").replace("\tq-order\t", "\tq-order-old\t")
    report = analyse(CourseIndex(load_course(FIXTURE_COURSE)), [read_moodle_text(text, "f.txt", 0, LearnerIds())],
                     Thresholds(min_group=1))
    assert ('1 question id(s) in the results are not quiz questions of today\'s sources (removed or renamed '
            'since?); their 3 answer(s) are not analysed: "q-order-old"') in report.notes


def test_a_kind_without_a_reader_is_said_not_analysed(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delitem(kinds.RESPONSE_READERS, "order")
    report = fixture_report(Thresholds(min_group=1, min_responses=1))
    assert "order" not in {i.question.kind for q in report.quizzes for i in q.items}
    assert ("Questions: Module quiz: q-order is a 'order' question, whose responses this version of dcp-course does not "
            "read: not analysed") in report.notes


def test_final_assessment_ids_match_what_the_build_writes() -> None:
    source = load_course(REPO)
    final = final_quiz_plan(source, shipped_messages(source.course.language))
    assert final is not None
    assert quiz_config(final)["interactionPrefix"] == FINAL_PREFIX
    index = CourseIndex(source)
    question = final.questions[0].id
    assert index.item(FINAL_PREFIX + question).quiz.id == FINAL_ID  # type: ignore[union-attr]
    assert index.item(question).quiz.module_id is not None  # type: ignore[union-attr]


def test_final_only_questions_are_items_of_the_final_at_their_own_lines() -> None:
    source = load_course(TESTS / "fixtures" / "final")
    index = CourseIndex(source)
    cohort = simulate(source, 40, Planted(), final_draw=7)  # the fixture final draws 7
    report = from_moodle(index, cohort, Thresholds(min_responses=1))
    final = next(quiz for quiz in report.quizzes if quiz.quiz.id == FINAL_ID)
    final_only = {q.id for loaded in source.modules for q in loaded.module.final_questions}
    assert final_only and final_only <= {item.question.id for item in final.items}
    assert not any("not quiz questions" in note for note in report.notes)
    module = next(loaded for loaded in source.modules if loaded.module.final_questions)
    first = module.module.final_questions[0]
    assert index.questions[first.id or ""].place.line == module.doc.locate(("final_questions", 0))[0]
    assert all(first.id not in quiz.quiz.question_ids for quiz in report.quizzes if quiz.quiz.id != FINAL_ID)


def test_the_same_results_give_the_same_bytes_whatever_the_file_order(planted) -> None:  # type: ignore[no-untyped-def]
    index, cohort = planted
    pages = lrs_pages(cohort)
    def report(order: list[int]) -> str:
        learners = LearnerIds()
        files: list[ResultsFile] = [read_xapi(pages[i], "page.json", n, learners) for n, i in enumerate(order)]
        return render(replace(analyse(index, files, Thresholds()), inputs=()), "json")  # inputs list the order
    forward = report(list(range(len(pages))))
    assert forward == report(list(range(len(pages))))
    assert forward == report(list(reversed(range(len(pages)))))
