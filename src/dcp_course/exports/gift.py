"""GIFT: Moodle's plain-text question format, one question per paragraph, Markdown kept as Markdown.

Each question text starts with the [markdown] format marker, which its answers and feedback
inherit. The reserved characters ~ = # { } : and the backslash are escaped with a backslash and
line breaks written as \\n, so a question never spans a blank line. Ordering questions use the
`{>` syntax of Moodle's ordering type, which only a Moodle with that type reads as ordering (the
command leaves them out otherwise; see moodle_release). GIFT cannot carry question weights (a
note), case-sensitive short answers, or per-outcome feedback for multiple-response, matching and
ordering questions (warnings: the question scores differently or loses feedback). Numeric questions
are Moodle's numerical type, `{#=answer:tolerance}`, without their unit (a note). A practical task
is an essay, `::id::text{}`, without its model answer and checklist (a warning).
"""

from __future__ import annotations

import re
from collections.abc import Callable

from ..source import questions as q
from ..source.model import QuestionBase
from .bank import (
    BankQuestion,
    Notes,
    QuestionBank,
    QuestionExport,
    blank_split,
    literal_answer,
    moodle_choice_fractions,
    percent,
)
from .moodle_release import ALL_OR_NOTHING_MULTIPLE, matching_caveats, task_caveats, unit_not_exported

RESERVED = ("~", "=", "#", "{", "}", ":")
CODE_SPAN = re.compile(r"(`+)(?:.+?)\1", re.DOTALL)


def literal_markdown(text: str) -> str:
    """Markdown whose raw HTML stays text, as in the course: Moodle's Markdown would render it.

    `<` becomes the entity `&lt;` outside code spans; inside them it is shown as written anyway.
    """
    pieces = []
    last = 0
    for match in CODE_SPAN.finditer(text):
        pieces += [text[last : match.start()].replace("<", "&lt;"), match.group(0)]
        last = match.end()
    return "".join([*pieces, text[last:].replace("<", "&lt;")])


def escape(text: str, strip: bool = True) -> str:
    """Text as GIFT writes it: reserved characters and backslashes escaped, one line."""
    escaped = (text.strip() if strip else text).replace("\\", "\\\\")
    for character in RESERVED:
        escaped = escaped.replace(character, "\\" + character)
    return escaped.replace("\r\n", "\n").replace("\r", "\n").replace("\n", "\\n")


def export(bank: QuestionBank) -> QuestionExport:
    notes = Notes()
    course = bank.course
    paragraphs = [
        (f"// {_one_line(course.title)}: questions exported by dcp-course from {course.id} {course.version}")
    ]
    current: tuple[str, ...] | None = None
    for entry in bank.questions:
        if entry.category != current:
            current = entry.category
            paragraphs.append(f"$CATEGORY: {category_path(bank, current)}")
        paragraphs.append(f"// {entry.id}\n{_question(entry, notes)}")
    return notes.exported(("\n\n".join(paragraphs) + "\n").encode("utf-8"), bank)


def category_path(bank: QuestionBank, path: tuple[str, ...]) -> str:
    # Moodle reads the category line unescaped; a slash inside a name is written twice.
    parts = [bank.course.title, *path]
    return "$course$/top/" + "/".join(_one_line(part).replace("/", "//") for part in parts)


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _question(entry: BankQuestion, notes: Notes) -> str:
    question = entry.question
    head = f"::{escape(entry.id)}::[markdown]"
    if question.weight != 1:
        notes.add("GIFT has no question weight; set the mark in the LMS", entry.id)
    return head + WRITERS[entry.kind](entry, notes)


def _stem(entry: BankQuestion) -> str:
    return escape(literal_markdown(entry.stem))


def _with_answers(entry: BankQuestion, body: str) -> str:
    return f"{_stem(entry)}{{\n{body}}}"


def _write_single(entry: BankQuestion, notes: Notes) -> str:
    return _with_answers(entry, _single(entry.as_kind(q.SingleChoice)))


def _write_multiple(entry: BankQuestion, notes: Notes) -> str:
    question = entry.as_kind(q.MultipleResponse)
    return _with_answers(entry, _multiple(question, notes, entry.id) + _general_feedback(question, notes, entry.id))


def _write_truefalse(entry: BankQuestion, notes: Notes) -> str:
    return _with_answers(entry, _truefalse(entry.as_kind(q.TrueFalse)))


def _write_matching(entry: BankQuestion, notes: Notes) -> str:
    question = entry.as_kind(q.Matching)
    return _with_answers(entry, _matching(question, notes, entry.id) + _general_feedback(question, notes, entry.id))


def _write_ordering(entry: BankQuestion, notes: Notes) -> str:
    return _stem(entry) + _ordering(entry.as_kind(q.Ordering), notes, entry.id)


def _write_fill(entry: BankQuestion, notes: Notes) -> str:
    return _fill(entry.as_kind(q.FillIn), notes, entry.id)


def _write_numeric(entry: BankQuestion, notes: Notes) -> str:
    # Moodle reads {#=answer:tolerance#feedback~#feedback when wrong} as a numerical question.
    question = entry.as_kind(q.Numeric)
    unit_not_exported(question, entry.id, notes)
    overall = question.feedback
    right = _feedback(overall.correct if overall else None)
    wrong = f"~{_feedback(overall.incorrect)}" if overall and overall.incorrect else ""
    answer = f"{question.answer_text()}:{question.tolerance_text()}"
    return f"{_stem(entry)}{{#={answer}{right}{wrong}}}"


