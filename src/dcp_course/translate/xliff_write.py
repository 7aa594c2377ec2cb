"""XLIFF 1.2 as we write it: the export a translator gets and the store under course/translations/.

Per unit: `resname` (a readable path), the text with its tags, its sentences as `<seg-source>`
(export only), the target with its state, a location context naming the unit (so that xliff2po
gives identical texts distinct msgctxt, and po2xliff brings the unit id back), a developer note,
`maxwidth` where the layout has one line, and the previous English and translation of a stale
unit as `<alt-trans>`. The source hash is an attribute in our own namespace, not a note.
The order of elements follows the OASIS strict schema, which the tests validate against.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from lxml import etree

from .content import Close, Content, Open, Placeholder
from .xliff import DCP_NS, HASH_ATTRIBUTE, TOOL_ID, XLIFF_NS, XML_SPACE


@dataclass(frozen=True)
class Row:
    """One trans-unit to write."""

    file: str
    key: str
    source: Content
    target: Content | None
    state: str | None
    source_hash: str
    group: str = ""  # the field a Markdown block belongs to; its units share a <group>
    resname: str = ""
    note: str = ""
    segments: tuple[Content, ...] = ()  # the source's sentences, when it has more than one
    state_qualifier: str | None = None
    max_width: int | None = None
    previous: tuple[Content, Content] | None = None  # a stale unit's earlier source and translation

    @property
    def id(self) -> str:
        return f"{self.file}#{self.key}"


def _q(name: str) -> str:
    return f"{{{XLIFF_NS}}}{name}"


def write_rows(rows: Iterable[Row], source_language: str, target_language: str) -> bytes:
    root = etree.Element(_q("xliff"), {"version": "1.2"}, nsmap={None: XLIFF_NS, "dcp": DCP_NS})
    bodies: dict[str, etree._Element] = {}
    groups: dict[tuple[str, str], etree._Element] = {}
    for row in rows:
        body = bodies.get(row.file)
        if body is None:
            file_element = etree.SubElement(root, _q("file"), {
                "original": row.file, "source-language": source_language,
                "target-language": target_language, "datatype": "plaintext", "tool-id": TOOL_ID})
            header = etree.SubElement(file_element, _q("header"))
            etree.SubElement(header, _q("tool"), {"tool-id": TOOL_ID, "tool-name": TOOL_ID})
            body = bodies[row.file] = etree.SubElement(file_element, _q("body"))
        parent = body
        if row.group:
            parent = groups.get((row.file, row.group))  # type: ignore[assignment]
            if parent is None:
                parent = groups[(row.file, row.group)] = etree.SubElement(
                    body, _q("group"), {"id": f"field:{row.group}", "resname": row.resname.rsplit(" / ", 1)[0]})
        _trans_unit(parent, row)
    _indent(root)
    return bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8"))


# Elements whose content is text: no white space may be added inside them (lxml's pretty_print
# would indent a <source> that starts with a tag, changing the text).
_TEXT_ELEMENTS = frozenset(_q(name) for name in ("source", "target", "seg-source", "note", "context"))


def _indent(element: etree._Element, level: int = 0) -> None:
    """Line breaks and indentation between structural elements only."""
    children = list(element)
    if not children or element.tag in _TEXT_ELEMENTS:
        return
    inner = "\n" + "  " * (level + 1)
    element.text = inner
    for child in children:
        _indent(child, level + 1)
        child.tail = inner
    children[-1].tail = "\n" + "  " * level


def _trans_unit(parent: etree._Element, row: Row) -> None:
    attributes = {"id": row.key, XML_SPACE: "preserve"}
    if row.resname:
        attributes["resname"] = row.resname
    if row.max_width:
        attributes |= {"maxwidth": str(row.max_width), "size-unit": "char"}
    attributes[HASH_ATTRIBUTE] = row.source_hash
    unit = etree.SubElement(parent, _q("trans-unit"), attributes)
    content_element(unit, "source", row.source)
    if len(row.segments) > 1:
        _segmented(etree.SubElement(unit, _q("seg-source")), row.segments)
    if row.target is not None:
        target_attributes = {"state": row.state} if row.state else {}
        if row.state_qualifier:
            target_attributes["state-qualifier"] = row.state_qualifier
        content_element(unit, "target", row.target, target_attributes)
    context_group = etree.SubElement(unit, _q("context-group"), {"purpose": "location"})
    etree.SubElement(context_group, _q("context"), {"context-type": "sourcefile"}).text = row.id
    if row.note:
        etree.SubElement(unit, _q("note"), {"from": "developer"}).text = row.note
    if row.previous is not None:
        alternative = etree.SubElement(unit, _q("alt-trans"), {"alttranstype": "previous-version"})
        content_element(alternative, "source", row.previous[0])
        content_element(alternative, "target", row.previous[1])


def content_element(parent: etree._Element, name: str, content: Content,
                    attributes: dict[str, str] | None = None) -> etree._Element:
    element = etree.SubElement(parent, _q(name), attributes or {})
    _fill(element, content)
    return element


def _fill(element: etree._Element, content: Content) -> None:
    """element's text and inline tags: <g> for pairs, <x/> and <ph> for standalone codes."""
    stack = [element]
    last: etree._Element | None = None  # the element whose tail the next text extends
    for piece in content:
        current = stack[-1]
        if isinstance(piece, str):
            if last is None:
                current.text = (current.text or "") + piece
            else:
                last.tail = (last.tail or "") + piece
        elif isinstance(piece, Open):
            opened = etree.SubElement(current, _q("g"), {"id": piece.id, "ctype": piece.ctype})
            stack.append(opened)
            last = None
        elif isinstance(piece, Close):
            last = stack.pop()
        elif isinstance(piece, Placeholder):
            name = "x" if piece.shown is None else "ph"
            last = etree.SubElement(current, _q(name), {"id": piece.id, "ctype": piece.ctype})
            if piece.shown is not None:
                last.text = piece.shown


def _segmented(seg_source: etree._Element, segments: tuple[Content, ...]) -> None:
    """Each sentence in a <mrk mtype="seg">, the spaces between sentences outside them."""
    for number, segment in enumerate(segments, start=1):
        pieces = list(segment)
        trailing = ""
        if pieces and isinstance(pieces[-1], str):
            words = pieces[-1].rstrip()
            trailing = pieces[-1][len(words):]
            pieces[-1] = words
        mark = etree.SubElement(seg_source, _q("mrk"), {"mtype": "seg", "mid": str(number)})
        _fill(mark, tuple(piece for piece in pieces if piece != ""))
        mark.tail = trailing or None
