"""A fill-in's accepted answers in another language: one unit per English answer, and the
translator may give several forms for it ("Oslo | die Stadt Oslo"), as a learner of that
language could type any of them."""

from __future__ import annotations

import shutil
from pathlib import Path

from click.testing import CliRunner
from conftest import FIXTURE_COURSE

from dcp_course.cli import main
from dcp_course.source.load import load_course
from dcp_course.source.questions import FillIn
from dcp_course.translate.apply import answer_forms
from dcp_course.translate.fill import fill_export
from dcp_course.translate.languages import source_in

ANSWER_UNIT = "modules/02-questions/module.yaml#quiz/questions/q-fill/answers/0"


def run(root: Path, *args: str) -> str:
    result = CliRunner().invoke(main, ["--root", str(root), *args])
    assert result.exit_code == 0, result.output
    return result.output


def german_fixture(tmp_path: Path) -> tuple[Path, Path]:
    root = tmp_path / "course"
    shutil.copytree(FIXTURE_COURSE, root)
    course_file = root / "course" / "course.yaml"
    course_file.write_text(course_file.read_text(encoding="utf-8").replace(
        "language: en\n", "language: en\nlanguages: [en, de]\n", 1), encoding="utf-8")
    exported = tmp_path / "de.xlf"
    run(root, "translate", "export", "--lang", "de", "--out", str(exported))
    return root, exported


def test_the_note_of_an_accepted_answer_asks_for_every_form_a_learner_may_type(tmp_path: Path) -> None:
    _, exported = german_fixture(tmp_path)
    notes: dict[str, str] = {}
    fill_export(exported.read_bytes(), lambda unit: notes.setdefault(unit.id, unit.note) and None)
    assert "separated by |" in notes[ANSWER_UNIT]
    assert all("separated by |" not in note for unit_id, note in notes.items() if "/answers/" not in unit_id)


def test_each_form_a_translator_gives_is_an_accepted_answer_of_the_translated_question(tmp_path: Path) -> None:
    root, exported = german_fixture(tmp_path)
    exported.write_bytes(fill_export(exported.read_bytes(), lambda unit: (
        "Oslo | die Stadt Oslo |  | Oslo" if unit.id == ANSWER_UNIT else None)))
    run(root, "translate", "import", str(exported))
    german, _ = source_in(load_course(root), "de")
    fill = next(q for m in german.modules if m.module.quiz for q in m.module.quiz.questions if q.id == "q-fill")
    assert isinstance(fill, FillIn)
    assert fill.answers == ["Oslo", "die Stadt Oslo"]


def test_forms_are_split_trimmed_and_kept_once_in_order() -> None:
    assert answer_forms(["Polizei|die  Polizei", " Polizei ", "Wache"]) == ["Polizei", "die Polizei", "Wache"]
    assert answer_forms(["Oslo"]) == ["Oslo"]
