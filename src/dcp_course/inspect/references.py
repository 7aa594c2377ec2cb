"""What the pages load and link to: requests that leave the package, local files that are missing,
and links to other sites that would replace the lesson in its own frame."""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import PurePosixPath

from lxml import etree
from lxml import html as lxml_html

from .archive import EXTERNAL, PackageContents, href_target
from .report import PackageReport

WEB_SUFFIXES = (".html", ".htm", ".xhtml", ".css", ".js", ".mjs", ".svg")
LOADING_ATTRIBUTES: dict[str, tuple[str, ...]] = {
    "script": ("src",),
    "img": ("src", "srcset"),
    "iframe": ("src",),
    "frame": ("src",),
    "embed": ("src",),
    "object": ("data",),
    "video": ("src", "poster"),
    "audio": ("src",),
    "source": ("src", "srcset"),
    "track": ("src",),
    "input": ("src",),
    "link": ("href",),
    "base": ("href",),
}
LOADING_LINK_RELS = {
    "stylesheet",
    "icon",
    "shortcut",
    "apple-touch-icon",
    "preload",
    "prefetch",
    "preconnect",
    "dns-prefetch",
    "modulepreload",
    "manifest",
    "import",
}
CSS_URL = re.compile(r"""url\(\s*(['"]?)\s*([^'")\s]+)\s*\1\s*\)""", re.IGNORECASE)
CSS_IMPORT = re.compile(r"""@import\s+(?:url\(\s*)?(['"]?)\s*([^'")\s;]+)""", re.IGNORECASE)
JS_REQUEST = re.compile(
    r"""(?P<how>\b(?:fetch|importScripts|sendBeacon|WebSocket|EventSource|import)\s*\(\s*|\bfrom\s+|"""
    r"""\.src\s*=\s*|setAttribute\(\s*['"](?:src|href)['"]\s*,\s*|\.open\(\s*['"][A-Za-z]+['"]\s*,\s*)"""
    r"""(?P<quote>['"`])(?P<url>(?:https?:|wss?:)?//[^'"`\s]+)"""
)
SVG_REFERENCE = re.compile(
    r"""<(?P<tag>image|use|script|feImage)\b[^>]*?\s(?:xlink:)?href\s*=\s*(['"])(?P<url>[^'"]+)\2"""
)


def check_web_files(contents: PackageContents, report: PackageReport) -> None:
    """External requests and missing local files in every HTML, CSS, JavaScript and SVG file."""
    missing: dict[str, list[tuple[str, Reference]]] = {}
    for name in sorted(contents.names):
        if not name.lower().endswith(WEB_SUFFIXES):
            continue
        data = contents.read(name)
        if data is None:
            continue
        for target, ref in _check_references(report, name, web_references(name, data)):
            if not contents.exists(target) and not contents.exists(target.rstrip("/") + "/index.html"):
                missing.setdefault(target, []).append((name, ref))
    for _target, uses in sorted(missing.items()):
        name, ref = uses[0]
        others = f" (and {len(uses) - 1} more place(s))" if len(uses) > 1 else ""
        report.add(
            "warning",
            "missing-reference",
            f"{ref.what} {ref.url!r} is not in the package{others}",
            f"{name}:{ref.line}" if ref.line else name,
        )


def web_references(name: str, data: bytes) -> list[Reference]:
    suffix = PurePosixPath(name).suffix.lower()
    if suffix in (".html", ".htm", ".xhtml"):
        return html_references(data)
    text = data.decode("utf-8", errors="replace")
    if suffix == ".css":
        return list(css_references(text))
    if suffix == ".svg":
        return list(svg_references(text)) + list(css_references(text))
    return list(js_references(text))


@dataclass(frozen=True)
class Reference:
    what: str  # how it is loaded, e.g. "<script src>" or "CSS url()"
    url: str
    line: int
    loads: bool = True  # False for plain links the learner follows
    same_frame: bool = False  # a followed link that replaces this page where it stands


