"""Reviewers comment in the real course's review pack; the author learns where each comment is now.

A reviewer comments, by keyboard, on a lesson paragraph, a choice, a feedback line, a branching
option and a glossary definition in the pack opened from disk (as when it arrives by e-mail), and
exports. A second reviewer's export is imported and the merged export holds both. Then the author
edits a copy of the sources in each way an author does (rename, delete, reword, insert + reword,
reorder, move to another lesson) and `dcp-course comments` must say for each comment here, moved,
changed or orphaned, and never show one at a text it was not made on. The targets are picked from
the sources when the test runs. These tests use their own Chromium profiles: the shared context
only lets requests to 127.0.0.1 through.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from dcp_course.cli import main
from dcp_course.comments.anchors import node_at
from dcp_course.comments.store import PROJECT_FILE
from dcp_course.preview.review import render_review_pack
from dcp_course.preview.server import PreviewServer
from dcp_course.source.load import load_course

from .comments_sources import (
    GLOSSARY,
    INSERTED_BLOCK,
    INSERTED_CHOICE,
    Target,
    Targets,
    edit,
    first_words,
    parent,
    pick_targets,
    reword,
    reword_at,
)
from .harness import CHROMIUM, CHROMIUM_ARGS, FIXTURE_COURSE, REPO, require_module
from .test_accessibility import WCAG_TAGS, violations

REVIEWER, SECOND = "A. Reviewer", "B. Second"


def copy_course(folder: Path) -> Path:
    for name in ("course", "modules"):
        shutil.copytree(REPO / name, folder / name)
    # The mutations rename glossary terms, which the termbase links to by name (and the build
    # refuses a broken link): the termbase is not what these comments are about.
    (folder / "course" / "terminology.yaml").unlink()
    return folder


def documents(root: Path) -> dict[str, Any]:
    source = load_course(root)
    docs = [source.doc, *([source.glossary_doc] if source.glossary_doc else []), *[m.doc for m in source.modules]]
    return {doc.path.resolve().relative_to(root.resolve()).as_posix(): doc.data for doc in docs}


@pytest.fixture(scope="module")
def course_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return copy_course(tmp_path_factory.mktemp("real-course"))


@pytest.fixture(scope="module")
def targets(course_root: Path) -> Targets:
    return pick_targets(documents(course_root))


@pytest.fixture(scope="module")
def pack_file(course_root: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("pack") / "review.html"
    path.write_text(render_review_pack(load_course(course_root)), encoding="utf-8")
    return path


@pytest.fixture
def browser(browser_requirements: None, playwright_driver: Any, tmp_path: Path) -> Callable[[str], Any]:
    """A page in a Chromium profile of its own (one per reviewer), JavaScript errors failing the test."""
    require_module("axe_playwright_python.sync_playwright")
    contexts: list[Any] = []
    errors: list[str] = []

    def open_page(profile: str) -> Any:
        context = playwright_driver.chromium.launch_persistent_context(
            str(tmp_path / profile), executable_path=str(CHROMIUM), headless=True, args=list(CHROMIUM_ARGS),
            viewport={"width": 1200, "height": 900}, accept_downloads=True)
        context.set_default_timeout(20_000)
        contexts.append(context)
        page = context.pages[0] if context.pages else context.new_page()
        page.on("pageerror", lambda error: errors.append(str(error)))
        return page

    yield open_page
    for context in contexts:
        context.close()
    assert errors == [], "JavaScript errors on the page"


def element_of(page: Any, target: Target) -> Any:
    index = page.evaluate("""([file, path]) => Array.from(document.querySelectorAll('[data-comment-anchor]'))
        .findIndex(e => { const a = JSON.parse(e.getAttribute('data-comment-anchor'));
                          return a.file === file && JSON.stringify(a.path) === JSON.stringify(path); })""",
                          [target.file, list(target.path)])
    assert index >= 0, target
    return page.locator("[data-comment-anchor]").nth(index)


def comment_on(page: Any, target: Any, remark: str, name: str = REVIEWER) -> None:
    """Keyboard only: focus the target's Comment button, Enter, type, Tab to Save, Enter."""
    button = target.locator(":scope > [data-comment-button], :scope > [data-comment-slot] > [data-comment-button]")
    button.first.focus()
    page.keyboard.press("Enter")
    if page.locator("#dcp-comments-name").is_visible():
        page.keyboard.type(name)
        page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "dcp-comments-text"
    page.keyboard.type(remark)
    page.locator("#dcp-comments-edit button[type=submit]").focus()
    page.keyboard.press("Enter")
    page.locator("#dcp-comments-edit").wait_for(state="hidden")  # saved (in the preview, once it answered)


