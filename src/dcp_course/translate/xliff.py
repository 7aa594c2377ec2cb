"""XLIFF 1.2 with lxml: what SDL Trados, memoQ, Phrase, OmegaT and Articulate Rise read and write.

One <file> per source file (its `original` the path in the course), one <trans-unit> per unit
(its `id` the unit's path inside that file), a location note and a source-hash note per unit.
Reading is defensive: the file comes from outside (a translator, a CAT tool, an agency), so it
is size-limited, parsed without DTDs, entities or network, and a DOCTYPE is refused outright.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from lxml import etree

from ..source.errors import BuildError
from .units import Unit, text_hash

XLIFF_NS = "urn:oasis:names:tc:xliff:document:1.2"
XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
MAX_XLIFF_BYTES = 50_000_000
TOOL_ID = "dcp-course"
HASH_NOTE = "source-hash"
LOCATION_NOTE = "location"
PREVIOUS_SOURCE_NOTE = "previous-source"
TRANSLATED = "translated"
NEEDS_REVIEW = "needs-review-translation"


class TranslationError(BuildError):
    """A translation file that cannot be used; the message names the file and, where known, the unit."""


@dataclass(frozen=True)
class Entry:
    """One trans-unit as read from a file."""

    file: str
    key: str
    source: str
    target: str | None
    state: str | None
    source_hash: str  # the hash of the source text the target was made from
    source_edited: bool = False  # the <source> no longer has the hash the export gave it

    @property
    def id(self) -> str:
        return f"{self.file}#{self.key}"


@dataclass(frozen=True)
class XliffDocument:
    source_language: str
    target_language: str
    entries: tuple[Entry, ...]


def _q(name: str) -> str:
    return f"{{{XLIFF_NS}}}{name}"


def _text_element(parent: etree._Element, name: str, text: str, **attributes: str) -> etree._Element:
    element = etree.SubElement(parent, _q(name), attributes)
    element.text = text
    return element


@dataclass(frozen=True)
class Row:
    """One trans-unit to write."""

    file: str
    key: str
    source: str
    target: str | None
    state: str | None
    notes: tuple[tuple[str, str], ...]  # (from, text)


def write_rows(rows: Iterable[Row], source_language: str, target_language: str) -> bytes:
    root = etree.Element(_q("xliff"), {"version": "1.2"}, nsmap={None: XLIFF_NS})
    bodies: dict[str, etree._Element] = {}
    for row in rows:
        body = bodies.get(row.file)
        if body is None:
            file_element = etree.SubElement(root, _q("file"), {
                "original": row.file, "source-language": source_language,
                "target-language": target_language, "datatype": "plaintext", "tool-id": TOOL_ID})
            header = etree.SubElement(file_element, _q("header"))
            etree.SubElement(header, _q("tool"), {"tool-id": TOOL_ID, "tool-name": TOOL_ID})
            body = bodies[row.file] = etree.SubElement(file_element, _q("body"))
        trans_unit = etree.SubElement(body, _q("trans-unit"), {"id": row.key, XML_SPACE: "preserve"})
        _text_element(trans_unit, "source", row.source)
        if row.target is not None:
            _text_element(trans_unit, "target", row.target, **({"state": row.state} if row.state else {}))
        for author, text in row.notes:
            _text_element(trans_unit, "note", text, **{"from": author})
    return bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True))


def location(unit: Unit) -> str:
    return unit.note + (" (Markdown: keep link targets and `code` unchanged)" if unit.markdown else "")


def export_rows(units: Iterable[Unit], stored: Mapping[str, Entry]) -> list[Row]:
    """Every unit for a translator: stored targets filled in, stale ones marked for review."""
    rows = []
    for unit in units:
        previous = stored.get(unit.id)
        notes = [(LOCATION_NOTE, location(unit)), (HASH_NOTE, unit.hash)]
        if previous is None or not previous.target:
            rows.append(Row(unit.file, unit.key, unit.source, None, None, tuple(notes)))
            continue
        stale = previous.source_hash != unit.hash
        if stale:
            notes.append((PREVIOUS_SOURCE_NOTE, previous.source))
        rows.append(Row(unit.file, unit.key, unit.source, previous.target,
                        NEEDS_REVIEW if stale else TRANSLATED, tuple(notes)))
    return rows


def store_rows(units: Iterable[Unit], entries: Mapping[str, Entry]) -> list[Row]:
    """The translated units as stored: each with the source text and hash it was translated from."""
    return [Row(unit.file, unit.key, entry.source, entry.target, TRANSLATED,
                ((LOCATION_NOTE, location(unit)), (HASH_NOTE, entry.source_hash)))
            for unit in units if (entry := entries.get(unit.id)) is not None and entry.target]


def _parser() -> etree.XMLParser:
    return etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, dtd_validation=False,
                           huge_tree=False, remove_pis=True)


def parse_xliff(data: bytes, name: str) -> XliffDocument:
    """Read an XLIFF 1.2 document; TranslationError names the file and what is wrong."""
    if len(data) > MAX_XLIFF_BYTES:
        raise TranslationError(f"{name}: {len(data)} bytes is more than the {MAX_XLIFF_BYTES} an XLIFF file may have")
    try:
        tree = etree.fromstring(data, _parser()).getroottree()
    except etree.XMLSyntaxError as error:
        raise TranslationError(f"{name}: not well-formed XML: {error}") from None
    if tree.docinfo.doctype or tree.docinfo.internalDTD is not None:
        raise TranslationError(f"{name}: a DOCTYPE is not accepted in a translation file (entities stay off)")
    root = tree.getroot()
    if root.tag != _q("xliff") or root.get("version") != "1.2":
        raise TranslationError(f"{name}: not an XLIFF 1.2 document (root element {root.tag!r})")
    files = root.findall(_q("file"))
    if not files:
        raise TranslationError(f"{name}: no <file> element")
    languages = {(f.get("source-language") or "", f.get("target-language") or "") for f in files}
    if len(languages) != 1:
        raise TranslationError(f"{name}: its <file> elements name different languages: {sorted(languages)}")
    source_language, target_language = languages.pop()
    if not target_language:
        raise TranslationError(f"{name}: <file> has no target-language")
    entries = [entry for file_element in files for entry in _entries(file_element, name)]
    repeated = [unit_id for unit_id, count in Counter(entry.id for entry in entries).items() if count > 1]
    if repeated:
        raise TranslationError("\n".join(
            [f"{name}: {unit_id}: this trans-unit id appears more than once in its <file> (each text once)"
             for unit_id in repeated] + [f"{name}: nothing was imported"]))
    return XliffDocument(source_language, target_language, tuple(entries))


def _entries(file_element: etree._Element, name: str) -> list[Entry]:
    original = file_element.get("original") or ""
    entries = []
    for trans_unit in file_element.iter(_q("trans-unit")):
        key = trans_unit.get("id") or ""
        source = trans_unit.find(_q("source"))
        if source is None or not key:
            raise TranslationError(f"{name}: {original}#{key}: a trans-unit needs an id and a <source>")
        target = trans_unit.find(_q("target"))
        where = f"{name}: {original}#{key}"
        notes = {note.get("from"): _plain_text(note, where) for note in trans_unit.findall(_q("note"))}
        source_text = _plain_text(source, where)
        exported_hash = notes.get(HASH_NOTE)
        entries.append(Entry(
            file=original, key=key, source=source_text,
            target=_plain_text(target, where) if target is not None else None,
            state=target.get("state") if target is not None else None,
            source_hash=exported_hash or text_hash(source_text),
            source_edited=exported_hash is not None and exported_hash != text_hash(source_text),
        ))
    return entries


def _plain_text(element: etree._Element, where: str) -> str:
    """The text of a <source>/<target>; inline XLIFF markup (<g>, <x/>…) has no place in our units."""
    if len(element):
        inner, outer = etree.QName(element[0]).localname, etree.QName(element).localname
        raise TranslationError(f"{where}: inline markup <{inner}> inside <{outer}> (write Markdown as plain text)")
    return element.text or ""
