"""No English leaks from the review outputs and the preview's own pages when the course is not English.

The fixture course is switched to German; the review pack, every review-mode page, the preview's
notice and error pages and the LMS simulator's page are rendered, and their visible text (text nodes
and the attributes people read or hear, course content and code samples left out) must not show an
English interface word. The words looked for are the English catalogue entries of these pages plus
the phrases that used to be written into the templates and scripts.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from lxml import html as lxml_html

from dcp_course.preview.incremental import IncrementalBuilder
from dcp_course.preview.pages import PREVIEW_DIR
from dcp_course.preview.review import render_review_pack
from dcp_course.preview.server import PreviewApp
from dcp_course.render.pages import TEMPLATES_DIR
from dcp_course.source.load import load_course
from dcp_course.source.messages import CATALOGUES_DIR, read_catalogues

LANGUAGE = "de"
CATALOGUES = read_catalogues(CATALOGUES_DIR)
PREFIXES = ("review_", "preview_", "lms_")
# Phrases the templates and scripts used to hard-code, kept here so that they cannot come back.
FORMERLY_HARD_CODED = (
    "Answer key", "Correct answer", "Feedback when right", "Feedback when wrong", "Correct match",
    "Correct order", "Accepted answer", "Best path scores", "Consequence shown", "Assesses",
    "Key points", "Alt text", "Transcript", "What happens", "Strong choice", "Think again", "Quiz question",
    "Review mode", "Learner view of this page", "Review pack", "Completed when", "Contents",
    "Objectives and the questions that assess them", "Questions assessing it", "Not assessed by any question",
    "Learning objectives", "in this order", "unlimited", "For reviewers", "Knowledge checks", "as written",
    "knowledge check", "set by the author", "estimated from", "Page not found", "Building",
    "The course cannot be built", "Technical details", "Course home", "LMS simulator", "Launch settings",
    "SCORM version", "Relaunch", "Reset attempt", "Refresh SCO list", "What the course reported",
    "not launched", "Lesson status", "Session time", "Total time", "Last error", "Suspend data",
    "Interactions", "Latency", "Objectives", "Every API call", "Rebuilt at", "None so far",
)
# Text that is course content or the tool's own diagnostics, not interface words.
NOT_INTERFACE = "//script | //style | //code | //pre | //*[@data-problem-message] | //*[@class='excerpt']"
READ_ATTRIBUTES = ("aria-label", "title", "alt", "placeholder")


def interface_words(authored: str) -> set[str]:
    """English fragments of this work's catalogue entries (4+ letters, not in any German entry)."""
    english, german = CATALOGUES["en"], CATALOGUES[LANGUAGE]
    german_text = " ".join(str(v) for k, v in german.items() if k != "js")
    pieces = {
        piece.strip(" .:;,()·“”")
        for key, text in english.items() if key.startswith(PREFIXES)
        for piece in re.split(r"\{\w+\}", str(text))
    } | set(FORMERLY_HARD_CODED)
    # A phrase the author also wrote (a lesson called "Key points") is course text, not interface.
    return {piece for piece in pieces if len(piece) >= 4 and not contains(german_text, piece)
            and not contains(authored, piece)}


def contains(text: str, phrase: str) -> bool:
    return re.search(rf"(?<!\w){re.escape(phrase)}(?!\w)", text, re.IGNORECASE) is not None


def visible_text(page: str) -> str:
    document = lxml_html.fromstring(page)
    for hidden in document.xpath(NOT_INTERFACE):
        hidden.drop_tree()
    read = [value for name in READ_ATTRIBUTES for value in document.xpath(f"//@{name}")]
    return " ".join([document.text_content(), *read])


def english_left(page: str, words: set[str]) -> list[str]:
    shown = visible_text(page)
    return sorted(word for word in words if re.search(rf"(?<!\w){re.escape(word)}(?!\w)", shown))