def export_from(page: Any, folder: Path) -> Path:
    if page.locator("#dcp-comments-panel").is_hidden():
        page.locator("#dcp-comments-toggle").click()
    with page.expect_download() as download:
        page.locator("[data-comments-export]").click()
    path = folder / download.value.suggested_filename
    download.value.save_as(path)
    return path


def comments_ui_violations(page: Any) -> list[str]:
    """WCAG A/AA violations in what this script adds to a page: its buttons, list and dialogs."""
    axe = require_module("axe_playwright_python.sync_playwright").Axe()
    results = axe.run(page, context={"include": [["#dcp-comments-panel"], ["#dcp-comments-skip"],
                                                 ["#dcp-comments-toggle"], ["[data-comment-button]"]]},
                      options={"runOnly": {"type": "tag", "values": WCAG_TAGS}, "resultTypes": ["violations"]})
    return [f"{v['id']}: {v['help']} at {[n['target'] for n in v['nodes']][:3]}" for v in results.response["violations"]]


def words(page: Any, key: str) -> str:
    """An interface text of the comments UI, as the page's catalogue has it."""
    return str(page.evaluate(f"JSON.parse(document.getElementById('dcp-comments-config').textContent).messages.{key}"))


def asks_before_closing(page: Any) -> bool:
    """Whether closing the page asks first (the beforeunload prompt); the prompt is dismissed, so a
    page that asks stays open and one that does not is closed."""
    asked: list[str] = []

    def answer(dialog: Any) -> None:
        asked.append(dialog.type)
        dialog.dismiss()

    page.on("dialog", answer)
    timeout = require_module("playwright.sync_api").TimeoutError
    try:
        with page.expect_event("close", timeout=5_000):
            page.close(run_before_unload=True)
    except timeout:
        pass  # it asked, and stayed
    return asked == ["beforeunload"]


