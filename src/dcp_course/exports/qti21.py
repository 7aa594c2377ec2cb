"""IMS QTI 2.1: a content package zip with one assessmentItem per question and one test per module
(and one more per module for its final-only questions).

Kinds map to QTI interactions: choiceInteraction (single, multiple, and true/false as two
choices), matchInteraction, orderInteraction, textEntryInteraction for fill-in (in place of
the blank when the stem has one) and a float textEntryInteraction for numeric questions, right
within the tolerance (`equal` with toleranceMode="absolute"); a practical task is an
extendedTextInteraction a scorer marks, its model answer and checklist a scorer's rubricBlock. Scoring is written out as responseProcessing, not templates,
so partial credit and feedback work in any delivery engine: SCORE runs from 0 to MAXSCORE (the
question's weight); FEEDBACKBASIC (correct/partial/incorrect) and FEEDBACK (the chosen choices)
drive the modalFeedback elements. Markdown becomes the XHTML subset QTI allows.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from lxml import etree

from ..render.markdown import markdown_html, markdown_inline
from ..render.questions import display_order, letter, right_side_order
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
from ..targets.manifest import xml_id
from ..targets.package import deterministic_zip
from .bank import (
    CHECKS_CATEGORY,
    FINAL_ONLY_CATEGORY,
    BankQuestion,
    Notes,
    QuestionBank,
    QuestionExport,
    blank_split,
    choice_fractions,
)

QTI = "http://www.imsglobal.org/xsd/imsqti_v2p1"
QTI_SCHEMA_LOCATION = f"{QTI} http://www.imsglobal.org/xsd/qti/qtiv2p1/imsqti_v2p1.xsd"
CP = "http://www.imsglobal.org/xsd/imscp_v1p1"
CP_SCHEMA_LOCATION = f"{CP} http://www.imsglobal.org/xsd/imscp_v1p1.xsd"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
XML_NS = "http://www.w3.org/XML/1998/namespace"
MANIFEST = "imsmanifest.xml"

# The XHTML elements QTI 2.1 content may hold, and the attributes kept on each; others are dropped.
XHTML_ATTRIBUTES: dict[str, tuple[str, ...]] = {
    **{
        tag: ()
        for tag in (
            "p",
            "em",
            "strong",
            "code",
            "pre",
            "blockquote",
            "ul",
            "ol",
            "li",
            "br",
            "hr",
            "h1",
            "h2",
            "h3",
            "h4",
            "h5",
            "h6",
            "span",
            "div",
            "sub",
            "sup",
            "del",
            "table",
            "thead",
            "tbody",
            "tr",
            "caption",
        )
    },
    "a": ("href",),
    "img": ("src", "alt"),
    "th": ("colspan", "rowspan"),
    "td": ("colspan", "rowspan"),
}
# Markdown-it writes <s> for ~~strike~~; QTI has no <s> but has <del>.
RENAMED = {"s": "del"}


def export(bank: QuestionBank) -> QuestionExport:
    notes = Notes()
    files = {item_path(entry): assessment_item(entry, bank.course.language) for entry in bank.questions}
    for entry in bank.questions:
        if isinstance(entry.question, TrueFalse):
            notes.warn(
                "true/false becomes a choice question with the two choices True and False "
                "(QTI 2.1 has no true/false interaction)",
                entry.id,
            )
    files.update(module_tests(bank))
    files[MANIFEST] = package_manifest(bank)
    return notes.exported(deterministic_zip(files), bank)


def identifier(source_id: str) -> str:
    """A QTI identifier (an NCName) from a source id; slugs may start with a digit, NCNames not."""
    return source_id if re.match(r"[A-Za-z_]", source_id) else f"Q-{source_id}"


def item_path(entry: BankQuestion) -> str:
    return f"items/{entry.id}.xml"


def _q(tag: str) -> str:
    return f"{{{QTI}}}{tag}"


def _sub(parent: etree._Element, tag: str, text: str | None = None, **attributes: str) -> etree._Element:
    element: etree._Element = etree.SubElement(parent, _q(tag), attrib=attributes)
    if text is not None:
        element.text = text
    return element


def _to_bytes(root: etree._Element) -> bytes:
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


# ---------------------------------------------------------------- XHTML content


def append_html(parent: etree._Element, html: str) -> None:
    """Append rendered Markdown (XHTML) to a QTI element, in the QTI namespace, cleaned to QTI's subset."""
    fragment = etree.fromstring(f'<div xmlns="{QTI}">{html}</div>')
    _clean(fragment)
    if fragment.text:
        if len(parent):
            parent[-1].tail = (parent[-1].tail or "") + fragment.text
        else:
            parent.text = (parent.text or "") + fragment.text
    for child in list(fragment):
        parent.append(child)


