"""The termbase as TBX (ISO 30042), in the TBX-Basic dialect that translators' tools import.

We write the 2008 form of TBX-Basic: `<martif type="TBX-Basic">` with termEntry / langSet / tig.
Trados MultiTerm (through its TBX import), memoQ, Phrase, Wordfast, Okapi and translate-toolkit
all read it; the 2019 form (`<tbx>` with conceptEntry / langSec / termSec) is still imported by
fewer tools. Per concept: the category and the termbase's note; per language the terms, each with
its part of speech where known and its status: the approved term preferred, its listed forms and
the English variants admitted, forbidden variants deprecated; the glossary's definition on the
source language. Output is deterministic: entries in termbase order, languages sorted.
"""

from __future__ import annotations

import re

from lxml import etree

from ..source.loaded import CourseSource
from ..source.model import Glossary
from ..source.terminology import TermEntry

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
PREFERRED = "preferredTerm-admn-sts"
ADMITTED = "admittedTerm-admn-sts"
DEPRECATED = "deprecatedTerm-admn-sts"
CATEGORY_NAMES = {"key-concept": "key concept", "institution": "institution", "instrument": "instrument",
                  "other": "other"}
_SPACE = re.compile(r"\s+")


def tbx_document(source: CourseSource) -> bytes:
    """The course's termbase as a TBX-Basic file (UTF-8, with an XML declaration)."""
    if source.terminology is None:
        raise ValueError("the course has no course/terminology.yaml")
    course = source.course
    martif = etree.Element("martif", {"type": "TBX-Basic", XML_LANG: course.language})
    header = etree.SubElement(martif, "martifHeader")
    file_desc = etree.SubElement(header, "fileDesc")
    title = etree.SubElement(etree.SubElement(file_desc, "titleStmt"), "title")
    title.text = f"{course.title}: termbase"
    described = etree.SubElement(etree.SubElement(file_desc, "sourceDesc"), "p")
    described.text = f"course/terminology.yaml of {course.id} {course.version}, exported by dcp-course"
    encoding = etree.SubElement(etree.SubElement(header, "encodingDesc"), "p", type="XCSURI")
    encoding.text = "TBXBasicXCSV02.xcs"
    body = etree.SubElement(etree.SubElement(martif, "text"), "body")
    definitions = _definitions(source.glossary)
    for entry in source.terminology.terms:
        body.append(term_entry(entry, course.language, definitions.get(entry.glossary or "")))
    return etree.tostring(martif, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def _definitions(glossary: Glossary | None) -> dict[str, str]:
    return {item.term: _SPACE.sub(" ", item.definition).strip() for item in glossary.terms} if glossary else {}


def xml_id(entry_id: str) -> str:
    """An XML ID (which may not start with a digit) from a termbase id."""
    return entry_id if entry_id[:1].isalpha() else f"t-{entry_id}"


def term_entry(entry: TermEntry, source_language: str, definition: str | None) -> etree._Element:
    element = etree.Element("termEntry", id=xml_id(entry.id))
    _text(element, "note", f"category: {CATEGORY_NAMES[entry.category]}")
    if entry.note:
        _text(element, "note", entry.note)
    english = etree.SubElement(element, "langSet", {XML_LANG: source_language})
    if definition:
        _text(english, "descrip", definition, type="definition")
    _tig(english, entry.term, PREFERRED, entry.part_of_speech)
    for variant in entry.variants:
        _tig(english, variant, ADMITTED, entry.part_of_speech)
    for language in sorted(entry.languages):
        translation = entry.languages[language]
        lang_set = etree.SubElement(element, "langSet", {XML_LANG: language})
        if translation.note:
            _text(lang_set, "note", translation.note)
        _tig(lang_set, translation.term, PREFERRED, entry.part_of_speech)
        for form in translation.forms:
            _tig(lang_set, form, ADMITTED, entry.part_of_speech)
        for variant in translation.forbidden:
            _tig(lang_set, variant, DEPRECATED, entry.part_of_speech)
    return element


def _tig(parent: etree._Element, term: str, status: str, part_of_speech: str | None) -> None:
    tig = etree.SubElement(parent, "tig")
    _text(tig, "term", term)
    if part_of_speech:
        _text(tig, "termNote", part_of_speech, type="partOfSpeech")
    _text(tig, "termNote", status, type="administrativeStatus")


def _text(parent: etree._Element, tag: str, text: str, **attributes: str) -> None:
    etree.SubElement(parent, tag, attributes).text = text
