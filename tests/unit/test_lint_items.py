"""The item-writing and final-assessment lint rules: exact messages on the flawed fixture, near
misses, thresholds on real question pairs, and the course-wide key-length pattern."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import FINAL_FIXTURE, TESTS, copy_course, edit_source
from pydantic import TypeAdapter
from ruamel.yaml import YAML

from dcp_course.lint import Finding, lint_course
from dcp_course.lint.item_writing import clue_words
from dcp_course.lint.questions import question_texts
from dcp_course.lint.similarity import SIMILAR, content_words, similarity
from dcp_course.source.load import load_course
from dcp_course.source.model import Question

LINT = TESTS / "fixtures" / "lint"
CLEAN, FLAWED = LINT / "clean", LINT / "flawed"
NEW_RULES = ("truefalse-clue", "key-longest", "near-duplicate", "option-scored-differently", "quiz-minutes",
             "course-minutes", "final-blueprint", "final-unreachable")


@pytest.fixture(scope="module")
def flawed() -> list[str]:
    return [f.render(FLAWED) for f in lint_course(load_course(FLAWED, refuse_final=False))]


def rendered(root: Path, rule: str) -> list[str]:
    findings: list[Finding] = lint_course(load_course(root, refuse_final=False))
    return [f.render(root) for f in findings if f.rule == rule]


@pytest.mark.parametrize("expected", [
    ("modules/01-flawed/module.yaml:118:7: quiz.questions[3].truefalse: true/false 'm1-q-nothing' says "
     "'nothing', which makes it absolute (a test-wise learner answers false) (state one fact plainly and "
     "positively, or ask it as a single-choice question) [warning: truefalse-clue]"),
    ("modules/02-more/module.yaml:65:7: quiz.questions[6].truefalse: true/false 'm2-q-fake' says \"isn't\", "
     "a negation easy to misread (state one fact plainly and positively, or ask it as a single-choice "
     "question) [warning: truefalse-clue]"),
    ("modules/02-more/module.yaml:71:11: quiz.questions[7].choices[0]: in 'm2-q-reply' the keyed option is at "
     "least 1.3x as long as the longest distractor (64 characters against 20) (write distractors as long and "
     "as careful as the key, or trim the key: length gives it away) [warning: key-longest]"),
    ("modules/02-more/module.yaml:18:11: lessons[0].blocks[1].check.truefalse: the check in lesson 'm2-more' "
     "asks the same as 'm1-q-nothing' at 01-flawed/module.yaml:118 (ask each point once; if both stay, make "
     "them test different decisions) [warning: near-duplicate]"),
    ("modules/02-more/module.yaml:57:7: quiz.questions[5].single: 'm2-q-law' shares 36% of its content words "
     "with 'm1-q-law' at 01-flawed/module.yaml:115 (ask each point once; if both stay, make them test "
     "different decisions) [warning: near-duplicate]"),
    ("modules/02-more/module.yaml:79:13: quiz.questions[8].choices[1].text: option 'Correct it with the known "
     "facts' is wrong in 'm2-q-crash' but worth 2 points in the check in lesson 'm1-keys' at "
     "01-flawed/module.yaml:82 (one answer, one verdict across the course: reword the option where the "
     "situation differs) [warning: option-scored-differently]"),
    ("modules/02-more/module.yaml:21:3: quiz.minutes: the quiz gives 2 minutes to 9 questions (allow at least "
     "a minute a question: quiz minutes: 9, counted in the module's minutes) [warning: quiz-minutes]"),
    ("course/course.yaml:19:1: final: the final assessment gives no minutes for its 3 questions (write "
     "minutes: 3 or more under final, and count them in the course's) [warning: quiz-minutes]"),
    ("course/course.yaml:21:3: final.blueprint: no draw of 3 questions meets the blueprint: the smallest that "
     "does holds 8 (raise draw to 8, or lower the blueprint's minimums; the fewest each module's own rules "
     "take: m1-flawed 4, m2-more 4) [error: final-blueprint]"),
    ("modules/01-flawed/module.yaml:9:5: objectives[1].id: the final assessment never draws a question on "
     "objective 'm1-unassessed': no quiz or final-only question assesses it (add final_questions with "
     "assesses: [m1-unassessed], or raise the final's draw) [warning: final-unreachable]"),
    ("modules/02-more/module.yaml:81:5: final_questions[0]: final-only question 'm2-f-plain' assesses no "
     "objective (add assesses: [objective-id]; the course reports mastery per objective) "
     "[warning: question-unassessed]"),
])
def test_item_writing_and_final_findings_read_exactly(flawed: list[str], expected: str) -> None:
    assert expected in flawed


def test_near_misses_stay_quiet(flawed: list[str]) -> None:
    # 'Ask the poster for a source': correct in m2-q-crash, 1 point in the branching check: both earn credit
    scored = [line for line in flawed if line.endswith("[warning: option-scored-differently]")]
    assert len(scored) == 1 and "Ask the poster" not in scored[0]
    # 'Which one is wrong?' has too few words to compare beyond its stem, which differs from 'which one is right'
    assert not any("'m2-q-different'" in line for line in flawed)


@pytest.mark.parametrize(("statement", "absolute", "negated"), [
    ("Officers must always reply within the hour.", ["must", "always"], []),
    ("A fake profile isn\u2019t community policing.", [], ["isn\u2019t"]),  # a typographic apostrophe
    ("No officer works alone online, never.", ["never"], ["no"]),
    ("Only trained officers run the account.", ["only"], []),
    ("A trained officer runs the account.", [], []),
    ("Knowledge is notable; nowhere is it noted.", [], []),
])
def test_true_false_clue_words(statement: str, absolute: list[str], negated: list[str]) -> None:
    assert clue_words(statement) == (absolute, negated)


@pytest.mark.parametrize(("language", "found"), [("en", 1), ("en-GB", 1), ("de", 0)])
def test_true_false_clues_are_read_in_english_only(tmp_path: Path, language: str, found: int) -> None:
    root = copy_course(CLEAN, tmp_path)
    edit_source(root, "course/course.yaml", "language: en", f"language: {language}")
    edit_source(root, "modules/01-clean/module.yaml", "truefalse: A private message is the right place",
         "truefalse: A private message is never the right place")
    assert len(rendered(root, "truefalse-clue")) == found


def load_pairs() -> list[tuple[bool, str, str, float]]:
    data = YAML(typ="safe").load((LINT / "near-duplicates.yaml").read_text(encoding="utf-8"))
    adapter = TypeAdapter(Question)
    pairs = []
    for pair in data["pairs"]:
        a, b = (dict(pair[side]) for side in ("a", "b"))
        names = a.pop("from"), b.pop("from")
        words = [content_words(question_texts(adapter.validate_python(q))) for q in (a, b)]
        pairs.append((pair["duplicate"], *names, similarity(*words)))
    return pairs


@pytest.mark.parametrize(("duplicate", "first", "second", "measured"), load_pairs())
def test_near_duplicate_threshold_on_real_pairs(duplicate: bool, first: str, second: str, measured: float) -> None:
    assert (measured >= SIMILAR) == duplicate, f"{first} / {second}: {measured:.3f}"


FOUR_OPTIONS = """
    - id: m2-q-len{n}
      assesses: [m2-compare]
      single: Case {n} of a pattern, about topic number {n} in the course.
      choices:
        - {{ text: "Option A{n} with words", correct: {a} }}
        - {{ text: "Option B{n} with word", correct: {b} }}
        - {{ text: "Option C{n} words", correct: {c} }}
        - {{ text: "Option D{n} word", correct: {d} }}