def _clean(element: etree._Element) -> None:
    for child in list(element):
        _clean(child)
        tag = etree.QName(child).localname
        tag = RENAMED.get(tag, tag)
        if tag not in XHTML_ATTRIBUTES:
            _unwrap(child)
            continue
        child.tag = _q(tag)
        for name in list(child.attrib):
            if name not in XHTML_ATTRIBUTES[tag]:
                del child.attrib[name]
        if tag == "img" and "alt" not in child.attrib:
            child.set("alt", "")


def _unwrap(element: etree._Element) -> None:
    """Replace an element by its content, keeping the text in order."""
    parent = element.getparent()
    assert parent is not None
    index = parent.index(element)
    children = list(element)
    _add_text_before(parent, index, element.text)
    for offset, child in enumerate(children):
        parent.insert(index + offset, child)
    tail = element.tail
    parent.remove(element)
    _add_text_before(parent, index + len(children), tail)


def _add_text_before(parent: etree._Element, index: int, text: str | None) -> None:
    """Add text at a child position: to the tail of the child before it, or to the parent's text."""
    if not text:
        return
    if index > 0:
        before = parent[index - 1]
        before.tail = (before.tail or "") + text
    else:
        parent.text = (parent.text or "") + text


def _block(markdown: str | None) -> str:
    return str(markdown_html(markdown)) if markdown else ""


def _inline(text: str) -> str:
    return str(markdown_inline(text))


# ---------------------------------------------------------------- items


def assessment_item(entry: BankQuestion, language: str) -> bytes:
    item = etree.Element(_q("assessmentItem"), nsmap={None: QTI, "xsi": XSI})
    item.set(f"{{{XSI}}}schemaLocation", QTI_SCHEMA_LOCATION)
    item.set("identifier", identifier(entry.id))
    item.set("title", entry.id)
    item.set("adaptive", "false")
    item.set("timeDependent", "false")
    item.set(f"{{{XML_NS}}}lang", language)
    WRITERS[entry.kind](item, entry)
    return _to_bytes(item)


def _outcomes(item: etree._Element, entry: BankQuestion, per_choice: bool, most: int | None = None) -> None:
    score = _sub(item, "outcomeDeclaration", identifier="SCORE", cardinality="single", baseType="float")
    _sub(_sub(score, "defaultValue"), "value", "0")
    maximum = _sub(item, "outcomeDeclaration", identifier="MAXSCORE", cardinality="single", baseType="float")
    _sub(_sub(maximum, "defaultValue"), "value", str(entry.question.weight if most is None else most))
    _sub(item, "outcomeDeclaration", identifier="FEEDBACKBASIC", cardinality="single", baseType="identifier")
    if per_choice:
        _sub(item, "outcomeDeclaration", identifier="FEEDBACK", cardinality="multiple", baseType="identifier")


def _response(item: etree._Element, cardinality: str, base_type: str, correct: list[str]) -> etree._Element:
    response = _sub(
        item, "responseDeclaration", identifier="RESPONSE", cardinality=cardinality, baseType=base_type
    )
    holder = _sub(response, "correctResponse")
    for value in correct:
        _sub(holder, "value", value)
    return response


def _mapping(
    response: etree._Element,
    entries: list[tuple[str, float]],
    bounded: bool,
    case_sensitive: bool | None = None,
) -> None:
    mapping = _sub(response, "mapping", defaultValue="0")
    if bounded:
        mapping.set("lowerBound", "0")
        mapping.set("upperBound", "1")
    for key, value in entries:
        entry = _sub(mapping, "mapEntry", mapKey=key, mappedValue=_number(value))
        if case_sensitive is not None:
            entry.set("caseSensitive", "true" if case_sensitive else "false")


