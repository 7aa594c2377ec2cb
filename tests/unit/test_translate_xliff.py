"""`dcp-course translate`: XLIFF export, checked import, status, stale units, refused files."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from click.testing import CliRunner
from lxml import etree

from dcp_course.cli import main
from dcp_course.source.load import load_course
from dcp_course.translate.fill import ExportedUnit, fill_export, with_text
from dcp_course.translate.translations import translation_units

NS = {"x": "urn:oasis:names:tc:xliff:document:1.2"}
X = "{urn:oasis:names:tc:xliff:document:1.2}"
MODULE = "modules/01-basics/module.yaml"
LINK_UNIT = f"{MODULE}#lessons/all-blocks/blocks/0/text/0"
TITLE_UNIT = f"{MODULE}#lessons/all-blocks/title"
HASH = "{urn:dcp-course:xliff:1}source-hash"


def run(root: Path, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["--root", str(root), *args])
    return result.exit_code, result.output


def german(unit: ExportedUnit) -> str:
    return with_text(unit.source, lambda text: "DE: " + text if text.strip() else text)


def exported(root: Path, tmp_path: Path) -> etree._ElementTree:
    out = tmp_path / "de.xlf"
    code, output = run(root, "translate", "export", "--lang", "de", "--out", str(out))
    assert code == 0, output
    return etree.parse(str(out))


def filled(tree: etree._ElementTree, path: Path,
           translate: Callable[[ExportedUnit], str | None] = german) -> Path:
    """Every trans-unit given a target (translate(unit) as inline markup), written to path."""
    path.write_bytes(fill_export(etree.tostring(tree), translate))
    return path


def unit_count(root: Path) -> int:
    """The units of an export: the course's and the interface's."""
    return len(translation_units(load_course(root)))


def test_export_groups_a_markdown_field_and_gives_each_unit_its_context(bilingual: Path, tmp_path: Path) -> None:
    tree = exported(bilingual, tmp_path)
    files = tree.getroot().findall("x:file", NS)
    assert [f.get("original") for f in files] == [
        "course/course.yaml", MODULE, "modules/02-questions/module.yaml", "interface"]
    assert {(f.get("source-language"), f.get("target-language")) for f in files} == {("en", "de")}
    group = tree.getroot().find(".//x:group[@id='field:lessons/all-blocks/blocks/0/text']", NS)
    units = group.findall("x:trans-unit", NS)
    assert [unit.get("id") for unit in units] == ["lessons/all-blocks/blocks/0/text/0",
                                                  "lessons/all-blocks/blocks/0/text/1"]
    unit = units[0]
    assert etree.tostring(unit.find("x:source", NS), encoding="unicode", with_tail=False).split(">", 1)[1] == (
        'Some <g id="1" ctype="bold">bold</g> text and a <g id="2" ctype="link">link</g>.</source>')
    assert unit.get("resname") == "basics / all-blocks / block 1 (text) / text / paragraph 1 of 2"
    assert len(unit.get(HASH)) == 16
    assert unit.findtext("x:context-group[@purpose='location']/x:context[@context-type='sourcefile']",
                         namespaces=NS) == LINK_UNIT
    assert unit.findtext("x:note[@from='developer']", namespaces=NS) == (
        "In module \u201cBasics <of> blocks\u201d, lesson \u201cAll the blocks & more\u201d, block 1 (text): "
        "text, paragraph 1 of 2. Keep each tag pair around the words it marks (bold, emphasis, link text, an image's "
        "description); the "
        "pairs may move with the word order. Link 2 goes to https://example.org.")
    assert unit.find("x:target", NS) is None
    title = tree.getroot().find(".//x:trans-unit[@id='lessons/all-blocks/title']", NS)
    assert (title.get("maxwidth"), title.get("size-unit")) == ("90", "char")
    assert "Shown on one line: at most 90 characters." in title.findtext("x:note", namespaces=NS)


def test_round_trip_stores_every_target_and_status_counts_them(bilingual: Path, tmp_path: Path) -> None:
    total = unit_count(bilingual)
    code, output = run(bilingual, "translate", "import", str(filled(exported(bilingual, tmp_path), tmp_path / "t.xlf")))
    assert (code, output) == (0, f"imported {total} de text(s) into course/translations/de.xlf\n")
    assert (bilingual / "course" / "translations" / "de.xlf").is_file()
    assert run(bilingual, "translate", "status") == (0, f"de: {total} translated, 0 reviewed, 0 missing, 0 stale\n")
    code, output = run(bilingual, "build", "--out", str(tmp_path / "dist"), "--format", "web", "--lang", "de")
    assert code == 0 and "warning" not in output
    page = (tmp_path / "dist" / "web" / "de" / "01-basics" / "all-blocks.html").read_text(encoding="utf-8")
    assert "DE: All the blocks &amp; more" in page
    assert '<p>DE: Some <strong>DE: bold</strong>DE:  text and a <a href="https://example.org"' in page


def test_a_changed_source_makes_its_unit_stale_and_export_flags_it(bilingual: Path, tmp_path: Path) -> None:
    total = unit_count(bilingual)
    run(bilingual, "translate", "import", str(filled(exported(bilingual, tmp_path), tmp_path / "t.xlf")))
    module_file = bilingual / MODULE
    module_file.write_text(module_file.read_text(encoding="utf-8").replace(
        "title: All the blocks & more", "title: Every block there is"), encoding="utf-8")
    assert run(bilingual, "translate", "status") == (
        0, f"de: {total - 1} translated, 0 reviewed, 0 missing, 1 stale\n  stale: {TITLE_UNIT}\n")
    tree = exported(bilingual, tmp_path)
    unit = tree.getroot().find(".//x:trans-unit[@id='lessons/all-blocks/title']", NS)
    assert unit.find("x:source", NS).text == "Every block there is"
    assert unit.find("x:target", NS).text == "DE: All the blocks & more"
    assert unit.find("x:target", NS).get("state") == "needs-review-translation"
    previous = unit.find("x:alt-trans[@alttranstype='previous-version']", NS)
    assert (previous.findtext("x:source", namespaces=NS), previous.findtext("x:target", namespaces=NS)) == (
        "All the blocks & more", "DE: All the blocks & more")
    # returned untouched, the unit stays stale; reviewed, it is translated again
    code, output = run(bilingual, "translate", "import", str(tmp_path / "de.xlf"))
    assert (code, output) == (0, f"imported {total - 1} de text(s) into course/translations/de.xlf; 1 still "
                                 "marked for review were left as they were\n")
    assert run(bilingual, "translate", "status")[1].startswith(f"de: {total - 1} translated, 0 reviewed, 0 missing, 1 stale")
    unit.find("x:target", NS).text = "DE: Jeder Block"
    unit.find("x:target", NS).set("state", "signed-off")
    tree.write(str(tmp_path / "reviewed.xlf"))
    code, output = run(bilingual, "translate", "import", str(tmp_path / "reviewed.xlf"))
    assert code == 0, output
    assert run(bilingual, "translate", "status") == (0, f"de: {total} translated, 1 reviewed, 0 missing, 0 stale\n")


def assert_refused(root: Path, path: Path, message: str) -> None:
    store = root / "course" / "translations" / "de.xlf"
    before = store.read_bytes() if store.exists() else None
    code, output = run(root, "translate", "import", str(path))
    assert code == 1
    assert output == message
    assert (store.read_bytes() if store.exists() else None) == before, "nothing written"


def test_tags_missing_repeated_or_badly_nested_are_refused_naming_unit_and_tag(
        bilingual: Path, tmp_path: Path) -> None:
    def broken(unit: ExportedUnit) -> str:
        if unit.id == LINK_UNIT:  # the link's tags dropped
            return "Etwas <g id=\"1\" ctype=\"bold\">fett</g> und ein Link."
        if unit.id == f"{MODULE}#summary/0":  # emphasis twice
            return 'Jeder <g id="1">Block</g> einmal, mit <g id="1">Markdown</g>.'
        if unit.id.endswith("blocks/1/keypoints/1"):  # code written into a plain text changed
            return "Zweiter Punkt"
        if unit.id == "course/course.yaml#description/0":  # the pair closed inside another
            return 'Ein <g id="1">kleiner</g> Kurs <g id="9">x</g>.'
        return german(unit)

    assert_refused(bilingual, filled(exported(bilingual, tmp_path), tmp_path / "broken.xlf", broken), (
        "error: broken.xlf: course/course.yaml#description/0: tag id '9' is not in the source\n"
        f"broken.xlf: {MODULE}#summary/0: tag <g id=\"1\"> appears 2 times\n"
        f"broken.xlf: {LINK_UNIT}: tag <g id=\"2\"> is missing\n"
        f"broken.xlf: {MODULE}#lessons/all-blocks/blocks/1/keypoints/1: protected parts changed: missing inline "
        "code `point`\n"
        "broken.xlf: 4 problem(s); nothing was imported\n"))
    crossed = tmp_path / "crossed.xlf"
    crossed.write_bytes(filled(exported(bilingual, tmp_path), tmp_path / "c.xlf").read_bytes().replace(
        b"DE: bold</g>", b"DE: bold", 1))
    code, output = run(bilingual, "translate", "import", str(crossed))
    assert code == 1 and output.startswith("error: crossed.xlf: not well-formed XML: ")


def test_pairs_may_move_and_nest_differently_as_word_order_needs(bilingual: Path, tmp_path: Path) -> None:
    def reordered(unit: ExportedUnit) -> str:
        if unit.id == LINK_UNIT:
            return 'Ein <g id="2">Link</g> und etwas <g id="1">Fettes</g>.'
        if unit.id == f"{MODULE}#summary/0":
            return 'Jeder Block <g id="1">einmal</g>.'
        if unit.id == f"{MODULE}#lessons/all-blocks/blocks/0/text/1":
            return "&lt;b&gt;rohes HTML bleibt Text&lt;/b&gt; *kein* [Link] #1"
        return german(unit)

    code, output = run(bilingual, "translate", "import", str(filled(exported(bilingual, tmp_path),
                                                                     tmp_path / "t.xlf", reordered)))
    assert code == 0, output
    code, output = run(bilingual, "build", "--out", str(tmp_path / "dist"), "--format", "web", "--lang", "de")
    assert code == 0, output
    page = (tmp_path / "dist" / "web" / "de" / "01-basics" / "all-blocks.html").read_text(encoding="utf-8")
    assert '<p>Ein <a href="https://example.org" target="_blank" rel="noopener noreferrer">Link' in page
    assert "und etwas <strong>Fettes</strong>.</p>" in page
    assert "<p>&lt;b&gt;rohes HTML bleibt Text&lt;/b&gt; *kein* [Link] #1</p>" in page
    module = (tmp_path / "dist" / "web" / "de" / "01-basics" / "index.html").read_text(encoding="utf-8")
    assert "<p>Jeder Block <em>einmal</em>.</p>" in module


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


def test_duplicate_ids_edited_sources_and_units_moved_between_files_are_refused(
        bilingual: Path, tmp_path: Path) -> None:
    tree = exported(bilingual, tmp_path)
    files = tree.getroot().findall("x:file", NS)
    first = files[1].find(".//x:trans-unit", NS)
    twin = etree.fromstring(etree.tostring(first))
    first.addnext(twin)
    assert_refused(bilingual, filled(tree, tmp_path / "twice.xlf"), (
        f"error: twice.xlf: {files[1].get('original')}#{first.get('id')}: this trans-unit id appears more than "
        "once in its <file> (each text once)\ntwice.xlf: nothing was imported\n"))
    tree = exported(bilingual, tmp_path)
    unit = tree.getroot().find(".//x:trans-unit[@id='lessons/all-blocks/title']", NS)
    unit.find("x:source", NS).text = "An edited source"
    assert_refused(bilingual, filled(tree, tmp_path / "edited.xlf"), (
        f"error: edited.xlf: {TITLE_UNIT}: its <source> was edited (the source text is the course's; translate "
        "into <target> only)\nedited.xlf: 1 problem(s); nothing was imported\n"))
    tree = exported(bilingual, tmp_path)
    unit = tree.getroot().find(".//x:trans-unit[@id='lessons/all-blocks/title']", NS)
    tree.getroot().find("x:file/x:body", NS).append(unit)  # into course/course.yaml's <file>
    assert_refused(bilingual, filled(tree, tmp_path / "moved.xlf"), (
        "error: moved.xlf: course/course.yaml#lessons/all-blocks/title: this unit was moved to "
        "<file original=\"course/course.yaml\">; it belongs to <file original=\"modules/01-basics/module.yaml\"> "
        "(units keep the <file> the export gave them)\nmoved.xlf: 1 problem(s); nothing was imported\n"))


def test_inline_elements_other_than_g_x_and_ph_and_xliff_2_are_refused_by_name(bilingual: Path, tmp_path: Path) -> None:
    path = filled(exported(bilingual, tmp_path), tmp_path / "bpt.xlf", lambda unit: (
        'Etwas <bpt id="1">&lt;b&gt;</bpt>fett<ept id="1">&lt;/b&gt;</ept> und ein <g id="2">Link</g>.'
        if unit.id == LINK_UNIT else german(unit)))
    assert_refused(bilingual, path, (
        f"error: bpt.xlf: {LINK_UNIT}: inline element <bpt> is not read; keep the <g>, <x/> and <ph> tags of the "
        "exported file (set your tool to write XLIFF 1.2 with <g> tags)\n"))
    version_2 = tmp_path / "two.xlf"
    version_2.write_text('<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.0" srcLang="en" '
                         'trgLang="de"><file id="f1"/></xliff>', encoding="utf-8")
    assert_refused(bilingual, version_2, (
        "error: two.xlf: not an XLIFF 1.2 document (root element '{urn:oasis:names:tc:xliff:document:2.0}xliff', "
        "version 2.0); XLIFF 2 is not read: export XLIFF 1.2 from your tool\n"))
