"""`dcp-course new`: modules and lessons that validate as written, added without touching the author's YAML."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import FIXTURE_COURSE, TESTS

from dcp_course.authoring.scaffold import slugify, splice_item, yaml_text
from dcp_course.cli import main
from dcp_course.source.load import load_course
from dcp_course.source.yamlsource import parse_yaml

COMMENTED_COURSE = """\
# yaml-language-server: $schema=../dcp-course.course.schema.json
# The course file, with the author's comments and layout.
id: fixture-course
title: "Fixture course"          # quoted on purpose
version: 0.9.0
language: en
description: |
  A small course.

  With two paragraphs.
audience: Test authors
minutes: 30
keywords: [fixture,   testing]
organisation: { name: Test Academy, logo: media/logo.svg }

modules:
    # in delivery order
    - 01-basics      # the blocks
    - 02-questions   # the questions

# what gets built
outputs: [web, scorm12, scorm2004]
"""


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture()
def course(course_copy: Path) -> Path:
    (course_copy / "course" / "course.yaml").write_text(COMMENTED_COURSE)
    return course_copy


def added_lines(before: str, after: str) -> list[str]:
    """The lines after has beyond before, asserting that every old line is still there in order."""
    old, new = before.splitlines(keepends=True), after.splitlines(keepends=True)
    extra, position = [], 0
    for line in new:
        if position < len(old) and line == old[position]:
            position += 1
        else:
            extra.append(line)
    assert position == len(old), "an existing line was changed or removed"
    return extra


# ---------------------------------------------------------------- new module


def test_new_module_creates_a_valid_module_and_lists_it_keeping_comments(course: Path) -> None:
    code, out, err = run("--root", str(course), "new", "module", "Legal & ethical boundaries: online")
    assert code == 0, err
    folder = course / "modules" / "03-legal-ethical-boundaries-online"
    assert out.splitlines() == [
        f"created {folder / 'module.yaml'}",
        f"created {folder / 'media'}/",
        f"added 03-legal-ethical-boundaries-online to modules in {course / 'course' / 'course.yaml'}",
    ]
    after = (course / "course" / "course.yaml").read_text()
    assert after == COMMENTED_COURSE.replace(
        "    - 02-questions   # the questions\n",
        "    - 02-questions   # the questions\n    - 03-legal-ethical-boundaries-online\n")
    module = (folder / "module.yaml").read_text()
    assert module.startswith("# yaml-language-server: $schema=../../dcp-course.schema.json\n")
    assert 'title: "Legal & ethical boundaries: online"\n' in module
    assert (folder / "media").is_dir() and not any((folder / "media").iterdir())
    source = load_course(course)
    added = source.modules[-1].module
    assert (added.id, added.title) == ("m3-legal-ethical-boundaries-online", "Legal & ethical boundaries: online")
    assert [q.assesses for q in added.quiz.questions] == [["m3-explain-main-idea"]]  # type: ignore[union-attr]


def test_new_module_passes_lint_strict(tmp_path: Path) -> None:
    root = tmp_path / "course"
    shutil.copytree(TESTS / "fixtures" / "lint" / "clean", root)
    assert run("--root", str(root), "new", "module", "Working with partners")[0] == 0
    assert run("--root", str(root), "new", "lesson", "3", "Who the partners are")[0] == 0
    # the course's minutes are exactly its modules' and the final's: the author adds the new module's 15
    course = root / "course" / "course.yaml"
    course.write_text(course.read_text().replace("minutes: 160 ", "minutes: 175 ", 1))
    assert run("--root", str(root), "lint", "--strict") == (0, "ok: no findings\n", "")


def test_numbering_follows_the_highest_number_on_disk_or_listed(course: Path) -> None:
    (course / "modules" / "07-draft").mkdir()
    text = (course / "course" / "course.yaml").read_text()
    (course / "course" / "course.yaml").write_text(text + "exclude: [07-draft]\n")
    code, _, err = run("--root", str(course), "new", "module", "Next one")
    assert code == 0, err
    assert (course / "modules" / "08-next-one" / "module.yaml").is_file()
    assert "m8-next-one" in (course / "modules" / "08-next-one" / "module.yaml").read_text()


def test_slug_option_and_non_ascii_titles(course: Path) -> None:
    assert run("--root", str(course), "new", "module", "Éthique et droit", "--slug", "ethics")[0] == 0
    assert (course / "modules" / "03-ethics").is_dir()
    assert slugify("Éthique & droit — l'essentiel") == "ethique-droit-l-essentiel"
    assert slugify("A" * 30 + " " + "b" * 30) == "a" * 30


@pytest.mark.parametrize(("title", "slug", "message"), [
    ("Basics", None, "a module named 'basics' already exists: 01-basics"),
    ("Something new", "questions", "a module named 'questions' already exists: 02-questions"),
    ("!!!", None, "cannot make a name from '!!!': give one with --slug"),
    ("Fine title", "Not_A_Slug", "--slug 'Not_A_Slug': use lowercase letters, digits and hyphens"),
    ("   ", None, "the title must be one line of text"),
])
def test_new_module_refuses_clearly_and_changes_nothing(course: Path, title: str, slug: str | None,
                                                        message: str) -> None:
    args = ["--root", str(course), "new", "module", title] + (["--slug", slug] if slug else [])
    code, _, err = run(*args)
    assert code == 1
    assert err.startswith(f"error: {message}")
    assert (course / "course" / "course.yaml").read_text() == COMMENTED_COURSE
    assert sorted(p.name for p in (course / "modules").iterdir()) == ["01-basics", "02-questions"]


def test_new_module_reports_a_broken_course_file_located(course: Path) -> None:
    (course / "course" / "course.yaml").write_text("id: x\nmodules: [01-basics\n")
    code, out, err = run("--root", str(course), "new", "module", "Next")
    assert code == 1 and "course/course.yaml:3:1: YAML syntax:" in err and "Traceback" not in out + err
    assert not (course / "modules" / "03-next").exists()


def test_a_flow_style_list_gets_the_name_in_place(course: Path) -> None:
    text = COMMENTED_COURSE.replace(
        "modules:\n    # in delivery order\n    - 01-basics      # the blocks\n    - 02-questions   # the questions\n",
        "modules: [01-basics, 02-questions]  # in delivery order\n")
    (course / "course" / "course.yaml").write_text(text)
    assert run("--root", str(course), "new", "module", "Third")[0] == 0
    assert (course / "course" / "course.yaml").read_text() == text.replace(
        "[01-basics, 02-questions]", "[01-basics, 02-questions, 03-third]")


def test_other_layouts_fall_back_to_the_round_trip_dumper_keeping_comments(course: Path) -> None:
    text = COMMENTED_COURSE.replace(
        "modules:\n    # in delivery order\n    - 01-basics      # the blocks\n    - 02-questions   # the questions\n",
        'modules: ["01-basics", "02-questions"]  # in delivery order\n')
    (course / "course" / "course.yaml").write_text(text)
    assert run("--root", str(course), "new", "module", "Third")[0] == 0
    after = (course / "course" / "course.yaml").read_text()
    assert "# The course file, with the author's comments and layout.\n" in after
    assert "# in delivery order\n" in after and "# what gets built\n" in after
    assert 'title: "Fixture course"          # quoted on purpose\n' in after
    assert [m.folder for m in load_course(course).modules] == ["01-basics", "02-questions", "03-third"]


def test_windows_line_endings_are_kept(course: Path) -> None:
    (course / "course" / "course.yaml").write_bytes(COMMENTED_COURSE.replace("\n", "\r\n").encode())
    assert run("--root", str(course), "new", "module", "Third")[0] == 0
    after = (course / "course" / "course.yaml").read_bytes()
    assert b"    - 02-questions   # the questions\r\n    - 03-third\r\n" in after
    assert b"\n" not in after.replace(b"\r\n", b"")


# ---------------------------------------------------------------- new lesson


def test_new_lesson_appends_after_the_last_lesson_keeping_the_rest(course: Path) -> None:
    path = course / "modules" / "01-basics" / "module.yaml"
    before = path.read_text()
    code, out, err = run("--root", str(course), "new", "lesson", "01-basics", "Going further", "--minutes", "7")
    assert code == 0, err
    assert out == f"added lesson going-further to 01-basics ({path})\n"
    assert added_lines(before, path.read_text()) == [
        "  - id: going-further\n",
        "    title: Going further\n",
        "    minutes: 7\n",
        "    blocks:\n",
        "      - text: |\n",
        "          Write the lesson here in Markdown. Keep sentences short and plain.\n",
    ]
    assert path.read_text().index("going-further") < path.read_text().index("quiz:")
    lessons = load_course(course).modules[0].module.lessons
    assert [lesson.id for lesson in lessons][-1] == "going-further"


@pytest.mark.parametrize("reference", ["01-basics", "basics", "1", "01"])
def test_the_module_can_be_named_by_folder_slug_or_number(course: Path, reference: str) -> None:
    assert run("--root", str(course), "new", "lesson", reference, "Another")[0] == 0
    assert "id: another" in (course / "modules" / "01-basics" / "module.yaml").read_text()


def test_lesson_ids_take_the_module_prefix(course: Path) -> None:
    assert run("--root", str(course), "new", "module", "Third")[0] == 0
    assert run("--root", str(course), "new", "lesson", "m3-third", "Deeper: a look")[0] == 0
    text = (course / "modules" / "03-third" / "module.yaml").read_text()
    assert "  - id: m3-deeper-a-look\n    title: 'Deeper: a look'\n" in text or (
        '  - id: m3-deeper-a-look\n    title: "Deeper: a look"\n' in text)
    assert [lesson.id for lesson in load_course(course).modules[-1].module.lessons] == [
        "m3-introduction", "m3-deeper-a-look"]


def test_new_lesson_refuses_duplicates_and_unknown_modules(course: Path) -> None:
    path = course / "modules" / "02-questions" / "module.yaml"
    before = path.read_text()
    code, _, err = run("--root", str(course), "new", "lesson", "questions", "All blocks")
    assert code == 1 and "a lesson with the id 'all-blocks' already exists" in err
    code, _, err = run("--root", str(course), "new", "lesson", "09-nothing", "Title")
    assert code == 1 and "no module '09-nothing'" in err and "known: 01-basics, 02-questions" in err
    assert path.read_text() == before


def test_lessons_set_apart_by_blank_lines_and_followed_by_comments() -> None:
    text = """\
