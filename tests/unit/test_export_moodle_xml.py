"""Moodle XML export: parsed back by a reader written from Moodle's documented format and compared
with the sources (kinds, stems, answers, credit, feedback, categories)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from dcp_course.exports.bank import percent

from .test_export_common import Expected, category_parts, expected_questions, export, plain, tricky_course  # noqa: F401

# Moodle accepts only these grades (question_bank::fraction_options_full), positive and negative.
MOODLE_GRADES = [
    1.0,
    0.9,
    0.8333333,
    0.8,
    0.75,
    0.7,
    0.6666667,
    0.6,
    0.5,
    0.4,
    0.3333333,
    0.3,
    0.25,
    0.2,
    0.1666667,
    0.1428571,
    0.125,
    0.1111111,
    0.1,
    0.05,
    0.0,
]
QUESTION_TYPES = {"category", "multichoice", "truefalse", "matching", "ordering", "shortanswer", "numerical", "essay"}
COMMON = ["name", "questiontext", "generalfeedback", "defaultgrade", "penalty", "hidden", "idnumber"]
HTML_FIELDS = {
    "questiontext",
    "generalfeedback",
    "correctfeedback",
    "partiallycorrectfeedback",
    "incorrectfeedback",
    "feedback",
    "subquestion",
    "graderinfo",
    "responsetemplate",
}


@dataclass
class MoodleQuestion:
    type: str
    name: str
    category: str
    text: str
    grade: int
    idnumber: str
    fields: dict[str, str] = field(default_factory=dict)  # simple child elements
    answers: list[tuple[float, str, str]] = field(default_factory=list)  # fraction %, text, feedback html
    tolerances: list[str] = field(default_factory=list)  # numerical: each answer's error margin
    subquestions: list[tuple[str, str]] = field(default_factory=list)
    combined: dict[str, str] = field(default_factory=dict)
    graderinfo: str = ""  # an essay's information for the trainer (html)


def text_of(element: etree._Element | None) -> str:
    if element is None:
        return ""
    holder = element.find("text")
    assert holder is not None, f"<{element.tag}> needs a <text> child"
    return holder.text or ""


def read_moodle_xml(data: bytes) -> list[MoodleQuestion]:
    """A reader for Moodle XML as documented: <quiz> of <question type=...>, category switches first."""
    quiz = etree.fromstring(data)
    assert quiz.tag == "quiz"
    category = ""
    questions = []
    for element in quiz.iterchildren(etree.Element):
        assert element.tag == "question", element.tag
        kind = element.get("type", "")
        assert kind in QUESTION_TYPES, kind
        if kind == "category":
            category = text_of(element.find("category"))
            continue
        assert [child.tag for child in element][: len(COMMON)] == COMMON
        for child in element.iter(*HTML_FIELDS):
            assert child.get("format") == "html", child.tag
        question = MoodleQuestion(
            kind,
            text_of(element.find("name")),
            category,
            text_of(element.find("questiontext")),
            int(element.findtext("defaultgrade", "")),
            element.findtext("idnumber", ""),
        )
        question.fields = {c.tag: c.text or "" for c in element if len(c) == 0}
        for answer in element.findall("answer"):
            question.answers.append(
                (float(answer.get("fraction", "")), text_of(answer), text_of(answer.find("feedback")))
            )
            if kind == "numerical":
                question.tolerances.append(answer.findtext("tolerance", ""))
        question.graderinfo = text_of(element.find("graderinfo")) if kind == "essay" else ""
        for sub in element.findall("subquestion"):
            question.subquestions.append((text_of(sub), text_of(sub.find("answer"))))
        for name in ("correctfeedback", "partiallycorrectfeedback", "incorrectfeedback"):
            if element.find(name) is not None:
                question.combined[name] = plain(text_of(element.find(name)))
        questions.append(question)
    return questions


def as_expected(question: MoodleQuestion) -> Expected:
    """Undo the documented mapping from our kinds to Moodle's types."""
    kinds = {"truefalse": "truefalse", "matching": "match", "ordering": "order", "shortanswer": "fill",
             "numerical": "numeric", "essay": "task"}
    kind = kinds.get(question.type) or ("single" if question.fields["single"] == "true" else "multiple")
    expected = Expected(
        question.name,
        kind,
        category_parts(question.category),
        plain(question.text),
        question.grade,
        correct=question.combined.get("correctfeedback", ""),
        incorrect=question.combined.get("incorrectfeedback", ""),
        partial=question.combined.get("partiallycorrectfeedback", ""),
    )
    if kind in ("single", "multiple"):
        expected.choices = [
            (plain(text), fraction > 0, plain(feedback)) for fraction, text, feedback in question.answers
        ]
        expected.fractions = [percent(fraction) for fraction, _, _ in question.answers]
    elif kind == "truefalse":
        by_text = {text: (fraction, plain(feedback)) for fraction, text, feedback in question.answers}
        expected.answer = by_text["true"][0] == 100
        expected.if_true, expected.if_false = by_text["true"][1], by_text["false"][1]
    elif kind == "match":
        expected.pairs = [(plain(left), right) for left, right in question.subquestions]
    elif kind == "order":
        expected.items = [plain(text) for _, text in sorted((f, t) for f, t, _ in question.answers)]
    elif kind == "fill":
        expected.answers = [t.replace("\\*", "*") for f, t, _ in question.answers if f == 100]
        expected.case_sensitive = question.fields["usecase"] == "1"
        expected.correct = next((plain(fb) for f, _, fb in question.answers if f == 100), "")
        expected.incorrect = next((plain(fb) for f, t, fb in question.answers if f == 0 and t == "*"), "")
    elif kind == "task":  # the model answer, then the checklist as a list
        model, _, checklist = question.graderinfo.rpartition("<ul>")
        expected.model_answer = plain(model)
        expected.checklist = [plain(item) for item in re.findall(r"<li>(.*?)</li>", checklist)]
    elif kind == "numeric":
        right = [(text, tolerance) for (f, text, _), tolerance in zip(question.answers, question.tolerances, strict=True)
                 if f == 100]
        assert len(right) == 1, question.name
        expected.number, expected.tolerance = (float(text) for text in right[0])
        expected.correct = next((plain(fb) for f, _, fb in question.answers if f == 100), "")
        expected.incorrect = next((plain(fb) for f, t, fb in question.answers if f == 0 and t == "*"), "")
    return expected


