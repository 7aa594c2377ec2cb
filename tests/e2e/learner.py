"""What a keyboard-only learner does in the fixture course (tests/fixtures/course)."""

from __future__ import annotations

import json
import math
from typing import Any

from conftest import fixture_quiz

from .harness import follow_link, require_module

expect = require_module("playwright.sync_api").expect


def follow_next(content: Any, page: Any) -> None:
    """Move to the next page with the keyboard (focus the pager's Next link, press Enter) and wait
    until that page is there and ready."""
    link = content.locator("a.pager-next")

    def press_enter() -> None:
        link.focus()
        page.keyboard.press("Enter")

    follow_link(content, link, press_enter)


def walk_pages(content: Any, page: Any, titles: list[str]) -> None:
    """From the current page, press Next through pages whose h1 should read `titles` in turn."""
    for title in titles:
        follow_next(content, page)
        expect(content.locator("h1")).to_have_text(title)



def expect_feedback(box: Any, verdict: str, text: str = "") -> None:
    """A feedback box shows the verdict line, then the authored feedback."""
    expect(box).to_be_visible()
    expect(box.locator(".verdict")).to_have_text(verdict)
    if text:
        expect(box).to_contain_text(text)


def submit_quiz(content: Any, page: Any) -> None:
    content.locator("[data-quiz-submit]").focus()
    page.keyboard.press("Enter")
    heading = content.locator("[data-quiz-result] h2")
    expect(heading).to_be_focused()


# ---------------------------------------------------------------- module 02-questions

QUESTIONS_MODULE = "02-questions"
# What answer_questions_right and answer_questions_wrong leave in suspend data, question by question
# in authored order (tests/fixtures/course/modules/02-questions/module.yaml).
RIGHT_RESPONSES = {"q-single": "b", "q-multiple": "ac", "q-truefalse": "f", "q-match": "abc", "q-order": "abc",
                   "q-fill": "  oslo ", "q-branch": "aa", "q-numeric": "42,4", "q-task": "s111|" + "A plan. " * 40}
WRONG_RESPONSES = {"q-single": "a", "q-multiple": "a", "q-truefalse": "t", "q-match": "ba-", "q-order": "acb",
                   "q-fill": "Bergen", "q-branch": "b", "q-numeric": "26", "q-task": "s000|Not much."}
# What the wrong answers still earn: q-multiple's one right choice of two, under partial scoring.
WRONG_POINTS = 0.5


def quiz_questions() -> list[dict[str, Any]]:
    """The 02-questions quiz as written, so that counts follow the fixture."""
    return fixture_quiz(QUESTIONS_MODULE)


def quiz_size() -> int:
    return len(quiz_questions())


def wrong_percent() -> int:
    """The score answer_questions_wrong earns: the quiz engine's whole percent, rounded down."""
    # a practical task not scored weighs nothing in the quiz's score
    weight = sum(question.get("weight", 1) for question in quiz_questions()
                 if "task" not in question or question.get("scored"))
    return math.floor(100 * WRONG_POINTS / weight + 1e-9)


def expected_results(outcome: str, version: str) -> list[str]:
    """Each question's interaction result after answering it right or wrong, in authored order."""
    wrong = "wrong" if version == "1.2" else "incorrect"
    return ["neutral" if "task" in question and not question.get("scored") else "correct" if outcome == "right"
            else wrong for question in quiz_questions()]


def write_task(content: Any, page: Any, response: str) -> None:
    """The practical task by keyboard: type, Tab to "Submit answer", Enter, then tick with Space."""
    ticks, _, text = response.partition("|")
    content.locator("#q-q-task-answer").focus()
    page.keyboard.insert_text(text)
    page.keyboard.press("Tab")
    expect(content.locator("[data-task-submit]")).to_be_focused()
    page.keyboard.press("Enter")
    expect(content.locator("#q-q-task-model")).to_be_focused()
    expect(content.locator("[data-task-after]")).to_contain_text("Model answer")
    expect(content.locator("#q-q-task-answer")).to_have_attribute("readonly", "")
    for i, tick in enumerate(ticks[1:]):
        if tick == "1":
            content.locator(f"#q-q-task-tick-{i}").focus()
            page.keyboard.press("Space")



def answer_questions_right(content: Any, page: Any) -> None:
    """Every question of the 02-questions quiz answered correctly, by keyboard only."""
    content.locator("#q-q-single-a").focus()
    page.keyboard.press("ArrowDown")  # arrow keys move the checked radio within the group
    expect(content.locator("#q-q-single-b")).to_be_checked()

    content.locator("#q-q-multiple-a").focus()
    page.keyboard.press("Space")
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    expect(content.locator("#q-q-multiple-c")).to_be_focused()
    page.keyboard.press("Space")

    content.locator("#q-q-truefalse-true").focus()
    page.keyboard.press("ArrowRight")
    expect(content.locator("#q-q-truefalse-false")).to_be_checked()

    content.locator("#q-q-match-1").focus()
    page.keyboard.type("P")  # type-ahead picks Paris
    page.keyboard.press("Tab")
    page.keyboard.type("T")
    page.keyboard.press("Tab")
    page.keyboard.type("H")
    expect(content.locator("#q-q-match-3")).to_have_value("c")

    move_up_two = content.get_by_role("button", name="Move up: Two")
    move_up_two.focus()
    page.keyboard.press("Enter")
    expect(move_up_two).to_be_focused()  # focus stays on the moved item's button
    expect(content.locator("[data-quiz-live]")).to_have_text("Two moved to position 2 of 3.")
    expect(content.locator("[data-order-list] .order-text")).to_have_text(["One", "Two", "Three"])

    content.locator("#q-q-fill-answer").focus()
    page.keyboard.type("  oslo ")

    content.locator("#q-q-numeric-answer").focus()
    page.keyboard.type(RIGHT_RESPONSES["q-numeric"])  # a decimal comma, within the tolerance

    choose_path(content, page, ["a", "a"])
    write_task(content, page, RIGHT_RESPONSES["q-task"])


