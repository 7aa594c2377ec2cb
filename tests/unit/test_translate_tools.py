"""The export and its returns with real tools: translate-toolkit's XLIFF API and its PO converters, the
OASIS XLIFF 1.2 strict schema, and a return written the way Trados and memoQ write one."""

from __future__ import annotations

import copy
import hashlib
from collections import Counter
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path

from click.testing import CliRunner
from conftest import TESTS
from lxml import etree
from lxml import html as lxml_html
from translate.convert import po2xliff, xliff2po
from translate.storage import xliff
from translate.storage.placeables import StringElem

from dcp_course.cli import main
from dcp_course.source.load import load_course
from dcp_course.translate.translations import translation_units

SCHEMAS = TESTS / "fixtures" / "xliff"
XLIFF_NS = "urn:oasis:names:tc:xliff:document:1.2"
X = f"{{{XLIFF_NS}}}"
NS = {"x": XLIFF_NS}
MODULE = "modules/01-basics/module.yaml"
LINK_UNIT = f"{MODULE}#lessons/all-blocks/blocks/0/text/0"
MEMOQ = "http://www.kilgray.com/2010/memoq/xliff"


def run(root: Path, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["--root", str(root), *args])
    return result.exit_code, result.output


def export(root: Path, tmp_path: Path, name: str = "de.xlf") -> bytes:
    out = tmp_path / name
    code, output = run(root, "translate", "export", "--lang", "de", "--out", str(out))
    assert code == 0, output
    return out.read_bytes()


def imported(root: Path, tmp_path: Path, data: bytes, name: str = "return.xlf") -> tuple[int, str]:
    path = tmp_path / name
    path.write_bytes(data)
    return run(root, "translate", "import", str(path))


# ---------------------------------------------------------------- the OASIS strict schema


class _LocalSchemas(etree.Resolver):
    """The W3C xml.xsd that the OASIS schema imports from the web, from the copy beside it."""

    def resolve(self, url: str, pubid: str, context: object) -> object:  # type: ignore[override]
        if url.endswith("/xml.xsd"):
            return self.resolve_filename(str(SCHEMAS / "xml.xsd"), context)
        return None


@lru_cache(maxsize=1)
def xliff_schema() -> etree.XMLSchema:
    parser = etree.XMLParser(no_network=True)
    parser.resolvers.add(_LocalSchemas())
    driver = (
        '<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema">'
        f'<xs:import namespace="{XLIFF_NS}" schemaLocation="{(SCHEMAS / "xliff-core-1.2-strict.xsd").as_uri()}"/>'
        f'<xs:import namespace="urn:dcp-course:xliff:1" schemaLocation="{(SCHEMAS / "dcp-course-xliff.xsd").as_uri()}"/>'
        "</xs:schema>")
    return etree.XMLSchema(etree.fromstring(driver, parser, base_url=SCHEMAS.as_uri() + "/"))


def assert_valid(data: bytes) -> None:
    schema = xliff_schema()
    valid = schema.validate(etree.fromstring(data))
    assert valid, [f"{error.line}: {error.message}" for error in schema.error_log][:5]


def test_the_schemas_are_the_published_files() -> None:
    lines = [line.split() for line in (SCHEMAS / "PROVENANCE").read_text(encoding="utf-8").splitlines()
             if line.strip() and not line.startswith("#")]
    assert [line[0] for line in lines] == ["xliff-core-1.2-strict.xsd", "xml.xsd"]
    for name, _package, _path, digest in lines:
        assert hashlib.sha256((SCHEMAS / name).read_bytes()).hexdigest() == digest, name


def test_the_export_validates_against_the_strict_schema_and_a_broken_one_does_not(
        bilingual: Path, tmp_path: Path) -> None:
    data = export(bilingual, tmp_path)
    assert b"<seg-source>" in data and b"<g id=" in data and b"<ph id=" in data and b"<group " in data
    assert_valid(data)
    tree = etree.fromstring(data)
    tree.find(".//x:trans-unit", NS).set("state", "translated")  # not an attribute of <trans-unit>
    assert not xliff_schema().validate(tree)