def _number(value: float) -> str:
    return f"{value:.6f}".rstrip("0").rstrip(".") or "0"


def _body(item: etree._Element, entry: BankQuestion) -> etree._Element:
    body = _sub(item, "itemBody")
    append_html(body, _block(entry.stem))
    return body


def _set(parent: etree._Element, outcome: str, expression: etree._Element) -> None:
    _sub(parent, "setOutcomeValue", identifier=outcome).append(expression)


def _base(base_type: str, value: str) -> etree._Element:
    element = etree.Element(_q("baseValue"), baseType=base_type)
    element.text = value
    return element


def _variable(name: str) -> etree._Element:
    return etree.Element(_q("variable"), identifier=name)


def _processing(item: etree._Element, correct_test: etree._Element, partial: bool, per_choice: bool) -> None:
    """Full marks when correct_test holds; under partial scoring, the mapped share of MAXSCORE."""
    processing = _sub(item, "responseProcessing")
    condition = _sub(processing, "responseCondition")
    branch = _sub(condition, "responseIf")
    branch.append(correct_test)
    _set(branch, "SCORE", _variable("MAXSCORE"))
    _set(branch, "FEEDBACKBASIC", _base("identifier", "correct"))
    if partial:
        branch = _sub(condition, "responseElseIf")
        above = _sub(branch, "gt")
        _sub(above, "mapResponse", identifier="RESPONSE")
        above.append(_base("float", "0"))
        product = etree.Element(_q("product"))
        _sub(product, "mapResponse", identifier="RESPONSE")
        product.append(_variable("MAXSCORE"))
        _set(branch, "SCORE", product)
        _set(branch, "FEEDBACKBASIC", _base("identifier", "partial"))
    branch = _sub(condition, "responseElse")
    _set(branch, "SCORE", _base("float", "0"))
    _set(branch, "FEEDBACKBASIC", _base("identifier", "incorrect"))
    if per_choice:
        chosen = etree.Element(_q("multiple"))
        chosen.append(_variable("RESPONSE"))
        _set(processing, "FEEDBACK", chosen)


def _matches_correct() -> etree._Element:
    test = etree.Element(_q("match"))
    test.append(_variable("RESPONSE"))
    _sub(test, "correct", identifier="RESPONSE")
    return test


def _modal_feedback(item: etree._Element, outcome: str, identifier_value: str, html: str) -> None:
    if html:
        feedback = _sub(
            item, "modalFeedback", outcomeIdentifier=outcome, identifier=identifier_value, showHide="show"
        )
        append_html(feedback, html)


def _overall_feedback(item: etree._Element, entry: BankQuestion) -> None:
    feedback = entry.question.feedback
    if feedback is not None:
        for outcome in ("correct", "partial", "incorrect"):
            _modal_feedback(item, "FEEDBACKBASIC", outcome, _block(getattr(feedback, outcome)))


def _choice_item(item: etree._Element, entry: BankQuestion) -> None:
    question = entry.question
    assert isinstance(question, SingleChoice | MultipleResponse)
    single = isinstance(question, SingleChoice)
    ids = [letter(i) for i in range(len(question.choices))]
    correct = [ids[i] for i, c in enumerate(question.choices) if c.correct]
    response = _response(item, "single" if single else "multiple", "identifier", correct)
    partial = isinstance(question, MultipleResponse) and question.scoring == "partial"
    if partial:
        _mapping(
            response,
            [(i, f / 100) for i, f in zip(ids, choice_fractions(question), strict=True)],
            bounded=True,
        )
    per_choice = any(c.feedback for c in question.choices)
    _outcomes(item, entry, per_choice)
    body = _body(item, entry)
    interaction = _sub(
        body,
        "choiceInteraction",
        responseIdentifier="RESPONSE",
        shuffle="true" if entry.shuffle_choices else "false",
        maxChoices="1" if single else str(len(ids)),
    )
    for choice_id, choice in zip(ids, question.choices, strict=True):
        append_html(_sub(interaction, "simpleChoice", identifier=choice_id), _inline(choice.text))
    _processing(item, _matches_correct(), partial, per_choice)
    for choice_id, choice in zip(ids, question.choices, strict=True):
        _modal_feedback(item, "FEEDBACK", choice_id, _block(choice.feedback))
    _overall_feedback(item, entry)


