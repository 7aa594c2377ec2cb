"""Shared fixtures: the fixture course, built once per session, and a scratch copy to break."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from dcp_course.build import build
from dcp_course.translate.fill import with_text

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


def first_words_marked(markup: str, mark: str = "DE: ") -> str:
    """A unit's inline markup with mark before its first words: a stand-in translation that keeps
    every tag where it was."""
    marked = False

    def first(text: str) -> str:
        nonlocal marked
        if marked or not text.strip():
            return text
        marked = True
        return mark + text

    result = with_text(markup, first)
    return result if marked else mark + result
