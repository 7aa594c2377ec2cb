"""Shared fixtures: the fixture course, built once per session, and a scratch copy to break."""

from __future__ import annotations

import os
import re
import shutil
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from dcp_course.build import build
from dcp_course.source.load import load_course
from dcp_course.source.yamlsource import load_yaml_file
from dcp_course.translate.fill import with_text
from dcp_course.translate.units import course_units

TESTS = Path(__file__).resolve().parent
REPO = TESTS.parent
FIXTURE_COURSE = TESTS / "fixtures" / "course"
NODE_MODULES = REPO / "node_modules"


@cache
def fixture_module(folder: str) -> dict[str, Any]:
    """A module of the fixture course as written (plain YAML data), for tests to count from it
    rather than hard-code what it holds."""
    data: dict[str, Any] = load_yaml_file(FIXTURE_COURSE / "modules" / folder / "module.yaml").data
    return data


def fixture_quiz(folder: str) -> list[dict[str, Any]]:
    """The quiz questions of a fixture module, as written."""
    questions: list[dict[str, Any]] = fixture_module(folder)["quiz"]["questions"]
    return questions


def fixture_checks(folder: str) -> list[dict[str, Any]]:
    """The knowledge checks of a fixture module's lessons, as written."""
    return [block["check"] for lesson in fixture_module(folder)["lessons"] for block in lesson["blocks"]
            if "check" in block]


FIXTURE_MODULES = ("01-basics", "02-questions")


@cache
def fixture_unit_count() -> int:
    """How many translatable texts the fixture course has (what a full translation imports)."""
    return len(course_units(load_course(FIXTURE_COURSE)))


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


def set_languages(root: Path, languages: str) -> None:
    """course.yaml of the course at root listing `languages` (e.g. "[en, de]"), in place of any it lists."""
    course_file = root / "course" / "course.yaml"
    text = course_file.read_text(encoding="utf-8")
    text = re.sub(r"^languages: .*\n", "", text, count=1, flags=re.MULTILINE)
    assert "language: en\n" in text
    course_file.write_text(text.replace("language: en\n", f"language: en\nlanguages: {languages}\n", 1), encoding="utf-8")


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
