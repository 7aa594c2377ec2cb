"""The review pack's termbase tables in Chromium: axe finds no WCAG A/AA violation in them, and a
screen reader's table navigation has what it needs (a caption, column and row headers)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from dcp_course.preview.review import render_review_pack
from dcp_course.source.load import load_course

from .harness import CHROMIUM, CHROMIUM_ARGS, REPO, require_module
from .test_accessibility import WCAG_TAGS


def test_the_termbase_tables_of_the_real_pack_pass_axe(browser_requirements: None, playwright_driver: Any,
                                                       tmp_path: Path) -> None:
    axe_module = require_module("axe_playwright_python.sync_playwright")
    pack = tmp_path / "review.html"
    pack.write_text(render_review_pack(load_course(REPO)), encoding="utf-8")
    context = playwright_driver.chromium.launch_persistent_context(
        str(tmp_path / "profile"), executable_path=str(CHROMIUM), headless=True, args=list(CHROMIUM_ARGS))
    try:
        page = context.pages[0] if context.pages else context.new_page()
        page.goto(pack.as_uri())
        tables = page.locator("#terminology table")
        assert tables.count() == 3
        assert page.locator("#terminology table > caption").count() == 3
        results = axe_module.Axe().run(page, context={"include": [["#terminology"]]}, options={
            "runOnly": {"type": "tag", "values": WCAG_TAGS}, "resultTypes": ["violations"]})
        found = [f"{v['id']}: {v['help']} at {[n['target'] for n in v['nodes']][:3]}"
                 for v in results.response["violations"]]
        assert found == []
    finally:
        context.close()
