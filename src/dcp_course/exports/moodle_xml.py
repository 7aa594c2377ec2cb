"""Moodle XML: one <quiz> file with a category per module and a question per source question.

Stems, choices and feedback are Markdown in the source and HTML here (format="html"). Kinds map
to Moodle's core question types: multichoice (single and multiple), truefalse, matching,
shortanswer for fill-in, numerical (with its tolerance), essay for a practical task (the model
answer and the checklist as the grader's information) and ordering (see moodle_release for the
releases that have it).
Partial credit for multiple-response questions reproduces the course's rule exactly (see
bank.choice_fractions); what Moodle cannot score as the course does is a warning.
"""

from __future__ import annotations

import html
from collections.abc import Callable

from lxml import etree

from ..render.markdown import markdown_html, markdown_inline
from ..source.model import (
    FillIn,
    Matching,
    MultipleResponse,
    Numeric,
    Ordering,
    SingleChoice,
    Task,
    TrueFalse,
)
from .bank import (
    BankQuestion,
    Notes,
    QuestionBank,
    QuestionExport,
    literal_answer,
    moodle_choice_fractions,
    percent,
)
from .moodle_release import ALL_OR_NOTHING_MULTIPLE, matching_caveats, task_caveats, unit_not_exported

PENALTY = "0.3333333"  # Moodle's default penalty per wrong try in interactive mode


def export(bank: QuestionBank) -> QuestionExport:
    quiz = etree.Element("quiz")
    notes = Notes()
    current: tuple[str, ...] | None = None
    for entry in bank.questions:
        if entry.category != current:
            current = entry.category
            quiz.append(etree.Comment(f" category: {' / '.join(current)} "))
            quiz.append(_category(bank, current))
        quiz.append(etree.Comment(f" question: {entry.id} "))
        quiz.append(_question(entry, notes))
    content = etree.tostring(quiz, xml_declaration=True, encoding="UTF-8", pretty_print=True)
    return notes.exported(content, bank)


def category_path(bank: QuestionBank, path: tuple[str, ...]) -> str:
    # A slash inside a name is written twice, as Moodle's category paths expect.
    parts = [bank.course.title, *path]
    return "$course$/top/" + "/".join(part.replace("/", "//") for part in parts)


def _category(bank: QuestionBank, path: tuple[str, ...]) -> etree._Element:
    question = etree.Element("question", type="category")
    _text(etree.SubElement(question, "category"), category_path(bank, path))
    return question


def _text(parent: etree._Element, value: str) -> etree._Element:
    text: etree._Element = etree.SubElement(parent, "text")
    if value and ("<" in value or "&" in value) and "]]>" not in value:
        text.text = etree.CDATA(value)
    else:
        text.text = value
    return text


def _html_field(parent: etree._Element, tag: str, value: str) -> etree._Element:
    element: etree._Element = etree.SubElement(parent, tag, format="html")
    _text(element, value)
    return element


def _sub(parent: etree._Element, tag: str, value: str | None = None) -> etree._Element:
    element: etree._Element = etree.SubElement(parent, tag)
    if value is not None:
        element.text = value
    return element


def _block(markdown: str | None) -> str:
    return str(markdown_html(markdown)).rstrip() if markdown else ""


def _question(entry: BankQuestion, notes: Notes) -> etree._Element:
    question = entry.question
    moodle_type, write = WRITERS[entry.kind]
    element = etree.Element("question", type=moodle_type)
    _text(_sub(element, "name"), entry.id)
    _html_field(element, "questiontext", _block(entry.stem))
    _html_field(element, "generalfeedback", "")
    _sub(element, "defaultgrade", str(question.weight))
    _sub(element, "penalty", "1" if isinstance(question, TrueFalse) else PENALTY)
    _sub(element, "hidden", "0")
    _sub(element, "idnumber", entry.id)
    write(element, entry, notes)
    return element


def _combined_feedback(element: etree._Element, entry: BankQuestion) -> None:
    feedback = entry.question.feedback
    _html_field(element, "correctfeedback", _block(feedback.correct if feedback else None))
    _html_field(element, "partiallycorrectfeedback", _block(feedback.partial if feedback else None))
    _html_field(element, "incorrectfeedback", _block(feedback.incorrect if feedback else None))
    _sub(element, "shownumcorrect")


def _answer(element: etree._Element, fraction: str, text: str, feedback: str = "") -> etree._Element:
    answer: etree._Element = etree.SubElement(element, "answer", fraction=fraction, format="html")
    _text(answer, text)
    _html_field(answer, "feedback", feedback)
    return answer