def moodle_view(expected: Expected) -> Expected:
    """The source as Moodle can hold it: true/false feedback folds the question's feedback in,
    matching always gives credit per pair, and categories hang below the course."""
    if expected.kind == "truefalse":
        right, wrong = expected.correct, expected.incorrect
        when_true, when_false = (right, wrong) if expected.answer else (wrong, right)
        expected.if_true = " ".join(filter(None, [expected.if_true, when_true]))
        expected.if_false = " ".join(filter(None, [expected.if_false, when_false]))
        expected.correct = expected.incorrect = expected.partial = ""
    if expected.kind in ("match", "fill", "numeric"):
        expected.partial = ""
    expected.scoring = ""
    expected.unit = ""  # a note says it is not exported
    expected.category = ("Fixture <Course> & Friends", *expected.category)
    return expected


def test_round_trip_matches_the_sources(tmp_path: Path, tricky_course: Path) -> None:  # noqa: F811
    written, _ = export(tricky_course, tmp_path, "moodle-xml", "--include-checks", "--moodle-version", "4.5")
    parsed = [as_expected(q) for q in read_moodle_xml(written.read_bytes())]
    assert parsed == [moodle_view(e) for e in expected_questions(tricky_course, include_checks=True)]


def test_every_grade_is_one_moodle_accepts(tmp_path: Path, tricky_course: Path) -> None:  # noqa: F811
    written, _ = export(tricky_course, tmp_path, "moodle-xml")
    for question in read_moodle_xml(written.read_bytes()):
        if question.type in ("multichoice", "truefalse", "shortanswer", "numerical"):
            for fraction, _, _ in question.answers:
                assert any(abs(abs(fraction) / 100 - grade) < 1e-6 for grade in MOODLE_GRADES), (
                    question.name,
                    fraction,
                )


def test_types_and_their_options(tmp_path: Path, tricky_course: Path) -> None:  # noqa: F811
    written, _ = export(tricky_course, tmp_path, "moodle-xml", "--moodle-version", "4.5")
    questions = {q.name: q for q in read_moodle_xml(written.read_bytes())}
    assert questions["q-single"].fields["single"] == "true"
    assert questions["q-multiple"].fields["single"] == "false"
    assert questions["q-order"].fields["gradingtype"] == "ALL_OR_NOTHING"
    assert [a[0] for a in questions["q-order"].answers] == [1, 2, 3]  # Moodle's ordering: fraction = position
    assert questions["q-star"].answers[0][1] == "A\\*B"  # \* is a literal star, * alone a wildcard
    assert questions["q-tricky"].grade == 2 and questions["q-tricky"].idnumber == "q-tricky"
    assert "<strong>symbol</strong>" in questions["q-tricky"].text  # Markdown arrives as HTML
    assert "&lt;em&gt;not&lt;/em&gt;" in questions["q-all-or-nothing"].text  # raw HTML in sources stays text


def test_categories_follow_modules(tmp_path: Path, fixture_root: Path) -> None:
    written, _ = export(fixture_root, tmp_path, "moodle-xml", "--include-checks")
    quiz = etree.fromstring(written.read_bytes())
    categories = [text_of(c.find("category")) for c in quiz.findall("question[@type='category']")]
    assert categories == [
        "$course$/top/Fixture <Course> & Friends/Basics <of> blocks",
        "$course$/top/Fixture <Course> & Friends/Basics <of> blocks/Knowledge checks",
        "$course$/top/Fixture <Course> & Friends/Questions",
    ]


def test_notes_name_what_moodle_cannot_hold(tmp_path: Path, tricky_course: Path) -> None:  # noqa: F811
    _, notes = export(tricky_course, tmp_path, "moodle-xml")
    assert "warning: q-all-or-nothing: all-or-nothing scoring approximated" in notes
    assert (
        "warning: q-match: all-or-nothing scoring not available: Moodle's matching gives credit per pair"
        in notes
    )
    assert (
        "warning: q-pairs: Moodle's matching type needs at least 3 pairs and refuses the question "
        "(stopping the import); add one before importing"
    ) in notes
    assert "warning: q-pairs: partial credit differs: Moodle's matching gives 1/n per right pair" in notes


def test_numeric_is_numerical_with_its_tolerance(tmp_path: Path, fixture_root: Path) -> None:
    written, notes = export(fixture_root, tmp_path, "moodle-xml")
    question = next(q for q in read_moodle_xml(written.read_bytes()) if q.name == "q-numeric")
    assert question.type == "numerical"
    assert [(fraction, text) for fraction, text, _ in question.answers] == [(100, "42.2"), (0, "*")]
    assert question.tolerances == ["0.5", "0"]
    assert "note: q-numeric: unit 'km' not exported" in notes
