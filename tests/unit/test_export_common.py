"""What every question export shares: the question bank, scoring, the CLI, and the round-trip yardstick.

The per-format tests (test_export_qti21/moodle_xml/gift) export a course, parse the result with a
small parser of their own written from the format's documentation, and compare what comes back with
`expected_questions`, which reads the same sources through the model, independently of the exporters.
"""

from __future__ import annotations

import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import FIXTURE_COURSE, FIXTURE_MODULES, fixture_quiz
from lxml import html as lxml_html

from dcp_course.cli import main
from dcp_course.exports import question_bank
from dcp_course.exports.bank import choice_fractions, percent
from dcp_course.render.markdown import markdown_html
from dcp_course.render.questions import check_id
from dcp_course.source.errors import BuildError
from dcp_course.source.load import load_course
from dcp_course.source.model import (
    Branching,
    FillIn,
    Matching,
    MultipleResponse,
    Numeric,
    Ordering,
    QuestionBase,
    SingleChoice,
    Task,
    TrueFalse,
    question_kind,
)

# Questions that stress escaping, Markdown, weights, scoring and the notes, added to a copy of the
# fixture course so the shared fixture stays as other tests expect it.
TRICKY_QUESTIONS = r"""
    - id: q-tricky
      assesses: [answer-all]
      weight: 2
      single: |
        Which **symbol** {is} used in `a = b` and "c: d"?

        Think about ~tilde~, #hash and back\slash.
      choices:
        - { text: "The = sign", correct: true, feedback: "Yes: = assigns & compares." }
        - { text: "The {brace} #", feedback: "No -> not this one." }
        - { text: "A colon: ~", feedback: "Not \\ this." }
      feedback: { correct: "Well done: 100%", incorrect: "Try again {later}" }
    - id: q-all-or-nothing
      assesses: [answer-all]
      multiple: Which are <em>not</em> capitals?
      choices:
        - { text: Bergen, correct: true }
        - { text: Oslo }
        - { text: Turku, correct: true }
        - { text: Tartu, correct: true }
      feedback: { correct: All three., incorrect: Look again., partial: Some of them. }
    - id: q-star
      assesses: [answer-all]
      fill: "Type ____ exactly: it has a star."
      answers: ["A*B"]
      case_sensitive: true
    - id: q-pairs
      assesses: [answer-all]
      match: Two pairs = fewer than Moodle wants.
      scoring: partial
      pairs:
        - { left: "1 + 1", right: "2" }
        - { left: "2 # 2", right: "4" }
"""
# Final-only questions (drawn only by a final assessment): exported in a category of their own.
FINAL_ONLY_QUESTIONS = r"""
final_questions:
  - id: q-final-pick
    assesses: [answer-all]
    single: A question kept for the *final* assessment. Which answer is right?
    choices:
      - { text: This one, correct: true, feedback: Right. }
      - { text: That one }
  - id: q-final-statement
    assesses: [answer-all]
    truefalse: Final-only questions never appear in the module quiz.
    answer: true
"""


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


def export(root: Path, out: Path, format_name: str, *extra: str) -> tuple[Path, str]:
    """Run `dcp-course export-questions` and return the file written and stderr (the notes)."""
    out.mkdir(parents=True, exist_ok=True)
    code, stdout, stderr = run(
        "--root", str(root), "export-questions", "--format", format_name, "--out", str(out), *extra
    )
    assert code == 0, stderr
    written = Path(stdout.split("wrote ", 1)[1].split(" (", 1)[0])
    assert written.parent == out and written.is_file()
    return written, stderr


@pytest.fixture()
def tricky_course(course_copy: Path) -> Path:
    module = course_copy / "modules" / "02-questions" / "module.yaml"
    text = module.read_text(encoding="utf-8")
    text = text.replace("\nsources:", TRICKY_QUESTIONS.rstrip() + FINAL_ONLY_QUESTIONS.rstrip() + "\nsources:", 1)
    module.write_text(text.replace("title: Questions\n", "title: Questions / answers\n", 1), encoding="utf-8")
    return course_copy


def category_parts(path: str) -> tuple[str, ...]:
    """A Moodle category path below $course$/top, where a doubled slash is a slash inside a name."""
    parts = path.replace("//", "\x00").split("/")
    assert parts[:2] == ["$course$", "top"], path
    return tuple(part.replace("\x00", "/") for part in parts[2:])


# ---------------------------------------------------------------- the yardstick


def plain(html: str) -> str:
    """Visible text of an HTML fragment, whitespace collapsed."""
    if not html.strip():
        return ""
    return " ".join(lxml_html.fragment_fromstring(html, create_parent="div").text_content().split())


def markdown_text(markdown: str | None) -> str:
    return plain(str(markdown_html(markdown))) if markdown else ""


