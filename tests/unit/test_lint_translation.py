"""Lint per language: missing and stale translations, and the language-neutral rules on translated text."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import TESTS

from dcp_course.cli import main
from dcp_course.lint import Finding, lint_course
from dcp_course.lint.prose import alt_problem, english_language
from dcp_course.source.load import load_course
from dcp_course.translate.fill import fill_export
from dcp_course.translate.units import course_units

CLEAN = TESTS / "fixtures" / "lint" / "clean"
FLAWED = TESTS / "fixtures" / "lint" / "flawed"
X = "{urn:oasis:names:tc:xliff:document:1.2}"
MODULE = "modules/01-flawed/module.yaml"


def run(root: Path, *args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, ["--root", str(root), *args])
    return result.exit_code, result.stdout, result.stderr


# The agencies' QA checks on translated text (test_translation_qa.py has their messages)
QA_RULES = frozenset({"translation-tags", "translation-number", "translation-address", "translation-untranslated",
                      "translation-inconsistent", "translation-length", "translation-doubled"})


def translation_lines(findings: list[Finding], root: Path) -> list[str]:
    return [f.render(root) for f in findings
            if (" translation" in f.message or f.rule.startswith("translation")) and f.rule not in QA_RULES
            and not f.rule.startswith("term-")]


@pytest.fixture()
def multilingual(tmp_path: Path) -> Path:
    """The clean fixture listing German and Dutch, with nothing translated yet."""
    root = tmp_path / "course"
    shutil.copytree(CLEAN, root)
    course_file = root / "course" / "course.yaml"
    text = course_file.read_text(encoding="utf-8")
    course_file.write_text(text.replace("language: en\n", "language: en\nlanguages: [en, de, nl]\n", 1),
                           encoding="utf-8")
    return root


def translate_all(root: Path, language: str) -> None:
    """Export, give every unit a target ("» " + source: a mark that adds no word), import."""
    out = root / f"{language}.xlf"
    code, output, _ = run(root, "translate", "export", "--lang", language, "--out", str(out))
    assert code == 0, output
    out.write_bytes(fill_export(out.read_bytes(), lambda unit: f"» {unit.source}"))
    code, output, _ = run(root, "translate", "import", str(out))
    assert code == 0, output


def test_flawed_fixture_translation_findings_have_their_exact_messages() -> None:
    source = load_course(FLAWED, refuse_final=False)
    total = len(course_units(source))  # every text of the flawed fixture; 12 of them are translated
    assert translation_lines(lint_course(source), FLAWED) == [
        f"course/course.yaml:8:1: languages: de: {total - 12} of {total} texts have no translation: "
        f"course/course.yaml#title, course/course.yaml#description/0, course/course.yaml#audience and {total - 15} "
        "more (run `dcp-course translate "
        "export --lang de`, have it translated, then `dcp-course translate import` it; until then these texts "
        "stay in 'en') [warning: translation-missing]",
        f"{MODULE}:4:1: summary: de translation of {MODULE}#summary/0: was translated from a text that has "
        "changed since (run `dcp-course translate export --lang de`; the translator reviews the units marked "
        "needs-review-translation, then `dcp-course translate import` the file) [warning: translation-stale]",
        f"{MODULE}:8:5: objectives[0].text: de translation of {MODULE}#objectives/m1-assessed/text/0: sentence "
        "of 40 words: 'Beschreiben Sie die bewertete Sache so'... (plain language: keep sentences to 30 words "
        "or fewer; split this one) [warning: long-sentence]",
        f"{MODULE}:50:9: lessons[1].blocks[8].text: de translation of "
        f"{MODULE}#lessons/m1-images/blocks/8/text/0: alt text 'IMG_2041' is a file name, not a description "
        "(say what the picture shows, as you would to someone on the phone) [warning: image-alt]",
    ]


def test_quotes_and_english_words_are_left_alone_in_a_translation() -> None:
    findings = lint_course(load_course(FLAWED, refuse_final=False))
    # line 47: the German alt text "Logo" is an English generic word, not a German one to judge;
    # line 57: a quotation translated into one long sentence stays as its author wrote it
    # (that one-word alt text is far shorter than its source: translation-length says so, not an English rule)
    assert [f for f in findings if f.path.parent.name == "01-flawed" and f.line in (47, 57)
            and f.rule not in QA_RULES] == []


def test_missing_translations_are_counted_per_language(multilingual: Path) -> None:
    source = load_course(multilingual)
    lines = translation_lines(lint_course(source), multilingual)
    count = len(course_units(source))  # every text of the clean fixture
    assert [line.split(" texts have")[0] for line in lines] == [
        f"course/course.yaml:7:1: languages: de: {count} of {count}",
        f"course/course.yaml:7:1: languages: nl: {count} of {count}"]


def test_a_fully_translated_course_passes_strict_until_a_source_text_changes(multilingual: Path) -> None:
    translate_all(multilingual, "de")
    translate_all(multilingual, "nl")
    assert run(multilingual, "lint", "--strict") == (0, "ok: no findings\n", "")
    module_file = multilingual / "modules" / "01-clean" / "module.yaml"
    text = module_file.read_text(encoding="utf-8")
    module_file.write_text(text.replace("title: A clean module", "title: A cleaner module", 1), encoding="utf-8")
    code, out, _ = run(multilingual, "lint")
    stale = [line for line in out.splitlines() if "translation-stale" in line]
    assert code == 0 and [line.split(": was")[0] for line in stale] == [
        "modules/01-clean/module.yaml:3:1: title: de translation of modules/01-clean/module.yaml#title",
        "modules/01-clean/module.yaml:3:1: title: nl translation of modules/01-clean/module.yaml#title",
    ]
    code, _, err = run(multilingual, "lint", "--strict")
    assert code == 1 and err == "0 error(s), 2 warning(s); warnings fail under --strict\n"


def test_a_block_inserted_before_translated_ones_leaves_them_translated(multilingual: Path) -> None:
    translate_all(multilingual, "de")
    module_file = multilingual / "modules" / "01-clean" / "module.yaml"
    text = module_file.read_text(encoding="utf-8")
    marker = "    blocks:\n"
    module_file.write_text(text.replace(marker, marker + "      - text: A new first block.\n", 1), encoding="utf-8")
    source = load_course(multilingual)
    source = load_course(multilingual)
    lines = translation_lines(lint_course(source), multilingual)
    assert [line.split(" (run")[0] for line in lines if ": de:" in line] == [
        f"course/course.yaml:7:1: languages: de: 1 of {len(course_units(source))} texts have no translation: "
        "modules/01-clean/module.yaml#lessons/m1-links/blocks/0/text/0"]
    assert not [line for line in lines if "stale" in line]


@pytest.mark.parametrize(("language", "english"), [("en", True), ("en-GB", True), ("de", False), ("nl-BE", False)])
def test_the_english_word_list_applies_to_english_only(language: str, english: bool) -> None:
    assert english_language(language) is english
    assert (alt_problem("Logo", "media/x.svg", english=english) is not None) is english
    assert alt_problem("IMG_2041", "media/x.svg", english=english) is not None
    assert alt_problem("-", "media/x.svg", english=english) is not None


def test_a_course_written_in_german_gets_no_english_word_findings(tmp_path: Path) -> None:
    root = tmp_path / "course"
    shutil.copytree(CLEAN, root)
    course_file = root / "course" / "course.yaml"
    course_file.write_text(course_file.read_text(encoding="utf-8").replace("language: en\n", "language: de\n", 1),
                           encoding="utf-8")
    module_file = root / "modules" / "01-clean" / "module.yaml"
    text = module_file.read_text(encoding="utf-8")
    module_file.write_text(text.replace("    blocks:\n", "    blocks:\n      - image: { src: media/diagram.svg, "
                                        "alt: Logo }\n", 1), encoding="utf-8")
    assert [f.rule for f in lint_course(load_course(root))] == []
    course_file.write_text(course_file.read_text(encoding="utf-8").replace("language: de\n", "language: en\n", 1),
                           encoding="utf-8")
    assert [f.rule for f in lint_course(load_course(root))] == ["image-alt"]
