"""Language tags by BCP 47: regional and differently written tags match the course's languages."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from lxml import etree

from dcp_course.cli import main
from dcp_course.source.errors import SourceErrors
from dcp_course.source.load import load_course
from dcp_course.translate.tags import LanguageTagError, matching_language

X = "{urn:oasis:names:tc:xliff:document:1.2}"


@pytest.mark.parametrize(("tag", "listed", "expected"), [
    ("de", ["de", "nl"], "de"),
    ("de-DE", ["de", "nl"], "de"),
    ("de-de", ["de", "nl"], "de"),
    ("de_DE", ["de", "nl"], "de"),
    ("de-AT", ["de-AT", "de-CH"], "de-AT"),
    ("de-CH", ["de", "de-CH"], "de-CH"),
    ("de-DE", ["de", "de-CH"], "de"),
    ("de-DE", ["de-AT", "de-CH"], None),
    ("de", ["de-AT"], "de-AT"),
    ("sr-Latn-RS", ["sr-Latn", "sr-Cyrl"], "sr-Latn"),
    ("fr-FR", ["de", "nl"], None),
])
def test_a_tag_matches_the_listed_language_it_refines(tag: str, listed: list[str], expected: str | None) -> None:
    assert matching_language(tag, listed) == expected


def test_an_ambiguous_or_invalid_tag_is_refused_naming_it() -> None:
    with pytest.raises(LanguageTagError, match=r"^'de' could mean any of de-AT, de-CH; name one of them exactly$"):
        matching_language("de", ["de-AT", "de-CH"])
    with pytest.raises(LanguageTagError, match=r"^'zz-ZZ' is not a valid BCP 47 language tag$"):
        matching_language("zz-ZZ", ["de"])


def run(root: Path, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["--root", str(root), *args])
    return result.exit_code, result.output


def test_a_file_tagged_de_DE_and_en_US_imports_into_de(bilingual: Path, tmp_path: Path) -> None:
    out = tmp_path / "de.xlf"
    assert run(bilingual, "translate", "export", "--lang", "de-de", "--out", str(out))[0] == 0
    tree = etree.parse(str(out))
    for file_element in tree.getroot().iter(X + "file"):
        file_element.set("source-language", "en-US")
        file_element.set("target-language", "de-DE")
    unit = next(tree.getroot().iter(X + "trans-unit"))
    target = etree.SubElement(unit, X + "target", state="translated")
    target.text = "Ein Titel"
    unit.find(X + "source").addnext(target)
    tree.write(str(out), xml_declaration=True, encoding="UTF-8")
    code, output = run(bilingual, "translate", "import", str(out))
    assert code == 0 and output.startswith("imported 1 de text(s) into course/translations/de.xlf"), output
    for file_element in tree.getroot().iter(X + "file"):
        file_element.set("source-language", "fr")
    tree.write(str(out), xml_declaration=True, encoding="UTF-8")
    assert run(bilingual, "translate", "import", str(out)) == (
        1, "error: de.xlf: source language 'fr' is not the course's 'en'\n")


def test_regional_variants_in_the_course_refuse_a_tag_that_names_neither(course_copy: Path, tmp_path: Path) -> None:
    course_file = course_copy / "course" / "course.yaml"
    course_file.write_text(course_file.read_text(encoding="utf-8").replace(
        "language: en\n", "language: en\nlanguages: [en, de-AT, de-CH]\n"), encoding="utf-8")
    assert run(course_copy, "translate", "export", "--lang", "de-DE", "--out", str(tmp_path / "x.xlf")) == (
        1, "error: export: target language 'de-DE' is not one the course is translated into "
           "(languages in course/course.yaml after 'en': de-AT, de-CH)\n")
    assert run(course_copy, "translate", "export", "--lang", "de", "--out", str(tmp_path / "x.xlf")) == (
        1, "error: export: target language 'de' could mean any of de-AT, de-CH; name one of them exactly "
           "(languages in course/course.yaml after 'en': de-AT, de-CH)\n")
    code, output = run(course_copy, "build", "--lang", "de-at", "--format", "web", "--out", str(tmp_path / "d"))
    assert code == 0, output
    assert (tmp_path / "d" / "web" / "de-AT" / "index.html").is_file()


def test_course_languages_are_valid_tags_written_in_their_standard_form(course_copy: Path) -> None:
    course_file = course_copy / "course" / "course.yaml"
    text = course_file.read_text(encoding="utf-8")
    course_file.write_text(text.replace("language: en\n", "language: en\nlanguages: [en, de-de, zz]\n"),
                           encoding="utf-8")
    with pytest.raises(SourceErrors) as caught:
        load_course(course_copy)
    assert [error.message for error in caught.value.errors] == [
        "value error, write 'de-de' as 'de-DE' (BCP 47 form)"]
    course_file.write_text(text.replace("language: en\n", "language: en\nlanguages: [en, zz]\n"), encoding="utf-8")
    with pytest.raises(SourceErrors) as caught:
        load_course(course_copy)
    assert [error.message for error in caught.value.errors] == [
        "value error, 'zz' is not a valid BCP 47 language tag (e.g. de, de-AT, pt-BR)"]
