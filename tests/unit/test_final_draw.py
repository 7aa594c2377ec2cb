"""The final's draw as the learner's browser makes it: templates/js/draw.js run under Node for many seeds.

Every draw is checked against the blueprint as the sources state it (each question's module,
objectives and final-only flag), not against the rules the build passes to the player, so a wrong
rule in the course data fails here too.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from collections import Counter
from itertools import combinations
from pathlib import Path
from typing import Any

import pytest
from conftest import FINAL_FIXTURE, REPO, require

from dcp_course.plan.site import QuizPlan, plan_site
from dcp_course.render.pages import quiz_config
from dcp_course.source.final.blueprint import blueprint_rules, reachable, smallest_draw
from dcp_course.source.load import load_course
from dcp_course.source.loaded import CourseSource
from dcp_course.source.model import Blueprint

DRAW_SCRIPTS = [REPO / "templates" / "js" / name for name in ("text.js", "scoring.js", "draw.js")]
SEEDS = range(1, 2001)
RUN_DRAWS = """
global.window = {};
for (const file of process.argv.slice(1)) require(file);
const { config, seeds } = JSON.parse(require("fs").readFileSync(0, "utf8"));
const { seededRandom } = window.DCP.scoring;
const draws = seeds.map((seed) => window.DCP.draw.drawQuestions(config, seededRandom(seed)));
process.stdout.write(JSON.stringify(draws));
"""


def run_draws(config: dict[str, Any], seeds: range = SEEDS) -> list[list[str]]:
    node = shutil.which("node")
    require(node is not None, "node is needed to run the player's draw")
    assert node is not None
    result = subprocess.run([node, "-e", RUN_DRAWS, *map(str, DRAW_SCRIPTS)],
                            input=json.dumps({"config": config, "seeds": list(seeds)}),
                            capture_output=True, text=True, check=True, timeout=120)
    return json.loads(result.stdout)  # type: ignore[no-any-return]


def final_plan(source: CourseSource) -> QuizPlan:
    quiz = next(page.quiz for page in plan_site(source).pages if page.quiz is not None and page.module is None)
    assert quiz is not None
    return quiz


def with_final(source: CourseSource, **changes: Any) -> CourseSource:
    """The source with its final's settings changed (draw, blueprint)."""
    final = source.course.final
    assert final is not None
    course = source.course.model_copy(update={"final": final.model_copy(update=changes)})
    return CourseSource(source.root, source.doc, course, source.modules)


def broken_rules(quiz: QuizPlan, blueprint: Blueprint, drawn: list[str]) -> list[str]:
    """What a draw misses of the blueprint, counted from the sources."""
    items = [item for item in quiz.pool if item.id in set(drawn)]
    missing = []
    modules = Counter(item.module.module.id for item in items)
    objectives = Counter(objective for item in items for objective in item.objectives)
    for loaded in {item.module.module.id: item.module for item in quiz.pool}.values():
        if modules[loaded.module.id] < blueprint.per_module:
            missing.append(f"module {loaded.module.id}")
        missing += [f"objective {o.id}" for o in loaded.module.objectives
                    if objectives[o.id] < blueprint.per_objective]
    if sum(item.final_only for item in items) < blueprint.final_only:
        missing.append("final-only")
    return missing


def check_draws(quiz: QuizPlan, blueprint: Blueprint) -> list[list[str]]:
    """Draw for every seed; each draw has the right size and meets the blueprint. Returns the draws."""
    draws = run_draws(quiz_config(quiz))
    size = min(quiz.draw or len(quiz.questions), len(quiz.questions))
    authored = [q.id for q in quiz.questions]
    for seed, drawn in zip(SEEDS, draws, strict=True):
        assert len(drawn) == len(set(drawn)) == size, seed
        assert drawn == [q for q in authored if q in drawn], seed  # authored order; the page shuffles
        assert broken_rules(quiz, blueprint, drawn) == [], seed
    return draws


def drawn_questions(draws: list[list[str]]) -> set[str]:
    return {question for drawn in draws for question in drawn}


def every_draw_meeting(quiz: QuizPlan, blueprint: Blueprint) -> set[tuple[str, ...]]:
    """Every set of questions of the draw's size that meets the blueprint (a small pool only)."""
    ids = [q.id for q in quiz.questions]
    return {chosen for chosen in combinations(ids, quiz.draw or len(ids))
            if not broken_rules(quiz, blueprint, list(chosen))}


