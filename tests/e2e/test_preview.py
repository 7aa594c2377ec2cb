"""The preview in headless Chromium: live reload, the error page, the LMS simulator, review mode."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from dcp_course.preview.server import PreviewServer

from .harness import navigate, require_module, wait_until_ready
from .learner import answer_questions_right, quiz_size, submit_quiz, walk_pages

expect = require_module("playwright.sync_api").expect

pytestmark = pytest.mark.browser

BASICS = Path("modules") / "01-basics" / "module.yaml"
RELOAD_TIMEOUT = 15_000  # ms: a watcher event, a rebuild and the page's next version check


@pytest.fixture
def preview(browser_requirements: None, course_copy: Path) -> Iterator[PreviewServer]:
    server = PreviewServer(course_copy, 0).start()
    yield server
    server.stop()


def edit(root: Path, old: str, new: str) -> None:
    path = root / BASICS
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_open_pages_follow_edits_show_errors_and_recover(preview: PreviewServer, page: Any,
                                                         course_copy: Path) -> None:
    page.goto(preview.url + "01-basics/second-lesson.html")
    expect(page.locator("h1")).to_have_text("Second lesson")
    page.evaluate("() => { window.notReloaded = true; }")

    edit(course_copy, "title: Second lesson", "title: Second lesson, edited")
    expect(page.locator("h1")).to_have_text("Second lesson, edited", timeout=RELOAD_TIMEOUT)
    assert page.evaluate("() => window.notReloaded === undefined")  # the page reloaded by itself

    edit(course_copy, "summary:", "sumary:")
    where = page.locator("[data-problem-where]")
    expect(where).to_have_text("modules/01-basics/module.yaml, line 3, column 1", timeout=RELOAD_TIMEOUT)
    expect(page.locator("[data-problem-message]")).to_have_text("sumary: unknown key")
    expect(page.locator(".problem-hint")).to_have_text("Hint: did you mean 'summary'?")
    expect(page.locator(".excerpt .marked")).to_contain_text("sumary: Every block type once")

    edit(course_copy, "sumary:", "summary:")
    expect(page.locator("h1")).to_have_text("Second lesson, edited", timeout=RELOAD_TIMEOUT)
    expect(page.locator("[data-problem]")).to_have_count(0)


def panel(page: Any, name: str) -> Any:
    return page.locator(f"[data-show='{name}']")


def test_simulator_shows_what_the_sco_reports(preview: PreviewServer, page: Any, course_copy: Path) -> None:
    page.goto(preview.url + "lms/?version=1.2&sco=sco-questions")
    content = page.frame_locator("#lms-sco-frame").frame_locator("#dcp-frame")
    wait_until_ready(content)
    expect(panel(page, "api")).to_have_text("SCORM 1.2 (window.API)")
    expect(panel(page, "state")).to_have_attribute("data-state", "running")
    expect(panel(page, "status")).to_have_text("incomplete")
    expect(panel(page, "location")).to_have_text("02-questions/index.html")
    expect(panel(page, "entry-exit")).to_have_text("ab-initio / suspend")

    walk_pages(content, page, ["About questions", "Module quiz"])
    expect(panel(page, "location")).to_have_text("02-questions/quiz.html")
    answer_questions_right(content, page)
    submit_quiz(content, page)
    expect(panel(page, "status")).to_have_text("passed")
    expect(panel(page, "score")).to_have_text("100 (min 0, max 100)")
    expect(panel(page, "interaction-count")).to_have_text(str(quiz_size()))
    fill = page.locator("[data-show='interactions'] tr[data-interaction='q-fill'] td")
    expect(fill.nth(1)).to_have_text("q-fill")
    expect(fill.nth(2)).to_have_text("fill-in")
    expect(fill.nth(4)).to_have_text("Oslo")
    expect(fill.nth(5)).to_have_text("correct")
    size = panel(page, "suspend-size")
    expect(size).to_contain_text("of 4,096 characters")
    assert 0 < int(size.get_attribute("data-size")) < 4096
    expect(panel(page, "suspend-data")).to_contain_text('"p": "111"')
    expect(panel(page, "last-error")).to_have_attribute("data-code", "0")
    expect(page.locator("[data-show='errors'] li")).to_have_text(["None so far."])

    navigate(content, page.locator("[data-action='relaunch']").click)  # the learner comes back: data kept
    expect(content.locator("h1")).to_have_text("Module quiz")  # the bookmark
    expect(panel(page, "state")).to_contain_text("launch 2")
    expect(panel(page, "status")).to_have_text("passed")
    expect(panel(page, "total-time")).not_to_have_text("0000:00:00")

    navigate(content, page.locator("[data-action='reset']").click)  # a new attempt starts from nothing
    expect(panel(page, "status")).to_have_text("incomplete")
    expect(panel(page, "interaction-count")).to_have_text("0")
    expect(panel(page, "entry-exit")).to_have_text("ab-initio / suspend")

    navigate(content, lambda: page.select_option("[data-version]", "2004"))
    expect(panel(page, "api")).to_have_text("SCORM 2004 (window.API_1484_11)")
    expect(panel(page, "status")).to_have_text("incomplete")
    expect(panel(page, "success")).to_have_text("unknown")
    expect(panel(page, "progress")).to_have_text("0.25")
    expect(panel(page, "location")).to_have_text("02-questions/index.html")
    expect(page.locator("[data-show='errors'] li")).to_have_text(["None so far."])

    # an edit reloads the page inside the SCO; the learner's session goes on
    questions = course_copy / "modules" / "02-questions" / "module.yaml"
    questions.write_text(questions.read_text().replace("title: About questions", "title: All about questions"))
    expect(content.locator(".module-menu [data-page-link='about-questions'] a")).to_have_text("All about questions",
                                                                                 timeout=RELOAD_TIMEOUT)
    expect(panel(page, "rebuilt")).to_contain_text("Rebuilt at")
    expect(panel(page, "state")).to_have_attribute("data-state", "running")
    expect(panel(page, "state")).to_contain_text("launch 1")


def test_review_mode_shows_answer_keys(preview: PreviewServer, page: Any) -> None:
    page.goto(preview.url + "review/02-questions/quiz.html")
    expect(page.locator("[data-review-banner]")).to_be_visible()
    key = page.locator("[data-answer-key='q-fill']")
    expect(key).to_be_visible()
    expect(key).to_contain_text("Accepted answer: Oslo")
    expect(key).to_contain_text("Yes, Oslo.")
    expect(page.locator("[data-answer-key='q-single'] .key-right")).to_contain_text("Second")

    page.goto(preview.url + "review/01-basics/all-blocks.html")
    expect(page.locator("[data-answer-key='all-blocks-check-1'] .key-right")).to_contain_text("image")
    expect(page.locator("[data-review-time]")).to_have_text("5 min (set by the author)")

    page.goto(preview.url + "review/")
    expect(page.locator("table[data-coverage] tr[data-objective]")).to_have_count(3)

    page.goto(preview.url + "02-questions/quiz.html")  # the learner's page has no key
    expect(page.locator("h1")).to_have_text("Module quiz")
    expect(page.locator("[data-answer-key]")).to_have_count(0)


def test_the_language_switch_shows_the_course_in_the_pseudo_locale(preview: PreviewServer, page: Any) -> None:
    page.goto(preview.url + "01-basics/second-lesson.html")
    expect(page.locator("h1")).to_have_text("Second lesson")
    switch = page.get_by_label("Language")
    expect(switch).to_have_value("en")
    switch.focus()  # keyboard only: choose, Tab to the button, Enter
    page.keyboard.press("ArrowDown")
    expect(switch).to_have_value("qps")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Show in this language"
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url == preview.url + "01-basics/second-lesson.html"
    expect(page.locator("html")).to_have_attribute("lang", "en-XA")
    expect(page.locator("h1")).to_have_text("⟦Šééçööñđ ĺééššööñ⟧")
    expect(page.locator("main p").first).to_contain_text("⟦")
    expect(page.locator("[data-preview-language] select")).to_have_value("qps")

    page.goto(preview.url + "review/01-basics/second-lesson.html")  # review mode follows the switch
    expect(page.locator("h1")).to_have_text("⟦Šééçööñđ ĺééššööñ⟧")
    page.goto(preview.url + "lms/")
    expect(page.locator("[data-preview-language] select")).to_have_value("qps")