def test_reviewers_comment_export_and_merge_and_the_author_finds_every_comment(
        browser: Callable[[str], Any], pack_file: Path, course_root: Path, targets: Targets, tmp_path: Path) -> None:
    page = browser("reviewer")
    page.goto(pack_file.as_uri())

    # the comments list is reached at once from the top of the page, not after ~1,400 tab stops
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "dcp-comments-skip"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "dcp-comments-title"
    assert page.locator("#dcp-comments-panel .comments-kept").inner_text() == words(page, "comments_kept_browser")
    page.keyboard.press("Escape")

    # a branching option's button sits in the option's own cell; a definition has a button of its own
    option = element_of(page, targets.option)
    assert option.locator("td").first.locator("[data-comment-button]").count() == 1
    definition = element_of(page, targets.definition)
    assert definition.evaluate("e => e.tagName") == "DD" and definition.locator("[data-comment-button]").count() == 1
    # what the buttons say they comment on is plain text, not the Markdown source
    labels = page.locator("[data-comment-button] .comments-sr-only").all_inner_texts()
    assert labels and not [label for label in labels if "**" in label or label.startswith(" on: #")]

    # the "write a remark" error goes as soon as the reviewer types
    element_of(page, targets.paragraph).locator("[data-comment-button]").first.click()
    page.locator("#dcp-comments-name-input").fill(REVIEWER)
    page.keyboard.press("Enter")
    page.locator("#dcp-comments-edit button[type=submit]").click()
    assert page.locator("#dcp-comments-text-error").inner_text() != ""
    assert page.locator("#dcp-comments-text").get_attribute("aria-invalid") == "true"
    page.keyboard.type("S")
    assert page.locator("#dcp-comments-text-error").inner_text() == ""
    assert page.locator("#dcp-comments-text").get_attribute("aria-invalid") is None
    page.keyboard.press("Escape")

    for target in targets.all():
        remark = target.remark + ("\nIts second line." if target is targets.paragraph else "")
        comment_on(page, element_of(page, target), remark)
    assert asks_before_closing(page)  # five comments, none exported yet

    page = page.context.new_page()
    page.goto(pack_file.as_uri())  # comments persist in the browser
    page.locator("#dcp-comments-toggle").click()
    assert page.locator("#dcp-comments-panel .comments-item").count() == 5
    first = export_from(page, tmp_path)
    course = load_course(course_root).course
    assert first.name == f"{course.id}-{course.version}-comments-a-reviewer.json"
    assert not asks_before_closing(page)  # exported: nothing to lose

    second_page = browser("second")
    second_page.goto(pack_file.as_uri())
    comment_on(second_page, element_of(second_page, targets.paragraph), "A second reviewer's remark.", SECOND)
    (tmp_path / "second-export").mkdir()
    second = export_from(second_page, tmp_path / "second-export")

    page = page.context.new_page() if page.is_closed() else page
    page.goto(pack_file.as_uri())
    page.locator("#dcp-comments-toggle").click()
    other_course = tmp_path / "other-course.json"
    other_course.write_text(json.dumps({**json.loads(second.read_text()), "course": "another-course"}))
    with page.expect_file_chooser() as chooser:
        page.locator("[data-comments-import]").click()
    chooser.value.set_files([str(second), str(other_course)])
    page.wait_for_function("document.querySelectorAll('#dcp-comments-panel .comments-item').length === 6")
    assert "another course (another-course)" in page.locator("#dcp-comments-panel .comments-problems").inner_text()
    groups = page.locator("#dcp-comments-panel [data-comments-reviewer]")
    assert [groups.nth(n).get_attribute("data-comments-reviewer") for n in range(groups.count())] == [REVIEWER, SECOND]
    # the list open, by reviewer, with an import refused (the whole pack is checked in test_accessibility)
    assert comments_ui_violations(page) == []
    merged_path = export_from(page, tmp_path)
    merged = json.loads(merged_path.read_text(encoding="utf-8"))
    assert sorted({c["reviewer"] for c in merged["comments"]}) == [REVIEWER, SECOND]
    assert len(merged["comments"]) == 6

    author_finds_every_comment(course_root, merged_path, targets, tmp_path)


# ---------------------------------------------------------------- the author's edits, each on a copy


def report(root: Path, export: Path, remarks: list[str]) -> dict[str, tuple[str, str, int]]:
    """remark → (answer, file, line) from `dcp-course comments`, read from each comment's first line."""
    result = CliRunner().invoke(main, ["--root", str(root), "comments", str(export)])
    assert result.exit_code == 0, result.output
    found = {}
    for line in result.stdout.splitlines():
        if line.startswith(" "):
            continue
        remark = next(r for r in remarks if line.endswith(": " + r))
        place, answer = line.split(": ")[:2]
        file, number = (place.split(":")[0], int(place.split(":")[1])) if ":" in place else (place, 0)
        found[remark] = (answer, file, number)
    return found


def text_near(root: Path, file: str, line: int) -> str:
    lines = (root / file).read_text(encoding="utf-8").splitlines()
    return " ".join(" ".join(lines[line - 1:line + 3]).split())


def own_words(data: Any, target: Target) -> str:
    """The first words of the target's text, as the author reads them in the file."""
    value = node_at(data, target.path)[1]
    text = value if isinstance(value, str) else value.get("text", "")
    return first_words(text)