def test_every_draw_of_the_fixture_meets_its_blueprint_and_every_question_is_drawn() -> None:
    source = load_course(FINAL_FIXTURE)
    assert source.course.final is not None and source.course.final.blueprint is not None
    quiz = final_plan(source)
    assert quiz.rules and quiz.draw is not None
    draws = check_draws(quiz, source.course.final.blueprint)
    assert drawn_questions(draws) == {q.id for q in quiz.questions}
    # as random as the blueprint allows: nearly every draw that meets it turns up
    possible = every_draw_meeting(quiz, source.course.final.blueprint)
    assert len({tuple(drawn) for drawn in draws}) >= 0.9 * len(possible)


def test_a_draw_as_small_as_the_blueprint_allows_still_meets_it() -> None:
    """With draw = the smallest draw, random tries often fail; the fallback keeps every draw right."""
    source = load_course(FINAL_FIXTURE)
    assert source.course.final is not None and source.course.final.blueprint is not None
    quiz = final_plan(with_final(source, draw=6))
    draws = check_draws(quiz, source.course.final.blueprint)
    assert drawn_questions(draws) == {quiz.pool[i].id for i in reachable(quiz.pool, quiz.rules, 6)}
    assert {tuple(drawn) for drawn in draws} == every_draw_meeting(quiz, source.course.final.blueprint)


def test_the_real_course_final_meets_its_blueprint_and_draws_every_question() -> None:
    source = load_course(REPO)
    assert source.course.final is not None
    blueprint = source.course.final.blueprint or Blueprint()
    quiz = final_plan(source)
    assert drawn_questions(check_draws(quiz, blueprint)) == {q.id for q in quiz.questions}


def test_the_real_course_under_a_blueprint_covering_every_objective() -> None:
    """Many objectives and questions that assess two of them: the set-cover case on real questions."""
    source = load_course(REPO)
    blueprint = Blueprint(per_module=2, per_objective=1)
    quiz = final_plan(with_final(source, blueprint=blueprint))
    smallest = smallest_draw(quiz.pool, blueprint_rules(quiz.pool, blueprint, source.modules)).size
    assert smallest is not None
    quiz = final_plan(with_final(source, blueprint=blueprint, draw=smallest + 2))
    assert drawn_questions(check_draws(quiz, blueprint)) == {q.id for q in quiz.questions}


def test_without_a_blueprint_the_draw_is_the_uniform_one_of_before(tmp_path: Path) -> None:
    """A quiz without rules draws exactly as the player did before blueprints: same seed, same questions."""
    config = {"questions": [f"q{i}" for i in range(10)], "draw": 4}
    before = """
const ids = config.questions, random = seededRandom(seed);
const picked = new Set(shuffled(ids, random).slice(0, config.draw));
return ids.filter((id) => picked.has(id));
"""
    script = tmp_path / "before.js"
    script.write_text("window.DCP.before = (config, seed, seededRandom, shuffled) => {" + before + "};\n")
    node = shutil.which("node")
    require(node is not None, "node is needed to run the player's draw")
    assert node is not None
    compare = RUN_DRAWS.replace(
        "const draws = ", "const { shuffled } = window.DCP.scoring;\n"
        "const old = seeds.map((seed) => window.DCP.before(config, seed, seededRandom, shuffled));\nconst draws = ",
    ).replace("JSON.stringify(draws)", "JSON.stringify([draws, old])")
    result = subprocess.run([node, "-e", compare, *map(str, DRAW_SCRIPTS), str(script)],
                            input=json.dumps({"config": config, "seeds": list(range(1, 201))}),
                            capture_output=True, text=True, check=True, timeout=120)
    draws, old = json.loads(result.stdout)
    assert draws == old


@pytest.mark.parametrize("draw", [None, 15])
def test_a_draw_of_the_whole_pool_holds_every_question(draw: int | None) -> None:
    source = load_course(FINAL_FIXTURE)
    quiz = final_plan(with_final(source, draw=draw))
    assert all(drawn == [q.id for q in quiz.questions] for drawn in run_draws(quiz_config(quiz), range(1, 20)))


def test_when_random_tries_fail_the_fallback_still_meets_every_rule() -> None:
    """Only q1 with q2 meets these rules (q5 and q6 each count for one rule alone), while q0 and the
    decoys q3... count for the others: tries picking those first fail, and some seeds fail every try."""
    elements = {"e1": [0, 1], "e2": [0, 2], "e3": [0, 1], "e4": [0, 2], "e5": [1], "e6": [2]}
    decoys = {name: list(range(3 + 4 * k, 7 + 4 * k)) for k, name in enumerate(("e1", "e2", "e3", "e4"))}
    rules = [{"by": "objective", "need": 1, "from": members + decoys.get(name, [])}
             for name, members in elements.items()]
    config = {"questions": [f"q{i}" for i in range(19)], "draw": 2,
              "blueprint": {"rules": rules, "fallback": [1, 2]}}
    assert all(drawn == ["q1", "q2"] for drawn in run_draws(config))
