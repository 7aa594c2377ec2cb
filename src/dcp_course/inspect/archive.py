"""The zip itself: entries that are unsafe to extract, sizes, reading members and XML safely."""

from __future__ import annotations

import re
import stat
import zipfile
from dataclasses import dataclass
from pathlib import PurePosixPath
from urllib.parse import unquote, urlsplit

from lxml import etree

from .report import PackageReport

MANIFEST = "imsmanifest.xml"
CMI5_FILE = "cmi5.xml"
MAX_TOTAL_BYTES = 4 * 1024**3  # beyond this nothing is read: refuse, do not guess
LARGE_PACKAGE_BYTES = 500 * 1024**2  # many LMSs refuse uploads this large
MAX_READ_BYTES = 20 * 1024**2  # manifests and pages larger than this are not read
BOMB_RATIO = 200  # uncompressed/compressed size of one entry that suggests a zip bomb
BOMB_MIN_BYTES = 50 * 1024**2
MAX_ENTRIES = 50_000
EXTERNAL = re.compile(r"^\s*(?:https?:)?//", re.IGNORECASE)
NOT_A_FILE = re.compile(r"^\s*(?:[a-z][a-z0-9+.-]*:|#|\{\{|\$\{)", re.IGNORECASE)


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


def report_missing_manifest(contents: PackageContents, report: PackageReport) -> None:
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


def read_xml(contents: PackageContents, report: PackageReport, name: str) -> etree._Element | None:
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
