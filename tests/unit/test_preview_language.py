"""The preview's language switch: where it appears, what it offers, what switching rebuilds."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner
from lxml import html as lxml_html

from dcp_course.cli import main
from dcp_course.commands.preview import ReportPrinter
from dcp_course.preview.incremental import IncrementalBuilder, RebuildReport
from dcp_course.preview.server import PreviewApp, Response, local_path
from dcp_course.source.messages import PSEUDO_CLOSE, PSEUDO_OPEN
from dcp_course.translate.fill import fill_export

LESSON = "/01-basics/second-lesson.html"
ALL_BLOCKS = "/01-basics/all-blocks.html"


def list_languages(root: Path, languages: str) -> Path:
    course_file = root / "course" / "course.yaml"
    text = course_file.read_text(encoding="utf-8")
    course_file.write_text(text.replace("language: en\n", f"language: en\nlanguages: {languages}\n"),
                           encoding="utf-8")
    return root


def preview_app(root: Path, language: str | None = None) -> tuple[PreviewApp, list[RebuildReport]]:
    builder = IncrementalBuilder(root, ["web"], language=language)
    assert builder.rebuild().ok
    reports: list[RebuildReport] = []
    return PreviewApp(builder, on_rebuild=reports.append), reports


def switch_form(response: Response) -> lxml_html.HtmlElement:
    document = lxml_html.fromstring(response.body)
    forms = document.xpath("//form[@data-preview-language]")
    assert len(forms) == 1, response.body[:300]
    return forms[0]


def offered(form: lxml_html.HtmlElement) -> list[tuple[str, str, bool]]:
    return [(o.get("value"), o.text_content(), o.get("selected") is not None) for o in form.xpath(".//option")]


def h1(response: Response) -> str:
    return str(lxml_html.fromstring(response.body).xpath("string(//h1)")).strip()


def test_every_page_a_person_reads_offers_the_listed_languages_and_qps(course_copy: Path) -> None:
    app, _ = preview_app(list_languages(course_copy, "[en, de, nl]"))
    for path, back in ((LESSON, LESSON), ("/review/", "/review/index.html"), ("/lms/", "/lms/"),
                       ("/no-such-page.html", "/")):
        form = switch_form(app.handle(path))
        assert offered(form) == [("en", "English (en)", True), ("de", "Deutsch (de)", False),
                                 ("nl", "Nederlands (nl)", False), ("qps", "Pseudo-locale (qps)", False)], path
        assert form.get("action") == "/_preview/language" and form.get("method") == "get"
        select = form.xpath(".//select")[0]
        label = form.xpath(f".//label[@for='{select.get('id')}']")
        assert [element.text_content() for element in label] == ["Language"]
        assert form.xpath(".//input[@name='back']/@value") == [back], path
        assert form.xpath(".//button[@type='submit']/text()") == ["Show in this language"]
        assert [o.get("lang") for o in form.xpath(".//option")] == ["en", "de", "nl", None]
    lesson = lxml_html.fromstring(app.handle(LESSON).body)
    assert lesson.xpath("//body/aside[@class='dcp-preview-chrome']/@aria-label") == ["dcp-course preview"]


def test_the_switch_never_reaches_the_simulators_content_or_a_built_file(course_copy: Path) -> None:
    app, _ = preview_app(course_copy)
    app.builder.activate("scorm12")
    assert b"data-preview-language" not in app.handle("/scorm12/01-basics/second-lesson.html").body
    assert b"data-preview-language" not in app.handle("/scorm12/sco-basics.html").body
    for files in app.builder.snapshot.files.values():
        assert not any(b"data-preview-language" in content for content in files.values())


def test_switching_rebuilds_in_that_language_and_returns_to_the_page(course_copy: Path) -> None:
    app, reports = preview_app(course_copy)
    english = app.handle(LESSON).body
    assert h1(app.handle(LESSON)) == "Second lesson"
    switched = app.handle(f"/_preview/language?lang=qps&back={LESSON}")
    assert (switched.status, switched.headers["Location"]) == (303, LESSON)
    assert [(r.switched_to, r.version, r.full, r.rendered == r.pages) for r in reports] == [("qps", 2, True, True)]
    page = app.handle(LESSON)
    title = h1(page)
    assert title.startswith(PSEUDO_OPEN) and title.endswith(PSEUDO_CLOSE) and "Šééçööñđ" in title
    assert lxml_html.fromstring(page.body).get("lang") == "en-XA"
    form = switch_form(page)
    assert [value for value, _, selected in offered(form) if selected] == ["qps"]
    assert form.xpath(".//label/text()")[0].startswith(PSEUDO_OPEN)  # the chrome speaks the language shown
    assert app.handle("/_preview/version").body == b'{"ok": true, "version": 2}'

    back = app.handle(f"/_preview/language?lang=en&back={LESSON}")
    assert back.status == 303
    assert reports[-1].switched_to == "en" and reports[-1].rendered == 0  # its pages were kept
    assert app.handle(LESSON).body == english.replace(b'data-version="1"', b'data-version="3"')


def test_choosing_the_language_already_shown_changes_nothing(course_copy: Path) -> None:
    app, reports = preview_app(course_copy)
    assert app.handle("/_preview/language?lang=en&back=/").status == 303
    assert reports == [] and app.builder.snapshot.version == 1


def test_a_language_the_course_does_not_list_is_refused_and_the_preview_stays(course_copy: Path) -> None:
    app, reports = preview_app(list_languages(course_copy, "[en, de]"))
    refused = app.handle(f"/_preview/language?lang=fr&back={LESSON}")
    assert refused.status == 400
    text = lxml_html.fromstring(refused.body).text_content()
    assert "The course is not built in fr; choose one of: en, de, qps." in text
    assert reports == [] and app.builder.current_language == "en" and app.builder.snapshot.version == 1
    assert switch_form(refused).xpath(".//input[@name='back']/@value") == [LESSON]
    assert app.handle("/_preview/language?back=/").status == 400


@pytest.mark.parametrize("back", ["//evil.example/", "http://evil.example/", "\\\\evil", "evil.html",
                                  "/x\r\nSet-Cookie: a=b"])
def test_the_switch_only_returns_to_pages_of_the_preview(back: str) -> None:
    assert local_path(back) == "/"


def test_the_start_language_comes_from_preview_lang(course_copy: Path) -> None:
    app, _ = preview_app(course_copy, language="qps")
    assert app.builder.current_language == "qps"
    assert [value for value, _, selected in offered(switch_form(app.handle("/lms/"))) if selected] == ["qps"]
    assert app.info(app.builder.snapshot)["language"] == "qps"


def test_a_one_language_course_still_offers_the_pseudo_locale_in_german(course_copy: Path) -> None:
    course_file = course_copy / "course" / "course.yaml"
    course_file.write_text(course_file.read_text().replace("language: en", "language: de"))
    app, _ = preview_app(course_copy)
    form = switch_form(app.handle("/"))
    assert offered(form) == [("de", "Deutsch (de)", True), ("qps", "Pseudo-Lokalisierung (qps)", False)]
    assert form.xpath(".//label/text()") == ["Sprache"]


def fill_german_translations(root: Path, tmp_path: Path, translate: Callable[[str, str], str]) -> None:
    """Export German, write translate(unit id, source markup) as every target, import it."""
    out = tmp_path / "de.xlf"
    result = CliRunner().invoke(main, ["--root", str(root), "translate", "export", "--lang", "de", "--out", str(out)])
    assert result.exit_code == 0, result.output
    out.write_bytes(fill_export(out.read_bytes(), lambda unit: translate(unit.id, unit.source)))
    result = CliRunner().invoke(main, ["--root", str(root), "translate", "import", str(out)])
    assert result.exit_code == 0, result.output


def test_a_translated_language_follows_edits_of_its_stored_translations(course_copy: Path, tmp_path: Path) -> None:
    root = list_languages(course_copy, "[en, de]")
    fill_german_translations(root, tmp_path, lambda unit_id, text: "DE: " + text)
    app, _ = preview_app(root)
    assert app.handle("/_preview/language?lang=de&back=/").status == 303
    assert h1(app.handle(LESSON)) == "DE: Second lesson"
    assert "DE: Some <strong>bold</strong> text" in app.handle(ALL_BLOCKS).body.decode("utf-8")
    # Only a lesson's block text changes, in the translation store alone: the module files (so their
    # revisions) and every title in the site's outline stay the same, yet the page must show it.
    first_block = "lessons/all-blocks/blocks/0/text/0"  # the unit id's end: the first paragraph
    fill_german_translations(root, tmp_path, lambda unit_id, text: ("DE2: " if unit_id.endswith(first_block) else "DE: ") + text)
    report = app.builder.rebuild()
    assert report.changed == ("course/translations/de.xlf",)
    page = app.handle(ALL_BLOCKS).body.decode("utf-8")
    assert "DE2: Some <strong>bold</strong> text" in page and "DE: Some <strong>" not in page
    assert h1(app.handle(ALL_BLOCKS)) == "DE: All the blocks & more"


def test_the_terminal_says_which_language_and_how_long(capsys: pytest.CaptureFixture[str]) -> None:
    printer = ReportPrinter(quiet=False, verbose=False)
    printer(RebuildReport(4, (), (), 12, 30, False, 0.084, "qps"))
    printer(RebuildReport(5, (), (), 30, 30, True, 0.3, "de"))
    assert capsys.readouterr().out.splitlines() == [
        "switched to qps: rendered 12 of 30 pages in 84 ms",
        "switched to de: rendered every page in 300 ms",
    ]
