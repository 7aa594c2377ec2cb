"""Translation QA: each check with a failing and a passing case and its exact message, then the
checks in `lint` on a translated course, placed at the source string."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import TESTS

from dcp_course.cli import main
from dcp_course.lint import lint_course
from dcp_course.source.load import load_course
from dcp_course.translate.content import Close, Content, Open, Placeholder
from dcp_course.translate.fill import fill_export
from dcp_course.translation_qa.consistency import Translated, inconsistent
from dcp_course.translation_qa.numbers import address_problems, number_problems, number_values
from dcp_course.translation_qa.unit_checks import (
    doubled_problems,
    length_problems,
    tag_problems,
    untranslated_problems,
)

CLEAN = TESTS / "fixtures" / "lint" / "clean"
QA_RULES = frozenset({"translation-tags", "translation-number", "translation-address", "translation-untranslated",
                      "translation-inconsistent", "translation-length", "translation-doubled"})


def messages(problems: list) -> list[str]:  # type: ignore[type-arg]
    return [f"{problem.rule}: {problem.message}" for problem in problems]


@pytest.mark.parametrize(("written", "value"), [
    ("1,500", "1500"), ("1.500", "1500"), ("1 500", "1500"), ("1\u202f500", "1500"), ("0.95", "0.95"),
    ("0,95", "0.95"), ("1er", "1"), ("3rd", "3"), ("05", "5"), ("2ste", "2"), ("09:00", "9"), ("9 h", "9"),
    ("9 Uhr", "9"), ("9.00 uur", "9"), ("9 h 30", "9:30"), ("9h30", "9:30"), ("6 pm", "18"), ("6:30 p.m.", "18:30"),
    ("12 am", "0"), ("under-18s", "18"), ("1990s", "1990")])
def test_a_number_is_read_by_its_value_in_any_languages_style(written: str, value: str) -> None:
    assert number_values(f"bis {written} Zeichen") == {value}


def test_numbers_dates_and_article_numbers_must_be_carried_over() -> None:
    source = "Article 5 of Directive (EU) 2017/541 applies from 15 March 2017; 1,500 characters."
    assert number_problems(source, "Art. 5 der Richtlinie (EU) 2017/541 gilt ab 15. März 2017; 1.500 Zeichen.") == []
    assert number_problems(source, "L'article 5 de la directive (UE) 2017/541 s'applique depuis le 15 mars 2017 ; "
                                   "1 500 caractères.") == []
    assert messages(number_problems(source, "Art. 5 der Richtlinie (EU) 2017/514 gilt ab März 2017.")) == [
        "translation-number: numbers of the source not in the translation: 15, 541, 1500",
        "translation-number: number in the translation but not in the source: 514"]


def test_web_and_mail_addresses_must_come_back_as_written() -> None:
    source = "Write to info@example.org or see https://example.org/help."
    assert address_problems(source, "Schreiben Sie an info@example.org oder lesen Sie https://example.org/help.") == []
    assert messages(address_problems(source, "Schreiben Sie an info@beispiel.org oder https://example.org/hilfe.")) == [
        "translation-address: addresses of the source not in the translation as written: "
        "'https://example.org/help', 'info@example.org'"]


BOLD: Content = ("Read ", Open("1", "bold"), "this", Close("1"), " first", Placeholder("2", "lb"), "now.")


def test_tags_must_stay_as_the_source_has_them_though_pairs_may_move() -> None:
    moved: Content = ("Jetzt ", Placeholder("2", "lb"), "zuerst ", Open("1", "bold"), "dies", Close("1"), " lesen.")
    assert tag_problems(BOLD, moved) == []
    assert messages(tag_problems(BOLD, ("Lesen Sie ", Open("1", "bold"), "dies zuerst.", Placeholder("2", "lb")))) == [
        'translation-tags: tag <g id="1"> is missing']
    italic: Content = ("Lesen Sie ", Open("1", "italic"), "dies", Close("1"), " zuerst", Placeholder("2", "lb"), ".")
    assert messages(tag_problems(BOLD, italic)) == [
        'translation-tags: tag <g id="1"> stands for something else than in the source']


def test_text_left_in_the_source_language_is_found_when_it_has_four_words_or_more() -> None:
    assert messages(untranslated_problems(("Keep the account official.",), ("keep the  account official.",))) == [
        "translation-untranslated: the translation is the source text as it stands (4 words)"]
    assert untranslated_problems(("Keep the account official.",), ("Das Konto bleibt dienstlich.",)) == []
    assert untranslated_problems(("GAMMMA+ model",), ("GAMMMA+ model",)) == []


def test_a_translation_far_shorter_or_longer_than_its_source_is_found() -> None:
    source: Content = ("An officer answers questions from residents online.",)  # 51 characters
    assert length_problems(source, ("Eine Beamtin beantwortet online Fragen der Einwohnerinnen und Einwohner.",)) == []
    assert messages(length_problems(source, ("Antworten.",))) == [
        "translation-length: the translation is 0.2 times as long as the source (10 characters against 51; "
        "expected 0.5-2.0 times)"]
    assert length_problems(("Short text.",), ("Ein viel, viel längerer Text als die Quelle.",)) == []


@pytest.mark.parametrize(("language", "target", "found"), [
    ("de", "Die Beamtinnen, die die Schule kennen, melden es.", []),
    ("de", "Wenn Sie sie sehen, melden Sie es.", []),
    ("de", "Melden Sie es es sofort.", ["translation-doubled: word 'es' twice in a row"]),
    ("fr", "Vous vous connectez au compte.", []),
    ("fr", "Signalez le le message.", ["translation-doubled: word 'le' twice in a row"]),
    ("nl", "Hij zegt dat dat bericht strafbaar is.", []),
    ("nl", "Omdat het het respect ondermijnt.", []),
    ("nl", "Meld  het bericht.", ["translation-doubled: two or more spaces in a row"]),
])
def test_doubled_words_and_spaces_are_found_except_where_the_language_repeats_a_word(
        language: str, target: str, found: list[str]) -> None:
    assert messages(doubled_problems((target,), language)) == found


def test_the_same_source_translated_two_ways_is_reported_at_the_later_place() -> None:
    units = [Translated("a#1", ("Preserve the evidence.",), ("Sichern Sie die Beweise.",)),
             Translated("a#2", ("Preserve  the evidence.",), ("sichern Sie die Beweise.",)),
             Translated("b#1", ("Preserve the evidence.",), ("Bewahren Sie die Beweise auf.",))]
    assert {unit_id: problem.message for unit_id, problem in inconsistent(units).items()} == {
        "b#1": "the same source as a#1 is translated otherwise: 'Sichern Sie die Beweise.' there, "
               "'Bewahren Sie die Beweise auf.' here"}


@pytest.fixture()
def german(tmp_path: Path) -> Path:
    root = tmp_path / "course"
    shutil.copytree(CLEAN, root)
    course_file = root / "course" / "course.yaml"
    text = course_file.read_text(encoding="utf-8")
    course_file.write_text(text.replace("language: en\n", "language: en\nlanguages: [en, de]\n", 1), encoding="utf-8")
    return root


def run(root: Path, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["--root", str(root), *args])
    return result.exit_code, result.stdout + result.stderr


def translate(root: Path, change: dict[str, str]) -> None:
    """Every unit translated ("» " + source, which keeps its words), those whose source is in change otherwise."""
    out = root / "de.xlf"
    assert run(root, "translate", "export", "--lang", "de", "--out", str(out))[0] == 0
    out.write_bytes(fill_export(out.read_bytes(), lambda unit: change.get(unit.source, f"» {unit.source}")))
    code, output = run(root, "translate", "import", str(out))
    assert code == 0, output


def test_lint_places_each_qa_problem_at_the_source_string_and_strict_fails(german: Path) -> None:
    translate(german, {})
    assert run(german, "lint", "--strict") == (0, "ok: no findings\n")
    translate(german, {"A clean module": "Ein sauberes  Modul",
                       "Explain what community officers do online.": "Explain what community officers do online."})
    code, output = run(german, "lint", "--strict")
    lines = [line for line in output.splitlines() if "[warning: translation-" in line]
    module = "modules/01-clean/module.yaml"
    assert code == 1 and lines == [
        f"{module}:3:1: title: de translation of {module}#title: two or more spaces in a row "
        "(write one space between words) [warning: translation-doubled]",
        f"{module}:8:5: objectives[0].text: de translation of {module}#objectives/m1-explain/text/0: the "
        "translation is the source text as it stands (6 words) (translate it; a title or name kept on purpose "
        "belongs in a field that keeps it (a source's title), not in running text) [warning: translation-untranslated]",
    ], output


def test_the_flawed_fixture_has_one_failing_case_of_each_qa_rule_with_its_exact_message() -> None:
    flawed = TESTS / "fixtures" / "lint" / "flawed"
    module = "modules/01-flawed/module.yaml"
    found = [f.render(flawed) for f in lint_course(load_course(flawed, refuse_final=False)) if f.rule in QA_RULES]
    fix_tags = "(give each tag of the source once, as it is, around the translated words)"
    fix_length = "(check for a missing or repeated part, or text pasted into the wrong unit)"
    assert found == [
        f"{module}:10:5: objectives[1].text: de translation of {module}#objectives/m1-unassessed/text/0: the "
        "translation is the source text as it stands (9 words) (translate it; a title or name kept on purpose "
        "belongs in a field that keeps it (a source's title), not in running text) [warning: translation-untranslated]",
        f"{module}:12:5: objectives[2].text: de translation of {module}#objectives/m1-checked-only/text/0: word 'an' "
        "twice in a row (delete the second one, unless the language needs both) [warning: translation-doubled]",
        f"{module}:19:9: lessons[0].blocks[1].text: de translation of {module}#lessons/m1-links/blocks/1/text/0: "
        "address of the source not in the translation as written: 'http://example.org/autolink' (copy web and "
        "e-mail addresses character for character) [warning: translation-address]",
        f"{module}:19:9: lessons[0].blocks[1].text: de translation of {module}#lessons/m1-links/blocks/1/text/0: "
        f'tag <ph id="1"> stands for something else than in the source {fix_tags} [warning: translation-tags]',
        f"{module}:28:9: lessons[0].blocks[10].text: de translation of {module}#lessons/m1-links/blocks/10/text/0: "
        f'tag <g id="1"> is missing {fix_tags} [warning: translation-tags]',
        f"{module}:43:42: lessons[1].blocks[1].image.alt: de translation of {module}#lessons/m1-images/blocks/1/image/"
        "alt: number in the translation but not in the source: 3 (write only the numbers the source has; spell out "
        "nothing the source gives in digits) [warning: translation-number]",
        f"{module}:43:42: lessons[1].blocks[1].image.alt: de translation of {module}#lessons/m1-images/blocks/1/image/"
        "alt: number of the source not in the translation: 2 (carry every number, date, year and article number over "
        "(a date may take the language's form: the day and year stay digits)) [warning: translation-number]",
        f"{module}:47:42: lessons[1].blocks[5].image.alt: de translation of {module}#lessons/m1-images/blocks/5/image/"
        f"alt: the translation is 0.1 times as long as the source (4 characters against 54; expected 0.5-2.0 times) "
        f"{fix_length} [warning: translation-length]",
        f"{module}:50:9: lessons[1].blocks[8].text: de translation of {module}#lessons/m1-images/blocks/8/text/0: the "
        f"translation is 0.4 times as long as the source (21 characters against 57; expected 0.5-2.0 times) "
        f"{fix_length} [warning: translation-length]",
        f"{module}:111:13: quiz.questions[1].choices[0].text: de translation of {module}#quiz/questions/m1-q-good/"
        f"choices/0/text/0: the same source as {module}#lessons/m1-links/blocks/14/check/choices/0/text/0 is "
        "translated otherwise: 'Diese' there, 'Dieser hier' here (translate the same text the same way, or reword "
        "one source if the two places need different words) [warning: translation-inconsistent]",
    ]
