"""XLIFF 1.2 as read from outside: what SDL Trados, memoQ, Phrase, OmegaT and Okapi write.

One <file> per source file (its `original` the path in the course), a <group> per Markdown field,
one <trans-unit> per unit (its `id` the unit's key inside that file). Reading is defensive: the
file comes from outside (a translator, a CAT tool, an agency), so it is size-limited, parsed
without DTDs, entities or network, and a DOCTYPE is refused outright.

Tools differ in what they write around the text, and all of it is accepted: the 1.2 namespace
or none, and XLIFF 1.1 (which po2xliff writes, the same elements); targets whole or cut into
`<mrk mtype="seg">` segments, in any state; a unit found by its id or, when a converter renumbered
it, by the location context the export gave it. Inline tags are read by id: `<g>` pairs, `<x/>`
and `<ph>`; other inline elements (bx/ex/bpt/ept/it) are refused by name.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from lxml import etree

from ..source.errors import BuildError
from .content import Close, Content, Open, Placeholder, joined
from .units import content_hash

XLIFF_NS = "urn:oasis:names:tc:xliff:document:1.2"
ACCEPTED_NAMESPACES = (XLIFF_NS, "urn:oasis:names:tc:xliff:document:1.1", "")
DCP_NS = "urn:dcp-course:xliff:1"  # our own attributes: the source hash
HASH_ATTRIBUTE = f"{{{DCP_NS}}}source-hash"
XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
MAX_XLIFF_BYTES = 50_000_000
TOOL_ID = "dcp-course"
# XLIFF 1.2 target states: these hold a translation; signed-off and final mean reviewed.
TRANSLATED = "translated"
NEEDS_REVIEW = "needs-review-translation"
REVIEWED_STATES = frozenset({"signed-off", "final"})
NOT_TRANSLATED_STATES = frozenset({"new", "needs-translation"})
LEVERAGED = "leveraged-inherited"
PO_HEADER = "x-gettext-domain-header"  # the PO file's header, as po2xliff writes it: no text of ours
_REFUSED_INLINE = frozenset({"bx", "ex", "bpt", "ept", "it", "sub"})


class TranslationError(BuildError):
    """A translation file that cannot be used; the message names the file and, where known, the unit."""


@dataclass(frozen=True)
class Entry:
    """One trans-unit as read from a file."""

    file: str
    key: str
    source: Content
    target: Content | None
    state: str | None
    source_hash: str  # the hash of the source text the target was made from
    source_edited: bool = False  # the <source> no longer has the hash the export gave it
    hash_given: bool = True  # the file carried our hash (a converter may have dropped it)
    location: str | None = None  # the unit id the export's location context gave it

    @property
    def id(self) -> str:
        return f"{self.file}#{self.key}"

    @property
    def reviewed(self) -> bool:
        return self.state in REVIEWED_STATES

    @property
    def translates(self) -> bool:
        """Whether it holds a translation (a target with words, in a state that has one)."""
        return bool(self.target) and self.state not in NOT_TRANSLATED_STATES


@dataclass(frozen=True)
class XliffDocument:
    source_language: str
    target_language: str
    entries: tuple[Entry, ...]


def _parser() -> etree.XMLParser:
    return etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, dtd_validation=False,
                           huge_tree=False, remove_pis=True)


def _local(element: etree._Element) -> str:
    """The element's name without its namespace; "" for a comment."""
    tag = element.tag
    return tag.rpartition("}")[2] if isinstance(tag, str) else ""


