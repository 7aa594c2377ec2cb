"""Partial credit scores the same after export as in the course's own player, for every answer.

Every partial-credit question of the fixture course (with the extra questions of `tricky_course`)
and of the real course is answered in every possible way, and each answer is scored three ways:
- by the player itself: scoreResponse in templates/js/scoring.js, run under Node;
- by Moodle, from the exported Moodle XML and GIFT: each fraction is imported as the listed grade
  it matches within 0.00001 or refused (match_grade_options in lib/questionlib.php), and a
  multiple-response grade is the sum of the chosen answers' fractions clamped to 0..1
  (qtype_multichoice_multi_question::grade_response);
- by QTI, from the exported item: its responseProcessing is interpreted as written.
A Moodle grade counts as equal within 1e-6, the distance between 3 x 0.3333333 and 1.
"""

from __future__ import annotations

import io
import itertools
import json
import shutil
import subprocess
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from conftest import REPO, require
from lxml import etree

from dcp_course.exports import question_bank
from dcp_course.exports.bank import MOODLE_GRADES, choice_fractions, moodle_choice_fractions, moodle_grade
from dcp_course.render.questions import letter, question_data
from dcp_course.source.errors import BuildError
from dcp_course.source.load import load_course
from dcp_course.source.model import Choice, Matching, MultipleResponse

from .test_export_common import export, tricky_course  # noqa: F401
from .test_export_gift import read_gift
from .test_export_moodle_xml import read_moodle_xml

SCORING_SCRIPTS = [REPO / "templates" / "js" / name for name in ("text.js", "scoring.js")]
QTI = "http://www.imsglobal.org/xsd/imsqti_v2p1"
SAME = 1e-6


@dataclass(frozen=True)
class PartialQuestion:
    id: str
    data: dict[str, Any]  # the player's answer key, as the build writes it
    responses: tuple[str, ...]  # every answer, in the player's compact form


def partial_questions(root: Path) -> list[PartialQuestion]:
    found = []
    for entry in question_bank(load_course(root), include_checks=True).questions:
        question = entry.question
        if isinstance(question, MultipleResponse | Matching) and question.scoring == "partial":
            found.append(
                PartialQuestion(entry.id, question_data(question, entry.id), all_responses(question))
            )
    return found


def all_responses(question: MultipleResponse | Matching) -> tuple[str, ...]:
    if isinstance(question, MultipleResponse):
        letters = [letter(i) for i in range(len(question.choices))]
        ticked = itertools.product((False, True), repeat=len(letters))
        return tuple("".join(c for c, on in zip(letters, flags, strict=True) if on) for flags in ticked)
    options = "-" + "".join(letter(i) for i in range(len(question.pairs)))
    return tuple("".join(given) for given in itertools.product(options, repeat=len(question.pairs)))