"""


def with_four_option_questions(root: Path, keyed: str) -> None:
    """Before m2-q-pick, one four-option question per letter of keyed, keyed on that option: A is the
    longest option, D the shortest."""
    questions = "".join(FOUR_OPTIONS.format(n=n, **{o: str(o == key).lower() for o in "abcd"})
                        for n, key in enumerate(keyed))
    edit_source(root, "modules/02-second/module.yaml", "    - id: m2-q-pick\n", questions.lstrip("\n") + "    - id: m2-q-pick\n")


def test_keys_longest_course_wide_beyond_chance(tmp_path: Path) -> None:
    root = copy_course(CLEAN, tmp_path)
    with_four_option_questions(root, "aaaaaaa")
    ids = ", ".join(f"'m2-q-len{n}'" for n in range(7))
    # the clean course's link check and m1-q-explain have their keys longest too, by a character or three
    assert rendered(root, "key-longest") == [
        "modules/01-clean/module.yaml:30:11: lessons[0].blocks[3].check.single: the keyed option is the longest "
        "in 9 of the course's 11 single-choice questions (82%), where chance predicts 3.6 (33%): the check in "
        "lesson 'm1-links', 'm1-q-explain', " + ids + " (vary which option is longest; a learner who picks the "
        "longest answer should not pass) [warning: key-longest]"]


def test_keys_spread_over_the_lengths_are_no_pattern(tmp_path: Path) -> None:
    root = copy_course(CLEAN, tmp_path)
    with_four_option_questions(root, "abcdabcd")
    assert rendered(root, "key-longest") == []


def test_quiz_minutes_without_quiz_minutes_are_the_modules_less_its_lessons(tmp_path: Path) -> None:
    root = copy_course(CLEAN, tmp_path)
    edit_source(root, "modules/01-clean/module.yaml", "minutes: 90", "minutes: 6")
    assert rendered(root, "quiz-minutes") == [
        "modules/01-clean/module.yaml:5:1: minutes: the quiz gives 1 minutes to 2 questions (no quiz minutes: the "
        "module's 6 less its lessons' 5) (allow at least a minute a question: quiz minutes: 2, counted in the "
        "module's minutes) [warning: quiz-minutes]"]
    assert rendered(root, "course-minutes") == [
        "course/course.yaml:11:1: minutes: minutes is 160, but the 2 modules add up to 66 and the final "
        "assessment takes 10 (write minutes: 76, or correct the modules' or the final's; the home page shows "
        "the modules' figures and the LMS reads the course's) [error: course-minutes]"]


def test_course_minutes_count_the_final_exactly(tmp_path: Path) -> None:
    root = copy_course(CLEAN, tmp_path)
    edit_source(root, "course/course.yaml", "minutes: 10\n", "minutes: 11\n")
    assert [line.split(": ", 2)[2] for line in rendered(root, "course-minutes")] == [
        "minutes is 160, but the 2 modules add up to 150 and the final assessment takes 11 (write minutes: 161, "
        "or correct the modules' or the final's; the home page shows the modules' figures and the LMS reads "
        "the course's) [error: course-minutes]"]


def test_an_objective_a_tight_blueprint_leaves_out_is_unreachable(tmp_path: Path) -> None:
    """Three questions, one final-only from each module: alpha's only one assesses a-apply."""
    root = copy_course(FINAL_FIXTURE, tmp_path)
    edit_source(root, "course/course.yaml", "draw: 7", "draw: 3")
    edit_source(root, "course/course.yaml", "per_module: 2\n    per_objective: 1\n    final_only: 4",
         "per_module: 1\n    final_only: 3")
    edit_source(root, "modules/01-alpha/module.yaml", "  - id: a-f-review\n    assesses: [a-explain]\n"
         "    truefalse: A plan is reviewed when the team changes.\n    answer: true\n", "")
    assert rendered(root, "final-unreachable") == [
        "modules/01-alpha/module.yaml:6:5: objectives[0].id: the final assessment never draws a question on "
        "objective 'a-explain': no draw of 3 that meets the blueprint has room for one (add final_questions "
        "with assesses: [a-explain], or raise the final's draw) [warning: final-unreachable]"]


