"""cmi5 course structures: the root element, unique ids, and every AU's launch URL."""

from __future__ import annotations

from lxml import etree

from .archive import CMI5_FILE, PackageContents, href_target, local, read_xml
from .report import PackageReport


def check_cmi5(contents: PackageContents, report: PackageReport) -> None:
    root = read_xml(contents, report, CMI5_FILE)
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
