"""GIFT export: read back by a parser that follows Moodle's documented GIFT grammar (and its reader's
order of decisions), then compared with the sources."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from dcp_course.exports.bank import percent
from dcp_course.exports.gift import escape

from .test_export_common import (  # noqa: F401
    Expected,
    category_parts,
    expected_questions,
    export,
    markdown_text,
    tricky_course,
)

ESCAPED = {"\\:": ":", "\\#": "#", "\\=": "=", "\\{": "{", "\\}": "}", "\\~": "~", "\\n": "\n"}
WEIGHT = re.compile(r"^%(-?[0-9]{1,3}(?:\.[0-9]+)?)%")
FORMATS = ("moodle", "html", "plain", "markdown")
ORDERING = re.compile(
    r"^([^{]*)\{>\s*(\d+)\s*(ALL|EXACT|RANDOM|REL|CONTIGUOUS|CONTIG)?\s*(HORIZONTAL|VERTICAL)?\s*"
    r"(ALL_OR_NOTHING|ABSOLUTE_POSITION|RELATIVE_NEXT_EXCLUDE_LAST|LONGEST_ORDERED_SUBSET)?\s*"
    r"(SHOW|HIDE)?\s*(.*?)\s*\}\s*$",
    re.DOTALL,
)


@dataclass
class GiftQuestion:
    name: str
    category: str
    type: str
    text: str  # question text, format marker removed
    text_format: str
    general_feedback: str = ""
    single: bool = False
    answers: list[tuple[float, str, str]] = field(default_factory=list)  # weight %, text, feedback
    pairs: list[tuple[str, str]] = field(default_factory=list)
    items: list[str] = field(default_factory=list)
    truefalse: tuple[bool, str, str] | None = None  # answer, feedback when wrong, feedback when right
    number: tuple[str, str] | None = None  # numerical: answer and error margin


def _protect(text: str) -> str:
    """Escapes to placeholders before parsing, as Moodle's reader does (\\\\ first)."""
    text = text.replace("\\\\", "\x00")
    for escaped, character in ESCAPED.items():
        text = text.replace(escaped, f"\x01{ord(character)}\x02")
    return text.replace("\x00", "\\")


def _release(text: str) -> str:
    return re.sub("\x01(\\d+)\x02", lambda m: chr(int(m.group(1))), text)


def _with_format(text: str, default: str) -> tuple[str, str]:
    text = text.strip()
    match = re.match(r"^\[(\w+)\]", text)
    if match and match.group(1) in FORMATS:
        return _release(text[match.end() :]).strip(), match.group(1)
    return _release(text).strip(), default


def _answer_and_feedback(text: str, text_format: str) -> tuple[str, str]:
    answer, _, feedback = text.partition("#")
    return _with_format(answer, text_format)[0], _with_format(feedback, text_format)[0]


def read_gift(source: str) -> list[GiftQuestion]:
    """Questions are paragraphs; // lines are comments; $CATEGORY: switches the category."""
    questions = []
    category = ""
    for paragraph in re.split(r"\n\s*\n", source):
        lines = [line for line in paragraph.splitlines() if not line.strip().startswith("//")]
        raw = "\n".join(lines).strip()
        if not raw:
            continue
        text = _protect(raw)
        if text.startswith("$CATEGORY:"):
            category = text[len("$CATEGORY:") :].strip()
            assert "\x01" not in category, "Moodle does not unescape category lines"
            continue
        questions.append(_read_question(raw, text, category))
    return questions


def _read_question(raw: str, text: str, category: str) -> GiftQuestion:
    assert text.startswith("::"), "every exported question is named"
    end = text.index("::", 2)
    name, text = _release(text[2:end]), text[end + 2 :].strip()
    start, finish = text.index("{"), text.index("}")
    answer_text = text[start + 1 : finish].strip()
    question_text = text[:start] + ("" if text.endswith("}") else "_____") + text[finish + 1 :]
    general = ""
    if "####" in answer_text:
        answer_text, general = (
            answer_text[: answer_text.rindex("####")].strip(),
            answer_text[answer_text.rindex("####") + 4 :],
        )
    body, text_format = _with_format(question_text, "moodle")
    question = GiftQuestion(name, category, "", body, text_format, _with_format(general, text_format)[0])
    if not answer_text:  # an essay: nothing to answer from
        question.type = "essay"
        return question
    if answer_text.startswith(">"):
        return _read_ordering(raw, question)
    if answer_text.startswith("#"):
        return _read_numerical(answer_text[1:], question)
    if "~" in answer_text:
        question.type, question.single = "multichoice", "=" in answer_text
        for answer in re.split("~", answer_text.replace("=", "~="))[1:]:
            answer = answer.strip()
            weight = 100.0 if answer.startswith("=") else 0.0
            if answer.startswith("="):
                answer = answer[1:]
            elif match := WEIGHT.match(answer):
                weight, answer = float(match.group(1)), answer[match.end() :]
            question.answers.append((weight, *_answer_and_feedback(answer, text_format)))
    elif "=" in answer_text and "->" in answer_text:
        question.type = "match"
        for answer in answer_text.split("=")[1:]:
            left, _, right = answer.partition("->")
            question.pairs.append((_with_format(left, text_format)[0], _release(right).strip()))
    elif answer_text.partition("#")[0].strip() in ("T", "TRUE", "F", "FALSE"):
        question.type = "truefalse"
        bits = [*answer_text.split("#", 2), "", ""][:3]
        question.truefalse = (
            bits[0].strip() in ("T", "TRUE"),
            _with_format(bits[1], text_format)[0],
            _with_format(bits[2], text_format)[0],
        )
    else:
        question.type = "shortanswer"
        for answer in answer_text.split("=")[1:]:
            answer = answer.strip()
            weight = 100.0
            if match := WEIGHT.match(answer):
                weight, answer = float(match.group(1)), answer[match.end() :]
            question.answers.append((weight, *_answer_and_feedback(answer, text_format)))
    return question