def test_a_leveraged_and_stale_export_validates(bilingual: Path, tmp_path: Path) -> None:
    module_file = bilingual / MODULE
    module_file.write_text(module_file.read_text(encoding="utf-8").replace(
        "text: A short second lesson.", "text: Tips help."), encoding="utf-8")
    returned = etree.fromstring(fill_targets(export(bilingual, tmp_path), lambda unit_id: "signed-off"))
    twin = returned.find(".//x:trans-unit[@id='lessons/second-lesson/blocks/0/text/0']", NS)
    twin.remove(twin.find("x:target", NS))  # one of the twins left untranslated
    code, output = imported(bilingual, tmp_path, etree.tostring(returned))
    assert code == 0, output
    module_file.write_text(module_file.read_text(encoding="utf-8").replace(
        "title: All the blocks & more", "title: Every block there is"), encoding="utf-8")
    again = export(bilingual, tmp_path, "again.xlf")
    assert b'state-qualifier="leveraged-inherited"' in again and b'alttranstype="previous-version"' in again
    assert_valid(again)


# ---------------------------------------------------------------- a Trados / memoQ return


def _german_text(element: etree._Element) -> None:
    """Every text and tail inside element marked German, what a <ph> shows left alone."""
    if element.text and element.text.strip() and etree.QName(element).localname != "ph":
        element.text = "DE " + element.text
    for child in element:
        _german_text(child)
        if child.tail and child.tail.strip():
            child.tail = "DE " + child.tail


def fill_targets(data: bytes, state: Callable[[str], str], segmented: bool = True) -> bytes:
    """Each unit's target as a CAT tool writes it: the segmented source (<mrk mtype="seg">) or the
    source, its text translated, its tags kept, in state(unit id)."""
    root = etree.fromstring(data)
    for file_element in root.iter(X + "file"):
        for unit in file_element.iter(X + "trans-unit"):
            for old in unit.findall(X + "target"):
                unit.remove(old)
            segments = unit.find(X + "seg-source")
            model = segments if segments is not None and segmented else unit.find(X + "source")
            target = copy.deepcopy(model)
            target.tag = X + "target"
            target.attrib.clear()
            target.set("state", state(f"{file_element.get('original')}#{unit.get('id')}"))
            _german_text(target)
            (segments if segments is not None else unit.find(X + "source")).addnext(target)
    return bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8"))


def as_cat_tools_write_it(data: bytes) -> bytes:
    """Regional language tags, and attributes of the tool's own namespace on every unit."""
    root = etree.fromstring(data)
    for file_element in root.iter(X + "file"):
        file_element.set("source-language", "en-US")
        file_element.set("target-language", "de-DE")
    for unit in root.iter(X + "trans-unit"):
        unit.set(f"{{{MEMOQ}}}status", "ManuallyConfirmed")
    return bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8"))


def test_a_segmented_return_as_trados_and_memoq_write_it_validates_imports_and_builds(
        bilingual: Path, tmp_path: Path) -> None:
    data = export(bilingual, tmp_path)
    returned = fill_targets(data, lambda unit_id: "signed-off" if unit_id.startswith(MODULE) else "translated")
    assert returned.count(b'<target state="translated"><mrk mtype="seg" mid="1">') > 0
    assert_valid(returned)
    code, output = imported(bilingual, tmp_path, as_cat_tools_write_it(returned))
    total = len(translation_units(load_course(bilingual)))
    reviewed = sum(1 for unit in translation_units(load_course(bilingual)) if unit.file == MODULE)
    assert (code, output) == (0, f"imported {total} de text(s) into course/translations/de.xlf, {reviewed} of "
                                 "them reviewed\n")
    assert run(bilingual, "translate", "status") == (
        0, f"de: {total} translated, {reviewed} reviewed, 0 missing, 0 stale\n")
    code, output = run(bilingual, "build", "--out", str(tmp_path / "dist"), "--format", "web", "--lang", "de")
    assert code == 0 and "warning" not in output, output
    page = lxml_html.fromstring((tmp_path / "dist" / "web" / "de" / "01-basics" / "all-blocks.html").read_bytes())
    first = page.xpath("//main//div[contains(@class, 'block-text')][1]/p[1]")[0]
    assert first.text_content().startswith("DE Some DE bold")
    assert first.xpath("strong/text()") == ["DE bold"] and first.xpath("a/@href") == ["https://example.org"]


