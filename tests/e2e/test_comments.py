"""Reviewers comment in the real course's review pack opened from disk; the author gets file:line.

The pack is opened as file:// (as when it arrives by e-mail), so these tests use their own Chromium
context: the shared one only lets requests to 127.0.0.1 through.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from dcp_course.cli import main
from dcp_course.preview.review import render_review_pack
from dcp_course.preview.server import PreviewServer
from dcp_course.source.load import load_course

from .harness import CHROMIUM, CHROMIUM_ARGS, REPO, require_module
from .test_accessibility import violations

MODULE = "modules/06-legal-and-ethical-boundaries/module.yaml"
GLOSSARY = "course/glossary.yaml"
TEXT_BLOCK = "### Public does not mean free to use"  # a lesson text block of module 6
CHOICE_TEXT = "Marking which parts of a record are opinions"  # a choice in module 6's quiz


@pytest.fixture(scope="module")
def course_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the real course, so that a test may move its lines."""
    root = tmp_path_factory.mktemp("real-course")
    for folder in ("course", "modules"):
        shutil.copytree(REPO / folder, root / folder)
    return root


@pytest.fixture(scope="module")
def pack_file(course_root: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("pack") / "review.html"
    path.write_text(render_review_pack(load_course(course_root)), encoding="utf-8")
    return path


@pytest.fixture
def file_page(browser_requirements: None, playwright_driver: Any, tmp_path: Path) -> Iterator[Any]:
    require_module("axe_playwright_python.sync_playwright")
    context = playwright_driver.chromium.launch_persistent_context(
        str(tmp_path / "profile"), executable_path=str(CHROMIUM), headless=True, args=list(CHROMIUM_ARGS),
        viewport={"width": 1200, "height": 900}, accept_downloads=True)
    context.set_default_timeout(20_000)
    errors: list[str] = []
    page = context.pages[0] if context.pages else context.new_page()
    page.on("pageerror", lambda error: errors.append(str(error)))
    yield page
    context.close()
    assert errors == [], "JavaScript errors on the page"


def comment_on(page: Any, target: Any, remark: str, suggestion: str = "") -> None:
    """Keyboard only: focus the target's Comment button, Enter, type, Tab to Save, Enter."""
    button = target.locator(":scope > [data-comment-button], :scope > [data-comment-slot] > [data-comment-button]")
    button.first.focus()
    page.keyboard.press("Enter")
    if page.locator("#dcp-comments-name").is_visible():
        page.keyboard.type("A. Reviewer")
        page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "dcp-comments-text"
    page.keyboard.type(remark)
    if suggestion:
        page.keyboard.press("Tab")
        page.keyboard.type(suggestion)
    page.locator("#dcp-comments-edit button[type=submit]").focus()
    page.keyboard.press("Enter")
    assert not page.locator("#dcp-comments-edit").is_visible()


def line_of(path: Path, fragment: str) -> int:
    found = [n for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if fragment in line]
    assert len(found) == 1, (fragment, found)
    return found[0]


def comments_output(root: Path, export: Path) -> list[str]:
    result = CliRunner().invoke(main, ["--root", str(root), "comments", str(export)])
    assert result.exit_code == 0, result.output
    return result.output.splitlines()


def test_comments_from_the_pack_land_on_their_source_lines(file_page: Any, pack_file: Path,
                                                           course_root: Path, tmp_path: Path) -> None:
    page = file_page
    page.goto(pack_file.as_uri())
    block = page.locator(".block-text[data-comment-anchor]", has_text="Public does not mean free to use").first
    comment_on(page, block, "Say which national act applies.", "Name the national act.")
    choice = page.locator("li[data-key-choice][data-comment-anchor]", has_text=CHOICE_TEXT).first
    comment_on(page, choice, "Is this <b>really</b> right?")
    entry = page.locator("#glossary dt[data-comment-anchor]", has_text="P/CVE").first
    comment_on(page, entry, "Spell it out first.")

    page.reload()  # comments persist in the browser
    page.locator("#dcp-comments-toggle").click()
    items = page.locator("#dcp-comments-panel .comments-item")
    assert items.count() == 3
    assert "Is this <b>really</b> right?" in items.nth(1).inner_text()  # shown as text, not markup
    assert page.locator("#dcp-comments-panel b").count() == 0
    assert violations(page) == []  # the side list open
    page.locator("[data-comment-button]").first.click()
    assert violations(page) == []  # the comment dialog open
    page.keyboard.press("Escape")

    with page.expect_download() as download:
        page.locator("[data-comments-export]").click()
    course = load_course(course_root).course
    assert download.value.suggested_filename == f"{course.id}-{course.version}-comments-a-reviewer.json"
    export = tmp_path / download.value.suggested_filename
    download.value.save_as(export)
    assert json.loads(export.read_text())["reviewer"] == "A. Reviewer"

    module, glossary = course_root / MODULE, course_root / GLOSSARY
    expected = [
        f'{GLOSSARY}:{line_of(glossary, "term: P/CVE")}:5: [A. Reviewer] P/CVE: "Spell it out first."',
        f'{MODULE}:{line_of(module, TEXT_BLOCK) - 1}:9: [A. Reviewer] m6-data-protection blocks[1]: '
        '"Say which national act applies."',
        '  suggested: "Name the national act."',
    ]
    expected.append(f'{MODULE}:{line_of(module, CHOICE_TEXT)}:11: [A. Reviewer] m6-q-good-practice choices[1]: '
                    '"Is this <b>really</b> right?"')
    assert comments_output(course_root, export) == expected

    # the author inserts a lesson at the top and a glossary term: every line moves, every comment follows
    text = module.read_text(encoding="utf-8")
    module.write_text(text.replace("lessons:\n", "lessons:\n  - id: m6-new-intro\n    title: New intro\n"
                                   "    blocks:\n      - text: A new opening lesson.\n", 1), encoding="utf-8")
    glossary.write_text(glossary.read_text(encoding="utf-8").replace(
        "terms:\n", "terms:\n  - term: Added term\n    definition: Added first.\n", 1), encoding="utf-8")
    assert comments_output(course_root, export) == [
        f'{GLOSSARY}:{line_of(glossary, "term: P/CVE")}:5: [A. Reviewer] P/CVE: "Spell it out first."',
        f'{MODULE}:{line_of(module, TEXT_BLOCK) - 1}:9: [A. Reviewer] m6-data-protection blocks[1]: '
        '"Say which national act applies."',
        '  suggested: "Name the national act."',
        f'{MODULE}:{line_of(module, CHOICE_TEXT)}:11: [A. Reviewer] m6-q-good-practice choices[1]: '
        '"Is this <b>really</b> right?"',
    ]
    assert expected != comments_output(course_root, export)  # the lines did move


@pytest.fixture
def real_preview(browser_requirements: None, tmp_path: Path) -> Iterator[tuple[PreviewServer, Path]]:
    """The preview server over a copy of the real course."""
    root = tmp_path / "real-course"
    for folder in ("course", "modules"):
        shutil.copytree(REPO / folder, root / folder)
    server = PreviewServer(root, 0).start()
    yield server, root
    server.stop()


def test_comments_in_the_previews_review_mode_land_on_their_source_lines(
        file_page: Any, real_preview: tuple[PreviewServer, Path], tmp_path: Path) -> None:
    server, root = real_preview
    page = file_page
    page.goto(server.url + "review/")  # review mode is rendered on first use
    page.goto(server.url + "review/" + review_page_of(server, "Public does not mean free to use"))
    # review mode wraps each lesson block in its own anchor (the pack anchors the block's element)
    block = page.locator(".comment-block[data-comment-anchor]", has_text="Public does not mean free to use").first
    comment_on(page, block, "Say which national act applies.", "Name the national act.")
    page.reload()  # kept in the browser across reloads, the preview's live reloads included
    page.locator("#dcp-comments-toggle").click()
    assert page.locator("#dcp-comments-panel .comments-item").count() == 1
    assert violations(page) == []

    with page.expect_download() as download:
        page.locator("[data-comments-export]").click()
    export = tmp_path / download.value.suggested_filename
    download.value.save_as(export)
    module = root / MODULE
    assert comments_output(root, export) == [
        f'{MODULE}:{line_of(module, TEXT_BLOCK) - 1}:9: [A. Reviewer] m6-data-protection blocks[1]: '
        '"Say which national act applies."',
        '  suggested: "Name the national act."',
    ]


def review_page_of(server: PreviewServer, text: str) -> str:
    """The review-mode page that shows text, found in the preview's own files."""
    files = server.builder.snapshot.files.get("review", {})
    found = sorted(path for path, content in files.items()
                   if path.endswith(".html") and text.encode() in content and path != "index.html")
    assert found, text
    return found[0]