def _read_numerical(answer_text: str, question: GiftQuestion) -> GiftQuestion:
    """{#=answer:margin#feedback~#feedback when wrong}, as Moodle's reader splits it."""
    question.type = "numerical"
    answer_text, _, wrong = answer_text.partition("~")
    answers = [a.strip() for a in answer_text.split("=") if a.strip()]
    assert len(answers) == 1, "one accepted answer"
    answer, feedback = _answer_and_feedback(answers[0], question.text_format)
    number, _, margin = answer.partition(":")
    question.number = (number.strip(), margin.strip() or "0")
    question.answers = [(100.0, number.strip(), feedback)]
    if wrong:
        question.answers.append((0.0, "*", _answer_and_feedback(wrong, question.text_format)[1]))
    return question


def _read_ordering(raw: str, question: GiftQuestion) -> GiftQuestion:
    """Moodle's ordering type matches its own pattern on the raw, unescaped lines."""
    match = ORDERING.match(raw)
    assert match, "ordering syntax: text{>N ALL VERTICAL ALL_OR_NOTHING SHOW items }"
    assert int(match.group(2)) == len([line for line in match.group(7).splitlines() if line.strip()])
    question.type = "ordering"
    question.items = [line.strip() for line in match.group(7).splitlines() if line.strip()]
    return question


def as_expected(question: GiftQuestion) -> Expected:
    kind = {"match": "match", "ordering": "order", "truefalse": "truefalse", "shortanswer": "fill",
            "numerical": "numeric", "essay": "task"}.get(
        question.type
    ) or ("single" if question.single else "multiple")
    assert question.text_format == "markdown"
    expected = Expected(
        question.name,
        kind,
        category_parts(question.category),
        _blank(markdown_text(question.text)),
        correct=markdown_text(question.general_feedback),
    )
    if kind in ("single", "multiple"):
        expected.choices = [
            (markdown_text(text), weight > 0, markdown_text(feedback))
            for weight, text, feedback in question.answers
        ]
        expected.fractions = [percent(weight) for weight, _, _ in question.answers]
    elif kind == "truefalse":
        assert question.truefalse is not None
        answer, wrong, right = question.truefalse
        expected.answer = answer
        expected.if_true, expected.if_false = (
            (markdown_text(right), markdown_text(wrong))
            if answer
            else (markdown_text(wrong), markdown_text(right))
        )
    elif kind == "match":
        expected.pairs = [(left, right) for left, right in question.pairs]
    elif kind == "order":
        expected.items = question.items
    elif kind == "numeric":
        assert question.number is not None
        expected.number, expected.tolerance = (float(text) for text in question.number)
    if kind == "fill":
        expected.answers = [text.replace("\\*", "*") for weight, text, _ in question.answers if weight == 100]
    if kind in ("fill", "numeric"):  # feedback with the right answer, and with "*" for any other
        expected.correct = next((markdown_text(fb) for w, _, fb in question.answers if w == 100), "")
        expected.incorrect = next(
            (markdown_text(fb) for w, t, fb in question.answers if w == 0 and t == "*"), ""
        )
    return expected


def _blank(text: str) -> str:
    return re.sub(r"_{3,}", "___", text)


