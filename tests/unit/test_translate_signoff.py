"""States and sign-off: what a learner is told about an unreviewed translation, what a build warns
about (stale and missing texts, once per language) and what --strict refuses."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner
from conftest import first_words_marked
from lxml import etree
from lxml import html as lxml_html

from dcp_course.cli import main
from dcp_course.source.load import load_course
from dcp_course.source.messages import shipped_messages
from dcp_course.translate.fill import fill_export
from dcp_course.translate.translations import translation_units

NS = {"x": "urn:oasis:names:tc:xliff:document:1.2"}
MODULE = "modules/01-basics/module.yaml"


def run(root: Path, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["--root", str(root), *args])
    return result.exit_code, result.output


def translate_everything(root: Path, tmp_path: Path, state: str = "translated") -> None:
    """Every course text marked as translated, the interface words kept as shipped; all in state."""
    out = tmp_path / "de.xlf"
    assert run(root, "translate", "export", "--lang", "de", "--out", str(out))[0] == 0
    out.write_bytes(fill_export(out.read_bytes(), lambda unit: unit.target if unit.id.startswith("interface#")
                                else first_words_marked(unit.source), state))
    code, output = run(root, "translate", "import", str(out))
    assert code == 0, output


def notices(root: Path, out: Path) -> dict[str, list[str]]:
    """The not-yet-reviewed notice of each German page."""
    code, output = run(root, "build", "--out", str(out), "--format", "web", "--lang", "de")
    assert code == 0, output
    found = {}
    for page in sorted((out / "web" / "de").rglob("*.html")):
        document = lxml_html.fromstring(page.read_bytes())
        found[page.relative_to(out).as_posix()] = [
            " ".join(p.text_content().split()) for p in document.xpath("//*[@class='translation-notice']")]
    return found


def test_an_unreviewed_translation_says_so_once_on_every_page_in_its_language(bilingual: Path, tmp_path: Path) -> None:
    translate_everything(bilingual, tmp_path)
    sentence = shipped_messages("de")("translation_not_reviewed")
    assert sentence == "Diese Übersetzung wurde von Ihrer Akademie noch nicht geprüft."
    pages = notices(bilingual, tmp_path / "dist")
    assert len(pages) > 5 and all(found == [sentence] for found in pages.values())
    document = lxml_html.fromstring((tmp_path / "dist" / "web" / "de" / "index.html").read_bytes())
    assert document.xpath("//main/*[1]/@class") == ["translation-notice"]  # first thing in the main content
    assert run(bilingual, "build", "--out", str(tmp_path / "en"), "--format", "web", "--lang", "en")[0] == 0
    english = lxml_html.fromstring((tmp_path / "en" / "web" / "en" / "index.html").read_bytes())
    assert english.xpath("//*[@class='translation-notice']") == []


def test_signed_off_units_or_a_signed_off_language_carry_no_notice(bilingual: Path, tmp_path: Path) -> None:
    translate_everything(bilingual, tmp_path, state="signed-off")
    total = len(translation_units(load_course(bilingual)))
    assert run(bilingual, "translate", "status") == (
        0, f"de: {total} translated, {total} reviewed, 0 missing, 0 stale\n")
    assert all(found == [] for found in notices(bilingual, tmp_path / "signed").values())
    translate_everything(bilingual, tmp_path, state="translated")
    assert all(found != [] for found in notices(bilingual, tmp_path / "unreviewed").values())
    course_file = bilingual / "course" / "course.yaml"
    course_file.write_text(course_file.read_text(encoding="utf-8").replace(
        "languages: [en, de]\n", "languages: [en, de]\nreviewed_languages: [de]\n"), encoding="utf-8")
    assert all(found == [] for found in notices(bilingual, tmp_path / "academy").values())


def test_a_build_warns_once_per_language_about_stale_texts_and_strict_refuses_them(
        bilingual: Path, tmp_path: Path) -> None:
    translate_everything(bilingual, tmp_path)
    module_file = bilingual / MODULE
    module_file.write_text(module_file.read_text(encoding="utf-8").replace(
        "title: All the blocks & more", "title: Every block there is").replace(
        "text: A short second lesson.", "text: A short second lesson, changed."), encoding="utf-8")
    code, output = run(bilingual, "build", "--out", str(tmp_path / "dist"), "--format", "web", "--lang", "de")
    warnings = [line for line in output.splitlines() if line.startswith("warning:")]
    assert code == 0 and warnings == [
        f"warning: de: 2 stale text(s) (the English changed after they were translated; the earlier translation "
        f"is shown), first {MODULE}#lessons/all-blocks/title; `dcp-course translate status` lists the stale ones, "
        "`dcp-course translate export --lang de` gives the translator all of them"]
    code, output = run(bilingual, "build", "--out", str(tmp_path / "strict"), "--format", "web", "--lang", "de",
                       "--strict")
    assert code == 1 and output.startswith("error: de: 2 stale text(s)") and "--strict" in output
    assert not (tmp_path / "strict").exists()


def test_repeated_text_is_pre_filled_from_where_it_is_translated_and_marked_for_review(
        bilingual: Path, tmp_path: Path) -> None:
    module_file = bilingual / MODULE
    module_file.write_text(module_file.read_text(encoding="utf-8").replace(
        "text: A short second lesson.", "text: Tips help."), encoding="utf-8")
    out = tmp_path / "de.xlf"
    run(bilingual, "translate", "export", "--lang", "de", "--out", str(out))
    out.write_bytes(fill_export(out.read_bytes(), lambda unit: "Tipps helfen." if unit.text == "Tips help."
                                and "blocks/2/" in unit.id else None))
    assert run(bilingual, "translate", "import", str(out))[0] == 0
    run(bilingual, "translate", "export", "--lang", "de", "--out", str(out))
    tree = etree.parse(str(out))
    repeated = tree.getroot().find(".//x:trans-unit[@id='lessons/second-lesson/blocks/0/text/0']", NS)
    target = repeated.find("x:target", NS)
    assert (target.text, target.get("state"), target.get("state-qualifier")) == (
        "Tipps helfen.", "needs-review-translation", "leveraged-inherited")
    stored = bilingual / "course" / "translations" / "de.xlf"
    code, output = run(bilingual, "translate", "import", str(out))  # returned as exported: not yet reviewed
    assert code == 0 and "still marked for review were left as they were" in output
    assert "lessons/second-lesson/blocks/0/text/0" not in stored.read_text(encoding="utf-8")
    out.write_bytes(fill_export(out.read_bytes(), lambda unit: unit.target if unit.id.endswith(
        "lessons/second-lesson/blocks/0/text/0") else None))  # the reviewer confirms it
    assert run(bilingual, "translate", "import", str(out))[0] == 0
    assert "lessons/second-lesson/blocks/0/text/0" in stored.read_text(encoding="utf-8")


def test_only_a_listed_translation_can_be_signed_off(bilingual: Path) -> None:
    course_file = bilingual / "course" / "course.yaml"
    course_file.write_text(course_file.read_text(encoding="utf-8").replace(
        "languages: [en, de]\n", "languages: [en, de]\nreviewed_languages: [nl]\n"), encoding="utf-8")
    code, output = run(bilingual, "validate")
    assert code == 1 and ("course/course.yaml:6:1: reviewed_languages: value error, 'nl' is not one of the languages the course is "
                          "translated into (de; see `languages`)") in output
