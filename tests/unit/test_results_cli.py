"""`dcp-course results` through the command line: flags an editor can jump to, every format,
thresholds, and refusals as one line each with nothing reported."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from conftest import FIXTURE_COURSE, TESTS
from results_cohorts import Planted, lrs_pages, moodle_text, planted_course, simulate

from dcp_course.cli import main
from dcp_course.source.load import load_course

FIXTURE_REPORT = TESTS / "fixtures" / "results" / "moodle-interactions-fixture-course.txt"
FLAG_LINE = re.compile(r"^(modules/[^:]+\.yaml):(\d+):(\d+): warning: (\S+) \(([^)]+)\): .+ \[([a-z-]+)\]$")


def run(root: Path, *args: str) -> Any:
    return CliRunner().invoke(main, ["--root", str(root), "results", *args])


@pytest.fixture(scope="module")
def cohort_files(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, list[Path]]:
    folder = tmp_path_factory.mktemp("cohort")
    root = planted_course(folder / "course")
    cohort = simulate(load_course(root), 60, Planted(mis_keyed={"m1-q3": "c"}, difficulty={"m1-q1": -4}))
    moodle = folder / "moodle.txt"
    moodle.write_text(moodle_text(cohort), encoding="utf-8")
    pages = []
    for i, page in enumerate(lrs_pages(cohort, per_page=300)):
        pages.append(folder / f"statements-{i}.json")
        pages[-1].write_text(page, encoding="utf-8")
    return root, moodle, pages


def test_flags_are_compiler_style_lines_at_the_question(cohort_files: tuple[Path, Path, list[Path]]) -> None:
    root, moodle, _ = cohort_files
    result = run(root, str(moodle))
    assert result.exit_code == 0, result.output
    flags = [line for line in result.output.splitlines() if ": warning: " in line]
    assert flags and all(FLAG_LINE.match(line) for line in flags)
    module = (root / "modules" / "01-planted-1" / "module.yaml").read_text(encoding="utf-8").splitlines()
    for line in flags:
        file, number, column, question, _, rule = FLAG_LINE.match(line).groups()  # type: ignore[union-attr]
        assert file == "modules/01-planted-1/module.yaml"
        source_line = module[int(number) - 1]
        if rule == "rare-distractor":
            assert source_line[int(column) - 1:].startswith("{ text: Choice")
        else:
            assert source_line[int(column) - 1:] == f"id: {question}"
    assert any(line.endswith("[possibly-mis-keyed]") and " m1-q3 " in line for line in flags)
    assert "Planted module 1: Module quiz (planted-1-quiz): 60 learner(s)" in result.output


def test_every_format_and_out(cohort_files: tuple[Path, Path, list[Path]], tmp_path: Path) -> None:
    root, _, pages = cohort_files
    as_json = run(root, *map(str, pages), "--format", "json")
    data = json.loads(as_json.output)
    assert data["format"] == "dcp-course-results" and data["learners"] == 60
    assert [i["source"] for i in data["inputs"]] == ["xapi"] * len(pages)
    assert "| `m1-q1` | 60 |" in run(root, *map(str, pages), "--format", "md").output
    out = tmp_path / "report.html"
    written = run(root, *map(str, pages), "--format", "html", "--out", str(out))
    assert written.exit_code == 0 and written.output.startswith(f"wrote {out}: ")
    assert out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    again = tmp_path / "again.html"
    run(root, *map(str, pages), "--format", "html", "--out", str(again))
    assert out.read_bytes() == again.read_bytes()


def test_thresholds_are_options(cohort_files: tuple[Path, Path, list[Path]]) -> None:
    root, moodle, _ = cohort_files
    default = run(root, str(moodle)).output
    assert "[too-few-responses]" not in default
    strict = run(root, str(moodle), "--min-responses", "100", "--too-easy", "0.5").output
    assert strict.count("[too-few-responses]") == 12 and "[too-easy]" not in strict
    easy = run(root, str(moodle), "--too-easy", "0.5").output
    assert easy.count("[too-easy]") > default.count("[too-easy]")
    refused = run(root, str(moodle), "--min-group", "2")
    assert refused.exit_code == 2 and "2 is not in the range x>=5" in refused.output


def test_refused_files_are_one_line_each_and_nothing_is_reported(cohort_files: tuple[Path, Path, list[Path]],
                                                                tmp_path: Path) -> None:
    root, moodle, _ = cohort_files
    deep = tmp_path / "deep.json"
    deep.write_text("[" * 50_000 + "]" * 50_000, encoding="utf-8")
    default_options = tmp_path / "default.txt"
    default_options.write_text("Name\tAttempt\t\"Started on\"\t\"Last accessed on\"\tScore\tM1\t\"Response 0\"\n"
                               "Anna\t1\t-\t-\t3\t3\ta\n", encoding="utf-8")
    result = run(root, str(moodle), str(deep), str(default_options), str(FIXTURE_REPORT))
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert lines == [
        f"{deep}: JSON nested too deeply; expected xAPI statements",
        f"{default_options}:1: the report has no Question (the question ids) columns, as with Moodle's default "
        "options: in Moodle's Interactions report, open \"Preferences just for this page\", tick Question and "
        "Response (Result too, to check the answer keys), show the report and download it again",
        f"{FIXTURE_REPORT}: none of its 9 question id(s) is a quiz question of course 'planted'; are these "
        "results of another course?",
        "3 results file(s) refused; nothing was reported.",
    ]
    assert "Traceback" not in result.output


def test_the_fixture_courses_report_through_the_command() -> None:
    result = run(FIXTURE_COURSE, str(FIXTURE_REPORT), "--min-group", "5")
    assert result.exit_code == 0
    assert "Basics <of> blocks: Module quiz (basics-quiz): 1 learner(s), too few to report separately" in result.output
    assert "Questions: Module quiz (questions-quiz): 2 learner(s), too few to report separately" in result.output


def test_markdown_keeps_titles_and_typed_answers_as_text() -> None:
    result = run(FIXTURE_COURSE, str(FIXTURE_REPORT), "--min-group", "5", "--format", "md")
    assert "## Basics \\<of\\> blocks: Module quiz" in result.output
    assert "<of>" not in result.output.replace("\\<of\\>", "")
