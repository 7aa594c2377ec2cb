"""cmi5 packages: cmi5.xml (structure, ids, moveOn, masteryScore) and what the zip holds.

No cmi5 XSD is published on a package registry (the npm and PyPI cmi5 packages ship none), so
cmi5.xml is checked here against the structure the cmi5 specification's CourseStructure.xsd
defines (section 13): element order, required elements, attribute values and types.
"""

from __future__ import annotations

import io
import re
import uuid
import zipfile
from decimal import Decimal
from pathlib import Path

import pytest
from click.testing import CliRunner
from lxml import etree

from dcp_course.build import build
from dcp_course.cli import main
from dcp_course.inspect import inspect_package
from dcp_course.targets.cmi5_structure import ID_NAMESPACE, NAMESPACE_URI

NS = f"{{{NAMESPACE_URI}}}"
MOVE_ON = {"NotApplicable", "Passed", "Completed", "CompletedAndPassed", "CompletedOrPassed"}
AU_ATTRIBUTES = {"id", "moveOn", "masteryScore", "launchMethod", "activityType"}
# what makes a browser load something: only plain links (<a href>, the learner's choice) may leave
LOADING_TAG = re.compile(
    rb"<(?:script|link|img|iframe|video|audio|source|track|object|embed|form)\b[^>]*>", re.IGNORECASE
)
EXTERNAL = re.compile(rb"""(?:src|href|action|poster|data)\s*=\s*["']?\s*(?:https?:)?//""", re.IGNORECASE)
CSS_EXTERNAL = re.compile(rb"""(?:url\(\s*["']?\s*(?:https?:)?//|@import)""", re.IGNORECASE)
JS_REQUEST = re.compile(
    rb"""(?:fetch|sendBeacon|open|importScripts)\(\s*["'`](?:https?:)?//""", re.IGNORECASE
)


def build_cmi5(root: Path, out: Path, granularity: str | None = None) -> zipfile.ZipFile:
    build(root, out, ["cmi5"], granularity)  # type: ignore[arg-type]
    (zip_path,) = out.glob("*-cmi5.zip")
    return zipfile.ZipFile(io.BytesIO(zip_path.read_bytes()))


def structure(archive: zipfile.ZipFile) -> etree._Element:
    return etree.fromstring(archive.read("cmi5.xml"))


def expected_id(name: str) -> str:
    """The documented scheme, computed here independently of the builder."""
    namespace = uuid.uuid5(uuid.NAMESPACE_DNS, "dcp-course.invalid")
    assert namespace == ID_NAMESPACE
    return f"urn:uuid:{uuid.uuid5(namespace, name)}"


def children(element: etree._Element) -> list[str]:
    return [etree.QName(child).localname for child in element if isinstance(child.tag, str)]


def check_langstrings(holder: etree._Element, language: str) -> list[str]:
    strings = holder.findall(f"{NS}langstring")
    assert strings and all(s.get("lang") == language for s in strings)
    assert all((s.text or "").strip() == (s.text or "") and s.text for s in strings)
    return [s.text or "" for s in strings]


def check_course_structure(root: etree._Element, names: set[str], language: str = "en") -> None:
    """What CourseStructure.xsd requires of the parts we write (sequence order, types, values)."""
    assert root.tag == f"{NS}courseStructure"
    assert root.nsmap == {None: NAMESPACE_URI}
    kinds = children(root)
    assert kinds[0] == "course" and set(kinds[1:]) == {"au"}, kinds
    course = root[0]
    assert children(course) == ["title", "description"]
    assert set(course.attrib) == {"id"}
    for holder in course:
        check_langstrings(holder, language)
    for au in root.findall(f"{NS}au"):
        assert children(au) == ["title", "description", "url"]
        assert set(au.attrib) <= AU_ATTRIBUTES and "id" in au.attrib
        assert au.get("moveOn") in MOVE_ON
        assert au.get("launchMethod") == "AnyWindow"
        if au.get("masteryScore") is not None:
            mastery = Decimal(au.get("masteryScore", ""))
            assert 0 <= mastery <= 1 and -mastery.as_tuple().exponent <= 4  # type: ignore[operator]
        check_langstrings(au.find(f"{NS}title"), language)
        check_langstrings(au.find(f"{NS}description"), language)
        url = au.findtext(f"{NS}url") or ""
        assert url and url in names and "//" not in url and not url.startswith("/")
    ids = [e.get("id") for e in root.iter(f"{NS}course", f"{NS}au")]
    assert len(set(ids)) == len(ids), "ids are unique"
    assert all(re.fullmatch(r"urn:uuid:[0-9a-f-]{36}", i or "") for i in ids), ids