@dataclass
class Expected:
    """A question as every format should carry it, in plain text."""

    id: str
    kind: str
    category: tuple[str, ...]
    stem: str
    weight: int = 1
    choices: list[tuple[str, bool, str]] = field(default_factory=list)  # text, correct, feedback
    fractions: list[str] = field(default_factory=list)  # percent per choice
    answer: bool | None = None
    if_true: str = ""
    if_false: str = ""
    pairs: list[tuple[str, str]] = field(default_factory=list)
    items: list[str] = field(default_factory=list)
    answers: list[str] = field(default_factory=list)
    case_sensitive: bool = False
    number: float | None = None  # a numeric question's answer, tolerance and unit
    tolerance: float | None = None
    unit: str = ""
    model_answer: str = ""  # a practical task's, with its checklist
    checklist: list[str] = field(default_factory=list)
    correct: str = ""
    incorrect: str = ""
    partial: str = ""
    scoring: str = ""


def expected_fractions(question: SingleChoice | MultipleResponse) -> list[str]:
    """Independent of the exporter: right choices share 100%; a wrong one costs 100% (all-or-nothing)
    or as much as a right one earns (partial)."""
    if isinstance(question, SingleChoice):
        return ["100" if c.correct else "0" for c in question.choices]
    right = [c for c in question.choices if c.correct]
    values = {
        1: "100",
        2: "50",
        3: "33.33333",
        4: "25",
        5: "20",
        6: "16.66667",
        7: "14.28571",
        8: "12.5",
        9: "11.11111",
        10: "10",
    }
    wrong_value = "-100" if question.scoring == "all-or-nothing" else "-" + values[len(right)]
    return [values[len(right)] if c.correct else wrong_value for c in question.choices]


def expected_questions(root: Path, include_checks: bool = False) -> list[Expected]:
    source = load_course(root)
    found: list[Expected] = []
    for loaded in source.modules:
        module = loaded.module
        quiz = [(q.id or "", q, (module.title,)) for q in (module.quiz.questions if module.quiz else [])]
        quiz += [(q.id or "", q, (module.title, "Final assessment")) for q in module.final_questions]
        checks = []
        for lesson in module.lessons:
            index = 0
            for block in lesson.blocks:
                question = getattr(block, "check", None)
                if question is not None:
                    checks.append(
                        (
                            question.id or check_id(lesson.id, index),
                            question,
                            (module.title, "Knowledge checks"),
                        )
                    )
                    index += 1
        for qid, question, category in quiz + (checks if include_checks else []):
            if not isinstance(question, Branching):
                found.append(_expected(qid, question, category))
    return found


def _expected(qid: str, question: QuestionBase, category: tuple[str, ...]) -> Expected:
    kind = question_kind(question)
    feedback = question.feedback
    expected = Expected(
        qid,
        kind,
        category,
        markdown_text(getattr(question, kind)),
        question.weight,
        correct=markdown_text(feedback.correct if feedback else None),
        incorrect=markdown_text(feedback.incorrect if feedback else None),
        partial=markdown_text(feedback.partial if feedback else None),
    )
    if isinstance(question, SingleChoice | MultipleResponse):
        expected.choices = [
            (markdown_text(c.text), c.correct, markdown_text(c.feedback)) for c in question.choices
        ]
        expected.fractions = expected_fractions(question)
        expected.scoring = getattr(question, "scoring", "all-or-nothing")
    elif isinstance(question, TrueFalse):
        expected.answer = question.answer
        expected.if_true, expected.if_false = (
            markdown_text(question.if_true),
            markdown_text(question.if_false),
        )
    elif isinstance(question, Matching):
        expected.pairs = [(p.left, p.right) for p in question.pairs]
        expected.scoring = question.scoring
    elif isinstance(question, Ordering):
        expected.items = list(question.items)
    elif isinstance(question, FillIn):
        expected.answers = list(question.answers)
        expected.case_sensitive = question.case_sensitive
    elif isinstance(question, Numeric):
        expected.number, expected.tolerance = question.answer, question.tolerance
        expected.unit = question.unit or ""
    elif isinstance(question, Task):
        expected.model_answer = markdown_text(question.model_answer)
        expected.checklist = list(question.checklist)
        expected.weight = question.weight if question.scored else 0  # not scored: it counts for nothing
    return expected


# ---------------------------------------------------------------- the bank and the CLI


def test_bank_holds_quiz_questions_in_course_order(fixture_root: Path) -> None:
    bank = question_bank(load_course(fixture_root))
    written = [q for folder in FIXTURE_MODULES for q in fixture_quiz(folder)]
    assert [q.id for q in bank.questions] == [q["id"] for q in written if "branching" not in q]
    assert bank.skipped == tuple(q["id"] for q in written if "branching" in q) != ()
    assert all(q.graded for q in bank.questions)


