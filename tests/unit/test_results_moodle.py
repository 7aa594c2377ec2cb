"""Moodle's Interactions report read as a real Moodle writes it (tests/fixtures/results/README.md),
and every way a file is refused: one line naming the file and what to do, no traceback."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from conftest import TESTS

from dcp_course.results.answers import LearnerIds
from dcp_course.results.files import ResultsFileError, read_limited
from dcp_course.results.inputs import read_results_file
from dcp_course.results.moodle import read_moodle_text

FIXTURE = TESTS / "fixtures" / "results" / "moodle-interactions-fixture-course.txt"
TEXT = FIXTURE.read_text(encoding="utf-8")


def read(text: str, learners: LearnerIds | None = None) -> list[tuple[int, str, str | None, bool | None]]:
    found = read_moodle_text(text, "report.txt", 0, learners or LearnerIds())
    return [(a.learner, a.interaction_id, a.response, a.recorded_correct) for a in found.answers]


def refusal(text: str) -> str:
    with pytest.raises(ResultsFileError) as caught:
        read_moodle_text(text, "report.txt", 0, LearnerIds())
    return str(caught.value)


def test_the_fixture_course_report_reads_cell_by_cell_despite_rows_longer_than_the_header() -> None:
    answers = read(TEXT)
    anna = [(qid, response, result) for learner, qid, response, result in answers if learner == 0]
    assert anna == [
        ("basics-q1", "a", True), ("basics-q2", "t", True),
        ("q-single", "b", True), ("q-multiple", "a,c", True), ("q-truefalse", "f", True),
        ("q-match", "1.a,2.b,3.c", True), ("q-order", "a,b,c", True),
        ("q-fill", "Tom & <Jerry>", False),  # HTML-escaped by Moodle, read back as typed
        ("q-branch", "first.a,second.a", True),
    ]
    bernd = [(qid, response, result) for learner, qid, response, result in answers if learner == 1]
    assert len(bernd) == 14, "two attempts' rows of the same learner, one learner number"
    assert bernd[2] == ("q-truefalse", None, False), "an empty cell is no response"
    assert bernd[5] == ("q-fill", "  oslo ", True), "typed text kept exactly"
    assert {learner for learner, *_ in answers} == {0, 1}, "the learner without an attempt gives no answers"


def test_sco_titles_and_learners_without_attempts_are_reported() -> None:
    found = read_moodle_text(TEXT, "report.txt", 0, LearnerIds())
    assert found.containers == ["Basics <of> blocks", "Questions"]
    assert found.notes == ["report.txt: 1 learner(s) without an attempt"]
    assert all(a.session.endswith((":0", ":1")) for a in found.answers)
    first, second = (a for a in found.answers if a.learner == 1 and a.interaction_id == "q-single")
    assert first.order < second.order and first.session != second.session


def test_one_learner_is_one_number_across_files() -> None:
    learners = LearnerIds()
    read(TEXT, learners)
    again = read(TEXT, learners)
    assert {learner for learner, *_ in again} == {0, 1}


def test_interaction_columns_numbered_from_one_read_the_same() -> None:
    lines = TEXT.split("\n")
    header = lines[0]
    for number in range(6, -1, -1):  # from the top, so that "1" does not become "2" twice
        header = header.replace(f" {number}\"", f" {number + 1}\"")
    assert read("\n".join([header, *lines[1:]])) == read(TEXT)


def _without_columns(text: str, dropped: set[str]) -> str:
    """The report as Moodle writes it with some of the four interaction columns not ticked."""
    rows = [line.split("\t") for line in text.rstrip("\n").split("\n")]
    roles = ["Question", "Response", "Right answer", "Result"]
    keep_role = [role not in dropped for role in roles]
    header = rows[0][:8] + [cell for i, cell in enumerate(rows[0][8:]) if keep_role[i % 4]]
    out = ["\t".join(header)]
    for row in rows[1:]:
        cells = row[:6]
        for sco in range(2):
            block = row[6 + sco * 29:6 + (sco + 1) * 29]
            cells += [block[0], *(cell for i, cell in enumerate(block[1:]) if keep_role[i % 4])]
        out.append("\t".join(cells))
    return "\n".join(out) + "\n"


def test_moodles_default_options_are_refused_saying_what_to_tick() -> None:
    message = refusal(_without_columns(TEXT, {"Question", "Right answer", "Result"}))
    assert message.startswith("report.txt:1: the report has no Question (the question ids) columns")
    assert "tick Question and Response" in message and "Preferences just for this page" in message


def test_without_right_answer_and_result_the_responses_still_read() -> None:
    answers = read(_without_columns(TEXT, {"Right answer", "Result"}))
    assert [(qid, response) for _, qid, response, _ in answers] == [(qid, response) for _, qid, response, _ in read(TEXT)]
    assert {result for *_, result in answers} == {None}


def test_another_site_language_reads_by_position_only_with_every_column() -> None:
    translated = TEXT.replace('"Question ', '"Frage ').replace('"Response ', '"Antwort ')
    translated = translated.replace('"Right answer ', '"Richtige Antwort ').replace('"Result ', '"Ergebnis ')
    assert read(translated) == read(TEXT)
    partial = _without_columns(TEXT, {"Right answer"}).replace('"Question ', '"Frage ')
    assert "not recognised (a site in another language?)" in refusal(partial)


def test_a_cut_off_row_is_refused_at_its_line() -> None:
    lines = TEXT.split("\n")
    lines[2] = "\t".join(lines[2].split("\t")[:-3])
    assert refusal("\n".join(lines)).startswith("report.txt:3: 61 cells where the other rows have 64")


def test_a_formula_in_a_cell_is_refused_but_a_typed_answer_may_start_with_equals() -> None:
    assert "\t=HYPERLINK(" not in TEXT
    formula = TEXT.replace("\tq-order\t", "\t=HYPERLINK(\"http://x\")\t", 1)
    assert refusal(formula).startswith("report.txt:2:")
    assert "spreadsheet formula" in refusal(formula)
    typed = TEXT.replace('"Tom &amp; &lt;Jerry&gt;"', "=1+1", 1)
    assert ("q-fill", "=1+1") in [(qid, response) for _, qid, response, _ in read(typed)]


def test_a_file_that_is_not_a_report_is_refused() -> None:
    assert "no interaction columns" in refusal("Name\tScore\nAnna\t3\n")
    assert refusal("") == "report.txt: empty file; expected Moodle's Interactions report"
    assert "not a tab-separated report" in refusal('Name\t"Email\nAnna\t"x"y"\n')


def test_workbooks_are_refused_with_the_text_download_named(tmp_path: Path) -> None:
    workbook = tmp_path / "report.ods"
    workbook.write_bytes(b"PK\x03\x04" + bytes(60))
    with pytest.raises(ResultsFileError, match=r"an ODS or Excel \(\.xlsx\) workbook; .*Download in text format"):
        read_results_file(workbook, 0, LearnerIds())


def test_not_utf8_is_refused_at_its_line(tmp_path: Path) -> None:
    latin1 = tmp_path / "report.txt"
    latin1.write_bytes(TEXT.encode("utf-8").replace("Müller".encode(), "Müller".encode("latin-1")))
    with pytest.raises(ResultsFileError, match=r"report.txt:3: not UTF-8 text"):
        read_results_file(latin1, 0, LearnerIds())


def test_huge_files_and_non_files_are_refused_before_reading(tmp_path: Path) -> None:
    big = tmp_path / "big.txt"
    big.write_bytes(b"x" * 2048)
    with pytest.raises(ResultsFileError, match=r"big.txt: file is larger than"):
        read_limited(big, limit=1024)
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    with pytest.raises(ResultsFileError, match=r"pipe.txt: not a regular file"):
        read_results_file(fifo, 0, LearnerIds())
    with pytest.raises(ResultsFileError, match=r"missing.txt: cannot read file"):
        read_results_file(tmp_path / "missing.txt", 0, LearnerIds())
