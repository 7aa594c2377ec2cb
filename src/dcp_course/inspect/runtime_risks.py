"""Risks at run time that a valid package can still carry: state that outgrows SCORM 1.2's limits."""

from __future__ import annotations

from lxml import etree

from .archive import MANIFEST, PackageContents, local
from .manifest import own_files, scorm_type
from .references import parse_html
from .report import PackageReport

SCORM12_SUSPEND_LIMIT = 4096
SCORM12_RISKY_PAGES = 100  # heuristics: tools that keep per-page or per-answer state outgrow
SCORM12_RISKY_ANSWER_FIELDS = 60  # 4,096 characters somewhere around here


def check_suspend_risk(
    contents: PackageContents, report: PackageReport, resources: dict[str, etree._Element]
) -> None:
    """SCOs whose page and answer-field counts suggest suspend data beyond SCORM 1.2's 4,096 characters."""
    for ident, resource in resources.items():
        if local(resource) != "resource" or scorm_type(resource) != "sco":
            continue
        pages = [
            f for f in sorted(own_files(resource)) if f.endswith((".html", ".htm")) and contents.exists(f)
        ]
        fields = sum(answer_fields(contents.read(page)) for page in pages)
        if len(pages) > SCORM12_RISKY_PAGES or fields > SCORM12_RISKY_ANSWER_FIELDS:
            report.add(
                "warning",
                "suspend-data-risk",
                f"SCO {ident!r} has {len(pages)} pages and {fields} answer fields; SCORM 1.2 keeps at "
                f"most {SCORM12_SUSPEND_LIMIT:,} characters of suspend_data, which per-page or "
                "per-answer state can outgrow: split it into smaller SCOs or publish as SCORM 2004",
                f"{MANIFEST}:{resource.sourceline}",
            )


def answer_fields(page: bytes | None) -> int:
    """Distinct form fields a learner answers in on a page: what per-answer state would store."""
    if not page:
        return 0
    document = parse_html(page)
    if document is None:
        return 0
    names = {
        e.get("name")
        for e in document.iter("input", "select", "textarea")
        if e.get("name")
        and (e.get("type") or "text").lower() not in ("hidden", "submit", "button", "reset", "image")
    }
    return len(names)
