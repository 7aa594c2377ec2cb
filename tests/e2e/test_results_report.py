"""The results report as a trainer opens it: one file, axe finds nothing, nothing is requested
besides the file itself, the charts have text equivalents, keyboard and print work."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from results_cohorts import Planted, lrs_pages, planted_course, simulate

from dcp_course.commands.results import render
from dcp_course.results.analysis import analyse
from dcp_course.results.answers import LearnerIds
from dcp_course.results.course_index import CourseIndex
from dcp_course.results.model import Thresholds
from dcp_course.results.moodle import read_moodle_text
from dcp_course.results.xapi import read_xapi
from dcp_course.source.load import load_course

from .harness import FIXTURE_COURSE, REPO, StaticServer
from .test_accessibility import violations

FIXTURE_REPORT = REPO / "tests" / "fixtures" / "results" / "moodle-interactions-fixture-course.txt"


@pytest.fixture(scope="module")
def reports(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("results-report")
    source = load_course(planted_course(folder / "course"))
    cohort = simulate(source, 200, Planted(difficulty={"m1-q1": -4.0, "m1-q9": 3.0}, mis_keyed={"m1-q10": "b"},
                                           never_chosen={"m1-q11": "d"}))
    learners = LearnerIds()
    pages = [read_xapi(page, f"page-{i}.json", i, learners) for i, page in enumerate(lrs_pages(cohort))]
    (folder / "planted.html").write_text(render(analyse(CourseIndex(source), pages, Thresholds()), "html"),
                                         encoding="utf-8")
    every_kind = read_moodle_text(FIXTURE_REPORT.read_text(encoding="utf-8"), "fixture.txt", 0, LearnerIds())
    small = analyse(CourseIndex(load_course(FIXTURE_COURSE)), [every_kind], Thresholds(min_group=1, min_responses=1))
    (folder / "every-kind.html").write_text(render(small, "html"), encoding="utf-8")
    return folder


def open_report(page: Any, server: StaticServer, folder: Path, name: str) -> list[str]:
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    url = server.mount("results-report", folder) + name
    page.goto(url)
    assert requested == [url], "the report loads nothing besides itself"
    return requested


@pytest.mark.parametrize("name", ["planted.html", "every-kind.html"])
def test_the_report_passes_axe_and_requests_nothing(page: Any, server: StaticServer, reports: Path, name: str) -> None:
    requested = open_report(page, server, reports, name)
    assert violations(page) == []
    page.emulate_media(media="print")
    assert violations(page) == []
    assert len(requested) == 1


def test_charts_are_images_with_a_title_a_description_and_a_table(page: Any, server: StaticServer, reports: Path) -> None:
    open_report(page, server, reports, "planted.html")
    charts = page.locator("svg[role=img]")
    assert charts.count() == 2 + 12  # scatter and histogram, and one bar chart per question
    for i in range(charts.count()):
        chart = charts.nth(i)
        labelled = chart.get_attribute("aria-labelledby").split()
        assert [page.locator(f"#{part}").count() for part in labelled] == [1, 1]
        assert page.locator(f"#{labelled[1]}").text_content().strip()
    table = page.get_by_role("table", name="Questions of Planted module 1: Module quiz, first attempts")
    assert table.locator("tbody tr").count() == 12
    without_r = [cell for cell in table.locator("tbody tr td:nth-child(4)").all_text_contents() if cell == "-"]
    scatter_description = page.locator("svg[role=img] desc").first.text_content()
    assert scatter_description.startswith(f"{12 - len(without_r)} questions plotted")
    assert bool(without_r) == (f"({len(without_r)} without a correlation" in scatter_description)
    rows = table.locator("tbody tr")
    plotted_flagged = {rows.nth(i).locator("th code").first.text_content() for i in range(rows.count())
                       if "flagged" in (rows.nth(i).get_attribute("class") or "")
                       and rows.nth(i).locator("td").nth(2).text_content() != "-"}
    labelled_points = page.locator("svg.chart").first.locator("text.label").all_text_contents()
    assert {"m1-q9", "m1-q10", "m1-q11"} <= set(labelled_points) <= plotted_flagged


def test_keyboard_reaches_the_skip_link_and_every_scrolling_table(page: Any, server: StaticServer, reports: Path) -> None:
    open_report(page, server, reports, "planted.html")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Skip to the report"
    assert page.locator(".skip").bounding_box()["x"] >= 0, "the skip link shows when focused"
    regions = page.locator("[role=region][tabindex='0']")
    reached = set()
    for _ in range(200):
        page.keyboard.press("Tab")
        label = page.evaluate("document.activeElement.getAttribute('aria-labelledby')")
        if label:
            reached.add(label)
    assert len(reached) == regions.count() >= 3


def test_printing_hides_the_contents_and_keeps_the_charts(page: Any, server: StaticServer, reports: Path) -> None:
    open_report(page, server, reports, "planted.html")
    page.emulate_media(media="print")
    assert page.locator("nav").evaluate("n => getComputedStyle(n).display") == "none"
    assert page.locator("svg[role=img]").first.is_visible()