# ---------------------------------------------------------------- translate-toolkit


def _marked(element: StringElem) -> StringElem:
    element = copy.deepcopy(element)

    def walk(node: StringElem) -> None:
        node.sub = [f"DE {part}" if isinstance(part, str) and part.strip() else part for part in node.sub]
        for part in node.sub:
            if not isinstance(part, str):
                walk(part)

    walk(element)
    return element


def test_translate_toolkit_reads_the_export_sets_targets_keeping_tags_and_the_result_imports(
        bilingual: Path, tmp_path: Path) -> None:
    store = xliff.xlifffile.parsestring(export(bilingual, tmp_path))
    units = [unit for unit in store.units if not unit.isheader()]
    assert len(units) == len(translation_units(load_course(bilingual)))
    link = next(unit for unit in units if unit.xmlelement.get("id") == LINK_UNIT.split("#")[1])
    assert link.source == "Some bold text and a link."  # the tags are not text
    assert [type(part).__name__ for part in link.rich_source[0].sub] == ["StringElem", "G", "StringElem", "G",
                                                                        "StringElem"]
    for unit in units:
        unit.rich_target = [_marked(part) for part in unit.rich_source]
    data = bytes(store)
    assert b'<target>DE Some <g id="1" ctype="bold">DE bold</g>' in data
    code, output = imported(bilingual, tmp_path, data)
    assert (code, output) == (0, f"imported {len(units)} de text(s) into course/translations/de.xlf\n")


def test_po_conversion_keeps_identical_texts_apart_and_po2xliff_returns_import(bilingual: Path, tmp_path: Path) -> None:
    data = export(bilingual, tmp_path)
    catalogue = xliff2po.xliff2po().convertstore(data)
    entries = [unit for unit in catalogue.units if not unit.isheader()]
    units = {unit.id: unit for unit in translation_units(load_course(bilingual))}
    assert len(entries) == len(units), "xliff2po merged entries"
    repeated = [text for text, count in Counter(entry.source for entry in entries).items() if count > 1]
    assert "Correct" in repeated and len({(entry.getcontext(), entry.source) for entry in entries}) == len(entries)
    plain = 0
    for entry in entries:
        (location,) = entry.getlocations()
        unit = units[location.replace("%23", "#")]
        if all(isinstance(piece, str) for piece in unit.content):  # a PO editor shows no tags
            entry.target = f"DE {entry.source} ({unit.key})"
            entry.markfuzzy(False)  # what a PO editor does on confirming a pre-filled entry
            plain += 1
    catalogue.updateheader(add=True, Language="de")
    returned = po2xliff.po2xliff().convertstore(catalogue)
    assert b"urn:oasis:names:tc:xliff:document:1.1" in returned  # po2xliff writes XLIFF 1.1
    code, output = imported(bilingual, tmp_path, returned)
    assert (code, output) == (0, f"imported {plain} de text(s) into course/translations/de.xlf\n"), output[-3000:]
    stored = etree.parse(str(bilingual / "course" / "translations" / "de.xlf"))
    correct = [unit.findtext("x:target", namespaces=NS) for unit in stored.iter(X + "trans-unit")
               if unit.findtext("x:source", namespaces=NS) == "Correct"]
    assert len(correct) == len(set(correct)) == 3  # each twin came back as itself
    tagged = next(entry for entry in entries if entry.getlocations()[0].replace("%23", "#") == LINK_UNIT)
    tagged.target = "DE Etwas fett und ein Link."
    code, output = imported(bilingual, tmp_path, po2xliff.po2xliff().convertstore(catalogue), "tagged.xlf")
    assert code == 1 and f"tagged.xlf: {LINK_UNIT}: tag <g id=\"1\"> is missing" in output
