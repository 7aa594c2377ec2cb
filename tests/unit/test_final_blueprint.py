"""The final's pool and blueprint: what loads, what the build refuses and where, and the smallest draw."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import FINAL_FIXTURE, copy_course, edit_source

from dcp_course.plan.site import plan_site
from dcp_course.source.errors import SourceErrors
from dcp_course.source.final import pool as pool_module
from dcp_course.source.final.blueprint import blueprint_rules, reachable, smallest_draw
from dcp_course.source.final.pool import final_pool
from dcp_course.source.final.search import Minimum, smallest_cover
from dcp_course.source.load import load_course
from dcp_course.source.model import question_kind


@pytest.fixture
def final_copy(tmp_path: Path) -> Path:
    return copy_course(FINAL_FIXTURE, tmp_path)


def problems(root: Path) -> list[str]:
    with pytest.raises(SourceErrors) as caught:
        load_course(root)
    return [error.render(root) for error in caught.value.errors]


def test_the_pool_is_each_modules_quiz_then_its_final_only_questions() -> None:
    source = load_course(FINAL_FIXTURE)
    pool = final_pool(source.modules)
    assert [(item.id, item.final_only) for item in pool][:7] == [
        ("a-q-why", False), ("a-q-case", False), ("a-q-owner", False), ("a-q-both", False),
        ("a-f-handover", True), ("a-f-review", True), ("b-q-partners", False)]
    final_only = {item.id for item in pool if item.final_only}
    assert final_only == {q.id for m in source.modules for q in m.module.final_questions}
    site = plan_site(source)
    final = next(page.quiz for page in site.pages if page.quiz is not None and page.module is None)
    assert [q.id for q in final.questions] == [item.id for item in pool]
    module_quizzes = [page.quiz for page in site.pages if page.quiz is not None and page.module is not None]
    shown_in_modules = {q.id for quiz in module_quizzes for q in quiz.questions}
    assert shown_in_modules and not shown_in_modules & final_only


def test_the_plan_passes_on_the_rules_and_a_draw_that_meets_them() -> None:
    source = load_course(FINAL_FIXTURE)
    site = plan_site(source)
    final = next(page.quiz for page in site.pages if page.quiz is not None and page.module is None)
    assert [(rule.by, rule.name, rule.need) for rule in final.rules] == [
        ("objective", "a-explain", 1), ("objective", "a-apply", 1), ("objective", "b-name", 1),
        ("objective", "b-choose", 1), ("objective", "b-plan", 1), ("objective", "g-judge", 1),
        ("module", "alpha", 2), ("module", "beta", 2), ("module", "gamma", 2), ("final-only", "", 4)]
    fallback = set(final.fallback)
    assert len(fallback) == 6
    for rule in final.rules:
        assert len(fallback & set(rule.members)) >= rule.need, rule


def test_a_final_only_question_needs_an_id_and_its_modules_objectives(final_copy: Path) -> None:
    edit_source(final_copy, "modules/01-alpha/module.yaml", "  - id: a-f-handover\n    assesses: [a-apply]",
         "  - assesses: [b-plan]")
    assert problems(final_copy) == [
        "modules/01-alpha/module.yaml:41:5: final_questions[0]: a final-only question needs an id "
        "(add id: a-short-slug; the LMS reports answers under it)",
        "modules/01-alpha/module.yaml:41:16: final_questions[0].assesses[0]: objective 'b-plan' is not "
        "defined in this module (known objectives: a-apply, a-explain)",
    ]


def test_final_only_ids_are_unique_across_the_course(final_copy: Path) -> None:
    edit_source(final_copy, "modules/03-gamma/module.yaml", "id: g-f-joke", "id: a-q-why")
    assert problems(final_copy) == [
        "modules/03-gamma/module.yaml:35:5: final_questions[1].id: duplicate question id 'a-q-why' "
        "(first used at 01-alpha/module.yaml:18)"]


@pytest.mark.parametrize(("old", "new", "expected"), [
    ("per_module: 2", "per_module: 5", [
        "course/course.yaml:22:5: final.blueprint.per_module: module 'gamma' has 4 questions the final "
        "can draw; per_module asks for 5 (add final_questions to modules/03-gamma/module.yaml, or lower "
        "per_module)"]),
    ("per_objective: 1", "per_objective: 3", [
        f"course/course.yaml:23:5: final.blueprint.per_objective: objective '{name}' of module 'beta' is "
        f"assessed by 2 questions the final can draw; per_objective asks for 3 (add questions with "
        f"assesses: [{name}] to modules/02-beta/module.yaml (quiz or final_questions), or lower per_objective)"
        for name in ("b-choose", "b-name", "b-plan")]),
    ("final_only: 4", "final_only: 7", [
        "course/course.yaml:24:5: final.blueprint.final_only: the modules hold 6 final-only questions; "
        "final_only asks for 7 (add final_questions to the modules, or lower final_only)"]),
    ("draw: 7", "draw: 5", [
        "course/course.yaml:21:3: final.blueprint: no draw of 5 questions meets the blueprint: the smallest "
        "that does holds 6 (raise draw to 6, or lower the blueprint's minimums; the fewest each module's own "
        "rules take: alpha 2, beta 2, gamma 2; a question that assesses two objectives of its module counts "
        "for both; and 4 of all must be final-only)"]),
    ("draw: 7", "draw: 16", [
        "course/course.yaml:19:3: final.draw: draw 16 is more than the 15 questions the final can draw "
        "from (lower draw, or add final_questions to the modules)"]),
])
def test_a_blueprint_no_draw_can_meet_is_refused_where_it_is_written(
        final_copy: Path, old: str, new: str, expected: list[str]) -> None:
    edit_source(final_copy, "course/course.yaml", old, new)
    assert problems(final_copy) == expected
    assert load_course(final_copy, refuse_final=False).course.final is not None  # lint still loads it


def test_the_smallest_draw_counts_objectives_a_question_shares(final_copy: Path) -> None:
    """Without b-f-youth (b-name and b-choose at once), beta takes three questions, and so does the draw."""
    edit_source(final_copy, "modules/02-beta/module.yaml", "assesses: [b-name, b-choose]", "assesses: [b-name]")
    edit_source(final_copy, "course/course.yaml", "final_only: 4", "final_only: 0")
    source = load_course(final_copy)
    pool = final_pool(source.modules)
    assert source.course.final is not None
    smallest = smallest_draw(pool, blueprint_rules(pool, source.course.final.blueprint, source.modules))
    assert (smallest.size, smallest.proven) == (7, True)
    assert smallest.module_least == {"alpha": 2, "beta": 3, "gamma": 2}


def test_only_a_tight_draw_leaves_questions_out(final_copy: Path) -> None:
    source = load_course(FINAL_FIXTURE)
    pool = final_pool(source.modules)
    assert source.course.final is not None
    rules = blueprint_rules(pool, source.course.final.blueprint, source.modules)
    assert reachable(pool, rules, 7) == set(range(len(pool)))
    # drawing exactly the smallest number, a beta quiz question on b-name or b-choose alone never fits
    assert {pool[i].id for i in set(range(len(pool))) - reachable(pool, rules, 6)} == {"b-q-partners", "b-q-task"}
    assert reachable(pool, rules, 5) == set()


def test_the_search_finds_the_smallest_cover_where_greedy_does_not() -> None:
    # items 0 = {e1..e4}, 1 = {e1, e3, e5}, 2 = {e2, e4, e6}: taking the largest first costs three
    covering = {"e1": (0, 1), "e2": (0, 2), "e3": (0, 1), "e4": (0, 2), "e5": (1,), "e6": (2,)}
    minimums = [Minimum(1, members) for members in covering.values()]
    found = smallest_cover(minimums)
    assert (found.items, found.proven) == ((1, 2), True)
    assert smallest_cover(minimums, forced=[0]).items == (0, 1, 2)
    gave_up = smallest_cover(minimums, limit=1)
    assert (gave_up.items, gave_up.proven) == ((0, 1, 2), False)  # the greedy cover, not known smallest
    assert smallest_cover([Minimum(2, (0,))]) .items is None


def test_a_kind_the_final_cannot_draw_stays_out_of_its_pool_and_final_questions(
        final_copy: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """drawable() is the one place that keeps a kind out (a trainer-marked task, once it exists)."""
    monkeypatch.setattr(pool_module, "drawable", lambda question: question_kind(question) != "truefalse")
    source = load_course(FINAL_FIXTURE, refuse_final=False)
    assert "a-q-owner" not in {item.id for item in pool_module.final_pool(source.modules)}
    assert problems(final_copy) == [
        "modules/01-alpha/module.yaml:49:5: final_questions[1].truefalse: the final assessment cannot draw "
        "a truefalse question: the player cannot score it by itself (move it to the module's quiz or to a lesson)",
        "modules/03-gamma/module.yaml:37:5: final_questions[1].truefalse: the final assessment cannot draw "
        "a truefalse question: the player cannot score it by itself (move it to the module's quiz or to a lesson)",
    ]
