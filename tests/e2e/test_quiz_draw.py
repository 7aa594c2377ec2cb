"""A quiz that draws and shuffles: the layout is fixed by the stored seed, and "Try again" reseeds."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from dcp_course.source.final.pool import final_pool
from dcp_course.source.load import load_course

from .harness import FIXTURE_COURSE, StaticServer, build_course, publish_packages
from .learner import WRONG_RESPONSES, quiz_size, submit_quiz, walk_pages, write_task

pytestmark = pytest.mark.browser
DRAW = 4  # of the 02-questions quiz's questions, each attempt


def layout(content: Any) -> dict[str, list[str]]:
    """The drawn questions in display order and the order of the shuffled choices."""
    shown = content.locator(".quiz-questions > li:not([hidden])")
    return {
        "questions": shown.evaluate_all("items => items.map(li => li.dataset.questionItem)"),
        "single": content.locator("#q-q-single li.choice").evaluate_all(
            "els => els.map(e => e.dataset.choice)"
        ),
        "multiple": content.locator("#q-q-multiple li.choice").evaluate_all(
            "els => els.map(e => e.dataset.choice)"
        ),
    }


@pytest.fixture
def drawing_package(server: StaticServer, tmp_path: Path) -> Any:
    root = tmp_path / "course"
    shutil.copytree(FIXTURE_COURSE, root)
    module = root / "modules" / "02-questions" / "module.yaml"
    text = module.read_text(encoding="utf-8")
    changed = text.replace(
        "quiz:\n  attempts: 2\n",
        f"quiz:\n  attempts: 3\n  draw: {DRAW}\n  shuffle: true\n  shuffle_choices: true\n",
    )
    assert changed != text
    module.write_text(changed, encoding="utf-8")
    out = build_course(root, tmp_path / "out", formats=("scorm2004",))
    return publish_packages(server, out, f"drawing-{tmp_path.name}")["2004"]


def test_draw_and_shuffle_survive_relaunch_and_reseed_on_retry(
    lms: Any, page: Any, drawing_package: Any
) -> None:
    first = lms("2004", "sco-questions", package=drawing_package)
    first.launch()
    walk_pages(first.content, page, ["About questions", "Module quiz"])
    drawn = layout(first.content)
    assert len(drawn["questions"]) == DRAW
    expect(first.content.locator(".quiz-questions > li[hidden]")).to_have_count(quiz_size() - DRAW)
    expect(first.content.locator("[data-quiz-status]")).to_have_text("Attempt 1 of 3.")
    first.exit()
    before = json.loads(first.sent()["cmi.suspend_data"])["q"][0]
    assert (before["a"], before["r"]) == (0, [])

    second = lms("2004", "sco-questions", package=drawing_package)
    second.launch(first.resume_data())
    content = second.content
    expect(content.locator("h1")).to_have_text("Module quiz")
    assert layout(content) == drawn  # same seed, same draw, same order

    if "q-task" in drawn["questions"]:  # a drawn practical task must be submitted before the quiz
        write_task(content, page, WRONG_RESPONSES["q-task"])
    submit_quiz(content, page)  # nothing answered: every drawn question is wrong
    assert [r["id"] for r in second.interactions().values()] == drawn["questions"]
    submitted = json.loads(second.sent()["cmi.suspend_data"])["q"][0]
    assert (submitted["s"], submitted["a"]) == (before["s"], 1)
    # one response per authored question; only the ordering question has one without any input
    assert len(submitted["r"]) == quiz_size()
    answered = [r for r in submitted["r"] if r not in ("", "---")]
    # (the ordering question comes before the task in the fixture's authored order)
    assert answered == [response for qid, response in (("q-order", "acb"), ("q-task", WRONG_RESPONSES["q-task"]))
                        if qid in drawn["questions"]]

    content.locator("[data-quiz-retry]").click()
    expect(content.locator("[data-quiz-status]")).to_have_text(
        "Attempt 2 of 3. Your best score so far is 0%."
    )
    expect(content.locator(".quiz-questions > li:not([hidden])")).to_have_count(DRAW)
    retried = json.loads(second.sent()["cmi.suspend_data"])["q"][0]
    assert retried["s"] != before["s"]
    assert (retried["a"], retried["r"]) == (1, [])
    second.exit()


FINAL_FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "final"


def blueprint_misses(drawn: list[str]) -> list[str]:
    """What a draw of the final fixture misses of its blueprint, counted from the sources."""
    source = load_course(FINAL_FIXTURE)
    assert source.course.final is not None and source.course.final.blueprint is not None
    blueprint = source.course.final.blueprint
    items = [item for item in final_pool(source.modules) if item.id in drawn]
    misses = [f"module {m.module.id}" for m in source.modules
              if sum(item.module is m for item in items) < blueprint.per_module]
    misses += [f"objective {o.id}" for m in source.modules for o in m.module.objectives
               if sum(o.id in item.objectives for item in items) < blueprint.per_objective]
    if sum(item.final_only for item in items) < blueprint.final_only:
        misses.append("final-only")
    return misses


@pytest.fixture
def final_package(server: StaticServer, tmp_path: Path) -> Any:
    out = build_course(FINAL_FIXTURE, tmp_path / "out", formats=("scorm12",))
    return publish_packages(server, out, f"final-{tmp_path.name}")["1.2"]


def test_the_finals_blueprint_draw_survives_relaunch_in_scorm12_and_holds_on_retry(
    lms: Any, page: Any, final_package: Any
) -> None:
    first = lms("1.2", "sco-final-assessment", package=final_package)
    first.launch()
    shown = first.content.locator(".quiz-questions > li:not([hidden])")
    drawn = shown.evaluate_all("items => items.map(li => li.dataset.questionItem)")
    assert len(drawn) == 7 and blueprint_misses(drawn) == []
    first.exit()

    second = lms("1.2", "sco-final-assessment", package=final_package)
    second.launch(first.resume_data())
    content = second.content
    assert content.locator(".quiz-questions > li:not([hidden])").evaluate_all(
        "items => items.map(li => li.dataset.questionItem)") == drawn  # same seed, same draw and order

    submit_quiz(content, page)
    assert sorted(r["id"] for r in second.interactions().values()) == sorted(f"final-{q}" for q in drawn)
    content.locator("[data-quiz-retry]").click()
    expect(content.locator("[data-quiz-status]")).to_have_text("Attempt 2 of 2. Your best score so far is 0%.")
    again = content.locator(".quiz-questions > li:not([hidden])").evaluate_all(
        "items => items.map(li => li.dataset.questionItem)")
    assert len(again) == 7 and blueprint_misses(again) == []
    second.exit()
