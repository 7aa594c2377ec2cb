"""Builds per language: names, interface catalogue, lang attributes, fallbacks, kept languages."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from lxml import etree
from lxml import html as lxml_html

from dcp_course.build import build
from dcp_course.cli import main
from dcp_course.source.errors import BuildError
from dcp_course.translate.languages import language_output_name


def list_languages(root: Path, languages: str) -> None:
    course_file = root / "course" / "course.yaml"
    text = course_file.read_text(encoding="utf-8")
    course_file.write_text(text.replace("language: en\n", f"language: en\nlanguages: {languages}\n"),
                           encoding="utf-8")


def test_output_names_carry_the_language() -> None:
    assert language_output_name("web", "de") == "web/de"
    assert language_output_name("c-1.0.0-scorm12.zip", "de") == "c-1.0.0-de-scorm12.zip"
    assert language_output_name("c-1.0.0-rc.1-scorm2004.zip", "nl") == "c-1.0.0-rc.1-nl-scorm2004.zip"
    assert language_output_name("c-1.0.0-cmi5.zip", "de") == "c-1.0.0-de-cmi5.zip"


def test_every_listed_language_is_built_in_its_own_interface(course_copy: Path, tmp_path: Path) -> None:
    list_languages(course_copy, "[en, de]")
    out = tmp_path / "dist"
    result = build(course_copy, out, ("web", "scorm2004"))
    assert sorted(result.outputs) == ["fixture-course-0.9.0-de-scorm2004.zip", "fixture-course-0.9.0-en-scorm2004.zip",
                                      "web/de", "web/en"]
    assert len(result.warnings) == 1 and result.warnings[0].startswith("de: ")
    german = lxml_html.fromstring((out / "web" / "de" / "index.html").read_bytes())
    english = lxml_html.fromstring((out / "web" / "en" / "index.html").read_bytes())
    assert german.get("lang") == "de" and english.get("lang") == "en"
    assert german.xpath("//a[@class='skip-link']/text()") == ["Zum Inhalt springen"]
    assert english.xpath("//a[@class='skip-link']/text()") == ["Skip to content"]
    with zipfile.ZipFile(io.BytesIO((out / "fixture-course-0.9.0-de-scorm2004.zip").read_bytes())) as package:
        shell = lxml_html.fromstring(package.read("sco-basics.html"))
        manifest = etree.fromstring(package.read("imsmanifest.xml"))
    assert shell.get("lang") == "de"
    assert manifest.find(".//{*}organization/{*}title").text == "Fixture <Course> & Friends"


def test_one_language_rebuilt_keeps_the_others(course_copy: Path, tmp_path: Path) -> None:
    list_languages(course_copy, "[en, de]")
    out = tmp_path / "dist"
    build(course_copy, out, ("web",))
    english_home = (out / "web" / "en" / "index.html").read_bytes()
    result = build(course_copy, out, ("web",), languages=("de",))
    assert sorted(result.outputs) == ["web/de"]
    assert (out / "web" / "en" / "index.html").read_bytes() == english_home
    assert (out / "web" / "de" / "index.html").is_file()


def test_a_single_language_course_keeps_its_names_unless_another_language_is_asked_for(
        fixture_root: Path, tmp_path: Path) -> None:
    plain = build(fixture_root, tmp_path / "plain", ("web", "scorm12"))
    assert sorted(plain.outputs) == ["fixture-course-0.9.0-scorm12.zip", "web"] and plain.warnings == ()
    pseudo = build(fixture_root, tmp_path / "qps", ("scorm12",), languages=("qps",))
    assert sorted(pseudo.outputs) == ["fixture-course-0.9.0-qps-scorm12.zip"]


def test_unlisted_languages_and_strict_gaps_are_refused(course_copy: Path, tmp_path: Path) -> None:
    with pytest.raises(BuildError, match=r"language 'de' is not in course.yaml's languages \(en\)"):
        build(course_copy, tmp_path / "out", ("web",), languages=("de",))
    list_languages(course_copy, "[en, de]")
    result = CliRunner().invoke(main, ["--root", str(course_copy), "build", "--out", str(tmp_path / "cli"),
                                       "--format", "web", "--lang", "de", "--strict"])
    assert result.exit_code == 1
    assert "error: de: " in result.output and "text(s) without a translation" in result.output
    assert not (tmp_path / "cli").exists(), "a refused build writes nothing"
    result = CliRunner().invoke(main, ["--root", str(course_copy), "build", "--out", str(tmp_path / "cli"),
                                       "--format", "web", "--lang", "de"])
    assert result.exit_code == 0
    assert "warning: de: " in result.output


def test_preview_and_review_pack_in_another_language(fixture_root: Path, tmp_path: Path) -> None:
    from dcp_course.preview.incremental import IncrementalBuilder

    builder = IncrementalBuilder(fixture_root, language="qps")
    report = builder.rebuild()
    assert report.problems == ()
    assert builder._snapshot.site is not None
    assert builder._snapshot.site.source.course.title.startswith("⟦")
    assert builder._snapshot.site.messages.language == "qps"
    result = CliRunner().invoke(main, ["--root", str(fixture_root), "review-pack", "--lang", "qps", "--no-pdf",
                                       "--out", str(tmp_path / "pack.html")])
    assert result.exit_code == 0, result.output
    pack = lxml_html.fromstring((tmp_path / "pack.html").read_bytes())
    assert pack.findtext(".//h1").startswith("⟦")
    refused = CliRunner().invoke(main, ["--root", str(fixture_root), "review-pack", "--lang", "de", "--no-pdf",
                                        "--out", str(tmp_path / "de.html")])
    assert refused.exit_code == 1 and "language 'de' is not in course.yaml's languages (en)" in refused.output