def parse_xliff(data: bytes, name: str) -> XliffDocument:
    """Read an XLIFF 1.2 (or 1.1) document; TranslationError names the file and what is wrong."""
    if len(data) > MAX_XLIFF_BYTES:
        raise TranslationError(f"{name}: {len(data)} bytes is more than the {MAX_XLIFF_BYTES} an XLIFF file may have")
    try:
        tree = etree.fromstring(data, _parser()).getroottree()
    except etree.XMLSyntaxError as error:
        raise TranslationError(f"{name}: not well-formed XML: {error}") from None
    if tree.docinfo.doctype or tree.docinfo.internalDTD is not None:
        raise TranslationError(f"{name}: a DOCTYPE is not accepted in a translation file (entities stay off)")
    root = tree.getroot()
    namespace = etree.QName(root).namespace or ""
    if _local(root) != "xliff" or namespace not in ACCEPTED_NAMESPACES:
        version = root.get("version")
        raise TranslationError(f"{name}: not an XLIFF 1.2 document (root element {root.tag!r}"
                               + (f", version {version}" if version else "") + ")"
                               + ("; XLIFF 2 is not read: export XLIFF 1.2 from your tool" if
                                  "xliff:document:2" in namespace else ""))
    files = [child for child in root if _local(child) == "file"]
    if not files:
        raise TranslationError(f"{name}: no <file> element")
    languages = {(f.get("source-language") or "", f.get("target-language") or "") for f in files}
    if len(languages) != 1:
        raise TranslationError(f"{name}: its <file> elements name different languages: {sorted(languages)}")
    source_language, target_language = languages.pop()
    if not target_language:
        raise TranslationError(f"{name}: <file> has no target-language (set it to the language translated into)")
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
    for trans_unit in file_element.iter("{*}trans-unit"):
        if trans_unit.get("restype") == PO_HEADER:
            continue
        key = trans_unit.get("id") or ""
        children = {_local(child): child for child in reversed(trans_unit)}
        source = children.get("source")
        where = f"{name}: {original}#{key}"
        if source is None or not key:
            raise TranslationError(f"{where}: a trans-unit needs an id and a <source>")
        target = children.get("target")
        source_content = inline_content(source, where)
        exported_hash = trans_unit.get(HASH_ATTRIBUTE)
        entries.append(Entry(
            file=original, key=key, source=source_content,
            target=inline_content(target, where) if target is not None else None,
            state=target.get("state") if target is not None else None,
            source_hash=exported_hash or content_hash(source_content),
            source_edited=exported_hash is not None and exported_hash != content_hash(source_content),
            hash_given=exported_hash is not None,
            location=_location(trans_unit),
        ))
    return entries


def _location(trans_unit: etree._Element) -> str | None:
    """The unit id in a location context (po2xliff keeps the one xliff2po turned into a reference)."""
    for group in trans_unit:
        if _local(group) == "context-group" and group.get("purpose") == "location":
            for context in group:
                if _local(context) == "context" and context.get("context-type") == "sourcefile" and context.text:
                    return context.text.replace("%23", "#")
    return None


def inline_content(element: etree._Element, where: str) -> Content:
    """The text and tags of a <source>, <target> or <mrk>: segments unwrapped, tags by id."""
    pieces: list[str | Open | Close | Placeholder] = [element.text or ""]
    for child in element:
        kind = _local(child)
        if not kind:  # a comment
            pass
        elif kind == "g":
            tag_id = child.get("id") or ""
            pieces += [Open(tag_id, child.get("ctype") or ""), *inline_content(child, where), Close(tag_id)]
        elif kind in ("x", "ph"):
            shown = "".join(child.itertext()) if kind == "ph" else None
            pieces.append(Placeholder(child.get("id") or "", child.get("ctype") or "", shown))
        elif kind == "mrk":
            pieces += inline_content(child, where)
        elif kind in _REFUSED_INLINE:
            raise TranslationError(f"{where}: inline element <{kind}> is not read; keep the <g>, <x/> and <ph> "
                                   "tags of the exported file (set your tool to write XLIFF 1.2 with <g> tags)")
        else:
            raise TranslationError(f"{where}: unexpected element <{kind}> inside <{_local(element)}>")
        pieces.append(child.tail or "")
    return joined(pieces)