def _truefalse_item(item: etree._Element, entry: BankQuestion) -> None:
    question = entry.as_kind(TrueFalse)
    _response(item, "single", "identifier", ["true" if question.answer else "false"])
    per_choice = bool(question.if_true or question.if_false)
    _outcomes(item, entry, per_choice)
    interaction = _sub(
        _body(item, entry),
        "choiceInteraction",
        responseIdentifier="RESPONSE",
        shuffle="false",
        maxChoices="1",
    )
    _sub(interaction, "simpleChoice", "True", identifier="true")
    _sub(interaction, "simpleChoice", "False", identifier="false")
    _processing(item, _matches_correct(), partial=False, per_choice=per_choice)
    _modal_feedback(item, "FEEDBACK", "true", _block(question.if_true))
    _modal_feedback(item, "FEEDBACK", "false", _block(question.if_false))
    _overall_feedback(item, entry)


def _match_item(item: etree._Element, entry: BankQuestion) -> None:
    question = entry.as_kind(Matching)
    count = len(question.pairs)
    pairs = [f"L{i + 1} R{i + 1}" for i in range(count)]
    response = _response(item, "multiple", "directedPair", pairs)
    partial = question.scoring == "partial"
    if partial:
        # The course's rule: each right pair earns 1/n and each wrong one costs 1/n, floored at 0.
        every_pair = [
            (f"L{left + 1} R{right + 1}", left == right) for left in range(count) for right in range(count)
        ]
        _mapping(response, [(pair, (1 if right else -1) / count) for pair, right in every_pair], bounded=True)
    _outcomes(item, entry, per_choice=False)
    interaction = _sub(
        _body(item, entry),
        "matchInteraction",
        responseIdentifier="RESPONSE",
        shuffle="false",
        maxAssociations=str(count),
    )
    lefts = _sub(interaction, "simpleMatchSet")
    for i, pair in enumerate(question.pairs):
        _sub(lefts, "simpleAssociableChoice", pair.left, identifier=f"L{i + 1}", matchMax="1")
    rights = _sub(interaction, "simpleMatchSet")
    for i in right_side_order(question):
        _sub(rights, "simpleAssociableChoice", question.pairs[i].right, identifier=f"R{i + 1}", matchMax="1")
    _processing(item, _matches_correct(), partial, per_choice=False)
    _overall_feedback(item, entry)


def _order_item(item: etree._Element, entry: BankQuestion) -> None:
    question = entry.as_kind(Ordering)
    _response(item, "ordered", "identifier", [letter(i) for i in range(len(question.items))])
    _outcomes(item, entry, per_choice=False)
    interaction = _sub(_body(item, entry), "orderInteraction", responseIdentifier="RESPONSE", shuffle="false")
    for i in display_order(question.items):
        _sub(interaction, "simpleChoice", question.items[i], identifier=letter(i))
    _processing(item, _matches_correct(), partial=False, per_choice=False)
    _overall_feedback(item, entry)


def _fill_item(item: etree._Element, entry: BankQuestion) -> None:
    question = entry.as_kind(FillIn)
    answers = _distinct_answers(question)
    response = _response(item, "single", "string", answers[:1])
    _mapping(response, [(a, 1.0) for a in answers], bounded=False, case_sensitive=question.case_sensitive)
    _outcomes(item, entry, per_choice=False)
    body = _sub(item, "itemBody")
    expected = str(min(question.max_length, max(len(a) for a in answers) + 5))
    interaction = etree.Element(
        _q("textEntryInteraction"), responseIdentifier="RESPONSE", expectedLength=expected
    )
    around = blank_split(question.fill)
    if around is None:
        append_html(body, _block(question.fill))
        _sub(body, "p").append(interaction)
    else:
        marker = "\u2063BLANK\u2063"  # survives Markdown rendering as plain text
        append_html(body, _block(around[0] + marker + around[1]))
        _put_at_marker(body, marker, interaction)
    above = etree.Element(_q("gt"))
    _sub(above, "mapResponse", identifier="RESPONSE")
    above.append(_base("float", "0"))
    _processing(item, above, partial=False, per_choice=False)
    _overall_feedback(item, entry)


