"""Ids from text in every script: glossary anchors keep their letters, never collide, and links follow."""

from __future__ import annotations

import shutil
from pathlib import Path
from urllib.parse import unquote, urlsplit

from click.testing import CliRunner
from conftest import REPO, set_languages
from lxml import html as lxml_html

from dcp_course.build import build
from dcp_course.cli import main
from dcp_course.render.anchors import anchor_slug, unique_anchors
from dcp_course.render.glossary import term_anchors
from dcp_course.source.model import GlossaryEntry
from dcp_course.translate.fill import fill_export, with_text


def test_letters_of_any_script_are_kept() -> None:
    assert anchor_slug("ÜB Counter-narrative") == "üb-counter-narrative"
    assert anchor_slug("Κοινοτική αστυνόμευση") == "κοινοτική-αστυνόμευση"
    assert anchor_slug("Полиция в общността (ПО)") == "полиция-в-общността-по"
    assert anchor_slug("⟦Ðîîĝîîţåå⟧ P/CVE") == "ðîîĝîîţåå-p-cve"
    assert anchor_slug("हिन्दी") == "हिन्दी"  # combining vowel signs stay with their letters


def test_texts_that_give_the_same_id_get_numbers_in_order() -> None:
    assert unique_anchors("term", ["P/CVE", "P CVE", "p-cve", "?", "!"]) == [
        "term-p-cve", "term-p-cve-2", "term-p-cve-3", "term-entry", "term-entry-2"]
    entries = [GlossaryEntry(term=term, definition="x") for term in ("Radicalisation", "radicalisation!")]
    assert term_anchors(entries) == {"Radicalisation": "term-radicalisation",
                                     "radicalisation!": "term-radicalisation-2"}


def page_ids_and_links(web: Path) -> tuple[dict[str, list[str]], list[tuple[str, str]]]:
    """Every id of every page (in order, repeats kept) and every link to a page of the site."""
    ids: dict[str, list[str]] = {}
    links: list[tuple[str, str]] = []
    for page in sorted(web.rglob("*.html")):
        name = page.relative_to(web).as_posix()
        document = lxml_html.fromstring(page.read_bytes())
        ids[name] = document.xpath("//@id")
        for href in document.xpath("//a/@href"):
            parts = urlsplit(href)
            if not parts.scheme and not href.startswith("//"):
                links.append((name, href))
    return ids, links


def assert_ids_unique_and_links_resolve(web: Path) -> int:
    ids, links = page_ids_and_links(web)
    repeated = {page: sorted({i for i in found if found.count(i) > 1}) for page, found in ids.items()}
    assert {page: found for page, found in repeated.items() if found} == {}
    broken = []
    for page, href in links:
        parts = urlsplit(href)
        target = (Path(page).parent / unquote(parts.path)).as_posix() if parts.path else page
        target = str(Path(target)).replace("\\", "/")
        normalised = Path(target)
        resolved = (web / normalised).resolve().relative_to(web.resolve()).as_posix()
        if resolved not in ids or (parts.fragment and unquote(parts.fragment) not in ids[resolved]):
            broken.append((page, href))
    assert broken == []
    return len(links)


def test_the_pseudo_locale_build_has_unique_ids_and_every_internal_link_resolves(tmp_path: Path) -> None:
    build(REPO, tmp_path, ("web",), languages=("qps",))
    web = tmp_path / "web" / "qps"
    assert assert_ids_unique_and_links_resolve(web) > 10
    glossary = lxml_html.fromstring((web / "glossary.html").read_bytes())
    anchors = glossary.xpath("//dl[@class='glossary']//dt/@id")
    assert len(anchors) == len(set(anchors)) > 1 and "term-entry" not in anchors
    linked = {unquote(urlsplit(href).fragment) for page in web.rglob("*.html")
              for href in lxml_html.fromstring(page.read_bytes()).xpath("//a[@class='glossary-link']/@href")}
    assert len(linked) > 1 and linked <= set(anchors)


LATIN = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
GREEK = str.maketrans(LATIN, "αβχδεφγηιξκλμνοπθρστυϋωχψζΑΒΧΔΕΦΓΗΙΞΚΛΜΝΟΠΘΡΣΤΥΫΩΧΨΖ")
CYRILLIC = str.maketrans(LATIN, "абцдефгхийклмнопярстужвхузАБЦДЕФГХИЙКЛМНОПЯРСТУЖВХУЗ")


def course_in(tmp_path: Path, languages: str) -> Path:
    root = tmp_path / "course-src"
    for folder in ("course", "modules"):
        shutil.copytree(REPO / folder, root / folder)
    set_languages(root, languages)
    return root


def translated_into(root: Path, language: str, table: dict[int, str]) -> None:
    """Every unit, the interface's included, written in another script, through the export file."""
    runner = CliRunner()
    out = root / f"{language}.xlf"
    result = runner.invoke(main, ["--root", str(root), "translate", "export", "--lang", language, "--out", str(out)])
    assert result.exit_code == 0, result.output
    out.write_bytes(fill_export(out.read_bytes(), lambda unit: with_text(unit.source, lambda t: t.translate(table))))
    result = runner.invoke(main, ["--root", str(root), "translate", "import", str(out)])
    assert result.exit_code == 0, result.output


def test_greek_and_bulgarian_builds_have_unique_ids_and_every_internal_link_resolves(tmp_path: Path) -> None:
    root = course_in(tmp_path, "[en, el, bg]")
    refused = CliRunner().invoke(main, ["--root", str(root), "build", "--lang", "el", "--format", "web",
                                        "--out", str(tmp_path / "refused")])
    assert refused.exit_code == 1 and "of the interface's" in refused.output and '<file original="interface">' in \
        refused.output
    translated_into(root, "el", GREEK)
    translated_into(root, "bg", CYRILLIC)
    result = CliRunner().invoke(main, ["--root", str(root), "build", "--lang", "el", "--lang", "bg", "--format", "web",
                                       "--out", str(tmp_path / "dist")])
    assert result.exit_code == 0, result.output
    for language, letters in (("el", "αβγδεφ"), ("bg", "абцдеф")):
        web = tmp_path / "dist" / "web" / language
        assert assert_ids_unique_and_links_resolve(web) > 10
        glossary = lxml_html.fromstring((web / "glossary.html").read_bytes())
        assert glossary.get("lang") == language
        anchors = glossary.xpath("//dl[@class='glossary']//dt/@id")
        assert len(anchors) == len(set(anchors)) > 1
        assert all(any(letter in anchor for letter in letters) for anchor in anchors)
        skip = glossary.xpath("//a[@class='skip-link']/text()")
        assert skip == ["Skip to content".translate(GREEK if language == "el" else CYRILLIC)]