def player_scores(questions: list[PartialQuestion]) -> dict[tuple[str, str], float]:
    node = shutil.which("node")
    require(node is not None, "node is needed to run the quiz engine's scoring")
    assert node is not None
    cases = [{"id": q.id, "data": q.data, "response": r} for q in questions for r in q.responses]
    script = (
        "global.window = {}; for (const file of process.argv.slice(1)) require(file);"
        "const cases = JSON.parse(require('fs').readFileSync(0, 'utf8'));"
        "const score = (c) => window.DCP.scoring.scoreResponse(c.data, c.response);"
        "process.stdout.write(JSON.stringify(cases.map(score)));"
    )
    result = subprocess.run(
        [node, "-e", script, *map(str, SCORING_SCRIPTS)],
        input=json.dumps(cases),
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    scores = json.loads(result.stdout)
    return {(c["id"], c["response"]): score for c, score in zip(cases, scores, strict=True)}


# ---------------------------------------------------------------- Moodle


def moodle_import(percentages: list[float], question_id: str) -> list[float]:
    """The fractions Moodle stores: each matched to a listed grade, or the import refuses it."""
    listed = [grade for value in MOODLE_GRADES for grade in (value, -value)]
    stored = []
    for percentage in percentages:
        match = next((g for g in listed if abs(percentage / 100 - g) < 0.00001), None)
        assert match is not None, f"{question_id}: Moodle refuses the grade {percentage}%"
        stored.append(match)
    return stored


def moodle_multichoice_grade(fractions: list[float], response: str) -> float:
    chosen = sum(fraction for i, fraction in enumerate(fractions) if letter(i) in response)
    return min(max(0.0, chosen), 1.0)


def exported_moodle_fractions(root: Path, out: Path) -> dict[str, dict[str, list[float]]]:
    """Per format, the fractions of every multiple-response question as Moodle would store them."""
    xml, _ = export(root, out / "xml", "moodle-xml", "--include-checks", "--moodle-version", "4.5")
    gift, _ = export(root, out / "gift", "gift", "--include-checks", "--moodle-version", "4.5")
    return {
        "moodle-xml": {
            q.name: moodle_import([a[0] for a in q.answers], q.name)
            for q in read_moodle_xml(xml.read_bytes())
            if q.type == "multichoice" and q.fields["single"] == "false"
        },
        "gift": {
            q.name: moodle_import([a[0] for a in q.answers], q.name)
            for q in read_gift(gift.read_text(encoding="utf-8"))
            if q.type == "multichoice" and not q.single
        },
    }


# ---------------------------------------------------------------- QTI


def q(tag: str) -> str:
    return f"{{{QTI}}}{tag}"


class QtiItem:
    """Just enough of a QTI 2.1 delivery engine to run the responseProcessing our items carry."""

    def __init__(self, item: etree._Element) -> None:
        self.item = item
        declaration = item.find(q("responseDeclaration"))
        assert declaration is not None
        self.declaration = declaration

    def fraction(self, response: set[str] | float | None) -> float:
        self.response = response
        self.outcomes: dict[str, Any] = {}
        for outcome in self.item.iter(q("outcomeDeclaration")):
            default = outcome.find(f"{q('defaultValue')}/{q('value')}")
            self.outcomes[outcome.get("identifier", "")] = (
                float(default.text or 0) if default is not None else None
            )
        processing = self.item.find(q("responseProcessing"))
        assert processing is not None
        self._run(processing)
        return float(self.outcomes["SCORE"]) / float(self.outcomes["MAXSCORE"])

    def _run(self, block: etree._Element) -> None:
        for rule in block.iterchildren(etree.Element):
            if rule.tag == q("setOutcomeValue"):
                self.outcomes[rule.get("identifier", "")] = self._value(rule[0])
            elif rule.tag == q("responseCondition"):
                for branch in rule.iterchildren(etree.Element):
                    if branch.tag == q("responseElse") or self._value(branch[0]):
                        self._run_actions(branch)
                        break
            else:
                raise AssertionError(f"unexpected rule {rule.tag}")

    def _run_actions(self, branch: etree._Element) -> None:
        actions = list(branch.iterchildren(etree.Element))
        if branch.tag != q("responseElse"):
            actions = actions[1:]  # the first child is the condition
        for action in actions:
            assert action.tag == q("setOutcomeValue"), action.tag
            self.outcomes[action.get("identifier", "")] = self._value(action[0])

    def _value(self, expression: etree._Element) -> Any:
        tag = etree.QName(expression).localname
        if tag == "match":
            return self._value(expression[0]) == self._value(expression[1])
        if tag == "correct":
            return {v.text for v in self.declaration.iter(q("value"))}
        if tag == "variable":
            name = expression.get("identifier")
            return self.response if name == "RESPONSE" else self.outcomes[name]
        if tag == "mapResponse":
            return self._mapped()
        if tag == "gt":
            return self._value(expression[0]) > self._value(expression[1])
        if tag == "product":
            product = 1.0
            for factor in expression:
                product *= self._value(factor)
            return product
        if tag == "baseValue":
            return float(expression.text or 0) if expression.get("baseType") == "float" else expression.text
        if tag == "multiple":
            return self._value(expression[0])
        if tag == "equal":  # numbers, toleranceMode="absolute": y - t0 <= x <= y + t1
            assert expression.get("toleranceMode") == "absolute"
            tolerance = [float(t) for t in expression.get("tolerance", "0").split()]
            given, (correct,) = self._value(expression[0]), self._value(expression[1])
            if given is None:  # a NULL response: the expression is NULL, which is not true
                return False
            return float(correct) - tolerance[0] <= given <= float(correct) + tolerance[-1]
        raise AssertionError(f"unexpected expression {tag}")

    def _mapped(self) -> float:
        mapping = self.declaration.find(q("mapping"))
        assert mapping is not None
        values = {e.get("mapKey"): float(e.get("mappedValue", "")) for e in mapping.iter(q("mapEntry"))}
        total = sum(values.get(key, float(mapping.get("defaultValue", "0"))) for key in self.response)
        if mapping.get("lowerBound") is not None:
            total = max(total, float(mapping.get("lowerBound", "")))
        if mapping.get("upperBound") is not None:
            total = min(total, float(mapping.get("upperBound", "")))
        return total


def qti_response(question: PartialQuestion, response: str) -> set[str]:
    """A player's response as the QTI item's RESPONSE: choice identifiers, or directed pairs."""
    if question.data["kind"] == "multiple":
        return set(response)
    letters = [p["right"] for p in question.data["pairs"]]
    return {f"L{i + 1} R{letters.index(given) + 1}" for i, given in enumerate(response) if given != "-"}


def exported_qti_items(root: Path, out: Path) -> dict[str, QtiItem]:
    written, _ = export(root, out / "qti", "qti21", "--include-checks")
    with zipfile.ZipFile(io.BytesIO(written.read_bytes())) as package:
        return {
            name.removeprefix("items/").removesuffix(".xml"): QtiItem(etree.fromstring(package.read(name)))
            for name in package.namelist()
            if name.startswith("items/")
        }


# ---------------------------------------------------------------- the comparison


def scored_answers(root: Path, out: Path) -> Iterator[tuple[PartialQuestion, str, float, dict[str, float]]]:
    """Every answer to every partial question: the player's score and each export's grade."""
    questions = partial_questions(root)
    assert any(q.data["kind"] == "multiple" for q in questions), "no partial multiple-response question"
    player = player_scores(questions)
    moodle = exported_moodle_fractions(root, out)
    qti = exported_qti_items(root, out)
    for question in questions:
        for response in question.responses:
            grades = {"qti21": qti[question.id].fraction(qti_response(question, response))}
            if question.data["kind"] == "multiple":
                for format_name, fractions in moodle.items():
                    grades[format_name] = moodle_multichoice_grade(fractions[question.id], response)
            yield question, response, player[(question.id, response)], grades


@pytest.mark.parametrize("course", ["fixture", "real"])
def test_every_answer_scores_the_same_in_the_exports_as_in_the_player(
    course: str,
    tricky_course: Path,  # noqa: F811
    tmp_path: Path,
) -> None:
    root = tricky_course if course == "fixture" else REPO
    answers = 0
    differing = []
    for question, response, score, grades in scored_answers(root, tmp_path):
        answers += 1
        for format_name, grade in grades.items():
            if abs(grade - score) > SAME:
                differing.append(f"{question.id} {response!r} {format_name}: {grade} (player {score})")
    assert not differing, "\n".join(differing[:20])
    assert answers >= (13 if course == "fixture" else 7 * 2**4)  # every combination was scored


def test_the_examples_from_the_field_score_as_in_the_player() -> None:
    """Issue #14: 4 right + 1 wrong of 4 scored 0.50 in Moodle and 0.75 in the package."""
    question = MultipleResponse.model_validate(
        {
            "multiple": "m",
            "scoring": "partial",
            "choices": [{"text": str(i), "correct": i < 4} for i in range(6)],
        }
    )
    fractions = moodle_import(choice_fractions(question), "example")
    assert moodle_multichoice_grade(fractions, "abcde") == pytest.approx(0.75)
    assert moodle_multichoice_grade(fractions, "abcdef") == pytest.approx(0.5)
    assert moodle_multichoice_grade(fractions, "ef") == 0


@pytest.mark.parametrize("correct", range(1, 11))
def test_every_number_of_correct_choices_has_moodle_grades(correct: int) -> None:
    question = MultipleResponse.model_validate(
        {
            "multiple": "m",
            "scoring": "partial",
            "choices": [{"text": str(i), "correct": i < correct} for i in range(max(correct, 2))],
        }
    )
    fractions = moodle_choice_fractions(question, "q")
    assert all(moodle_grade(f) is not None for f in fractions)
    assert sum(moodle_grade(f) or 0 for f in fractions if f > 0) == pytest.approx(1, abs=SAME)


def test_a_share_moodle_has_no_grade_for_stops_the_export() -> None:
    # Past the model's limit of 10 choices, as if it were raised: 1/11 is no Moodle grade.
    question = MultipleResponse.model_construct(
        multiple="m", scoring="partial", choices=[Choice(text=str(i), correct=True) for i in range(11)]
    )
    with pytest.raises(BuildError, match=r"q-eleven: Moodle accepts no grade of 9\.09091% \(11 correct"):
        moodle_choice_fractions(question, "q-eleven")


# Typed as a learner might: a decimal comma, the bounds of the tolerance, just outside, not a number.
NUMERIC_RESPONSES = ("42.2", "42,2", "41.7", "42,7", "41.69", "42.71", "26", "", "about 42")


def delivered_number(typed: str) -> float | None:
    """What a QTI engine's float text entry holds: the number, read with either decimal mark, or NULL."""
    try:
        return float(typed.replace(",", "."))
    except ValueError:
        return None


def test_numeric_answers_score_the_same_in_qti_as_in_the_player(tmp_path: Path, fixture_root: Path) -> None:
    numeric = [e for e in question_bank(load_course(fixture_root)).questions if e.kind == "numeric"]
    assert numeric, "the fixture has a numeric question"
    questions = [PartialQuestion(e.id, question_data(e.question, e.id), NUMERIC_RESPONSES) for e in numeric]
    player = player_scores(questions)
    items = exported_qti_items(fixture_root, tmp_path)
    for question in questions:
        scores = {r: items[question.id].fraction(delivered_number(r)) for r in NUMERIC_RESPONSES}
        assert scores == {r: player[(question.id, r)] for r in NUMERIC_RESPONSES}
        assert sorted(set(scores.values())) == [0, 1]  # some answers right, some wrong
