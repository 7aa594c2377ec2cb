"""--moodle-version: an export never holds a question type the target Moodle may not import, and
every question that is moved, left out, changes type or loses feedback is a warning on stderr."""

from __future__ import annotations

from pathlib import Path

import pytest
from lxml import etree

from dcp_course.exports.moodle_release import MoodleRelease
from dcp_course.source.errors import BuildError

from .test_export_common import run
from .test_export_gift import read_gift
from .test_export_moodle_xml import read_moodle_xml

ORDERING_MOVED = (
    "warning: q-order: ordering question written to questions-ordering.xml on its own: Moodle {why}, "
    "and one unknown type stops the whole import; import that file where the type is installed"
)
GIFT_LEFT_OUT = (
    "warning: q-order: ordering question left out: Moodle {why}, and it would read the GIFT as a short "
    "answer without a word; export it with --format moodle-xml"
)
UNKNOWN_RELEASE = "may not have the ordering question type (say --moodle-version 4.5 or later if yours does)"


def export_to(root: Path, target: Path, format_name: str, *extra: str) -> tuple[str, str]:
    code, stdout, stderr = run(
        "--root", str(root), "export-questions", "--format", format_name, "--out", str(target), *extra
    )
    assert code == 0, stderr
    return stdout, stderr


@pytest.mark.parametrize(
    ("text", "has_ordering"), [("3.11", False), ("4.4", False), ("4.5", True), ("4.10", True), ("5.0", True)]
)
def test_releases_compare_as_numbers(text: str, has_ordering: bool) -> None:
    assert MoodleRelease.parse(text).has_ordering is has_ordering


def test_a_release_must_be_major_dot_minor() -> None:
    with pytest.raises(BuildError, match=r"--moodle-version '4': give a release as MAJOR\.MINOR"):
        MoodleRelease.parse("4")


@pytest.mark.parametrize(
    ("extra", "why"),
    [((), UNKNOWN_RELEASE), (("--moodle-version", "4.4"), "4.4 may not have the ordering question type")],
)
def test_moodle_xml_puts_ordering_in_a_file_of_its_own(
    tmp_path: Path, fixture_root: Path, extra: tuple[str, ...], why: str
) -> None:
    stdout, stderr = export_to(fixture_root, tmp_path / "questions.xml", "moodle-xml", *extra)
    main = read_moodle_xml((tmp_path / "questions.xml").read_bytes())
    ordering = read_moodle_xml((tmp_path / "questions-ordering.xml").read_bytes())
    assert "q-order" not in [q.name for q in main] and "q-fill" in [q.name for q in main]
    assert [(q.name, q.type) for q in ordering] == [("q-order", "ordering")]
    assert ORDERING_MOVED.format(why=why) in stderr.splitlines()
    assert f"wrote {tmp_path / 'questions-ordering.xml'} (1 questions" in stdout
    categories = etree.fromstring((tmp_path / "questions-ordering.xml").read_bytes()).findall(
        ".//category/text"
    )
    assert [c.text for c in categories] == ["$course$/top/Fixture <Course> & Friends/Questions"]


def test_moodle_xml_for_a_release_with_ordering_keeps_one_file(tmp_path: Path, fixture_root: Path) -> None:
    _, stderr = export_to(fixture_root, tmp_path / "questions.xml", "moodle-xml", "--moodle-version", "4.5")
    assert "q-order" in [q.name for q in read_moodle_xml((tmp_path / "questions.xml").read_bytes())]
    assert [p.name for p in tmp_path.iterdir()] == ["questions.xml"]
    assert "ordering question" not in stderr


@pytest.mark.parametrize(
    ("extra", "why"),
    [
        ((), UNKNOWN_RELEASE),
        (("--moodle-version", "3.11"), "3.11 may not have the ordering question type"),
        (("--moodle-version", "4.4"), "4.4 may not have the ordering question type"),
    ],
)
def test_gift_never_writes_ordering_for_a_release_that_may_lack_it(
    tmp_path: Path, fixture_root: Path, extra: tuple[str, ...], why: str
) -> None:
    _, stderr = export_to(fixture_root, tmp_path / "questions.txt", "gift", *extra)
    text = (tmp_path / "questions.txt").read_text(encoding="utf-8")
    assert "{>" not in text and "q-order" not in [q.name for q in read_gift(text)]
    assert GIFT_LEFT_OUT.format(why=why) in stderr.splitlines()
    assert [p.name for p in tmp_path.iterdir()] == ["questions.txt"]


def test_gift_for_a_release_with_ordering_writes_the_ordering_syntax(
    tmp_path: Path, fixture_root: Path
) -> None:
    export_to(fixture_root, tmp_path / "questions.txt", "gift", "--moodle-version", "5.0")
    text = (tmp_path / "questions.txt").read_text(encoding="utf-8")
    ordering = next(q for q in read_gift(text) if q.name == "q-order")
    assert ordering.type == "ordering"


def test_gift_with_nothing_but_ordering_questions_is_an_error(tmp_path: Path, course_copy: Path) -> None:
    module = course_copy / "modules" / "02-questions" / "module.yaml"
    text = module.read_text(encoding="utf-8")
    start = text.index("    - id: q-single")
    end = text.index("    - id: q-order")
    following = text.index("    - id: ", end + 1)
    module.write_text(text[:start] + text[end:following] + text[text.index("\nsources:") :], encoding="utf-8")
    code, _, stderr = run(
        "--root", str(course_copy), "export-questions", "--format", "gift", "--module", "questions"
    )
    assert code == 1, stderr
    assert "error: nothing to export as GIFT: q-order are ordering questions" in stderr


def test_moodle_version_applies_to_moodle_formats_only(tmp_path: Path, fixture_root: Path) -> None:
    code, _, stderr = run(
        "--root", str(fixture_root), "export-questions", "--format", "qti21", "--moodle-version", "4.5"
    )
    assert code == 2 and "--moodle-version" in stderr and "moodle-xml and gift only" in stderr


def test_an_unreadable_release_is_an_error(fixture_root: Path) -> None:
    code, _, stderr = run(
        "--root", str(fixture_root), "export-questions", "--format", "gift", "--moodle-version", "four"
    )
    assert code == 1
    assert "error: --moodle-version 'four': give a release as MAJOR.MINOR, such as 4.1 or 4.5" in stderr


def test_a_type_change_is_a_warning(tmp_path: Path, fixture_root: Path) -> None:
    _, stderr = export_to(fixture_root, tmp_path / "questions.zip", "qti21")
    assert (
        "warning: basics-q2, q-truefalse: true/false becomes a choice question with the two choices "
        "True and False (QTI 2.1 has no true/false interaction)"
    ) in stderr.splitlines()


def test_lost_feedback_is_a_warning(tmp_path: Path, course_copy: Path) -> None:
    module = course_copy / "modules" / "02-questions" / "module.yaml"
    text = module.read_text(encoding="utf-8")
    ordered = '      items: ["One", "Two", "Three"]\n'
    assert ordered in text
    module.write_text(
        text.replace(ordered, ordered + "      feedback: { correct: Right. }\n"), encoding="utf-8"
    )
    _, stderr = export_to(course_copy, tmp_path / "questions.txt", "gift", "--moodle-version", "4.5")
    assert "warning: q-order: GIFT ordering questions carry no feedback" in stderr.splitlines()
