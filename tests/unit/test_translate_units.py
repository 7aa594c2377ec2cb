"""Translation units: extraction, stable ids, protected parts, and applying targets to a course."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import FIXTURE_COURSE

from dcp_course.source.errors import BuildError, SourceErrors
from dcp_course.source.load import load_course
from dcp_course.translate.apply import translate_source
from dcp_course.translate.content import joined
from dcp_course.translate.units import course_units, protected_difference, protected_parts, text_hash

MODULE = "modules/01-basics/module.yaml"


def units_by_id(root: Path) -> dict[str, str]:
    return {unit.id: unit.source for unit in course_units(load_course(root))}


def test_every_kind_of_text_is_a_unit_with_a_note_and_hash() -> None:
    units = course_units(load_course(FIXTURE_COURSE))
    by_id = {unit.id: unit for unit in units}
    assert len(by_id) == len(units), "unit ids are unique"
    assert by_id["course/course.yaml#title"].source == "Fixture <Course> & Friends"
    assert by_id["course/course.yaml#keywords/1"].source == "testing"
    keypoint = by_id[f"{MODULE}#lessons/all-blocks/blocks/1/keypoints/1"]
    assert keypoint.source == "Second `point`" and keypoint.content == ("Second `point`",)
    assert keypoint.note == "module basics, lesson all-blocks, block keypoints, field keypoints"
    assert keypoint.hash == text_hash("Second `point`") and len(keypoint.hash) == 16
    paragraph = by_id[f"{MODULE}#lessons/all-blocks/blocks/0/text/0"]
    assert paragraph.source == "Some **bold** text and a [link](https://example.org)."
    assert paragraph.field_key == "lessons/all-blocks/blocks/0/text" and paragraph.markdown
    files = {unit.file for unit in units}
    assert files == {"course/course.yaml", MODULE, "modules/02-questions/module.yaml"}
    # ids, media paths and numbers are structure, never units
    assert not any(unit.key.endswith(("/id", "/src", "/captions", "/minutes")) for unit in units)
    kinds = {unit.where["field"] for unit in units}
    for field in ("alt", "caption", "transcript", "consequence", "situation", "left", "right",
                  "correct", "incorrect", "if_true", "summary", "audience"):
        assert field in kinds, field


def test_ids_survive_edits_elsewhere_in_the_file(course_copy: Path) -> None:
    before = units_by_id(course_copy)
    module_file = course_copy / MODULE
    text = module_file.read_text(encoding="utf-8")
    # new comment lines shift every line number; a changed title changes one text only
    module_file.write_text("# a note for authors\n# and another\n" + text.replace(
        "title: All the blocks", "title: Every block there is", 1), encoding="utf-8")
    after = units_by_id(course_copy)
    assert set(before) == set(after)
    changed = [unit_id for unit_id in before if before[unit_id] != after[unit_id]]
    assert changed == [f"{MODULE}#lessons/all-blocks/title"]


def test_protected_parts_are_link_targets_and_inline_code() -> None:
    parts = protected_parts("Read [the paper](https://example.org/p) and run `make course`.")
    assert sorted(parts) == ["inline code `make course`", "link target https://example.org/p"]
    same = "Lies [das Papier](https://example.org/p) und starte `make course`."
    assert protected_difference("Read [the paper](https://example.org/p) and `make course`.", same) is None
    assert protected_difference("[x](https://a.example)", "[x](https://b.example)") == (
        "missing link target https://a.example; unexpected link target https://b.example")
    assert protected_difference("run `make`", "starte make") == "missing inline code `make`"


def test_applied_targets_replace_texts_and_keep_every_id() -> None:
    source = load_course(FIXTURE_COURSE)
    units = course_units(source)
    targets = {unit.id: ("DE ", *unit.content) if unit.content[:1] != ("",) else unit.content for unit in units}
    translated = translate_source(source, "de", {key: joined(content) for key, content in targets.items()})
    assert translated.missing == ()
    assert translated.source.course.language == "de"
    assert translated.source.course.title == "DE Fixture <Course> & Friends"
    assert translated.source.modules[0].module.summary == "DE Every block type once, with *Markdown*."
    again = course_units(translated.source)
    assert [unit.id for unit in again] == [unit.id for unit in units]
    assert all(unit.content == joined(targets[unit.id]) for unit in again)
    for original, german in zip(source.modules, translated.source.modules, strict=True):
        assert [o.id for o in german.module.objectives] == [o.id for o in original.module.objectives]
        assert [lesson.id for lesson in german.module.lessons] == [lesson.id for lesson in original.module.lessons]
        if original.module.quiz is not None:
            assert german.module.quiz is not None
            assert [q.id for q in german.module.quiz.questions] == [q.id for q in original.module.quiz.questions]
    assert source.course.title == "Fixture <Course> & Friends", "the source course is left as it was"


def test_missing_units_fall_back_with_a_warning_or_fail_when_strict() -> None:
    source = load_course(FIXTURE_COURSE)
    translated = translate_source(source, "de", {"course/course.yaml#title": ("Kurs",)})
    assert translated.source.course.title == "Kurs"
    assert translated.source.course.audience == "Test authors"
    total = len(course_units(source))
    assert len(translated.missing) == total - 1
    assert translated.warning() == (
        f"de: {total - 1} of the course's texts have no translation and stay in the source language "
        "(first: course/course.yaml#description/0); run `dcp-course translate status`")
    with pytest.raises(BuildError, match=r"de: \d+ text\(s\) have no translation"):
        translate_source(source, "de", {}, strict=True)


def test_languages_must_start_with_the_source_language(course_copy: Path) -> None:
    course_file = course_copy / "course" / "course.yaml"
    text = course_file.read_text(encoding="utf-8")
    course_file.write_text(text.replace("language: en\n", "language: en\nlanguages: [de, en]\n"), encoding="utf-8")
    with pytest.raises(SourceErrors) as caught:
        load_course(course_copy)
    assert [error.message for error in caught.value.errors] == [
        "value error, must start with the source language 'en' (the `language` key)"]
    course_file.write_text(text.replace("language: en\n", "language: en\nlanguages: [en, de, nl]\n"),
                           encoding="utf-8")
    assert load_course(course_copy).course.built_languages == ["en", "de", "nl"]