def _write_task(entry: BankQuestion, notes: Notes) -> str:
    # An essay in GIFT is a question with empty braces; GIFT has no place for grader information.
    question = entry.as_kind(q.Task)
    task_caveats(question, entry.id, notes)
    notes.warn("GIFT essays carry no model answer or checklist; use Moodle XML to give them to the trainer",
               entry.id)
    return f"{_stem(entry)}{{}}"


def _feedback(*parts: str | None) -> str:
    text = "\n\n".join(part.strip() for part in parts if part)
    return f"#{escape(literal_markdown(text))}" if text else ""


def _single(question: q.SingleChoice) -> str:
    overall = question.feedback
    lines = []
    for choice in question.choices:
        outcome = (overall.correct if choice.correct else overall.incorrect) if overall else None
        mark = "=" if choice.correct else "~"
        lines.append(
            f"\t{mark}{escape(literal_markdown(choice.text))}{_feedback(choice.feedback, outcome)}\n"
        )
    return "".join(lines)


def _multiple(question: q.MultipleResponse, notes: Notes, question_id: str) -> str:
    if question.scoring == "all-or-nothing":
        notes.warn(ALL_OR_NOTHING_MULTIPLE, question_id)
    # No "=" at all, so Moodle makes it a multiple-response question even with one right choice.
    weights = moodle_choice_fractions(question, question_id)
    return "".join(
        f"\t~%{percent(weight)}%{escape(literal_markdown(choice.text))}{_feedback(choice.feedback)}\n"
        for choice, weight in zip(question.choices, weights, strict=True)
    )


def _general_feedback(question: QuestionBase, notes: Notes, question_id: str) -> str:
    """GIFT has one general feedback for these kinds: the correct-answer feedback goes there."""
    feedback = question.feedback
    if feedback is None:
        return ""
    if feedback.incorrect or feedback.partial:
        notes.warn(
            "GIFT keeps only the correct-answer feedback (as general feedback) for this kind", question_id
        )
    return f"\t####{escape(literal_markdown(feedback.correct))}\n" if feedback.correct else ""


def _truefalse(question: q.TrueFalse) -> str:
    # Moodle reads {TRUE#feedback when answered wrongly#feedback when answered rightly}.
    overall = question.feedback
    right_choice, wrong_choice = (
        (question.if_true, question.if_false) if question.answer else (question.if_false, question.if_true)
    )
    right = _feedback(right_choice, overall.correct if overall else None)
    wrong = _feedback(wrong_choice, overall.incorrect if overall else None)
    if right and not wrong:
        wrong = "#"
    return f"\t{'TRUE' if question.answer else 'FALSE'}{wrong}{right}\n"


def _matching(question: q.Matching, notes: Notes, question_id: str) -> str:
    matching_caveats(question, question_id, notes)
    if any("->" in pair.left for pair in question.pairs):
        notes.warn("a left side contains '->', which GIFT reads as the arrow", question_id)
    return "".join(
        f"\t={escape(literal_markdown(pair.left))} -> {escape(pair.right)}\n" for pair in question.pairs
    )


def _ordering(question: q.Ordering, notes: Notes, question_id: str) -> str:
    # Moodle's ordering type reads its items raw, one per line: nothing in them is unescaped.
    if question.feedback is not None:
        notes.warn("GIFT ordering questions carry no feedback", question_id)
    if any(mark in text for text in (question.order, *question.items) for mark in "{}"):
        notes.warn("braces in an ordering question break Moodle's GIFT import; use Moodle XML", question_id)
    items = "".join(f"{_one_line(item)}\n" for item in question.items)
    return f"{{>{len(question.items)} ALL VERTICAL ALL_OR_NOTHING SHOW\n{items}}}"


def _fill(question: q.FillIn, notes: Notes, question_id: str) -> str:
    if question.case_sensitive:
        notes.warn("GIFT short answers ignore case; make the question case-sensitive in the LMS", question_id)
    overall = question.feedback
    answers = [
        f"\t=%100%{escape(literal_answer(a))}{_feedback(overall.correct if overall else None)}\n"
        for a in question.answers
    ]
    if overall and overall.incorrect:
        answers.append(f"\t=%0%*{_feedback(overall.incorrect)}\n")
    block = "{\n" + "".join(answers) + "}"
    around = blank_split(question.fill)
    if around is None:
        return escape(literal_markdown(question.fill)) + block
    before, after = around
    # Text after the closing brace makes it Moodle's missing-word form: the blank stays in place.
    tail = escape(literal_markdown(after.rstrip()), strip=False) if after.strip() else ""
    return escape(literal_markdown(before.lstrip()), strip=False) + block + tail


# The text after each question's name, per kind; kinds no export carries are in bank.NOT_EXPORTED.
WRITERS: dict[str, Callable[[BankQuestion, Notes], str]] = {
    "single": _write_single,
    "multiple": _write_multiple,
    "truefalse": _write_truefalse,
    "match": _write_matching,
    "order": _write_ordering,
    "fill": _write_fill,
    "numeric": _write_numeric,
    "task": _write_task,
}