def _check_references(
    report: PackageReport, name: str, references: Sequence[Reference]
) -> Iterator[tuple[str, Reference]]:
    """Report requests that leave the package; yield (package path, reference) for the local ones."""
    folder = str(PurePosixPath(name).parent)
    for ref in references:
        where = f"{name}:{ref.line}" if ref.line else name
        if EXTERNAL.match(ref.url):
            if ref.same_frame:
                report.add(
                    "warning",
                    "external-link-same-frame",
                    f"link to {ref.url} opens in the lesson's own frame: inside an LMS, following it "
                    "unloads the lesson and ends the session, and many sites refuse to be framed; "
                    'give it target="_blank" rel="noopener noreferrer" and say that it opens a new tab',
                    where,
                )
            if ref.loads:
                report.add(
                    "warning",
                    "external-request",
                    f"{ref.what} loads {ref.url}: it fails offline and under a strict LMS content "
                    "policy, and tells another server who is learning; put the file in the package",
                    where,
                )
            continue
        target = href_target(ref.url, "" if folder == "." else folder)
        if not target:
            continue
        if ref.url.strip().startswith("/"):
            report.add(
                "warning",
                "reference-outside",
                f"{ref.what} {ref.url!r} starts at the server's root, not the package's",
                where,
            )
        elif target.startswith("../"):
            report.add(
                "warning", "reference-outside", f"{ref.what} {ref.url!r} points outside the package", where
            )
        else:
            yield target, ref


def parse_html(data: bytes) -> etree._Element | None:
    try:
        document: etree._Element = lxml_html.document_fromstring(data)
        return document
    except (etree.ParserError, ValueError):
        return None


def html_references(data: bytes) -> list[Reference]:
    document = parse_html(data)
    if document is None:
        return []
    found: list[Reference] = []
    default_target = _base_target(document)
    for element in document.iter(etree.Element):
        tag = str(element.tag).lower()
        line = element.sourceline or 0
        if tag == "link" and not _loading_link(element):
            continue
        for attribute in LOADING_ATTRIBUTES.get(tag, ()):
            for url in _attribute_urls(element.get(attribute), attribute == "srcset"):
                found.append(Reference(f"<{tag} {attribute}>", url, line))
        if tag in ("a", "area") and element.get("href"):
            target = element.get("target", default_target).strip().lower()
            found.append(Reference("link", element.get("href", ""), line, loads=False,
                                   same_frame=target != "_blank"))
        if tag == "style" and element.text:
            found += [Reference(r.what, r.url, line + r.line - 1) for r in css_references(element.text)]
        if tag == "script" and element.text and not element.get("src"):
            found += [Reference(r.what, r.url, line + r.line - 1) for r in js_references(element.text)]
        if element.get("style"):
            found += [Reference(r.what, r.url, line) for r in css_references(element.get("style", ""))]
    return found


def _base_target(document: etree._Element) -> str:
    """The target links take when they name none: the first <base target>, else the same frame."""
    for base in document.iter("base"):
        if base.get("target") is not None:
            return str(base.get("target"))
    return ""


def _loading_link(element: etree._Element) -> bool:
    rels = set((element.get("rel") or "").lower().split())
    return not rels or bool(rels & LOADING_LINK_RELS)


def _attribute_urls(value: str | None, is_srcset: bool) -> list[str]:
    if not value or not value.strip():
        return []
    if not is_srcset:
        return [value.strip()]
    return [candidate.split()[0] for candidate in value.split(",") if candidate.strip()]


def _line_of(text: str, offset: int) -> int:
    return text.count("\n", 0, offset) + 1


def css_references(text: str) -> Iterator[Reference]:
    imports = list(CSS_IMPORT.finditer(text))
    for match in imports:
        yield Reference("CSS @import", match.group(2), _line_of(text, match.start()))
    for match in CSS_URL.finditer(text):
        inside_import = any(i.start() <= match.start() <= i.end() for i in imports)
        if not inside_import and not match.group(2).lower().startswith("data:"):
            yield Reference("CSS url()", match.group(2), _line_of(text, match.start()))


def js_references(text: str) -> Iterator[Reference]:
    """Requests a script makes to other servers: only URLs in a loading call, not every URL string."""
    for match in JS_REQUEST.finditer(text):
        how = re.sub(r"[\s('\"`,=]+$", "", match.group("how")).strip() or "import"
        yield Reference(f"script {how}", match.group("url"), _line_of(text, match.start()))


def svg_references(text: str) -> Iterator[Reference]:
    for match in SVG_REFERENCE.finditer(text):
        if not match.group("url").startswith("#"):
            yield Reference(
                f"SVG <{match.group('tag')} href>", match.group("url"), _line_of(text, match.start())
            )
