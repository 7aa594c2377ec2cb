"""Filling an export's targets from Python: a machine-translation service, a script, a test.

    from dcp_course.translate.fill import fill_export, with_text

    data = Path("dist/course-de.xlf").read_bytes()
    filled = fill_export(data, lambda unit: my_service(unit.source))      # markup in, markup out
    filled = fill_export(data, lambda unit: with_text(unit.source, str.upper))  # text between tags
    Path("de-filled.xlf").write_bytes(filled)       # then: dcp-course translate import de-filled.xlf

`translate` gets each unit's source as XLIFF inline markup (text with its `<g>`, `<x/>` and
`<ph>` tags, as services with XML tag handling take it) and returns the target the same way, or
None to leave the unit as it is. Tags must come back as they went out; import checks them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from lxml import etree

from .xliff import TRANSLATED, XLIFF_NS, TranslationError

_X = f"{{{XLIFF_NS}}}"


@dataclass(frozen=True)
class ExportedUnit:
    id: str  # <file original>#<trans-unit id>
    source: str  # the source as inline markup
    text: str  # its words alone
    note: str  # where it appears, its limits, its tags
    target: str | None  # the target already there, as markup
    state: str | None


def _inner(element: etree._Element) -> str:
    """element's content as markup, without the element itself."""
    text = etree.tostring(element, encoding="unicode", with_tail=False)
    return text[text.index(">") + 1:text.rindex("</")] if not text.endswith("/>") else ""


def _fragment(markup: str, name: str = "target") -> etree._Element:
    try:
        return etree.fromstring(f'<{name} xmlns="{XLIFF_NS}">{markup}</{name}>')
    except etree.XMLSyntaxError as error:
        raise TranslationError(f"not well-formed inline markup {markup!r}: {error}") from None


def with_text(markup: str, change: Callable[[str], str]) -> str:
    """markup with change applied to each run of text between its tags, in reading order (tags,
    and what a <ph> shows, stay as they are)."""
    element = _fragment(markup)
    _change_text(element, change)
    return _inner(element)


def _change_text(element: etree._Element, change: Callable[[str], str]) -> None:
    if element.text and etree.QName(element).localname != "ph":
        element.text = change(element.text)
    for child in element:
        _change_text(child, change)
        if child.tail:
            child.tail = change(child.tail)


def fill_export(data: bytes, translate: Callable[[ExportedUnit], str | None], state: str = TRANSLATED) -> bytes:
    """An export with each unit's target set to what translate returns for it."""
    root = etree.fromstring(data, etree.XMLParser(resolve_entities=False, no_network=True))
    for file_element in root.iter(f"{_X}file"):
        for trans_unit in file_element.iter(f"{_X}trans-unit"):
            source = trans_unit.find(f"{_X}source")
            if source is None:
                continue
            target = trans_unit.find(f"{_X}target")
            note = trans_unit.find(f"{_X}note")
            unit = ExportedUnit(
                f"{file_element.get('original')}#{trans_unit.get('id')}", _inner(source), "".join(source.itertext()),
                (note.text or "") if note is not None else "", _inner(target) if target is not None else None,
                target.get("state") if target is not None else None)
            markup = translate(unit)
            if markup is None:
                continue
            filled = _fragment(markup)
            filled.set("state", state)
            if target is not None:
                trans_unit.replace(target, filled)
            else:
                segments = trans_unit.find(f"{_X}seg-source")
                (source if segments is None else segments).addnext(filled)
    return bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8"))
