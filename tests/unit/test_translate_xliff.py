"""`dcp-course translate`: XLIFF export, checked import, status, stale units, refused files."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from click.testing import CliRunner
from conftest import fixture_unit_count
from lxml import etree

from dcp_course.cli import main

NS = {"x": "urn:oasis:names:tc:xliff:document:1.2"}
X = "{urn:oasis:names:tc:xliff:document:1.2}"
LINK_UNIT = "modules/01-basics/module.yaml#lessons/all-blocks/blocks/0/text"
TITLE_UNIT = "modules/01-basics/module.yaml#lessons/all-blocks/title"


def run(root: Path, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["--root", str(root), *args])
    return result.exit_code, result.output


def exported(root: Path, tmp_path: Path) -> etree._ElementTree:
    out = tmp_path / "de.xlf"
    code, output = run(root, "translate", "export", "--lang", "de", "--out", str(out))
    assert code == 0, output
    return etree.parse(str(out))


def filled(tree: etree._ElementTree, path: Path,
           translate: Callable[[str, str], str] = lambda unit_id, text: "DE: " + text) -> Path:
    """Every trans-unit given a target (translate(unit id, source)), written to path."""
    for file_element in tree.getroot().findall("x:file", NS):
        for unit in file_element.iter(X + "trans-unit"):
            unit_id = f"{file_element.get('original')}#{unit.get('id')}"
            target = unit.find("x:target", NS)
            if target is None:
                target = etree.Element(X + "target")
                unit.find("x:source", NS).addnext(target)
            target.text = translate(unit_id, unit.find("x:source", NS).text)
            target.set("state", "translated")
    tree.write(str(path), xml_declaration=True, encoding="UTF-8")
    return path


def test_export_has_one_file_per_source_and_a_note_and_hash_per_unit(bilingual: Path, tmp_path: Path) -> None:
    tree = exported(bilingual, tmp_path)
    files = tree.getroot().findall("x:file", NS)
    assert [f.get("original") for f in files] == [
        "course/course.yaml", "modules/01-basics/module.yaml", "modules/02-questions/module.yaml"]
    assert {(f.get("source-language"), f.get("target-language")) for f in files} == {("en", "de")}
    unit = tree.getroot().find(".//x:trans-unit[@id='lessons/all-blocks/blocks/0/text']", NS)
    assert unit.find("x:source", NS).text.startswith("Some **bold** text and a [link](https://example.org).")
    notes = {note.get("from"): note.text for note in unit.findall("x:note", NS)}
    assert notes["location"] == ("module basics, lesson all-blocks, block text, field text "
                                 "(Markdown: keep link targets and `code` unchanged)")
    assert len(notes["source-hash"]) == 16
    assert unit.find("x:target", NS) is None


def test_round_trip_stores_every_target_and_status_counts_them(bilingual: Path, tmp_path: Path) -> None:
    code, output = run(bilingual, "translate", "import", str(filled(exported(bilingual, tmp_path), tmp_path / "t.xlf")))
    units = fixture_unit_count()
    assert (code, output) == (0, f"imported {units} de text(s) into course/translations/de.xlf\n")
    assert (bilingual / "course" / "translations" / "de.xlf").is_file()
    assert run(bilingual, "translate", "status") == (0, f"de: {units} translated, 0 missing, 0 stale\n")
    code, output = run(bilingual, "build", "--out", str(tmp_path / "dist"), "--format", "web", "--lang", "de")
    assert code == 0 and "warning" not in output
    page = (tmp_path / "dist" / "web" / "de" / "01-basics" / "all-blocks.html").read_text(encoding="utf-8")
    assert "DE: All the blocks &amp; more" in page


def test_a_changed_source_makes_its_unit_stale_and_export_flags_it(bilingual: Path, tmp_path: Path) -> None:
    run(bilingual, "translate", "import", str(filled(exported(bilingual, tmp_path), tmp_path / "t.xlf")))
    module_file = bilingual / "modules" / "01-basics" / "module.yaml"
    module_file.write_text(module_file.read_text(encoding="utf-8").replace(
        "title: All the blocks & more", "title: Every block there is"), encoding="utf-8")
    units = fixture_unit_count()
    assert run(bilingual, "translate", "status") == (
        0, f"de: {units - 1} translated, 0 missing, 1 stale\n  stale: {TITLE_UNIT}\n")
    tree = exported(bilingual, tmp_path)
    unit = tree.getroot().find(".//x:trans-unit[@id='lessons/all-blocks/title']", NS)
    assert unit.find("x:source", NS).text == "Every block there is"
    assert unit.find("x:target", NS).text == "DE: All the blocks & more"
    assert unit.find("x:target", NS).get("state") == "needs-review-translation"
    assert unit.find("x:note[@from='previous-source']", NS).text == "All the blocks & more"
    # returned untouched, the unit stays stale; reviewed, it is translated again
    run(bilingual, "translate", "import", str(tmp_path / "de.xlf"))
    assert run(bilingual, "translate", "status")[1].startswith(f"de: {units - 1} translated, 0 missing, 1 stale")
    unit.find("x:target", NS).text = "DE: Jeder Block"
    unit.find("x:target", NS).set("state", "translated")
    tree.write(str(tmp_path / "reviewed.xlf"))
    code, output = run(bilingual, "translate", "import", str(tmp_path / "reviewed.xlf"))
    assert code == 0, output
    assert run(bilingual, "translate", "status") == (0, f"de: {units} translated, 0 missing, 0 stale\n")


def assert_refused(root: Path, path: Path, message: str) -> None:
    store = root / "course" / "translations" / "de.xlf"
    before = store.read_bytes() if store.exists() else None
    code, output = run(root, "translate", "import", str(path))
    assert code == 1
    assert output == message
    assert (store.read_bytes() if store.exists() else None) == before, "nothing written"


def test_changed_link_targets_and_code_are_refused_naming_unit_and_change(bilingual: Path, tmp_path: Path) -> None:
    def break_link(unit_id: str, text: str) -> str:
        if unit_id == LINK_UNIT:
            return text.replace("https://example.org", "https://example.de")
        if unit_id.endswith("keypoints/1"):
            return "Zweiter Punkt"
        return "DE: " + text

    path = filled(exported(bilingual, tmp_path), tmp_path / "broken.xlf", break_link)
    assert_refused(bilingual, path, (
        f"error: broken.xlf: {LINK_UNIT}: protected parts changed: missing link target https://example.org; "
        "unexpected link target https://example.de\n"
        "broken.xlf: modules/01-basics/module.yaml#lessons/all-blocks/blocks/1/keypoints/1: protected parts "
        "changed: missing inline code `point`\n"
        "broken.xlf: 2 problem(s); nothing was imported\n"))


def test_unknown_units_and_wrong_languages_are_refused(bilingual: Path, tmp_path: Path) -> None:
    tree = exported(bilingual, tmp_path)
    body = tree.getroot().find("x:file/x:body", NS)
    extra = etree.SubElement(body, X + "trans-unit", id="lessons/gone/title")
    etree.SubElement(extra, X + "source").text = "Gone"
    assert_refused(bilingual, filled(tree, tmp_path / "unknown.xlf"), (
        "error: unknown.xlf: course/course.yaml#lessons/gone/title: unknown unit (the course has no such text)\n"
        "unknown.xlf: 1 problem(s); nothing was imported\n"))
    tree = exported(bilingual, tmp_path)
    for file_element in tree.getroot().findall("x:file", NS):
        file_element.set("target-language", "nl")
    assert_refused(bilingual, filled(tree, tmp_path / "dutch.xlf"), (
        "error: dutch.xlf: target language 'nl' is not one the course is translated into "
        "(languages in course/course.yaml after 'en': de)\n"))


def test_malformed_xml_and_entity_bombs_are_refused(bilingual: Path, tmp_path: Path) -> None:
    broken = tmp_path / "broken.xlf"
    broken.write_text('<xliff version="1.2"><file>', encoding="utf-8")
    code, output = run(bilingual, "translate", "import", str(broken))
    assert code == 1 and output.startswith("error: broken.xlf: not well-formed XML: ")
    bomb = tmp_path / "bomb.xlf"
    bomb.write_text(
        '<?xml version="1.0"?>\n<!DOCTYPE xliff [<!ENTITY a "aaaaaaaaaa">'
        '<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]>\n'
        '<xliff xmlns="urn:oasis:names:tc:xliff:document:1.2" version="1.2"><file original="course/course.yaml" '
        'source-language="en" target-language="de"><body><trans-unit id="title"><source>x</source>'
        '<target>&c;</target></trans-unit></body></file></xliff>', encoding="utf-8")
    assert_refused(bilingual, bomb,
                   "error: bomb.xlf: a DOCTYPE is not accepted in a translation file (entities stay off)\n")
    external = tmp_path / "external.xlf"
    external.write_text(
        '<?xml version="1.0"?>\n<!DOCTYPE xliff [<!ENTITY e SYSTEM "file:///etc/passwd">]>\n'
        '<xliff version="1.2"><file/></xliff>', encoding="utf-8")
    assert_refused(bilingual, external,
                   "error: external.xlf: a DOCTYPE is not accepted in a translation file (entities stay off)\n")
    assert not (bilingual / "course" / "translations").exists()
