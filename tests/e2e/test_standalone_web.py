"""The web output opened from a plain web server, no LMS anywhere: progress lives in localStorage."""

from __future__ import annotations

import json
from typing import Any

import pytest
from playwright.sync_api import expect

from .harness import follow_link, navigate, wait_until_ready
from .learner import answer_basics, expect_feedback, follow_next, submit_quiz

pytestmark = pytest.mark.browser

STORAGE_KEY = "dcp-course:fixture-course@0.9.0:standalone:fixture-course"


def test_web_output_keeps_progress_across_pages(page: Any, built: Any) -> None:
    page.goto(built.web_url + "index.html")
    wait_until_ready(page)
    progress = page.locator("[data-progress]")
    expect(progress).to_have_text("1 of 8 pages viewed")
    expect(page.locator('.module-card[data-page-link="basics"]')).not_to_have_attribute("data-visited", "")

    follow_link(page, page.locator('.module-card[data-page-link="basics"] h3 a'))
    expect(page.locator("h1")).to_have_text("Basics <of> blocks")
    expect(progress).to_have_text("2 of 8 pages viewed")
    expect(page.locator('.lesson-list [data-page-link="all-blocks"] .visited-mark')).to_be_hidden()

    follow_next(page, page)
    expect(page.locator("h1")).to_have_text("All the blocks & more")
    expect(progress).to_have_text("3 of 8 pages viewed")
    expect(page.locator('.module-menu [data-page-link="basics"]')).to_have_attribute("data-visited", "")
    expect(page.locator('.module-menu [data-page-link="second-lesson"]')).not_to_have_attribute(
        "data-visited", ""
    )

    # a scenario shows the chosen option's consequence, in its live region
    scenario = page.locator("[data-scenario]")
    scenario.locator("[data-scenario-reveal]").click()
    expect(scenario.locator("[data-scenario-hint]")).to_have_text("Choose an option first.")
    scenario.get_by_label("Do nothing").check()
    scenario.locator("[data-scenario-reveal]").click()
    expect(scenario.locator('[data-consequence="2"]')).to_be_visible()
    expect(scenario.locator('[data-consequence="2"]')).to_contain_text("It goes badly.")
    expect(scenario.locator('[data-consequence="1"]')).to_be_hidden()
    expect(scenario.locator("[data-scenario-hint]")).to_have_count(0)

    # a knowledge check gives feedback and announces it
    check = page.locator('form[data-check="all-blocks-check-1"]')
    check.locator("[data-check-submit]").click()
    expect(check.locator("[data-check-live]")).to_have_text("Answer the question first.")
    check.get_by_label("image").check()
    check.locator("[data-check-submit]").click()
    expect_feedback(check.locator("[data-question-feedback]"), "Correct")
    expect_feedback(
        check.locator('[data-choice="a"] [data-choice-feedback]'),
        "Correct",
        "Yes, pictures go in image blocks.",
    )
    expect(check.locator("[data-check-live]")).to_contain_text("Correct")

    notes = page.locator("textarea[data-notes]")
    notes.fill("Reflections stay on this device.")

    navigate(page, page.reload, page.url)
    expect(progress).to_have_text("3 of 8 pages viewed")
    expect(notes).to_have_value("Reflections stay on this device.")

    follow_link(page, page.locator('.module-menu [data-page-link="basics"] a'))
    expect(page.locator('.lesson-list [data-page-link="all-blocks"] .visited-mark')).to_be_visible()

    follow_link(page, page.locator('.module-menu [data-page-link="basics-quiz"] a'))
    answer_basics(page, page, right=True)
    submit_quiz(page, page)
    expect(page.locator("[data-quiz-score]")).to_have_text(
        "You scored 100%. The pass mark is 50%. You passed."
    )
    navigate(page, page.reload, page.url)
    expect(page.locator("[data-quiz-score]")).to_have_text(
        "You scored 100%. The pass mark is 50%. You passed."
    )
    expect(page.locator("[data-quiz-status]")).to_have_text("Attempts used: 1 of 2.")
    expect(page.locator("#q-basics-q1-a")).to_be_checked()

    follow_link(page, page.locator(".brand-course"))
    expect(progress).to_have_text("4 of 8 pages viewed")
    stored = json.loads(page.evaluate(f"() => localStorage.getItem({json.dumps(STORAGE_KEY)})"))
    state = json.loads(stored["cmi.suspend_data"])
    assert state["p"] == "11101000"
    assert (state["q"][0]["a"], state["q"][0]["b"], state["q"][1]["a"]) == (1, 100, 0)
    assert stored["cmi.location"] == "index.html"


def test_a_request_leaving_127_0_0_1_is_blocked_and_recorded(page: Any, built: Any, watch: Any) -> None:
    page.goto(built.web_url + "index.html")
    page.evaluate("() => fetch('https://example.org/tracking.gif').catch(() => null)")
    assert watch.foreign_requests[-1] == "https://example.org/tracking.gif"
    watch.foreign_requests.clear()  # seen, and blocked: the fixture would fail this test otherwise
