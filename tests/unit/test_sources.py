"""Loading sources: every problem comes back located (file, line, column, field) with a hint."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from dcp_course.source.errors import SourceError, SourceErrors
from dcp_course.source.load import load_course
from dcp_course.source.yamlsource import parse_yaml

COURSE_YAML = """\
id: tiny
title: Tiny course
version: 1.0.0
language: en
description: A tiny course.
audience: Testers
minutes: 10
organisation: {name: Test}
modules:
  - 01-first
"""

MODULE_YAML = """\
id: first
title: First
summary: The first module.
minutes: 5
objectives:
  - id: obj-a
    text: Do a thing.
lessons:
  - id: lesson-a
    title: Lesson A
    blocks:
      - text: Hello.
quiz:
  questions:
    - id: q-a
      assesses: [obj-a]
      single: Which?
      choices:
        - {text: This, correct: true}
        - {text: That}
"""


def write_course(root: Path, module: str = MODULE_YAML, course: str = COURSE_YAML,
                 extra: dict[str, str] | None = None) -> Path:
    (root / "course").mkdir(parents=True, exist_ok=True)
    (root / "course" / "course.yaml").write_text(textwrap.dedent(course))
    folder = root / "modules" / "01-first"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "module.yaml").write_text(textwrap.dedent(module))
    for name, text in (extra or {}).items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text)
    return root


def problems(root: Path) -> list[SourceError]:
    with pytest.raises(SourceErrors) as caught:
        load_course(root)
    return caught.value.errors


def only(root: Path) -> SourceError:
    found = problems(root)
    assert len(found) == 1, [e.render() for e in found]
    return found[0]


def test_valid_course_loads(tmp_path: Path) -> None:
    source = load_course(write_course(tmp_path))
    assert [m.module.id for m in source.modules] == ["first"]


def test_typo_in_key_names_file_line_field_and_suggests(tmp_path: Path) -> None:
    error = only(write_course(tmp_path, MODULE_YAML.replace("    title: Lesson A", "    titel: Lesson A")))
    assert error.path.name == "module.yaml"
    rendered = error.render(tmp_path)
    assert rendered.startswith("modules/01-first/module.yaml:10:5: lessons[0].titel: unknown key")
    assert "did you mean 'title'?" in rendered


def test_missing_required_key_points_at_its_mapping(tmp_path: Path) -> None:
    errors = problems(write_course(tmp_path, MODULE_YAML.replace("    title: Lesson A\n", "")))
    assert [(e.line, e.field, e.message) for e in errors] == [(9, "lessons[0].title", "required key is missing")]


def test_wrong_type_is_located(tmp_path: Path) -> None:
    error = only(write_course(tmp_path, MODULE_YAML.replace("minutes: 5", "minutes: five")))
    assert (error.line, error.column, error.field) == (4, 1, "minutes")
    assert "valid integer" in error.message


def test_unknown_block_kind_suggests_the_closest(tmp_path: Path) -> None:
    error = only(write_course(tmp_path, MODULE_YAML.replace("      - text: Hello.", "      - txet: Hello.")))
    assert error.line == 12
    assert "a block needs exactly one of the keys" in error.message
    assert error.hint == "did you mean 'text'?"


def test_error_inside_a_question_skips_the_kind_tag_in_the_field_path(tmp_path: Path) -> None:
    error = only(write_course(tmp_path, MODULE_YAML.replace("{text: That}", "{text: That, colour: red}")))
    assert error.field == "quiz.questions[0].choices[1].colour"
    assert error.line == 20
    assert error.hint == "allowed keys: text, correct, feedback"


def test_bad_yaml_syntax_gives_line_and_column(tmp_path: Path) -> None:
    error = only(write_course(tmp_path, MODULE_YAML.replace("title: First", "title: [First")))
    assert error.path.name == "module.yaml"
    assert error.line >= 2
    assert error.message.startswith("YAML syntax:")


def test_duplicate_keys_are_errors(tmp_path: Path) -> None:
    error = only(write_course(tmp_path, MODULE_YAML.replace("minutes: 5", "minutes: 5\ntitle: Again")))
    assert error.line == 5
    assert "duplicate key" in error.message


def test_yaml_tags_are_refused(tmp_path: Path) -> None:
    error = only(write_course(tmp_path, MODULE_YAML.replace("title: First",
                                                            "title: !!python/object:os.system ls")))
    assert error.line == 2
    assert "tag" in error.message and "not allowed" in error.message


def test_alias_bomb_is_refused(tmp_path: Path) -> None:
    bomb = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, "
        f"*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}]\n"
        for i in range(9))
    error = only(write_course(tmp_path, bomb))
    assert "expands to more than" in error.message or "aliases" in error.message


def test_missing_media_file(tmp_path: Path) -> None:
    module = MODULE_YAML.replace("      - text: Hello.", "      - image: {src: media/nothing.svg, alt: Nothing}")
    error = only(write_course(tmp_path, module))
    assert (error.line, error.field) == (12, "lessons[0].blocks[0].image.src")
    assert "not found inside the module folder" in error.message


def test_media_path_may_not_leave_the_module_folder(tmp_path: Path) -> None:
    module = MODULE_YAML.replace("      - text: Hello.", "      - image: {src: ../../course/course.yaml, alt: Escape}")
    error = only(write_course(tmp_path, module))
    assert "not found inside the module folder" in error.message


def test_existing_media_is_read(tmp_path: Path) -> None:
    module = MODULE_YAML.replace("      - text: Hello.", "      - image: {src: media/box.svg, alt: A box}")
    source = load_course(write_course(tmp_path, module, extra={"modules/01-first/media/box.svg": "<svg/>"}))
    assert source.modules[0].media == {"media/box.svg": b"<svg/>"}


def test_duplicate_ids_name_the_first_use(tmp_path: Path) -> None:
    module = MODULE_YAML.replace("      - text: Hello.\n", "      - text: Hello.\n  - id: lesson-a\n"
                                 "    title: Again\n    blocks: [{text: x}]\n")
    error = only(write_course(tmp_path, module))
    assert error.message == "duplicate lesson id 'lesson-a'"
    assert error.line == 13
    assert error.hint == "first used at 01-first/module.yaml:9"


def test_listed_module_missing_and_unlisted_module_present(tmp_path: Path) -> None:
    course = COURSE_YAML + "  - 02-second\n"
    write_course(tmp_path, course=course, extra={"modules/03-third/module.yaml": MODULE_YAML})
    messages = sorted(e.message for e in problems(tmp_path))
    assert messages == ["module '02-second' not found", "module '03-third' is on disk but not listed"]


def test_excluded_module_on_disk_is_allowed(tmp_path: Path) -> None:
    course = COURSE_YAML + "exclude: [03-draft]\n"
    write_course(tmp_path, course=course, extra={"modules/03-draft/module.yaml": "not: valid"})
    assert load_course(tmp_path).course.exclude == ["03-draft"]


def test_unknown_objective_in_question(tmp_path: Path) -> None:
    error = only(write_course(tmp_path, MODULE_YAML.replace("assesses: [obj-a]", "assesses: [obj-b]")))
    assert (error.line, error.field) == (16, "quiz.questions[0].assesses[0]")
    assert error.message == "objective 'obj-b' is not defined in this module"


def test_all_problems_are_reported_at_once(tmp_path: Path) -> None:
    module = MODULE_YAML.replace("minutes: 5", "minutes: x").replace("    title: Lesson A", "    titel: A")
    assert len(problems(write_course(tmp_path, module))) == 2


def test_missing_course_file(tmp_path: Path) -> None:
    error = only(tmp_path)
    assert error.path == tmp_path / "course" / "course.yaml"
    assert error.message.startswith("cannot read file")


def test_non_text_mapping_key_is_located(tmp_path: Path) -> None:
    error = only(write_course(tmp_path, MODULE_YAML.replace("      - text: Hello.", "      - {3: Hello.}")))
    assert (error.line, error.message, error.hint) == (12, "mapping key 3 must be text", "quote the key")


def test_unterminated_quote_in_a_truncated_file_names_the_line_where_it_opens(tmp_path: Path) -> None:
    truncated = MODULE_YAML.split("    - id: q-a")[0] + '    - id: q-a\n      single: "Which one\n'
    error = only(write_course(tmp_path, truncated))
    assert error.render(tmp_path) == (
        "modules/01-first/module.yaml:16:15: YAML syntax: the quoted text opened here with '\"' is never"
        " closed; the parser gave up at the end of the file (line 17, column 1)"
        " (add the closing '\"' where the text should end)")


def test_unterminated_single_quote_swallowing_later_lines_names_its_opening(tmp_path: Path) -> None:
    error = only(write_course(tmp_path, MODULE_YAML.replace("summary: The first module.",
                                                            "summary: 'The first module.")))
    assert (error.line, error.column) == (3, 10)
    assert error.message == ("YAML syntax: the quoted text opened here with \"'\" is never closed; the parser"
                             " gave up at the end of the file (line 21, column 1)")
    assert error.hint == "add the closing \"'\" where the text should end"


@pytest.mark.parametrize(("text", "where", "message", "hint"), [
    ("id: x\nmodules: [01-basics\n", (3, 1),
     "YAML syntax: the list opened with '[' at line 2, column 10 is never closed; the parser gave up at"
     " the end of the file (line 3, column 1)", "add the closing ']'"),
    ("a: {x: 1\n# trailing comment\n", (3, 1),
     "YAML syntax: the mapping opened with '{' at line 1, column 4 is never closed; the parser gave up at"
     " the end of the file (line 3, column 1)", "add the closing '}'"),
    ("a: [1, 2\nb: 3\n", (2, 2),
     "YAML syntax: expected ',' or ']' in the list opened with '[' at line 1, column 4",
     "separate its items with ',' and close it with ']'"),
    ('a: "x\\qy"\n', (1, 6), "YAML syntax: found unknown escape character",
     "check indentation, colons and quotes near this line"),
])
def test_unclosed_brackets_name_their_opening_and_other_quote_errors_stay_put(
        text: str, where: tuple[int, int], message: str, hint: str) -> None:
    with pytest.raises(SourceError) as caught:
        parse_yaml(text, Path("x.yaml"))
    assert ((caught.value.line, caught.value.column), caught.value.message, caught.value.hint) == (
        where, message, hint)
