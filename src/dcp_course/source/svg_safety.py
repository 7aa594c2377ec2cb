"""Untrusted SVG media: find everything that could run or reach out when the file is opened.

An SVG opened on its own (a learner's "open image in new tab", an LMS file browser) is a document
of the LMS's origin: a script in it can act as the learner there. Python has no well-kept SVG
sanitiser (nh3/ammonia and bleach know HTML, not SVG; py-svg-hush is a young third-party binding),
and a silently rewritten drawing may lose what the author meant, so the build refuses anything
active, says what and where, and the author re-exports a plain drawing.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from lxml import etree

SVG_NAMESPACE = "http://www.w3.org/2000/svg"
SVG_HINT = ("an SVG opens inside the learning platform's site, so it may not hold scripts, event handlers, "
            "embedded HTML or references to other sites; export it again as a plain drawing")
_ACTIVE_ELEMENTS = {  # casefolded local names, in any namespace
    "script": "a <script> element",
    "foreignobject": "a <foreignObject> element (embedded HTML)",
    "iframe": "an <iframe> element",
    "embed": "an <embed> element",
    "object": "an <object> element",
    "handler": "a <handler> element (SVG Tiny event script)",
    "listener": "a <listener> element (XML Events)",
}
_ANIMATIONS = {"set", "animate"}
_LINK_ATTRIBUTES = {"href", "src"}
_SCRIPT_SCHEME = re.compile(r"(?:java|vb)script:")
_URL_SCHEME = re.compile(r"^[a-z][a-z0-9+.-]*:")
_RASTER_DATA_URL = re.compile(r"^data:image/(?:png|jpeg|gif|webp)[;,]")
_CSS_URL = re.compile(r"url\(\s*(['\"]?)(.*?)\1\s*\)", re.DOTALL)
_CSS_ESCAPE = re.compile(r"\\(?:([0-9a-fA-F]{1,6})\s?|(.))", re.DOTALL)
_CSS_COMMENT = re.compile(r"/\*.*?\*/", re.DOTALL)
_DECLARATIONS = (b"<!ENTITY", b"<!ATTLIST")


def svg_hazards(content: bytes) -> list[tuple[int, str]]:
    """(line in the SVG, reason) for everything in it that could run or reach out when opened."""
    # No entity expansion, no DTD, no network: the file is judged as written, never fetched from.
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)
    try:
        root = etree.fromstring(content, parser)
    except etree.XMLSyntaxError as exc:
        problem = re.sub(r", line \d+, column \d+$", "", str(exc.msg))  # the line is reported apart
        return [(exc.lineno or 1, f"not well-formed XML ({problem})")]
    hazards: list[tuple[int, str]] = []
    # Without the namespace a <svg> root is inert XML; any other root may be an HTML document.
    if root.tag not in (f"{{{SVG_NAMESPACE}}}svg", "svg"):
        hazards.append((root.sourceline or 1, f"its root element is {root.tag!r}, not an SVG <svg>"))
    # lxml's DTD object misses a bare ATTLIST; the serialised prolog holds every declaration, which
    # browsers apply (an entity can smuggle in a <script>, an ATTLIST a default onload).
    if any(declaration in etree.tostring(root.getroottree()) for declaration in _DECLARATIONS):
        hazards.append((1, "entity or attribute declarations in its DOCTYPE"))
    for node in [*root.itersiblings(preceding=True), *root.iter()]:
        if isinstance(node, etree._ProcessingInstruction) and node.target == "xml-stylesheet":
            hazards.append((node.sourceline or 1, "an xml-stylesheet instruction (styles or XSLT from elsewhere)"))
        elif isinstance(node.tag, str):
            hazards += [(node.sourceline or 1, reason) for reason in _element_hazards(node)]
    return sorted(hazards, key=lambda hazard: hazard[0])


def _element_hazards(element: etree._Element) -> Iterator[str]:
    name = etree.QName(element).localname.casefold()
    if name in _ACTIVE_ELEMENTS:
        yield _ACTIVE_ELEMENTS[name]
    if name == "style" and element.text:
        yield from _css_hazards(element.text, "a <style> element")
    for attribute, value in element.attrib.items():
        local = etree.QName(attribute).localname
        if local.casefold().startswith("on"):
            yield f"an event-handler attribute {local!r}"
        elif name in _ANIMATIONS and local == "attributeName" and value.split(":")[-1].strip() == "href":
            yield "an animation that changes a link target"
        elif _runs_script(value):
            yield f"a javascript: URL in {local!r}"
        elif local.casefold() in _LINK_ATTRIBUTES and (reason := _leaves_the_file(value)):
            yield f"{reason} in {local!r}"
        elif local == "style" or "url(" in value.casefold():
            yield from _css_hazards(value, repr(local))


def _css_hazards(css: str, where: str) -> Iterator[str]:
    text = _css_text(css)
    if "@import" in text.casefold():
        yield f"an @import in {where}"
    for _, url in _CSS_URL.findall(text):
        if _runs_script(url):
            yield f"a javascript: URL in a url() of {where}"
        elif reason := _leaves_the_file(url):
            yield f"{reason} in a url() of {where}"


def _css_text(css: str) -> str:
    """CSS with comments removed and escapes decoded, as the browser reads it."""
    def decode(match: re.Match[str]) -> str:
        code = match.group(1)
        if code is None:
            return match.group(2)
        number = int(code, 16)
        return chr(number) if 0 < number <= 0x10FFFF and not 0xD800 <= number <= 0xDFFF else "\ufffd"
    return _CSS_ESCAPE.sub(decode, _CSS_COMMENT.sub("", css))


def _runs_script(value: str) -> bool:
    """A script URL anywhere in the value, also spelt with CSS escapes or split by white space."""
    return any(_SCRIPT_SCHEME.search("".join(text.split()).casefold()) for text in (value, _css_text(value)))


def _leaves_the_file(url: str) -> str:
    """Why a reference points outside the SVG ('' when it stays inside: '#id' or a relative path).

    Browsers read a backslash as a slash, so '\\\\host' is '//host'. Only raster images may be
    embedded as data: URLs; an embedded SVG or HTML document would be judged by nobody.
    """
    compact = "".join(url.split()).casefold().replace("\\", "/")
    if compact.startswith("//") or (_URL_SCHEME.match(compact) and not compact.startswith("data:")):
        return f"an external reference {_shortened(url.strip())!r}"
    if compact.startswith("data:") and not _RASTER_DATA_URL.match(compact):
        return f"an embedded document {_shortened(url.strip(), 30)!r}"
    return ""


def _shortened(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[:limit - 1] + "…"