def author_finds_every_comment(course_root: Path, export: Path, targets: Targets, tmp_path: Path) -> None:
    original = documents(course_root)
    second_remark = "A second reviewer's remark."
    every = {t.remark: t for t in targets.all()}

    def check(mutation: str, change: Callable[[Path], None], expected: dict[str, str]) -> None:
        root = copy_course(tmp_path / mutation)
        change(root)
        found = report(root, export, [*every, second_remark])
        wanted = {target.remark: "here" for target in targets.all()} | {second_remark: "here"}
        wanted |= expected
        answers = {remark: answer for remark, (answer, _, _) in found.items()}
        assert answers == wanted, mutation
        edited = documents(root)
        for remark, (answer, file, line) in found.items():
            target = every.get(remark, targets.paragraph)
            if answer in ("here", "moved"):  # the place shows the text the comment was made on
                assert file == target.file and own_words(original[file], target) in text_near(root, file, line), (
                    mutation, remark)
            elif answer == "changed":  # the place shows the edited text, nothing else
                assert file == target.file and "reworded" in text_near(root, file, line), (mutation, remark)
        assert edited  # the edited sources are a valid course

    paragraph, choice, feedback, option, definition = (targets.paragraph, targets.choice, targets.feedback,
                                                       targets.option, targets.definition)
    check("untouched", lambda root: None, {})

    def rename(root: Path) -> None:
        edit(root, choice.file, lambda data: renamed(parent(data, choice.path[:3]), "id"))
        edit(root, option.file, lambda data: rename_step(data, option))
        edit(root, paragraph.file, lambda data: renamed(parent(data, paragraph.path[:2]), "id"))
        edit(root, GLOSSARY, lambda data: renamed(parent(data, definition.path[:2]), "term"))
    check("rename", rename, {t.remark: "moved" for t in targets.all()} | {second_remark: "moved"})

    def delete(root: Path) -> None:
        edit(root, paragraph.file, lambda data: parent(data, paragraph.path[:-1]).pop(paragraph.path[-1]))
        edit(root, choice.file, lambda data: parent(data, choice.path[:-1]).pop(choice.path[-1]))
        edit(root, option.file, lambda data: parent(data, option.path[:2]).pop(option.path[2]))
        edit(root, GLOSSARY, lambda data: parent(data, definition.path[:1]).pop(definition.path[1]))
    check("delete", delete, {t.remark: "orphaned" for t in targets.all()} | {second_remark: "orphaned"})

    def rewords(root: Path) -> None:
        reword_at(root, paragraph, "text")
        reword_at(root, choice, "text")
        reword_at(root, feedback, None)
        reword_at(root, option, "text")
        reword_at(root, definition, None)
    check("reword", rewords, {t.remark: "changed" for t in targets.all()} | {second_remark: "changed"})

    def insert_and_reword(root: Path) -> None:
        def blocks(data: Any) -> None:
            listed = parent(data, paragraph.path[:-1])
            listed[paragraph.path[-1]]["text"] = reword(listed[paragraph.path[-1]]["text"])
            listed.insert(paragraph.path[-1], {"text": INSERTED_BLOCK})
        edit(root, paragraph.file, blocks)

        def choices(data: Any) -> None:
            listed = parent(data, choice.path[:-1])
            listed[choice.path[-1]]["text"] = reword(listed[choice.path[-1]]["text"])
            listed.insert(choice.path[-1], {"text": INSERTED_CHOICE, "feedback": "Inserted."})
        edit(root, choice.file, choices)

        def options(data: Any) -> None:
            listed = parent(data, option.path[:-1])
            listed[option.path[-1]]["text"] = reword(listed[option.path[-1]]["text"])
            listed.insert(option.path[-1], {**listed[option.path[-1]], "text": "An inserted option", "consequence": "X."})
        edit(root, option.file, options)
        reword_at(root, definition, None)
    # the choice's own feedback line is untouched and moved one down with it
    check("insert+reword", insert_and_reword, {paragraph.remark: "changed", choice.remark: "changed",
                                               feedback.remark: "moved", option.remark: "changed",
                                               definition.remark: "changed", second_remark: "changed"})

    def reorder(root: Path) -> None:
        for target in (paragraph, choice, option, definition):
            at = target.path[:-1] if target is not definition else target.path[:1]
            edit(root, target.file, lambda data, at=at: parent(data, at).reverse())
    check("reorder", reorder, {paragraph.remark: "moved", choice.remark: "moved", feedback.remark: "moved",
                               option.remark: "moved", second_remark: "moved"})

    def move(root: Path) -> None:
        def to_next_lesson(data: Any) -> None:
            lessons = data["lessons"]
            lesson, index = paragraph.path[1], paragraph.path[3]
            block = lessons[lesson]["blocks"].pop(index)
            lessons[(lesson + 1) % len(lessons)]["blocks"].append(block)
        edit(root, paragraph.file, to_next_lesson)
    check("move-lesson", move, {paragraph.remark: "moved", second_remark: "moved"})


