"""The interface speaks the course language: complete catalogues, nothing left in English."""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest

from dcp_course.build import build
from dcp_course.source.errors import BuildError
from dcp_course.source.messages import CATALOGUES_DIR, messages_for, read_catalogues

CATALOGUES = read_catalogues(CATALOGUES_DIR)
LANGUAGES = sorted(set(CATALOGUES) - {"en"})
# Words that are the same in English and the other language.
SAME_WORD = {"de": {"review_audio", "review_video", "review_option"},
             "fr": {"modules", "module_number", "sources", "lesson_minutes", "footer_version",
                    "js.correct", "js.incorrect", "with_quiz", "quiz_question_count",
                    "review_col_module", "review_option", "review_points", "review_questions",
                    "review_questions_count", "review_quiz", "lms_col_type", "lms_interactions", "lms_mode",
                    "lms_session"},
             "nl": {"modules", "module_number", "callout_tip", "checklist", "transcript",
                    "review_audio", "review_video", "review_col_module", "lms_col_id", "lms_col_type", "lms_score"}}


def flat(catalogue: dict[str, object]) -> dict[str, str]:
    entries = {k: str(v) for k, v in catalogue.items() if k != "js"}
    js = catalogue.get("js", {})
    assert isinstance(js, dict)
    return entries | {f"js.{k}": str(v) for k, v in js.items()}


def test_english_german_french_and_dutch_are_shipped() -> None:
    assert {"en", "de", "fr", "nl"} <= set(CATALOGUES)


@pytest.mark.parametrize("language", LANGUAGES)
def test_catalogue_has_every_key_translated(language: str) -> None:
    english, other = flat(CATALOGUES["en"]), flat(CATALOGUES[language])
    assert set(other) == set(english)
    untranslated = {k for k in english if other[k] == english[k] and k not in SAME_WORD[language]}
    assert not untranslated
    for key, text in english.items():
        assert set(re.findall(r"\{(\w+)\}", text)) == set(re.findall(r"\{(\w+)\}", other[key])), key


def test_a_missing_key_fails_the_build() -> None:
    broken = {"en": CATALOGUES["en"], "de": {k: v for k, v in CATALOGUES["de"].items() if k != "next"}}
    with pytest.raises(BuildError, match="'de' interface catalogue lacks: next"):
        messages_for("de", broken)


def test_a_language_without_catalogue_fails_the_build() -> None:
    with pytest.raises(BuildError, match="no interface catalogue for language 'es'"):
        messages_for("es", CATALOGUES)


def visible_text(page: str) -> str:
    """Text nodes and the attributes people hear or read; scripts and the page JSON left out."""
    page = re.sub(r"<script\b.*?</script>", " ", page, flags=re.DOTALL)
    attributes = " ".join(re.findall(r'(?:aria-label|title|alt|label)="([^"]*)"', page))
    return html.unescape(re.sub(r"<[^>]+>", " ", page) + " " + attributes)


@pytest.mark.parametrize("language", LANGUAGES)
def test_fixture_course_has_no_english_interface_words(language: str, course_copy: Path, tmp_path: Path) -> None:
    course_file = course_copy / "course" / "course.yaml"
    course_file.write_text(course_file.read_text().replace("language: en", f"language: {language}"))
    build(course_copy, tmp_path / "out", ["web"])
    english, other = flat(CATALOGUES["en"]), flat(CATALOGUES[language])
    fragments = {
        piece.strip(" .:()·")
        for key, text in english.items() if not key.startswith("js.") and text != other[key]
        for piece in re.split(r"\{\w+\}", text)
        if len(piece.strip(" .:()·")) >= 4 and piece.strip(" .:()·") not in other[key]
    }
    authored = " ".join(p.read_text(encoding="utf-8") for p in course_copy.rglob("*.yaml"))
    # A fragment the author also wrote (a lesson called "About questions") is course text, not interface.
    fragments = {f for f in fragments if not re.search(rf"(?<!\w){re.escape(f)}(?!\w)", authored, re.IGNORECASE)}
    web = tmp_path / "out" / "web"
    for page in sorted(web.rglob("*.html")):
        text = page.read_text(encoding="utf-8")
        assert f'<html lang="{language}">' in text
        shown = visible_text(text)
        left = sorted(f for f in fragments if re.search(rf"(?<!\w){re.escape(f)}(?!\w)", shown))
        assert not left, f"{page.relative_to(web)} still shows English: {left}"
    data = (web / "assets" / "js" / "course-data.js").read_text(encoding="utf-8")
    assert str(CATALOGUES[language]["js"]["correct"]) in data  # type: ignore[index]


JS_DIR = CATALOGUES_DIR.parent / "js"
JS_MESSAGE_CALL = re.compile(r"""\bt\("(?P<key>\w+)"(?:,\s*\{(?P<params>[^}]*)\})?\)""")


@pytest.mark.parametrize("language", sorted(CATALOGUES))
def test_learner_scripts_pass_every_placeholder_their_words_need(language: str) -> None:
    """A placeholder the script does not fill shows to the learner as "{name}"."""
    words = CATALOGUES[language]["js"]
    unfilled = []
    for script in sorted(JS_DIR.glob("*.js")):
        for call in JS_MESSAGE_CALL.finditer(script.read_text(encoding="utf-8")):
            if call.group("params") is None:
                continue  # words without placeholders, or a whole object passed on
            given = {name.split(":")[0].strip() for name in call.group("params").split(",") if name.strip()}
            needed = set(re.findall(r"\{(\w+)\}", words[call.group("key")]))
            if needed - given:
                unfilled.append(f"{script.name}: {call.group('key')} lacks {sorted(needed - given)}")
    assert unfilled == []