def gift_view(expected: Expected) -> Expected:
    """The source as GIFT can hold it (see the notes the export prints)."""
    expected.stem = _blank(expected.stem)
    expected.weight = 1
    expected.scoring = ""
    expected.case_sensitive = False
    expected.unit = ""  # a note says it is not exported
    expected.model_answer, expected.checklist = "", []  # a warning says GIFT has no place for them
    expected.category = ("Fixture <Course> & Friends", *expected.category)

    def join(*parts: str) -> str:
        return " ".join(p for p in parts if p)

    if expected.kind == "single":  # per-outcome feedback folds into each choice's feedback
        expected.choices = [
            (text, right, join(fb, expected.correct if right else expected.incorrect))
            for text, right, fb in expected.choices
        ]
        expected.correct = ""
    elif expected.kind == "truefalse":
        right, wrong = expected.correct, expected.incorrect
        when_true, when_false = (right, wrong) if expected.answer else (wrong, right)
        expected.if_true, expected.if_false = (
            join(expected.if_true, when_true),
            join(expected.if_false, when_false),
        )
        expected.correct = ""
    elif expected.kind == "order":
        expected.correct = ""
    expected.incorrect = expected.incorrect if expected.kind in ("fill", "numeric") else ""
    expected.partial = ""
    return expected


def test_round_trip_matches_the_sources(tmp_path: Path, tricky_course: Path) -> None:  # noqa: F811
    written, _ = export(tricky_course, tmp_path, "gift", "--include-checks", "--moodle-version", "4.5")
    parsed = [as_expected(q) for q in read_gift(written.read_text(encoding="utf-8"))]
    assert parsed == [gift_view(e) for e in expected_questions(tricky_course, include_checks=True)]


def test_reserved_characters_are_escaped() -> None:
    assert escape("a ~ = # { } : \\ b\nc") == "a \\~ \\= \\# \\{ \\} \\: \\\\ b\\nc"
    assert _release(_protect(escape("x: {y} ~ #z = \\w"))) == "x: {y} ~ #z = \\w"


def test_questions_never_span_a_blank_line(tmp_path: Path, tricky_course: Path) -> None:  # noqa: F811
    written, _ = export(tricky_course, tmp_path, "gift")
    text = written.read_text(encoding="utf-8")
    paragraph = next(p for p in text.split("\n\n") if "::q-tricky::" in p)
    assert "\\n\\nThink about \\~tilde\\~, \\#hash and back\\\\slash." in paragraph


def test_fill_in_uses_the_missing_word_form_and_literal_stars(tmp_path: Path, tricky_course: Path) -> None:  # noqa: F811
    written, _ = export(tricky_course, tmp_path, "gift")
    questions = {q.name: q for q in read_gift(written.read_text(encoding="utf-8"))}
    assert questions["q-fill"].text == "The capital of Norway is _____."
    assert questions["q-star"].answers == [(100.0, "A\\*B", "")]


def test_multiple_response_with_one_right_choice_stays_multiple(tmp_path: Path, course_copy: Path) -> None:
    module = course_copy / "modules" / "02-questions" / "module.yaml"
    text = module.read_text(encoding="utf-8")
    module.write_text(text.replace('- { text: "4", correct: true }', '- { text: "4" }'), encoding="utf-8")
    written, _ = export(course_copy, tmp_path, "gift")
    question = next(q for q in read_gift(written.read_text(encoding="utf-8")) if q.name == "q-multiple")
    assert (question.type, question.single) == ("multichoice", False)
    assert [w for w, _, _ in question.answers] == [100.0, -100.0, -100.0]  # partial: a wrong choice costs 1/k


def test_notes_name_what_gift_cannot_hold(tmp_path: Path, tricky_course: Path) -> None:  # noqa: F811
    _, notes = export(tricky_course, tmp_path, "gift")
    assert "note: q-tricky: GIFT has no question weight; set the mark in the LMS" in notes
    assert (
        "warning: q-star: GIFT short answers ignore case; make the question case-sensitive in the LMS"
        in notes
    )
    assert (
        "warning: q-all-or-nothing: GIFT keeps only the correct-answer feedback (as general feedback) "
        "for this kind"
    ) in notes


def test_raw_html_in_sources_stays_text(tmp_path: Path, tricky_course: Path) -> None:  # noqa: F811
    written, _ = export(tricky_course, tmp_path, "gift")
    text = written.read_text(encoding="utf-8")
    assert "::q-all-or-nothing::[markdown]Which are &lt;em>not&lt;/em> capitals?{" in text
    assert "Which **symbol** \\{is\\} used in `a \\= b`" in text  # code spans and Markdown kept as written


def test_numeric_is_moodles_numerical_with_its_tolerance(tmp_path: Path, fixture_root: Path) -> None:
    written, notes = export(fixture_root, tmp_path, "gift")
    assert ("::q-numeric::[markdown]How long is a marathon, in kilometres?"
            "{#=42.2:0.5#Yes, 42.195 km.~#It is 42.195 km.}") in written.read_text(encoding="utf-8")
    assert ("note: q-numeric: unit 'km' not exported: Moodle's numerical questions show a unit only when "
            "they also grade it; name it in the question text") in notes