def _numeric_item(item: etree._Element, entry: BankQuestion) -> None:
    question = entry.as_kind(Numeric)
    answer = question.answer_text()
    _response(item, "single", "float", [answer])
    _outcomes(item, entry, per_choice=False)
    paragraph = _sub(_body(item, entry), "p")
    interaction = _sub(
        paragraph, "textEntryInteraction", responseIdentifier="RESPONSE", expectedLength=str(len(answer) + 5)
    )
    if question.unit:
        interaction.tail = f" {question.unit}"
    # right when within the tolerance on either side of the correct response
    within = etree.Element(_q("equal"), toleranceMode="absolute", tolerance=question.tolerance_text())
    within.append(_variable("RESPONSE"))
    _sub(within, "correct", identifier="RESPONSE")
    _processing(item, within, partial=False, per_choice=False)
    _overall_feedback(item, entry)


def _essay_item(item: etree._Element, entry: BankQuestion) -> None:
    """A written answer a scorer marks: no correct response and no response processing; the model
    answer and the checklist are a rubric for the scorer only."""
    question = entry.as_kind(Task)
    _sub(item, "responseDeclaration", identifier="RESPONSE", cardinality="single", baseType="string")
    _outcomes(item, entry, per_choice=False, most=question.weight if question.scored else 0)
    body = _body(item, entry)
    _sub(body, "extendedTextInteraction", responseIdentifier="RESPONSE", expectedLength=str(question.max_length),
         expectedLines=str(max(5, min(40, question.max_length // 100))))
    rubric = _sub(body, "rubricBlock", view="scorer")
    checklist = "".join(f"<li>{_inline(item)}</li>" for item in question.checklist)
    append_html(rubric, f"{_block(question.model_answer)}<ul>{checklist}</ul>")


def _distinct_answers(question: FillIn) -> list[str]:
    seen: set[str] = set()
    answers = []
    for answer in question.answers:
        key = " ".join(answer.split())
        folded = key if question.case_sensitive else key.casefold()
        if folded not in seen:
            seen.add(folded)
            answers.append(key)
    return answers


def _put_at_marker(body: etree._Element, marker: str, interaction: etree._Element) -> None:
    """Put the interaction where the marker is in the text, so the blank stays inside its sentence."""
    for element in body.iter():
        for attribute in ("text", "tail"):
            value = getattr(element, attribute)
            if value and marker in value:
                before, after = value.split(marker, 1)
                setattr(element, attribute, before)
                interaction.tail = after
                if attribute == "text":
                    element.insert(0, interaction)
                else:
                    parent = element.getparent()
                    assert parent is not None
                    parent.insert(parent.index(element) + 1, interaction)
                return
    _sub(body, "p").append(interaction)


# Each kind's interaction, response processing and feedback; kinds no export carries are in
# bank.NOT_EXPORTED.
WRITERS: dict[str, Callable[[etree._Element, BankQuestion], None]] = {
    "single": _choice_item,
    "multiple": _choice_item,
    "truefalse": _truefalse_item,
    "match": _match_item,
    "order": _order_item,
    "fill": _fill_item,
    "numeric": _numeric_item,
    "task": _essay_item,
}


# ---------------------------------------------------------------- tests and manifest


def module_tests(bank: QuestionBank) -> dict[str, bytes]:
    """Per module an assessmentTest with a section for its quiz and one for its knowledge checks,
    and one more for its final-only questions, which must not sit in a test beside the quiz."""
    return {path: _test(test_id, title, entries) for path, (test_id, title, entries) in _tests(bank).items()}


def test_path(module_id: str, final_only: bool = False) -> str:
    return f"tests/{module_id}-final.xml" if final_only else f"tests/{module_id}.xml"


def _tests(bank: QuestionBank) -> dict[str, tuple[str, str, list[BankQuestion]]]:
    """Test path -> (identifier, title, questions), in course order."""
    tests: dict[str, tuple[str, str, list[BankQuestion]]] = {}
    for entry in bank.questions:
        module = entry.module
        test: tuple[str, str, list[BankQuestion]]
        if entry.final_only:
            test = (f"TEST-{module.id}-final", f"{module.title}: {FINAL_ONLY_CATEGORY.lower()}", [])
        else:
            test = (f"TEST-{module.id}", module.title, [])
        tests.setdefault(test_path(module.id, entry.final_only), test)[2].append(entry)
    return tests


def _sections(entry: BankQuestion) -> tuple[str, str]:
    """(identifier, title) of the section a question stands in."""
    if entry.final_only:
        return "SECTION-FINAL", FINAL_ONLY_CATEGORY
    if entry.graded:
        return "SECTION-QUIZ", (entry.module.quiz.title if entry.module.quiz else None) or "Quiz"
    return "SECTION-CHECKS", CHECKS_CATEGORY


def _test(test_id: str, title: str, entries: list[BankQuestion]) -> bytes:
    test = etree.Element(_q("assessmentTest"), nsmap={None: QTI, "xsi": XSI})
    test.set(f"{{{XSI}}}schemaLocation", QTI_SCHEMA_LOCATION)
    test.set("identifier", identifier(test_id))
    test.set("title", title)
    for name in ("SCORE", "MAXSCORE"):
        _sub(test, "outcomeDeclaration", identifier=name, cardinality="single", baseType="float")
    part = _sub(
        test, "testPart", identifier="PART-1", navigationMode="nonlinear", submissionMode="simultaneous"
    )
    sections: dict[tuple[str, str], list[BankQuestion]] = {}
    for entry in entries:  # quiz questions come before knowledge checks in the bank
        sections.setdefault(_sections(entry), []).append(entry)
    for (section_id, section_title), chosen in sections.items():
        section = _sub(part, "assessmentSection", identifier=section_id, title=section_title, visible="true")
        for entry in chosen:
            _sub(section, "assessmentItemRef", identifier=identifier(entry.id), href=f"../{item_path(entry)}")
    processing = _sub(test, "outcomeProcessing")
    for name in ("SCORE", "MAXSCORE"):
        total = etree.Element(_q("sum"))
        _sub(total, "testVariables", variableIdentifier=name)
        _set(processing, name, total)
    return _to_bytes(test)


def package_manifest(bank: QuestionBank) -> bytes:
    course = bank.course
    manifest = etree.Element(
        f"{{{CP}}}manifest",
        nsmap={None: CP, "xsi": XSI},
        identifier=xml_id("MANIFEST", course.id, course.version, "qti"),
    )
    manifest.set(f"{{{XSI}}}schemaLocation", CP_SCHEMA_LOCATION)
    metadata = etree.SubElement(manifest, f"{{{CP}}}metadata")
    etree.SubElement(metadata, f"{{{CP}}}schema").text = "QTIv2.1 Package"
    etree.SubElement(metadata, f"{{{CP}}}schemaversion").text = "1.0.0"
    etree.SubElement(manifest, f"{{{CP}}}organizations")
    resources = etree.SubElement(manifest, f"{{{CP}}}resources")
    for entry in bank.questions:
        _resource(resources, xml_id("ITEM", entry.id), "imsqti_item_xmlv2p1", item_path(entry))
    for path, (_, _, entries) in _tests(bank).items():  # in course order, a module's final-only test last
        resource = _resource(resources, xml_id("TEST", path.removeprefix("tests/").removesuffix(".xml")),
                             "imsqti_test_xmlv2p1", path)
        for entry in entries:
            etree.SubElement(resource, f"{{{CP}}}dependency", identifierref=xml_id("ITEM", entry.id))
    return _to_bytes(manifest)


def _resource(resources: etree._Element, resource_id: str, kind: str, href: str) -> etree._Element:
    resource: etree._Element = etree.SubElement(
        resources, f"{{{CP}}}resource", identifier=resource_id, type=kind, href=href
    )
    etree.SubElement(resource, f"{{{CP}}}file", href=href)
    return resource
