"""Rendering: escaping, Markdown without raw HTML, navigation and landmarks."""

from __future__ import annotations

import re
from pathlib import Path

from lxml import html as lxml_html


def read(built: Path, name: str) -> str:
    return (built / "web" / name).read_text(encoding="utf-8")


def test_markup_in_titles_is_escaped(built_fixture: Path) -> None:
    page = read(built_fixture, "01-basics/all-blocks.html")
    assert "<title>All the blocks &amp; more · Fixture &lt;Course&gt; &amp; Friends</title>" in page
    assert "Basics &lt;of&gt; blocks" in page
    assert "<of>" not in page


def test_raw_html_in_markdown_is_shown_as_text(built_fixture: Path) -> None:
    assert "&lt;b&gt;raw html stays text&lt;/b&gt;" in read(built_fixture, "01-basics/all-blocks.html")
    home = read(built_fixture, "index.html")
    assert "<script>alert(1)</script>" not in home
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in home


def test_markdown_is_rendered(built_fixture: Path) -> None:
    page = read(built_fixture, "01-basics/all-blocks.html")
    assert '<strong>bold</strong> text and a <a href="https://example.org">link</a>' in page


def test_pages_have_language_landmarks_skip_link_and_heading_order(built_fixture: Path) -> None:
    for path in sorted((built_fixture / "web").rglob("*.html")):
        document = lxml_html.fromstring(path.read_bytes())
        assert document.get("lang") == "en", path
        assert document.xpath("//a[@class='skip-link']/@href") == ["#content"], path
        assert len(document.xpath("//main[@id='content']")) == 1, path
        assert document.xpath("//header") and document.xpath("//footer"), path
        levels = [int(h.tag[1]) for h in document.iter("h1", "h2", "h3", "h4")]
        main_levels = [int(h.tag[1]) for h in document.xpath("//main")[0].iter("h1", "h2", "h3", "h4")]
        assert main_levels[0] == 1, path
        for before, after in zip(levels, levels[1:]):
            assert after <= before + 1, f"{path}: heading jumps from h{before} to h{after}"


def test_every_image_has_alt_and_every_input_a_label(built_fixture: Path) -> None:
    for path in sorted((built_fixture / "web").rglob("*.html")):
        document = lxml_html.fromstring(path.read_bytes())
        for image in document.iter("img"):
            assert image.get("alt") is not None, path
        labelled = set(document.xpath("//label/@for"))
        for control in document.xpath("//input|//select|//textarea"):
            assert control.get("id") in labelled or control.get("aria-label"), (path, control.get("id"))


def test_previous_and_next_follow_reading_order(built_fixture: Path) -> None:
    page = lxml_html.fromstring((built_fixture / "web" / "01-basics" / "quiz.html").read_bytes())
    assert page.xpath("//a[@rel='prev']/@href") == ["second-lesson.html"]
    assert page.xpath("//a[@rel='next']/@href") == ["../02-questions/index.html"]


def test_scorm_pages_keep_navigation_inside_their_sco(tmp_path: Path, fixture_root: Path) -> None:
    import io
    import zipfile

    from dcp_course.build import build

    build(fixture_root, tmp_path, ["scorm12"])
    archive = zipfile.ZipFile(io.BytesIO(next(tmp_path.glob("*.zip")).read_bytes()))
    quiz = archive.read("01-basics/quiz.html").decode()
    assert "02-questions" not in quiz
    assert "index.html" not in archive.namelist()
    assert "Your learning platform takes you on from here" in quiz


def test_answer_keys_are_not_in_the_question_markup(built_fixture: Path) -> None:
    page = read(built_fixture, "02-questions/quiz.html")
    markup = re.sub(r'<script type="application/json" id="dcp-page">.*?</script>', "", page, flags=re.DOTALL)
    assert '"correct"' not in markup and "correct: true" not in markup
