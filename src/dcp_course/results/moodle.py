"""Moodle's SCORM Interactions report, downloaded in text format, read as Moodle writes it.

Moodle (mod/scorm/report/interactions) writes a header of: Name, the identity fields the site
shows, Attempt, Started on, Last accessed on, Score, one column per SCO title, then for each
interaction number the ticked ones of Question, Response, Right answer and Result. A data row
holds the learner's cells and then, per SCO in manifest order, that SCO's score cell followed by
*its own* interaction cells: with several SCOs the rows are longer than the header and do not line
up with it. So the layout is worked out from the lengths:

    header = U + S + N*T        row = U + S*(1 + N*T)        =>  S = (row - header) / (N*T) + 1

with U the learner's cells, S the SCOs, N interactions per SCO and T ticked columns; N and T are
read from the end of the header, where the interaction columns repeat with a running number.
Cell values are HTML-escaped by Moodle and unescaped here. With the report's default options only
Response is ticked: without Question the answers cannot be told apart, and the reader says which
boxes to tick instead of guessing.
"""

from __future__ import annotations

import csv
import html
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass

from .answers import LearnerIds, RecordedAnswer, ResultsFile
from .files import FORMULA_STARTS, ResultsFileError, is_formula

# Moodle's English column names; another site language is read by position when all four are ticked
LABELS = {"Question": "question", "Response": "response", "Right answer": "right", "Result": "result"}
MOODLE_ORDER = ("question", "response", "right", "result")
ATTEMPT_CELLS = 4  # Attempt, Started on, Last accessed on, Score: the last of the learner's cells
RESULTS = {"correct": True, "wrong": False, "incorrect": False}  # SCORM 1.2 says wrong, 2004 incorrect
TICK_HINT = ("in Moodle's Interactions report, open \"Preferences just for this page\", tick "
             "Question and Response (Result too, to check the answer keys), show the report and download it again")
_NUMBERED = re.compile(r"(.+?) (\d+)")
csv.field_size_limit(1024 * 1024)  # one cell; a longer one is refused by the reader as malformed


@dataclass(frozen=True)
class Layout:
    user_cells: int  # name, identity fields and the four attempt cells
    sco_titles: tuple[str, ...]
    columns: tuple[str, ...]  # per interaction, in Moodle's order: some of question/response/right/result
    interactions: int  # N: the most interactions any SCO has

    @property
    def sco_width(self) -> int:
        return 1 + self.interactions * len(self.columns)

    @property
    def row_width(self) -> int:
        return self.user_cells + len(self.sco_titles) * self.sco_width


def interaction_columns(header: list[str]) -> tuple[tuple[str, ...], int]:
    """(labels of one interaction's columns, N), read backwards from the end of the header."""
    numbered = [_NUMBERED.fullmatch(cell) for cell in header]
    last = numbered[-1] if numbered else None
    if last is None:
        return (), 0
    number = int(last.group(2))
    width = 0
    while width < len(header) and (found := numbered[-1 - width]) is not None and int(found.group(2)) == number:
        width += 1
    labels = tuple(match.group(1) for match in numbered[len(header) - width:] if match is not None)
    end, groups = len(header) - width, 1
    while end - width >= 0 and number - groups >= 0:
        group = numbered[end - width:end]
        if not all(m is not None and m.group(1) == label and int(m.group(2)) == number - groups
                   for m, label in zip(group, labels, strict=True)):
            break
        end, groups = end - width, groups + 1
    return labels, groups


def number_of_first(header: list[str], width: int, count: int) -> int:
    found = _NUMBERED.fullmatch(header[len(header) - width * count])
    return int(found.group(2)) if found else -1


def roles_of(labels: tuple[str, ...], name: str) -> tuple[str, ...]:
    if all(label in LABELS for label in labels):
        return tuple(LABELS[label] for label in labels)
    if len(labels) == len(MOODLE_ORDER):  # a site in another language, every column ticked
        return MOODLE_ORDER
    raise ResultsFileError(f"{name}:1: interaction columns {', '.join(repr(label) for label in labels)} "
                           "not recognised (a site in another language?): tick all four columns, or "
                           "download the report with the site in English")


