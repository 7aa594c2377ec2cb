"""Shared fixtures: the fixture course, built once per session, and a scratch copy to break."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from dcp_course.build import build

TESTS = Path(__file__).resolve().parent
REPO = TESTS.parent
FIXTURE_COURSE = TESTS / "fixtures" / "course"
NODE_MODULES = REPO / "node_modules"


def in_ci() -> bool:
    return os.environ.get("CI", "").lower() in ("1", "true", "yes")


def require(condition: bool, reason: str) -> None:
    """Skip locally when a test tool is missing; under CI a missing tool is a failure."""
    if condition:
        return
    if in_ci():
        pytest.fail(f"required under CI: {reason}")
    pytest.skip(reason)


FINAL_FIXTURE = TESTS / "fixtures" / "final"  # a final assessment with final-only questions and a blueprint


def copy_course(source: Path, tmp_path: Path) -> Path:
    """A writable copy of a course folder, to edit."""
    root = tmp_path / "course"
    shutil.copytree(source, root)
    return root


def edit_source(root: Path, relative: str, old: str, new: str) -> None:
    """Replace the first `old` in a course file, which must hold it."""
    path = root / relative
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.fixture(scope="session")
def fixture_root() -> Path:
    return FIXTURE_COURSE


@pytest.fixture(scope="session")
def built_fixture(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("fixture-dist")
    build(FIXTURE_COURSE, out)
    return out


@pytest.fixture()
def course_copy(tmp_path: Path) -> Path:
    """A writable copy of the fixture course for tests that edit sources."""
    target = tmp_path / "course-src"
    shutil.copytree(FIXTURE_COURSE, target)
    return target


@pytest.fixture()
def bilingual(course_copy: Path) -> Path:
    """The fixture course copy, listing German beside its English."""
    course_file = course_copy / "course" / "course.yaml"
    text = course_file.read_text(encoding="utf-8")
    course_file.write_text(text.replace("language: en\n", "language: en\nlanguages: [en, de]\n"), encoding="utf-8")
    return course_copy
