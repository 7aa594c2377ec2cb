"""A cited work's language: its title is marked with it and named for readers of another language."""

from __future__ import annotations

from pathlib import Path

import pytest
from lxml import html as lxml_html

from dcp_course.build import produce
from dcp_course.source.errors import SourceErrors
from dcp_course.source.load import load_course
from dcp_course.translate.context import developer_note
from dcp_course.translate.units import course_units

MODULE = Path("modules") / "01-basics" / "module.yaml"
SOURCE_LINE = '  - { title: Fixture source, publisher: Nobody, year: 2024, url: "https://example.org/source" }'


def with_source_language(root: Path, language: str, course_language: str = "en") -> Path:
    module = root / MODULE
    text = module.read_text(encoding="utf-8")
    assert SOURCE_LINE in text
    module.write_text(text.replace(SOURCE_LINE, SOURCE_LINE[:-2] + f", language: {language} }}"), encoding="utf-8")
    config = root / "course" / "course.yaml"
    config.write_text(config.read_text(encoding="utf-8").replace("language: en", f"language: {course_language}", 1),
                      encoding="utf-8")
    return root


def cited(root: Path) -> str:
    (web,) = produce(load_course(root), ["web"]).values()
    assert isinstance(web, dict)
    page = lxml_html.fromstring(web["01-basics/index.html"])
    (item,) = page.xpath("//ul[@class='sources']/li")
    return lxml_html.tostring(item, encoding="unicode")


def test_a_work_in_another_language_is_marked_and_named(course_copy: Path) -> None:
    item = cited(with_source_language(course_copy, "fi"))
    assert '<cite><a href="https://example.org/source"' in item
    assert '<span lang="fi">Fixture source</span><span class="visually-hidden"> (opens in a new tab)</span>' in item
    assert "</cite> (in Finnish). Nobody, 2024." in item


def test_a_work_in_the_pages_language_is_left_as_it_is(course_copy: Path) -> None:
    item = cited(with_source_language(course_copy, "en-GB"))
    assert "lang=" not in item and "(in " not in item


def test_the_name_follows_the_pages_language(course_copy: Path) -> None:
    item = cited(with_source_language(course_copy, "en", course_language="de"))
    assert '<span lang="en">Fixture source</span>' in item and "</cite> (auf Englisch)." in item


def test_a_language_without_a_name_is_refused_at_its_line(course_copy: Path) -> None:
    with pytest.raises(SourceErrors) as raised:
        load_course(with_source_language(course_copy, "xx"))
    (error,) = raised.value.errors
    assert str(error).startswith(f"{course_copy / MODULE}:")
    assert "sources[0].language: no name for the language 'xx' in the interface catalogues" in str(error)
    assert "add work_language_xx to every templates/messages/*.json" in str(error)


def test_translators_are_told_to_keep_such_a_title(course_copy: Path) -> None:
    units = {unit.key: unit for unit in course_units(load_course(with_source_language(course_copy, "fi")))
             if unit.file == MODULE.as_posix()}
    assert "published in 'fi' only: keep its title as written" in developer_note(units["sources/0/title"])
    assert "keep its title" not in developer_note(units["sources/0/publisher"])