def layout_of(header: list[str], first_row: list[str], name: str) -> Layout:
    labels, count = interaction_columns(header)
    if not labels:
        raise ResultsFileError(f"{name}:1: no interaction columns (Question 1, Response 1, ...): {TICK_HINT}")
    if number_of_first(header, len(labels), count) not in (0, 1):
        raise ResultsFileError(f"{name}:1: interaction columns not numbered from 0 or 1 as Moodle numbers them; "
                               "is this an Interactions report as Moodle writes it?")
    roles = roles_of(labels, name)
    missing = [role for role in ("question", "response") if role not in roles]
    if missing:
        shown = " and ".join({"question": "Question (the question ids)", "response": "Response"}[m] for m in missing)
        raise ResultsFileError(f"{name}:1: the report has no {shown} columns, as with Moodle's default "
                               f"options: {TICK_HINT}")
    per_sco = count * len(roles)
    extra = len(first_row) - len(header)
    if extra < 0 or extra % per_sco:
        raise ResultsFileError(f"{name}:2: the first row has {len(first_row)} cells, which no number of SCOs "
                               f"gives with this header ({len(header)} cells, {count} x {len(roles)} interaction "
                               "columns); is this an Interactions report as Moodle writes it?")
    scos = extra // per_sco + 1
    user = len(header) - scos - per_sco
    if user < 1 + ATTEMPT_CELLS:
        raise ResultsFileError(f"{name}:1: too few columns before the SCOs ({user}); expected Name, "
                               "Attempt, Started on, Last accessed on and Score")
    return Layout(user, tuple(header[user:user + scos]), roles, count)


def _cells(text: str, name: str) -> Iterator[tuple[int, list[str]]]:
    reader = csv.reader(io.StringIO(text, newline=""), delimiter="\t", quotechar='"', strict=True)
    try:
        for row in reader:
            if row and row != [""]:
                yield reader.line_num, row
    except csv.Error as exc:
        raise ResultsFileError(f"{name}:{reader.line_num}: not a tab-separated report: {exc}") from None


def _refuse_formulas(line: int, row: list[str], skip: set[int], name: str) -> None:
    for column, cell in enumerate(row):
        if cell and cell[0] in FORMULA_STARTS and column not in skip and is_formula(cell):
            raise ResultsFileError(f"{name}:{line}:{column + 1}: a cell holds a spreadsheet formula; "
                                   "give the report exactly as Moodle downloads it, not a copy saved from a spreadsheet")


def response_columns(layout: Layout) -> set[int]:
    """Where learners' own responses sit: typed text may start with "=" and is data, not a formula."""
    if "response" not in layout.columns:
        return set()
    offset = layout.columns.index("response")
    width = len(layout.columns)
    return {layout.user_cells + sco * layout.sco_width + 1 + i * width + offset
            for sco in range(len(layout.sco_titles)) for i in range(layout.interactions)}


def read_moodle_text(text: str, name: str, file_index: int, learners: LearnerIds) -> ResultsFile:
    rows = list(_cells(text, name))
    if not rows:
        raise ResultsFileError(f"{name}: empty file; expected Moodle's Interactions report")
    (_, header), data = rows[0], rows[1:]
    _refuse_formulas(1, header, set(), name)
    read = ResultsFile(name, "moodle-text")
    if not data:
        read.notes.append(f"{name}: no learners in the report")
        return read
    layout = layout_of(header, data[0][1], name)
    read.containers = [html.unescape(title) for title in layout.sco_titles]
    responses = response_columns(layout)
    without_attempt = 0
    for line, row in data:
        if len(row) != layout.row_width:
            raise ResultsFileError(f"{name}:{line}: {len(row)} cells where the other rows have {layout.row_width}; "
                                   "is the file complete?")
        _refuse_formulas(line, row, responses, name)
        attempt = row[layout.user_cells - ATTEMPT_CELLS].strip()
        if attempt in ("", "-"):
            without_attempt += 1
            continue
        if not attempt.isdigit():
            raise ResultsFileError(f"{name}:{line}:{layout.user_cells - ATTEMPT_CELLS + 1}: attempt "
                                   f"is not a number; is this an Interactions report as Moodle writes it?")
        learner = learners.number(tuple(html.unescape(cell) for cell in row[:layout.user_cells - ATTEMPT_CELLS]))
        read.answers += _row_answers(row, layout, learner, f"{file_index}:{line}", int(attempt))
    if without_attempt:
        read.notes.append(f"{name}: {without_attempt} learner(s) without an attempt")
    return read


def _row_answers(row: list[str], layout: Layout, learner: int, record: str,
                 attempt: int) -> Iterator[RecordedAnswer]:
    width = len(layout.columns)
    question_at = layout.columns.index("question")
    response_at = layout.columns.index("response")
    result_at = layout.columns.index("result") if "result" in layout.columns else None
    for sco in range(len(layout.sco_titles)):
        start = layout.user_cells + sco * layout.sco_width + 1
        session, when = f"{record}:{sco}", f"{attempt:09d}.{sco:05d}"
        for i in range(layout.interactions):
            at = start + i * width
            question = html.unescape(row[at + question_at]).strip()
            if not question:
                continue
            response = html.unescape(row[at + response_at])
            result = html.unescape(row[at + result_at]).strip().lower() if result_at is not None else ""
            yield RecordedAnswer(learner, session, (when, i), question, response if response != "" else None,
                                 RESULTS.get(result))