def _multichoice(element: etree._Element, entry: BankQuestion, notes: Notes) -> None:
    question = entry.question
    assert isinstance(question, SingleChoice | MultipleResponse)
    _sub(element, "single", "true" if isinstance(question, SingleChoice) else "false")
    _sub(element, "shuffleanswers", "true" if entry.shuffle_choices else "false")
    _sub(element, "answernumbering", "abc")
    _sub(element, "showstandardinstruction", "0")
    _combined_feedback(element, entry)
    for choice, fraction in zip(question.choices, moodle_choice_fractions(question, entry.id), strict=True):
        _answer(element, percent(fraction), str(markdown_inline(choice.text)), _block(choice.feedback))
    if isinstance(question, MultipleResponse) and question.scoring == "all-or-nothing":
        notes.warn(ALL_OR_NOTHING_MULTIPLE, entry.id)


def _truefalse(element: etree._Element, entry: BankQuestion, notes: Notes) -> None:
    question = entry.as_kind(TrueFalse)
    feedback = question.feedback
    when_right = feedback.correct if feedback else None
    when_wrong = feedback.incorrect if feedback else None
    true_extra, false_extra = (when_right, when_wrong) if question.answer else (when_wrong, when_right)
    _answer(element, "100" if question.answer else "0", "true", _joined(question.if_true, true_extra))
    _answer(element, "0" if question.answer else "100", "false", _joined(question.if_false, false_extra))


def _joined(*parts: str | None) -> str:
    """Per-answer feedback followed by the question's own correct/incorrect feedback."""
    return "".join(_block(part) for part in parts if part)


def _matching(element: etree._Element, entry: BankQuestion, notes: Notes) -> None:
    question = entry.as_kind(Matching)
    _sub(element, "shuffleanswers", "true")
    _combined_feedback(element, entry)
    for pair in question.pairs:
        subquestion = _html_field(element, "subquestion", html.escape(pair.left, quote=False))
        _text(_sub(subquestion, "answer"), pair.right)
    matching_caveats(question, entry.id, notes)


def _ordering(element: etree._Element, entry: BankQuestion, notes: Notes) -> None:
    question = entry.as_kind(Ordering)
    _sub(element, "layouttype", "VERTICAL")
    _sub(element, "selecttype", "ALL")
    _sub(element, "selectcount", str(len(question.items)))
    _sub(element, "gradingtype", "ALL_OR_NOTHING")
    _sub(element, "showgrading", "SHOW")
    _sub(element, "numberingstyle", "none")
    _combined_feedback(element, entry)
    for position, item in enumerate(question.items, start=1):
        _answer(element, str(position), html.escape(item, quote=False))


def _shortanswer(element: etree._Element, entry: BankQuestion, notes: Notes) -> None:
    question = entry.as_kind(FillIn)
    _sub(element, "usecase", "1" if question.case_sensitive else "0")
    feedback = question.feedback
    for accepted in question.answers:
        _answer(element, "100", literal_answer(accepted), _block(feedback.correct if feedback else None))
    if feedback and feedback.incorrect:
        _answer(element, "0", "*", _block(feedback.incorrect))


def _numerical(element: etree._Element, entry: BankQuestion, notes: Notes) -> None:
    question = entry.as_kind(Numeric)
    feedback = question.feedback
    right = _answer(element, "100", question.answer_text(), _block(feedback.correct if feedback else None))
    _sub(right, "tolerance", question.tolerance_text())
    if feedback and feedback.incorrect:
        _sub(_answer(element, "0", "*", _block(feedback.incorrect)), "tolerance", "0")
    unit_not_exported(question, entry.id, notes)


def _essay(element: etree._Element, entry: BankQuestion, notes: Notes) -> None:
    """The task's text as the question, the model answer and the checklist as the grader's information."""
    question = entry.as_kind(Task)
    grade = element.find("defaultgrade")
    assert grade is not None
    grade.text = str(question.weight) if question.scored else "0"  # not scored: it counts for nothing
    _sub(element, "responseformat", "plain")
    _sub(element, "responserequired", "1")
    _sub(element, "responsefieldlines", str(max(5, min(40, question.max_length // 100))))
    _sub(element, "attachments", "0")
    _sub(element, "attachmentsrequired", "0")
    checklist = "".join(f"<li>{markdown_inline(item)}</li>" for item in question.checklist)
    _html_field(element, "graderinfo", f"{_block(question.model_answer)}\n<ul>{checklist}</ul>")
    _html_field(element, "responsetemplate", "")
    task_caveats(question, entry.id, notes)


Writer = Callable[[etree._Element, BankQuestion, Notes], None]
# Moodle's question type and the writer of its answers, per kind; kinds no export carries are in
# bank.NOT_EXPORTED.
WRITERS: dict[str, tuple[str, Writer]] = {
    "single": ("multichoice", _multichoice),
    "multiple": ("multichoice", _multichoice),
    "truefalse": ("truefalse", _truefalse),
    "match": ("matching", _matching),
    "order": ("ordering", _ordering),
    "fill": ("shortanswer", _shortanswer),
    "numeric": ("numerical", _numerical),
    "task": ("essay", _essay),
}