def au_summary(root: etree._Element) -> list[tuple[str | None, ...]]:
    return [
        (
            au.findtext(f"{NS}url"),
            au.get("moveOn"),
            au.get("masteryScore"),
            au.findtext(f"{NS}title/{NS}langstring"),
        )
        for au in root.findall(f"{NS}au")
    ]


# ---------------------------------------------------------------- cmi5.xml


def test_one_au_per_module_with_move_on_and_mastery(tmp_path: Path, fixture_root: Path) -> None:
    archive = build_cmi5(fixture_root, tmp_path)
    root = structure(archive)
    check_course_structure(root, set(archive.namelist()))
    assert au_summary(root) == [
        ("sco-basics.html", "Passed", "0.5", "Basics <of> blocks"),
        ("sco-questions.html", "Passed", "0.75", "Questions"),
    ]
    course = root.find(f"{NS}course")
    assert course.get("id") == expected_id("fixture-course")
    assert course.findtext(f"{NS}title/{NS}langstring") == "Fixture <Course> & Friends"
    assert course.findtext(f"{NS}description/{NS}langstring") == (
        "A small course that uses **every** block and question type. <script>alert(1)</script>"
    )
    assert [au.get("id") for au in root.findall(f"{NS}au")] == [
        expected_id("fixture-course/basics"),
        expected_id("fixture-course/questions"),
    ]
    assert (
        root.find(f"{NS}au/{NS}description/{NS}langstring").text == "Every block type once, with *Markdown*."
    )


def test_ids_stay_the_same_across_versions(tmp_path: Path, course_copy: Path) -> None:
    first = structure(build_cmi5(course_copy, tmp_path / "a"))
    course_yaml = course_copy / "course" / "course.yaml"
    course_yaml.write_text(course_yaml.read_text().replace("version: 0.9.0", "version: 1.0.0"))
    second = structure(build_cmi5(course_copy, tmp_path / "b"))
    assert first.xpath("//@id") == second.xpath("//@id")


def test_final_assessment_is_its_own_au(tmp_path: Path, course_copy: Path) -> None:
    course_yaml = course_copy / "course" / "course.yaml"
    course_yaml.write_text(course_yaml.read_text() + "final:\n  title: Final test\n  pass: 80\n")
    archive = build_cmi5(course_copy, tmp_path)
    root = structure(archive)
    check_course_structure(root, set(archive.namelist()))
    assert au_summary(root)[-1] == ("sco-final-assessment.html", "Passed", "0.8", "Final test")
    assert root.findall(f"{NS}au")[-1].get("id") == expected_id("fixture-course/final-assessment")


def test_completion_by_lessons_moves_on_when_completed(tmp_path: Path, course_copy: Path) -> None:
    course_yaml = course_copy / "course" / "course.yaml"
    course_yaml.write_text(
        course_yaml.read_text().replace("completion: lessons-and-quiz", "completion: lessons")
    )
    root = structure(build_cmi5(course_copy, tmp_path))
    assert [au.get("moveOn") for au in root.findall(f"{NS}au")] == ["Completed", "Completed"]
    # the quiz still has a pass mark for passed/failed, even though completion does not wait for it
    assert [au.get("masteryScore") for au in root.findall(f"{NS}au")] == ["0.5", "0.75"]


def test_a_module_without_quiz_moves_on_when_completed(tmp_path: Path, course_copy: Path) -> None:
    module = course_copy / "modules" / "01-basics" / "module.yaml"
    text = module.read_text()
    module.write_text(text[: text.index("quiz:\n")] + text[text.index("sources:\n") :])
    root = structure(build_cmi5(course_copy, tmp_path))
    first = root.find(f"{NS}au")
    assert (first.get("moveOn"), first.get("masteryScore")) == ("Completed", None)


