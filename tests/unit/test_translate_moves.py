"""Unit ids that survive edits elsewhere: block `id:`s, and translations found again by source hash."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import fixture_unit_count
from lxml import etree

from dcp_course.cli import main
from dcp_course.source.errors import SourceErrors
from dcp_course.source.load import load_course
from dcp_course.translate.apply import translate_source
from dcp_course.translate.store import language_status, match_entries, stored_targets
from dcp_course.translate.units import Unit, course_units, text_hash
from dcp_course.translate.xliff import Entry

MODULE = "modules/01-basics/module.yaml"
LESSON = f"{MODULE}#lessons/all-blocks/blocks"
FIRST_BLOCK = "      - text: |\n          Some **bold** text"
NS = {"x": "urn:oasis:names:tc:xliff:document:1.2"}
X = "{urn:oasis:names:tc:xliff:document:1.2}"


def run(root: Path, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["--root", str(root), *args])
    return result.exit_code, result.output


def edit_module(root: Path, old: str, new: str) -> None:
    module_file = root / MODULE
    text = module_file.read_text(encoding="utf-8")
    assert old in text
    module_file.write_text(text.replace(old, new, 1), encoding="utf-8")


def insert_first_block(root: Path) -> None:
    edit_module(root, FIRST_BLOCK, "      - callout: { text: A new first block. }\n" + FIRST_BLOCK)


def export_filled(root: Path, out: Path) -> Path:
    """The German export with every target written as "DE: " + source."""
    code, output = run(root, "translate", "export", "--lang", "de", "--out", str(out))
    assert code == 0, output
    tree = etree.parse(str(out))
    for unit in tree.getroot().iter(X + "trans-unit"):
        target = etree.Element(X + "target", {"state": "translated"})
        target.text = "DE: " + unit.find("x:source", NS).text
        unit.find("x:source", NS).addnext(target)
    tree.write(str(out), xml_declaration=True, encoding="UTF-8")
    return out


def translated(root: Path, tmp_path: Path) -> Path:
    code, output = run(root, "translate", "import", str(export_filled(root, tmp_path / "de.xlf")))
    assert code == 0, output
    return root


# ---------------------------------------------------------------- block ids


def test_a_block_id_names_its_units_instead_of_its_position(course_copy: Path) -> None:
    edit_module(course_copy, "      - callout: { kind: warning, text: Careful. }",
                "      - callout: { kind: warning, text: Careful. }\n        id: careful")
    units = {unit.id: unit.source for unit in course_units(load_course(course_copy))}
    assert units[f"{LESSON}/careful/callout/text"] == "Careful."
    assert f"{LESSON}/3/callout/text" not in units
    assert units[f"{LESSON}/4/callout/text"] == "Noted."


def test_two_blocks_of_a_lesson_may_not_share_an_id(course_copy: Path) -> None:
    edit_module(course_copy, "      - callout: { kind: tip, title: A tip, text: Tips help. }",
                "      - callout: { kind: tip, title: A tip, text: Tips help. }\n        id: same")
    edit_module(course_copy, "      - callout: { kind: note, text: Noted. }",
                "      - callout: { kind: note, text: Noted. }\n        id: same")
    with pytest.raises(SourceErrors) as raised:
        load_course(course_copy)
    rendered = [error.render(course_copy) for error in raised.value.errors]
    assert rendered == [f"{MODULE}:24:9: lessons[0].blocks[4].id: duplicate block id 'same' in lesson "
                        "'all-blocks' (first used at line 21; give each block of a lesson its own id)"]


def test_a_block_id_starts_with_a_letter_so_it_never_reads_as_a_position(course_copy: Path) -> None:
    edit_module(course_copy, "      - callout: { kind: note, text: Noted. }",
                "      - callout: { kind: note, text: Noted. }\n        id: '2'")
    with pytest.raises(SourceErrors) as raised:
        load_course(course_copy)
    (error,) = raised.value.errors
    assert (error.line, error.field) == (23, "lessons[0].blocks[4].id")


# ---------------------------------------------------------------- found again by hash


def moved_units(root: Path) -> int:
    """The units of the lesson whose position, and so id, the inserted first block shifted by one."""
    ids = [unit.id for unit in course_units(load_course(root))]
    positions = [i[len(LESSON) + 1:].split("/")[0] for i in ids if i.startswith(f"{LESSON}/")]
    shifted = [p for p in positions if p.isdigit() and p != "0"]  # blocks with an `id:` keep theirs
    assert shifted
    return len(shifted)


def test_inserting_a_block_at_the_start_keeps_the_later_blocks_translated(bilingual: Path, tmp_path: Path) -> None:
    before = language_status(load_course(translated(bilingual, tmp_path)), "de")
    assert (len(before.missing), len(before.stale)) == (0, 0)
    insert_first_block(bilingual)
    source = load_course(bilingual)
    after = language_status(source, "de")
    assert after.missing == (f"{LESSON}/0/callout/text",)
    assert after.stale == ()
    assert len(after.translated) == len(before.translated)
    targets = stored_targets(source, "de")
    assert targets[f"{LESSON}/1/text"].startswith("DE: Some **bold** text")
    assert targets[f"{LESSON}/2/keypoints/0"] == "DE: First point"
    lesson = translate_source(source, "de", targets).source.modules[0].module.lessons[0]
    assert lesson.blocks[0].callout.text == "A new first block."  # type: ignore[attr-defined]
    assert lesson.blocks[3].callout.text == "DE: Tips help."  # type: ignore[attr-defined]
    moved = moved_units(bilingual)
    units = fixture_unit_count()  # the fixture's, before the new block
    assert run(bilingual, "translate", "status") == (
        0, f"de: {units} translated, 1 missing, 0 stale, {moved} recovered by source hash after their unit id moved\n")
    code, output = run(bilingual, "translate", "import", str(export_filled(bilingual, tmp_path / "again.xlf")))
    assert code == 0, output
    assert run(bilingual, "translate", "status") == (0, f"de: {units + 1} translated, 0 missing, 0 stale\n")  # stored anew


def test_a_file_exported_before_the_insertion_imports_under_the_new_ids(bilingual: Path, tmp_path: Path) -> None:
    old_export = export_filled(bilingual, tmp_path / "old.xlf")
    insert_first_block(bilingual)
    code, output = run(bilingual, "translate", "import", str(old_export))
    assert (code, output) == (0, f"imported {fixture_unit_count()} de text(s) into course/translations/de.xlf, {moved_units(bilingual)} "
                                 "of them recovered by source hash after their unit id moved\n")
    stored = etree.parse(str(bilingual / "course" / "translations" / "de.xlf"))
    keys = {unit.get("id"): unit.find("x:target", NS).text for unit in stored.getroot().iter(X + "trans-unit")}
    assert keys["lessons/all-blocks/blocks/3/callout/text"] == "DE: Tips help."
    assert "lessons/all-blocks/blocks/0/callout/text" not in keys


def test_a_changed_text_that_also_moved_is_missing_unless_its_block_has_an_id(
        bilingual: Path, tmp_path: Path) -> None:
    edit_module(bilingual, "text: Noted. }", "text: Noted. }\n        id: noted")
    translated(bilingual, tmp_path)
    edit_module(bilingual, "text: Careful. }", "text: Be careful. }")
    edit_module(bilingual, "text: Noted. }", "text: Noted well. }")
    insert_first_block(bilingual)
    status = language_status(load_course(bilingual), "de")
    # no stored translation has the new text of either, but only the block with an id is still
    # known by its id: its old translation is kept for review, the other one is lost
    assert status.stale == (f"{LESSON}/noted/callout/text",)
    assert status.missing == (f"{LESSON}/0/callout/text", f"{LESSON}/4/callout/text")


def unit(key: str, text: str) -> Unit:
    return Unit("m.yaml", key, text, "", False)


def entry(key: str, text: str, target: str) -> Entry:
    return Entry("m.yaml", key, text, target, "translated", text_hash(text))


def test_match_entries_prefers_an_exact_text_and_keeps_repeated_texts_in_order() -> None:
    units = [unit("a", "Yes"), unit("b", "New"), unit("c", "Yes"), unit("d", "Edited")]
    entries = [entry("a", "Yes", "Ja 1"), entry("b", "Yes", "Ja 2"), entry("d", "Old", "Alt"),
               entry("gone", "Removed", "Weg")]
    matched = match_entries(units, entries)
    assert {key: e.target for key, e in matched.by_unit.items()} == {
        "m.yaml#a": "Ja 1", "m.yaml#c": "Ja 2", "m.yaml#d": "Alt"}
    assert matched.by_unit["m.yaml#c"].key == "c"
    assert matched.moved == ("m.yaml#c",)
    assert [e.key for e in matched.unknown] == ["gone"]


def test_a_translation_is_found_by_hash_only_within_its_own_file() -> None:
    matched = match_entries([Unit("other.yaml", "x", "Yes", "", False)], [entry("gone", "Yes", "Ja")])
    assert matched.by_unit == {}
    assert [e.key for e in matched.unknown] == ["gone"]