@pytest.fixture()
def german_course(course_copy: Path) -> Path:
    course_file = course_copy / "course" / "course.yaml"
    course_file.write_text(course_file.read_text().replace("language: en", f"language: {LANGUAGE}"))
    return course_copy


@pytest.fixture()
def words(german_course: Path) -> set[str]:
    authored = " ".join(p.read_text(encoding="utf-8") for p in german_course.rglob("*.yaml"))
    return interface_words(authored)


def test_the_review_pack_in_german_shows_no_english_interface_word(german_course: Path, words: set[str]) -> None:
    pack = render_review_pack(load_course(german_course))
    assert '<html lang="de">' in pack
    assert english_left(pack, words) == []
    assert "Lösungsschlüssel" in pack and "Prüfpaket" in pack


def test_review_mode_pages_in_german_show_no_english_interface_word(german_course: Path, words: set[str]) -> None:
    builder = IncrementalBuilder(german_course, ["review"])
    assert builder.rebuild().ok
    pages = {path: content.decode("utf-8") for path, content in builder.snapshot.files["review"].items()
             if path.endswith(".html")}
    assert len(pages) > 5
    for path, page in sorted(pages.items()):
        assert english_left(page, words) == [], path
    assert "Prüfansicht." in pages["index.html"]


def test_preview_pages_in_german_show_no_english_interface_word(german_course: Path, words: set[str]) -> None:
    builder = IncrementalBuilder(german_course, ["web"])
    builder.rebuild()
    app = PreviewApp(builder)
    simulator = app.handle("/lms/")
    missing = app.handle("/no-such-page.html")
    assert (simulator.status, missing.status) == (200, 404)
    module = next((german_course / "modules").glob("*/module.yaml"))
    module.write_text(module.read_text(encoding="utf-8") + "\nunknown_key: 1\n", encoding="utf-8")
    builder.rebuild()
    broken = app.handle("/")
    assert broken.status == 500
    for response in (simulator, missing, broken):
        page = response.body.decode("utf-8")
        assert '<html lang="de">' in page
        assert english_left(page, words) == []
    assert "Seite nicht gefunden" in missing.body.decode("utf-8")
    assert "Der Kurs kann nicht erstellt werden: 1 Problem" in broken.body.decode("utf-8")


def test_the_simulator_script_takes_every_word_from_the_catalogue() -> None:
    script = (TEMPLATES_DIR / PREVIEW_DIR / "lms.js").read_text(encoding="utf-8")
    code = re.sub(r"/\*.*?\*/|//[^\n]*", "", script, flags=re.DOTALL)  # comments may speak English
    literals = [re.sub(r"\$\{[^}]*\}", " ", literal)
                for literal in re.findall(r'"(?:[^"\\]|\\.)*"|`(?:[^`\\]|\\.)*`', code)]
    # Prose has spaces between words; selectors, data-model names and keys do not.
    prose = " | ".join(literal for literal in literals if re.search(r"[A-Za-z]+ [A-Za-z]+", literal))
    assert prose == '"use strict"'
    # and the words it shows now come from the page's catalogue
    assert all(f'"{key}"' in code for key in ("lms_no_problems", "lms_rebuilt", "lms_blank", "lms_not_launched"))
    assert "toLocaleString(lang)" in code and "toLocaleTimeString(lang)" in code
    assert not re.search(r"toLocale\w*String\(\s*[\"'`]", code), "numbers and times in a fixed locale"


def test_a_hard_coded_english_word_in_a_review_template_is_caught(german_course: Path, words: set[str],
                                                                    tmp_path: Path) -> None:
    templates = tmp_path / "templates"
    shutil.copytree(TEMPLATES_DIR, templates)
    key = templates / "review" / "answer-key.html"
    key.write_text(key.read_text(encoding="utf-8").replace('{{ t("review_correct_order") }}', "Correct order:"),
                   encoding="utf-8")
    pack = render_review_pack(load_course(german_course), templates)
    assert english_left(pack, words) == ["Correct order"]