id: m1-x
lessons:

- id: m1-a
  title: A
  blocks:
  - text: Hello.

- id: m1-b
  title: B
  blocks:
  - text: |
      Last lesson.
    # still part of lesson B

# The quiz belongs here.
quiz: {questions: []}
"""
    spliced = splice_item(text, "lessons", ["- id: m1-c", "  title: C"])
    assert spliced == text.replace(
        "    # still part of lesson B\n",
        "    # still part of lesson B\n\n- id: m1-c\n  title: C\n")


def test_splicing_at_the_end_of_a_file_without_newline() -> None:
    spliced = splice_item("id: x\nitems:\n  - a\n  - b", "items", ["- c"])
    assert spliced == "id: x\nitems:\n  - a\n  - b\n  - c\n"
    assert parse_yaml(spliced, Path("x.yaml")).data == {"id": "x", "items": ["a", "b", "c"]}


@pytest.mark.parametrize(("value", "written"), [
    ("Plain title", "Plain title"),
    ("Title: with colon", '"Title: with colon"'),
    ("# not a comment", '"# not a comment"'),
    ("true", '"true"'),
    ("123", '"123"'),
    ("Quote's fine", "Quote's fine"),
    ("[brackets]", '"[brackets]"'),
])
def test_titles_are_quoted_only_when_needed(value: str, written: str) -> None:
    assert yaml_text(value) == written
    assert parse_yaml(f"k: {yaml_text(value)}\n", Path("x.yaml")).data == {"k": value}


def test_fixture_course_is_untouched() -> None:
    assert "03-" not in (FIXTURE_COURSE / "course" / "course.yaml").read_text()


def test_unicode_line_separators_inside_text_do_not_shift_the_insertion() -> None:
    text = 'id: x\ntitle: "a\u2028b"\nitems:\n  - a\n  - b\nend: 1\n'
    assert splice_item(text, "items", ["- c"]) == 'id: x\ntitle: "a\u2028b"\nitems:\n  - a\n  - b\n  - c\nend: 1\n'
