"""The real course through a full round trip: export de, fill every target, import, build --lang de.

Every block of text in the German lesson, module and quiz pages, and every question text the
pages carry for their scripts, must then be a target ("DE: …") or a German interface message.
"""

from __future__ import annotations

import io
import json
import re
import shutil
import zipfile
from pathlib import Path

from click.testing import CliRunner
from conftest import REPO, first_words_marked, set_languages
from lxml import html as lxml_html

from dcp_course.cli import main
from dcp_course.source.load import load_course
from dcp_course.source.messages import shipped_messages
from dcp_course.translate.fill import fill_export
from dcp_course.translate.units import course_units

MARK = "DE: "
TEXT_BLOCKS = "//main//*[self::p or self::li or self::h1 or self::h2 or self::h3 or self::h4 or self::dt or self::dd" \
              " or self::figcaption or self::legend or self::summary or self::th or self::td]"


def catalogue_patterns() -> list[re.Pattern[str]]:
    messages = shipped_messages("de")
    texts = [*messages.entries.values(), *messages.js.values()]
    return [re.compile(re.sub(r"\\\{\w+\\\}", ".+", re.escape(text)) + "$") for text in texts]


def run(root: Path, *args: str) -> str:
    result = CliRunner().invoke(main, ["--root", str(root), *args])
    assert result.exit_code == 0, result.output
    return result.output


def test_every_lesson_and_question_text_of_the_german_package_is_a_target(tmp_path: Path) -> None:
    root = tmp_path / "course-src"
    for folder in ("course", "modules"):
        shutil.copytree(REPO / folder, root / folder)
    set_languages(root, "[en, de]")
    exported = tmp_path / "de.xlf"
    run(root, "translate", "export", "--lang", "de", "--out", str(exported))
    exported.write_bytes(fill_export(exported.read_bytes(), lambda unit: unit.target if unit.id.startswith(
        "interface#") else first_words_marked(unit.source, MARK)))  # the interface words as shipped
    assert run(root, "translate", "import", str(exported)) == (
        f"imported {len(course_units(load_course(root)))} de text(s) into course/translations/de.xlf\n")
    output = run(root, "build", "--lang", "de", "--format", "scorm12", "--out", str(tmp_path / "dist"))
    assert "warning" not in output
    package = next((tmp_path / "dist").glob("*-de-scorm12.zip"))
    allowed = catalogue_patterns()
    untranslated: dict[str, list[str]] = {}
    with zipfile.ZipFile(io.BytesIO(package.read_bytes())) as archive:
        pages = [name for name in archive.namelist() if re.match(r"\d\d-[^/]+/[^/]+\.html$", name)]
        assert len(pages) > 40
        for name in pages:
            document = lxml_html.fromstring(archive.read(name))
            assert document.get("lang") == "de"
            found = [text for element in document.xpath(TEXT_BLOCKS)
                     if (text := " ".join(element.text_content().split())) and not translated(text, allowed)]
            data = json.loads(document.get_element_by_id("dcp-page").text_content())
            found += [text for text in question_texts(data["questions"]) if MARK not in text]
            if found:
                untranslated[name] = found
    assert untranslated == {}


def translated(text: str, allowed: list[re.Pattern[str]]) -> bool:
    """A target, an interface message, or messages (a label, "viewed") joined to either."""
    if any(p.match(text) for p in allowed):
        return True
    before, mark, _ = text.partition(MARK)
    parts = [part.strip() for part in re.split(r" · |(?<=[:.]) ", before if mark else text)]
    return all(not part or any(p.match(part) or p.match(part.rstrip(":")) for p in allowed) for part in parts)


def question_texts(questions: dict[str, object]) -> list[str]:
    """Every string a question's script shows: stems, choices, items, feedback (not ids or kinds)."""
    texts: list[str] = []

    def collect(value: object, key: str = "") -> None:
        if isinstance(value, dict):
            for name, inner in value.items():
                collect(inner, name)
        elif isinstance(value, list):
            for inner in value:
                collect(inner, key)
        elif isinstance(value, str) and key not in ("id", "kind", "next", "start", "left", "right", "scoring", "objectives") \
                and re.search(r"[A-Za-z]{3}", re.sub(r"<[^>]+>", "", value)):
            texts.append(value)

    collect(questions)
    return texts