def renamed(item: Any, key: str) -> None:
    item[key] = item[key] + "-renamed"


def rename_step(data: Any, option: Target) -> None:
    """The option's step renamed, with the start and the options that lead to it."""
    question = parent(data, option.path[:3])
    step = parent(data, option.path[:5])
    old = step["id"]
    renamed(step, "id")
    if question["start"] == old:
        question["start"] = step["id"]
    for other in question["steps"]:
        for each in other["options"]:
            if each.get("next") == old:
                each["next"] = step["id"]


# ---------------------------------------------------------------- the preview keeps them in the project


def test_the_previews_comments_live_in_the_project_and_come_back_on_another_port(
        browser: Callable[[str], Any], tmp_path: Path) -> None:
    root = tmp_path / "course-copy"
    shutil.copytree(FIXTURE_COURSE, root)
    kept = root / PROJECT_FILE
    with PreviewServer(root, 0) as server:
        page = browser("reviewer")
        page.goto(server.url + "review/01-basics/all-blocks.html")
        block = page.locator(".comment-block[data-comment-anchor]").first
        comment_on(page, block, "Kept in the project.")
        assert [c["text"] for c in json.loads(kept.read_text(encoding="utf-8"))["comments"]] == ["Kept in the project."]
        page.locator("#dcp-comments-toggle").click()
        assert PROJECT_FILE in page.locator("#dcp-comments-panel .comments-kept").inner_text()

        anchor = json.loads(block.get_attribute("data-comment-anchor"))
        colleague = tmp_path / "colleague.json"
        colleague.write_text(json.dumps({
            "format": "dcp-course-comments", "schema": 2, "course": "fixture-course", "version": "0.9.0",
            "reviewer": SECOND, "comments": [{"id": "c-1", "reviewer": SECOND, "anchor": anchor,
                                              "text": "A colleague's remark."}]}), encoding="utf-8")
        with page.expect_file_chooser() as chooser:
            page.locator("[data-comments-import]").click()
        chooser.value.set_files(str(colleague))
        page.wait_for_function("document.querySelectorAll('#dcp-comments-panel .comments-item').length === 2")
        assert len(json.loads(kept.read_text(encoding="utf-8"))["comments"]) == 2

        page.goto(server.url + "review/02-questions/quiz.html")  # another page of the review
        page.locator("#dcp-comments-toggle").click()
        assert page.locator("#dcp-comments-panel .comments-elsewhere").count() == 2
        assert violations(page) == []
        assert not asks_before_closing(page)  # the project keeps them: nothing to lose
        first_port = server.port

    with PreviewServer(root, 0) as again:
        assert again.port != first_port or again.app.comments.token
        page = browser("someone-else")  # another browser: nothing of the first in its storage
        page.goto(again.url + "review/01-basics/all-blocks.html")
        page.wait_for_function("document.getElementById('dcp-comments-toggle').textContent.includes('2')")
        page.locator("#dcp-comments-toggle").click()
        groups = page.locator("#dcp-comments-panel [data-comments-reviewer]")
        assert sorted(groups.nth(n).get_attribute("data-comments-reviewer") for n in range(groups.count())) == [
            REVIEWER, SECOND]
