"""Rendering: escaping, Markdown without raw HTML, navigation and landmarks."""

from __future__ import annotations

import io
import itertools
import json
import re
import zipfile
from pathlib import Path

from conftest import REPO
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
    assert (
        '<strong>bold</strong> text and a <a href="https://example.org" target="_blank" '
        'rel="noopener noreferrer">link<span class="visually-hidden"> (opens in a new tab)</span></a>'
    ) in page


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
        for before, after in itertools.pairwise(levels):
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


# ---------------------------------------------------------------- links to other sites

NEW_TAB_HINT = "(opens in a new tab)"
EXTERNAL_HREF = re.compile(r"^\s*(?:https?:)?//", re.IGNORECASE)
# Where an author can put a link to another site, each with its own address so a test can tell
# which ones reached the output.
LINKED_GLOSSARY = """\
terms:
  - term: Community policing
    definition: Policing close to residents; see [the glossary source](https://example.org/glossary-def).
"""
LINKED_READING = """\
title: Further reading
intro: Start with [the reading intro](https://example.org/reading-intro).
sections:
  - title: Papers
    items:
      - { title: A reading item, publisher: Example, year: 2024, url: "https://example.org/reading-item" }
"""
LINKED_EDITS: dict[str, list[tuple[str, str]]] = {
    "course/course.yaml": [
        ("every** block", "every** block (see [the description link](https://example.org/description))"),
    ],
    "modules/01-basics/module.yaml": [
        ("summary: Every", "summary: See [the summary link](https://example.org/summary). Every"),
        ("definition: Digital community policing.",
         'definition: "Digital [community policing](https://example.org/block-def)."'),
        ('feedback: "Yes, pictures go in image blocks."',
         'feedback: "Yes, see [the check feedback](https://example.org/check-feedback)."'),
        ("consequence: It goes well.", 'consequence: "It goes [well](https://example.org/scenario)."'),
    ],
    "modules/02-questions/module.yaml": [
        ("feedback: Not this one.",
         'feedback: "Not this one, see [the choice feedback](https://example.org/choice-feedback)."'),
        ("incorrect: It is Oslo.",
         'incorrect: "It is Oslo, see [the quiz feedback](https://example.org/quiz-feedback)."'),
        ("consequence: Trust grows.", 'consequence: "Trust [grows](//example.org/branch)."'),
    ],
}


def linked_course(course_copy: Path) -> Path:
    """The fixture course with a link to another site in every place an author can write one."""
    (course_copy / "course" / "glossary.yaml").write_text(LINKED_GLOSSARY, encoding="utf-8")
    (course_copy / "course" / "further-reading.yaml").write_text(LINKED_READING, encoding="utf-8")
    for name, edits in LINKED_EDITS.items():
        path = course_copy / name
        text = path.read_text(encoding="utf-8")
        for old, new in edits:
            assert old in text, (name, old)
            text = text.replace(old, new, 1)
        path.write_text(text, encoding="utf-8")
    return course_copy


def html_documents(outputs: dict[str, dict[str, bytes] | bytes]) -> dict[str, bytes]:
    """Every HTML file of every output, zips opened: 'output!path' -> content."""
    found: dict[str, bytes] = {}
    for output, content in outputs.items():
        files = content if isinstance(content, dict) else _zip_files(content)
        found.update({f"{output}!{name}": data for name, data in files.items() if name.endswith(".html")})
    return found


def _zip_files(content: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def external_anchors(html: bytes | str) -> list[lxml_html.HtmlElement]:
    """Links to other sites in a page, including the HTML its page data hands the quiz engine."""
    document = lxml_html.fromstring(html)
    anchors = [a for a in document.iter("a") if EXTERNAL_HREF.match(a.get("href") or "")]
    for script in document.xpath("//script[@type='application/json']"):
        for fragment in _strings(json.loads(script.text or "null")):
            if "<a " in fragment:
                anchors += external_anchors(f"<div>{fragment}</div>")
    return anchors


def _strings(value: object) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for item in value.values() for s in _strings(item)]
    if isinstance(value, list):
        return [s for item in value for s in _strings(item)]
    return []


def same_frame_problem(anchor: lxml_html.HtmlElement) -> str | None:
    """What is wrong with a link to another site, or None when it opens a new tab and says so."""
    if anchor.get("target") != "_blank":
        return "no target=_blank"
    if set((anchor.get("rel") or "").split()) != {"noopener", "noreferrer"}:
        return f"rel={anchor.get('rel')!r}"
    hints = [span.text_content().strip() for span in anchor.xpath("span[@class='visually-hidden']")]
    if hints != [NEW_TAB_HINT]:
        return f"hint {hints!r}"
    return None


def external_links_by_output(root: Path) -> tuple[dict[str, set[str]], list[str]]:
    """Build every output and the review pack: which outputs each external address reaches, and
    every external link that would open in the lesson's own frame."""
    from dcp_course.build import ALL_FORMATS, produce
    from dcp_course.preview.review import render_review_pack
    from dcp_course.source.load import load_course

    source = load_course(root)
    outputs = produce(source, list(ALL_FORMATS))
    documents = html_documents(outputs) | {"review-pack": render_review_pack(source).encode("utf-8")}
    reached: dict[str, set[str]] = {name: set() for name in (*outputs, "review-pack")}
    problems = []
    for name, html in sorted(documents.items()):
        output = name.partition("!")[0]
        for anchor in external_anchors(html):
            reached[output].add(anchor.get("href"))
            problem = same_frame_problem(anchor)
            if problem:
                problems.append(f"{name}: <a href={anchor.get('href')!r}>: {problem}")
    return reached, problems


def test_every_link_to_another_site_opens_a_new_tab_in_every_output(course_copy: Path) -> None:
    reached, problems = external_links_by_output(linked_course(course_copy))
    assert problems == []
    authored = set(re.findall(r"\(((?:https:)?//[^)]+)\)", str(LINKED_EDITS)))
    authored |= {"https://example.org/glossary-def", "https://example.org/reading-intro",
                 "https://example.org/reading-item", "https://example.org", "https://example.org/source"}
    # The course description is on the home page only, which per-module SCOs leave out; the review
    # pack lists further-reading items but not the page's introduction.
    left_out = {"https://example.org/description": {"scorm12", "scorm2004", "cmi5"},
                "https://example.org/reading-intro": {"review-pack"}}
    assert len(reached) == 5
    for output, addresses in reached.items():
        kind = re.sub(r"^.*-(scorm12|scorm2004|cmi5)\.zip$", r"\1", output)
        assert addresses == {a for a in authored if kind not in left_out.get(a, set())}, output


def test_the_new_tab_hint_speaks_the_course_language(course_copy: Path) -> None:
    from dcp_course.build import produce
    from dcp_course.source.load import load_course

    config = course_copy / "course" / "course.yaml"
    text = config.read_text(encoding="utf-8")
    assert "language: en" in text
    config.write_text(text.replace("language: en", "language: de"), encoding="utf-8")
    german = json.loads((REPO / "templates" / "messages" / "de.json").read_text(encoding="utf-8"))
    (web,) = produce(load_course(course_copy), ["web"]).values()
    assert isinstance(web, dict)
    anchor = external_anchors(web["01-basics/all-blocks.html"])[0]
    hint = anchor.xpath("string(span[@class='visually-hidden'])").strip()
    assert hint == german["opens_in_new_tab"] != NEW_TAB_HINT