def test_bank_adds_knowledge_checks_in_their_own_category(fixture_root: Path) -> None:
    bank = question_bank(load_course(fixture_root), ["01-basics"], include_checks=True)
    assert [(q.id, q.category) for q in bank.questions] == [
        ("basics-q1", ("Basics <of> blocks",)),
        ("basics-q2", ("Basics <of> blocks",)),
        ("all-blocks-check-1", ("Basics <of> blocks", "Knowledge checks")),
        ("second-lesson-check-1", ("Basics <of> blocks", "Knowledge checks")),
    ]


def test_bank_accepts_module_id_or_folder_and_names_unknown_ones(fixture_root: Path) -> None:
    source = load_course(fixture_root)
    assert {q.module.id for q in question_bank(source, ["questions"]).questions} == {"questions"}
    with pytest.raises(BuildError, match=r"unknown module 'nope'; choose from basics, questions"):
        question_bank(source, ["nope"])


@pytest.mark.parametrize(
    ("scoring", "expected"), [("partial", ["50", "-50", "50"]), ("all-or-nothing", ["50", "-100", "50"])]
)
def test_multiple_response_fractions(scoring: str, expected: list[str]) -> None:
    question = MultipleResponse.model_validate(
        {
            "multiple": "Pick",
            "scoring": scoring,
            "choices": [{"text": "a", "correct": True}, {"text": "b"}, {"text": "c", "correct": True}],
        }
    )
    assert [percent(f) for f in choice_fractions(question)] == expected == expected_fractions(question)


def test_partial_credit_costs_a_wrong_choice_what_a_right_one_earns() -> None:
    question = MultipleResponse.model_validate(
        {
            "multiple": "Pick",
            "scoring": "partial",
            "choices": [{"text": "a", "correct": True}, {"text": "b"}, {"text": "c"}, {"text": "d"}],
        }
    )
    assert [percent(f) for f in choice_fractions(question)] == ["100", "-100", "-100", "-100"]


def test_cli_writes_the_default_name_under_dist(tmp_path: Path) -> None:
    root = tmp_path / "course"
    shutil.copytree(FIXTURE_COURSE, root)
    code, out, err = run("--root", str(root), "export-questions", "--format", "gift", "--module", "basics")
    assert code == 0, err
    written = root / "dist" / "fixture-course-0.9.0-basics-questions-gift.txt"
    assert written.is_file() and f"wrote {written} (2 questions" in out


def test_cli_writes_the_file_named_by_out(tmp_path: Path, fixture_root: Path) -> None:
    target = tmp_path / "bank.xml"
    code, _, err = run(
        "--root",
        str(fixture_root),
        "export-questions",
        "--format",
        "moodle-xml",
        "--out",
        str(target),
        "--moodle-version",
        "4.5",
    )
    assert code == 0, err
    assert target.read_bytes().startswith(b"<?xml") and [p.name for p in tmp_path.iterdir()] == ["bank.xml"]


def test_cli_reports_what_was_left_out(tmp_path: Path, fixture_root: Path) -> None:
    _, notes = export(fixture_root, tmp_path, "moodle-xml")
    assert (
        "warning: q-branch: branching scenario not exported (no quiz-engine equivalent; it stays in the "
        "SCORM package)"
    ) in notes


def test_cli_refuses_a_module_without_questions(course_copy: Path) -> None:
    module = course_copy / "modules" / "01-basics" / "module.yaml"
    text = module.read_text(encoding="utf-8")
    module.write_text(re.sub(r"\nquiz:.*?\nsources:", "\nsources:", text, flags=re.DOTALL), encoding="utf-8")
    code, _, err = run(
        "--root", str(course_copy), "export-questions", "--format", "gift", "--module", "basics"
    )
    assert code == 1
    assert "error: no questions to export: basics has no quiz (add --include-checks" in err
    assert "Traceback" not in err


def test_cli_refuses_an_unknown_format(fixture_root: Path) -> None:
    code, _, err = run("--root", str(fixture_root), "export-questions", "--format", "pdf")
    assert code == 2 and "pdf" in err


@pytest.mark.parametrize("format_name", ["qti21", "moodle-xml", "gift"])
def test_exports_are_byte_identical_across_runs(tmp_path: Path, fixture_root: Path, format_name: str) -> None:
    first, _ = export(fixture_root, tmp_path / "a", format_name, "--include-checks")
    second, _ = export(fixture_root, tmp_path / "b", format_name, "--include-checks")
    assert first.read_bytes() == second.read_bytes()


def test_cli_out_ending_in_a_slash_is_a_folder(tmp_path: Path, fixture_root: Path) -> None:
    code, _, err = run(
        "--root", str(fixture_root), "export-questions", "--format", "qti21", "--out", f"{tmp_path}/new/"
    )
    assert code == 0, err
    assert (tmp_path / "new" / "fixture-course-0.9.0-questions-qti21.zip").is_file()
