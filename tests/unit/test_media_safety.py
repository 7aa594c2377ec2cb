"""Untrusted SVG media: anything that could run or reach out is refused at load, located and explained."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from dcp_course.source.errors import SourceError, SourceErrors
from dcp_course.source.load import load_course
from dcp_course.source.svg_safety import SVG_HINT, svg_hazards

from .test_sources import COURSE_YAML, MODULE_YAML, write_course

REPO = Path(__file__).resolve().parents[2]
FIXTURES = REPO / "tests" / "fixtures" / "svg-safety"

# One hostile file per way in, with every reason it must be refused for (line in the SVG, reason).
HOSTILE = {
    "script.svg": [(3, "a <script> element")],
    "onload-attribute.svg": [(3, "an event-handler attribute 'onload'")],
    "onmouseover-on-root.svg": [(1, "an event-handler attribute 'onmouseover'")],
    "javascript-href.svg": [(2, "a javascript: URL in 'href'")],
    "javascript-xlink-href-obfuscated.svg": [(2, "a javascript: URL in 'href'")],
    "javascript-style-url.svg": [(2, "a javascript: URL in 'style'")],
    "javascript-style-url-css-escape.svg": [(2, "a javascript: URL in 'style'")],
    "external-image-https.svg": [(2, "an external reference 'https://tracker.example/pixel.png' in 'href'")],
    "external-image-protocol-relative.svg": [(2, "an external reference '//tracker.example/pixel.png' in 'href'")],
    "external-style-element-url.svg": [
        (2, "an external reference 'http://tracker.example/paint.svg#g' in a url() of a <style> element")],
    "style-import.svg": [(2, "an @import in a <style> element")],
    "embedded-svg-data-url.svg": [(2, "an embedded document 'data:image/svg+xml;base64,PHN…' in 'href'")],
    "foreign-object.svg": [(2, "a <foreignObject> element (embedded HTML)")],
    "animated-href.svg": [(2, "an animation that changes a link target"), (2, "a javascript: URL in 'to'")],
    "entity-declaration.svg": [(1, "entity or attribute declarations in its DOCTYPE")],
    "attlist-default-onload.svg": [(1, "entity or attribute declarations in its DOCTYPE")],
    "xml-stylesheet.svg": [(2, "an xml-stylesheet instruction (styles or XSLT from elsewhere)")],
    "html-document.svg": [(1, "its root element is '{http://www.w3.org/1999/xhtml}html', not an SVG <svg>")],
}


def test_every_hostile_fixture_has_its_expectation() -> None:
    assert sorted(path.name for path in (FIXTURES / "hostile").glob("*.svg")) == sorted(
        [*HOSTILE, "not-well-formed.svg"])


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_hostile_svg_is_refused_with_line_and_reason(name: str) -> None:
    assert svg_hazards((FIXTURES / "hostile" / name).read_bytes()) == HOSTILE[name]


def test_svg_that_cannot_be_parsed_is_refused_not_shipped_unchecked() -> None:
    [(line, reason)] = svg_hazards((FIXTURES / "hostile" / "not-well-formed.svg").read_bytes())
    assert line == 3 and reason.startswith("not well-formed XML (")


def test_an_external_entity_is_neither_fetched_nor_read() -> None:
    # With entity resolution on, lxml would read /etc/hostname into the text.
    hazards = svg_hazards(b'<!DOCTYPE svg [<!ENTITY leak SYSTEM "file:///etc/hostname">]>'
                          b'<svg xmlns="http://www.w3.org/2000/svg"><text>&leak;</text></svg>')
    assert hazards == [(1, "entity or attribute declarations in its DOCTYPE")]


def test_internal_references_gradients_and_embedded_png_pass() -> None:
    assert svg_hazards((FIXTURES / "safe" / "internal-references.svg").read_bytes()) == []


def test_every_svg_of_the_real_course_passes() -> None:
    svgs = sorted([*REPO.glob("modules/*/media/*.svg"), *REPO.glob("course/media/*.svg")])
    assert len(svgs) >= 9
    assert {str(svg.relative_to(REPO)): svg_hazards(svg.read_bytes()) for svg in svgs} == {
        str(svg.relative_to(REPO)): [] for svg in svgs}


def test_the_real_course_loads_with_its_svgs() -> None:
    source = load_course(REPO)
    assert sum(name.endswith(".svg") for loaded in source.modules for name in loaded.media) >= 8


def _only_error(root: Path) -> SourceError:
    with pytest.raises(SourceErrors) as caught:
        load_course(root)
    assert len(caught.value.errors) == 1, [e.render() for e in caught.value.errors]
    return caught.value.errors[0]


def test_build_names_the_module_line_the_media_file_and_the_reason(tmp_path: Path) -> None:
    module = MODULE_YAML.replace("      - text: Hello.", "      - image: {src: media/box.svg, alt: A box}")
    write_course(tmp_path, module)
    (tmp_path / "modules" / "01-first" / "media").mkdir()
    shutil.copy(FIXTURES / "hostile" / "script.svg", tmp_path / "modules" / "01-first" / "media" / "box.svg")
    error = _only_error(tmp_path)
    assert error.render(tmp_path) == (
        "modules/01-first/module.yaml:12:17: lessons[0].blocks[0].image.src: media file 'media/box.svg' is"
        " refused: line 3: a <script> element (" + SVG_HINT + ")")


def test_many_reasons_are_summed_up_after_three(tmp_path: Path) -> None:
    module = MODULE_YAML.replace("      - text: Hello.", "      - image: {src: media/box.svg, alt: A box}")
    handlers = '<rect onclick="a()"/>\n<rect onfocus="b()"/>\n' * 2
    svg = f'<svg xmlns="http://www.w3.org/2000/svg">\n{handlers}</svg>\n'
    error = _only_error(write_course(tmp_path, module, extra={"modules/01-first/media/box.svg": svg}))
    assert error.message == (
        "media file 'media/box.svg' is refused: line 2: an event-handler attribute 'onclick'; line 3: an"
        " event-handler attribute 'onfocus'; line 4: an event-handler attribute 'onclick'; and 1 more")


def test_hostile_logo_is_refused_at_the_course_yaml_line(tmp_path: Path) -> None:
    write_course(tmp_path, course=COURSE_YAML.replace("organisation: {name: Test}",
                                                      "organisation: {name: Test, logo: media/logo.svg}"),
                 extra={"course/media/logo.svg": (FIXTURES / "hostile" / "foreign-object.svg").read_text()})
    error = _only_error(tmp_path)
    assert error.render(tmp_path) == (
        "course/course.yaml:8:28: organisation.logo: media file 'media/logo.svg' is refused: line 2: a"
        " <foreignObject> element (embedded HTML) (" + SVG_HINT + ")")


def test_only_svg_files_are_parsed_as_svg(tmp_path: Path) -> None:
    module = MODULE_YAML.replace("      - text: Hello.", "      - image: {src: media/photo.png, alt: A photo}")
    png = "\x89PNG\r\n\x1a\n<script>"  # a PNG signature, then bytes an SVG check would refuse
    root = write_course(tmp_path, module)
    (root / "modules/01-first/media/photo.png").parent.mkdir(parents=True, exist_ok=True)
    (root / "modules/01-first/media/photo.png").write_bytes(png.encode("latin-1"))
    assert load_course(root).modules[0].media == {"media/photo.png": png.encode("latin-1")}