def test_final_only_questions_without_a_final(tmp_path: Path) -> None:
    root = copy_course(CLEAN, tmp_path)
    edit_source(root, "course/course.yaml", "final:\n  minutes: 10\n  draw: 3\n  blueprint:\n    per_module: 1\n"
         "    final_only: 1\n", "")
    assert rendered(root, "final-unreachable") == [
        "modules/02-second/module.yaml:38:1: final_questions: module 'm2-second' has final-only questions, but "
        "the course has no final assessment to draw them (add final: to course.yaml, or move them into the "
        "module's quiz) [warning: final-unreachable]"]


def test_lint_reports_a_blueprint_the_build_refuses(tmp_path: Path) -> None:
    root = copy_course(FINAL_FIXTURE, tmp_path)
    edit_source(root, "course/course.yaml", "final_only: 4", "final_only: 7")
    assert rendered(root, "final-blueprint") == [
        "course/course.yaml:24:5: final.blueprint.final_only: the modules hold 6 final-only questions; "
        "final_only asks for 7 (add final_questions to the modules, or lower final_only) [error: final-blueprint]"]


@pytest.mark.parametrize("rule", NEW_RULES)
def test_each_new_rule_is_listed(rule: str) -> None:
    from dcp_course.lint import RULES

    assert rule in RULES