def answer_questions_wrong(content: Any, page: Any) -> None:
    """Every question answered wrongly (multiple response half right, so partially correct)."""
    content.locator("#q-q-single-a").focus()
    page.keyboard.press("Space")

    content.locator("#q-q-multiple-a").focus()
    page.keyboard.press("Space")  # "2" only: one of two right, none wrong -> partial credit

    content.locator("#q-q-truefalse-true").focus()
    page.keyboard.press("Space")

    content.locator("#q-q-match-1").focus()
    page.keyboard.type("T")  # France -> Tallinn
    page.keyboard.press("Tab")
    page.keyboard.type("P")  # Estonia -> Paris; Finland left unanswered

    # the displayed order One, Three, Two is left as it is

    content.locator("#q-q-fill-answer").focus()
    page.keyboard.type("Bergen")
    page.keyboard.press("Enter")  # must not submit the whole quiz
    expect(content.locator("[data-quiz-result]")).to_be_hidden()

    content.locator("#q-q-numeric-answer").focus()
    page.keyboard.type(WRONG_RESPONSES["q-numeric"])

    choose_path(content, page, ["b"])
    write_task(content, page, WRONG_RESPONSES["q-task"])


def choose_path(content: Any, page: Any, letters: list[str]) -> None:
    """Branching by keyboard: pick an option with the arrow keys, Tab to "Choose this", Enter."""
    steps = ["first", "second"]
    for step, letter in zip(steps, letters, strict=False):
        first = content.locator(f"#q-q-branch-{step}-a")
        if step == "first":
            first.focus()
        else:
            expect(first).to_be_focused()  # the runtime moved focus to the revealed step
        page.keyboard.press("Space" if letter == "a" else "ArrowDown")
        expect(content.locator(f"#q-q-branch-{step}-{letter}")).to_be_checked()
        page.keyboard.press("Tab")
        choose = content.locator(f'[data-step="{step}"] [data-branch-choose]')
        expect(choose).to_be_focused()
        page.keyboard.press("Enter")
        expect(content.locator(f'[data-step="{step}"] [data-branch-consequence]')).to_be_visible()
        expect(content.locator("[data-quiz-live]")).to_contain_text("You chose: ")


# ---------------------------------------------------------------- module 01-basics


def answer_basics(content: Any, page: Any, right: bool) -> None:
    content.locator("#q-basics-q1-a" if right else "#q-basics-q1-b").focus()
    page.keyboard.press("Space")
    content.locator("#q-basics-q2-true" if right else "#q-basics-q2-false").focus()
    page.keyboard.press("Space")


def best_path(question: dict[str, Any]) -> list[tuple[str, str]]:
    """(step, option letter) along the path that earns the most points."""
    steps = question["steps"]

    def value(step: str) -> tuple[int, list[tuple[str, str]]]:
        options = [(o["points"] + (value(o["next"])[0] if o["next"] else 0), o) for o in steps[step]]
        points, option = max(options, key=lambda pair: pair[0])
        rest = value(option["next"])[1] if option["next"] else []
        return points, [(step, option["id"]), *rest]

    return value(question["start"])[1]


def answer_right(content: Any, qid: str, question: dict[str, Any]) -> None:
    """Answer one question correctly from the answer key the page carries."""
    kind = question["kind"]
    if kind in ("single", "multiple", "truefalse"):
        for choice in question["choices"]:
            if choice["correct"]:
                content.locator(f"#q-{qid}-{choice['id']}").check()
    elif kind == "match":
        for pair in question["pairs"]:
            content.locator(f"#q-{qid}-{pair['left']}").select_option(pair["right"])
    elif kind == "order":
        for target, letter in enumerate(question["items"]):
            items = content.locator(f"[data-question='{qid}'] [data-order-list] [data-item]")
            current = [items.nth(i).get_attribute("data-item") for i in range(items.count())].index(letter)
            for _ in range(current - target):
                content.locator(f"[data-question='{qid}'] [data-item='{letter}'] [data-move='up']").click()
    elif kind == "fill":
        content.locator(f"#q-{qid}-answer").fill(question["answers"][0])
    elif kind == "numeric":
        content.locator(f"#q-{qid}-answer").fill(question["answer"])
    elif kind == "task":
        content.locator(f"#q-{qid}-answer").fill("My plan.")
        content.locator(f"[data-question='{qid}'] [data-task-submit]").click()
        for i in range(len(question["checklist"])):
            content.locator(f"#q-{qid}-tick-{i}").check()
    elif kind == "branching":
        for step, letter in best_path(question):
            content.locator(f"#q-{qid}-{step}-{letter}").check()
            content.locator(f"[data-question='{qid}'] [data-step='{step}'] [data-branch-choose]").click()


def pass_quiz_by_answer_key(content: Any) -> None:
    """Answer every question drawn on this quiz page right, from the answer key the page carries, and submit."""
    data = json.loads(content.locator("#dcp-page").text_content() or "{}")
    for qid, question in data["questions"].items():
        if content.locator(f"[data-question-item='{qid}']").is_visible():
            answer_right(content, qid, question)
    content.locator("[data-quiz-submit]").click()
    expect(content.locator("[data-quiz-score]")).to_contain_text("You passed.")
