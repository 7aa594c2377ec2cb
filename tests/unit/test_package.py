"""Deterministic, safe zips and atomic output."""

from __future__ import annotations

import hashlib
import io
import zipfile
from pathlib import Path

import pytest

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
