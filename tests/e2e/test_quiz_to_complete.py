"""A passed quiz with pages still unviewed says what stands between the learner and completion."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

from .harness import LmsSession, follow_link
from .learner import answer_basics, answer_questions_right, submit_quiz, walk_pages

pytestmark = pytest.mark.browser


def open_from_menu(session: LmsSession, page_id: str, title: str) -> None:
    follow_link(session.content, session.content.locator(f".module-menu [data-page-link='{page_id}'] a"))
    expect(session.content.locator("h1")).to_have_text(title)


def completion(session: LmsSession) -> str:
    sent = session.sent()
    return sent["cmi.core.lesson_status"] if session.version == "1.2" else sent["cmi.completion_status"]


@pytest.mark.parametrize("version", ["1.2", "2004"])
def test_passed_quiz_links_to_the_pages_still_unviewed(lms: Any, page: Any, version: str) -> None:
    session = lms(version, "sco-questions")
    session.launch()
    content = session.content
    open_from_menu(session, "questions-quiz", "Module quiz")  # "About questions" skipped
    answer_questions_right(content, page)
    submit_quiz(content, page)

    score = content.locator("[data-quiz-score]")
    expect(score).to_have_text("You scored 100%. The pass mark is 75%. You passed.")
    remaining = content.locator("[data-quiz-to-complete]")
    expect(remaining).to_be_visible()
    expect(remaining.locator("p")).to_have_text("To complete this part, you still need to open this page:")
    links = remaining.locator("a")
    expect(links).to_have_text(["About questions"])
    expect(links).to_have_attribute("href", "about-questions.html")  # the page beside this one
    assert links.get_attribute("target") is None  # same frame: the page belongs to this SCO
    expect(content.locator("[data-quiz-live]")).to_contain_text(
        "To complete this part, you still need to open this page: About questions"
    )
    assert completion(session) == "incomplete"

    follow_link(content, links)
    expect(content.locator("h1")).to_have_text("About questions")
    expect(content.locator("[data-progress]")).to_have_text("3 of 3 pages viewed")
    assert completion(session) == ("passed" if version == "1.2" else "completed")

    open_from_menu(session, "questions-quiz", "Module quiz")
    expect(score).to_have_text("You scored 100%. The pass mark is 75%. You passed.")
    expect(content.locator("[data-quiz-to-complete]")).to_have_count(0)  # nothing stands in the way


def test_a_failed_quiz_says_nothing_about_pages(lms: Any, page: Any) -> None:
    session = lms("2004", "sco-basics")
    session.launch()
    open_from_menu(session, "basics-quiz", "Module quiz")  # both lessons skipped
    answer_basics(session.content, page, right=False)
    submit_quiz(session.content, page)
    expect(session.content.locator("[data-quiz-score]")).to_contain_text("You did not pass.")
    expect(session.content.locator("[data-quiz-to-complete]")).to_have_count(0)


def test_pages_of_other_modules_in_a_per_course_sco_are_counted_and_linked(lms: Any, page: Any) -> None:
    session = lms("2004", "sco-fixture-course", "per-course")
    session.launch()
    content = session.content
    walk_pages(content, page, ["Basics <of> blocks", "All the blocks & more", "Second lesson", "Module quiz"])
    answer_basics(content, page, right=True)
    submit_quiz(content, page)
    expect(content.locator("[data-quiz-score]")).to_contain_text("You passed.")
    remaining = content.locator("[data-quiz-to-complete]")
    expect(remaining.locator("p")).to_have_text(
        "To complete this part, you still need to open these 3 pages:"
    )
    link = remaining.locator("a")
    expect(link).to_have_text(["Pages in other modules not yet opened: 3"])
    expect(link).to_have_attribute("href", "../02-questions/index.html")
    follow_link(content, link)
    expect(content.locator("h1")).to_have_text("Questions")
    expect(content.locator("[data-progress]")).to_have_text("6 of 8 pages viewed")
