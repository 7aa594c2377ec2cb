"""axe-core (WCAG 2.x A and AA rules) finds nothing on any page, in any state a learner reaches."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from .conftest import Built
from .harness import REPO, StaticServer, build_course, require_module

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


def violations(page: Any) -> list[str]:
    axe_module = require_module("axe_playwright_python.sync_playwright")
    results = axe_module.Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG_TAGS},
                                                  "resultTypes": ["violations"]})
    found = results.response["violations"]
    return [f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']][:3]}" for v in found]


def check_every_page(context: Any, web_dir: Path, base_url: str) -> dict[str, list[str]]:
    page = context.new_page()
    problems = {}
    for path in sorted(web_dir.rglob("*.html")):
        relative = path.relative_to(web_dir).as_posix()
        page.goto(base_url + relative)
        found = violations(page)
        if found:
            problems[relative] = found
    page.close()
    return problems


def test_every_fixture_page_passes_axe(context: Any, built: Built) -> None:
    assert check_every_page(context, built.web_dir, built.web_url) == {}


def test_every_real_course_page_passes_axe(context: Any, server: StaticServer, tmp_path: Path) -> None:
    out = build_course(REPO, tmp_path / "real", None, ("web",))
    url = server.mount("real-course-web", out / "web")
    assert check_every_page(context, out / "web", url) == {}


def test_question_states_after_answering_pass_axe(context: Any, built: Built) -> None:
    page = context.new_page()
    page.goto(built.web_url + "01-basics/all-blocks.html")
    page.locator("[data-scenario] input[type=radio]").first.check()
    page.locator("[data-scenario-reveal]").click()
    page.locator("form[data-check] input[type=radio]").first.check()
    page.locator("[data-check-submit]").first.click()
    page.locator("textarea").first.fill("A note.")
    assert violations(page) == []

    page.goto(built.web_url + "02-questions/quiz.html")
    page.locator("#q-q-single-a").check()
    page.locator("#q-q-truefalse-true").check()
    page.locator("#q-q-fill-answer").fill("Bergen")
    page.locator("[data-question='q-branch'] input[type=radio]").first.check()
    page.locator("[data-question='q-branch'] [data-branch-choose]").first.click()
    page.locator("[data-question='q-order'] [data-move='down']").first.click()
    page.locator("#q-q-task-answer").fill("A plan. " * 45)  # near the limit: the count speaks
    assert violations(page) == []  # mid-attempt: partly answered, a branch step revealed
    page.locator("[data-task-submit]").click()
    page.locator("#q-q-task-tick-0").check()
    assert violations(page) == []  # the task submitted: its model answer and checklist shown
    page.locator("[data-quiz-submit]").click()
    page.locator("[data-quiz-result]").wait_for(state="visible")
    assert violations(page) == []  # the review and result after submitting


@pytest.mark.parametrize("version", ["1.2", "2004"])
def test_sco_shell_passes_axe(context: Any, built: Built, version: str) -> None:
    package = built.package(version)
    page = context.new_page()
    page.goto(package.launch_url(min(package.scos)))
    page.locator("#dcp-frame").wait_for()
    assert violations(page) == []


def test_the_checker_reports_a_real_violation(context: Any, built: Built, tmp_path: Path) -> None:
    """Guards the guard: a page with known faults must not pass."""
    broken = built.web_dir / "broken-for-axe.html"
    broken.write_text('<!DOCTYPE html><html><head><title>x</title></head><body>'
                      '<img src="assets/logo.svg"><input type="text"></body></html>')
    try:
        page = context.new_page()
        page.goto(built.web_url + "broken-for-axe.html")
        found = " ".join(violations(page))
        assert "image-alt" in found and "html-has-lang" in found and "label" in found
    finally:
        broken.unlink()


@pytest.mark.parametrize("width", [320, 640])
def test_pages_reflow_without_horizontal_scrolling(context: Any, built: Built, width: int) -> None:
    """WCAG 1.4.10 and 1.4.4: at 320 CSS px (400 % zoom) and 640 px (200 %) nothing scrolls sideways."""
    page = context.new_page()
    page.set_viewport_size({"width": width, "height": 800})
    for path in ("index.html", "01-basics/all-blocks.html", "02-questions/quiz.html"):
        page.goto(built.web_url + path)
        overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert overflow <= 0, f"{path} scrolls sideways by {overflow}px at {width}px"