def test_per_course_is_one_au_with_the_strictest_pass_mark(tmp_path: Path, fixture_root: Path) -> None:
    archive = build_cmi5(fixture_root, tmp_path, "per-course")
    root = structure(archive)
    check_course_structure(root, set(archive.namelist()))
    assert au_summary(root) == [("sco-fixture-course.html", "Passed", "0.75", "Fixture <Course> & Friends")]
    assert root.find(f"{NS}au").get("id") == expected_id("fixture-course/*")


# ---------------------------------------------------------------- the package


def test_package_is_self_contained_and_clean(tmp_path: Path, fixture_root: Path) -> None:
    archive = build_cmi5(fixture_root, tmp_path)
    names = set(archive.namelist())
    assert "cmi5.xml" in names and "imsmanifest.xml" not in names
    for name in names:
        assert not name.startswith("/") and ".." not in name.split("/") and "\\" not in name
        data = archive.read(name)
        if name.endswith((".html", ".svg")):
            assert not [tag for tag in LOADING_TAG.findall(data) if EXTERNAL.search(tag)], name
        if name.endswith((".css", ".svg")):
            assert not CSS_EXTERNAL.search(data), name
        if name.endswith((".js", ".html")):
            assert not JS_REQUEST.search(data), name
    for shell in ("sco-basics.html", "sco-questions.html"):
        html = archive.read(shell).decode()
        assert '<script src="assets/js/cmi5.js"></script>' in html
        assert html.index("cmi5.js") < html.index("shell.js")
    (zip_path,) = tmp_path.glob("*-cmi5.zip")
    report = inspect_package(zip_path)
    assert (report.standard, report.launchable) == ("cmi5", 2)
    assert report.findings == [], [f.render() for f in report.findings]


def test_scorm_shells_do_not_load_the_cmi5_runtime(built_fixture: Path) -> None:
    (zip_path,) = built_fixture.glob("*-scorm2004.zip")
    with zipfile.ZipFile(zip_path) as archive:
        assert "cmi5.js" not in archive.read("sco-questions.html").decode()


def test_only_the_cmi5_package_ships_the_cmi5_runtime(built_fixture: Path) -> None:
    for zip_path in built_fixture.glob("*.zip"):
        with zipfile.ZipFile(zip_path) as archive:
            shipped = "assets/js/cmi5.js" in archive.namelist()
        assert shipped == zip_path.name.endswith("-cmi5.zip"), zip_path.name
    assert not (built_fixture / "web" / "assets" / "js" / "cmi5.js").exists()


def test_rebuild_is_byte_identical(tmp_path: Path, fixture_root: Path) -> None:
    build(fixture_root, tmp_path / "a", ["cmi5"])
    build(fixture_root, tmp_path / "b", ["cmi5"])
    name = "fixture-course-0.9.0-cmi5.zip"
    assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes()


def test_cli_builds_cmi5_only_on_request(tmp_path: Path, fixture_root: Path) -> None:
    result = CliRunner().invoke(
        main, ["--root", str(fixture_root), "build", "--out", str(tmp_path / "one"), "--format", "cmi5"]
    )
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in (tmp_path / "one").iterdir()) == ["fixture-course-0.9.0-cmi5.zip"]
    build(fixture_root, tmp_path / "default")
    assert not list((tmp_path / "default").glob("*-cmi5.zip")), "cmi5 is not a default output"


@pytest.mark.parametrize("granularity", ["per-module", "per-course"])
def test_au_shells_carry_the_cmi5_runtime(tmp_path: Path, fixture_root: Path, granularity: str) -> None:
    archive = build_cmi5(fixture_root, tmp_path, granularity)
    for url in structure(archive).xpath("//*[local-name()='url']/text()"):
        html = archive.read(url).decode()
        assert 'data-runtime="cmi5"' in html
        assert '"runtime":"cmi5"' in html
