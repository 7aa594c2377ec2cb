"""Branding colours must keep WCAG 2.2 AA contrast; the build says which pair fails."""

from __future__ import annotations

from pathlib import Path

import pytest

from dcp_course.source.branding import contrast_ratio
from dcp_course.source.errors import SourceErrors
from dcp_course.source.load import load_course


def test_contrast_ratio_matches_wcag_examples() -> None:
    assert contrast_ratio("#000000", "#ffffff") == pytest.approx(21.0)
    assert contrast_ratio("#ffffff", "#ffffff") == pytest.approx(1.0)
    assert contrast_ratio("#767676", "#ffffff") == pytest.approx(4.54, abs=0.01)


def test_low_contrast_brand_colour_is_refused_with_the_pair(course_copy: Path) -> None:
    course_file = course_copy / "course" / "course.yaml"
    course_file.write_text(course_file.read_text().replace('colour: "#1d3557"', 'colour: "#8fb8de"'))
    with pytest.raises(SourceErrors) as caught:
        load_course(course_copy)
    messages = [(e.field, e.line, e.message) for e in caught.value.errors]
    assert len(messages) == 2
    assert all(field == "organisation.colour" and line == 13 for field, line, _ in messages)
    header = next(m for _, _, m in messages if m.startswith("#ffffff on #8fb8de"))
    assert "has contrast 2.08:1, below the 4.5:1" in header and "header text and primary buttons" in header
    assert any(m.startswith("#8fb8de on #ffffff") for _, _, m in messages)


def test_low_contrast_accent_is_refused(course_copy: Path) -> None:
    course_file = course_copy / "course" / "course.yaml"
    course_file.write_text(course_file.read_text().replace('colour: "#1d3557"', 'colour: "#1d3557"\n  accent: "#ff9900"'))
    with pytest.raises(SourceErrors) as caught:
        load_course(course_copy)
    (error,) = caught.value.errors
    assert error.field == "organisation.accent"
    assert "#ff9900 on #ffffff" in error.message


def with_font(course_copy: Path, ship: bool) -> None:
    course_file = course_copy / "course" / "course.yaml"
    course_file.write_text(course_file.read_text().replace(
        '  colour: "#1d3557"\n',
        '  colour: "#1d3557"\n  font: \'"Academy Sans", system-ui, sans-serif\'\n'
        "  fonts:\n    - {family: Academy Sans, src: fonts/academy.woff2, weight: 700}\n"))
    if ship:
        (course_copy / "course" / "fonts").mkdir()
        (course_copy / "course" / "fonts" / "academy.woff2").write_bytes(b"wOF2 test font")


def test_font_stack_and_shipped_font_reach_every_output(course_copy: Path, tmp_path: Path) -> None:
    import io
    import zipfile

    from dcp_course.build import build

    with_font(course_copy, ship=True)
    build(course_copy, tmp_path)
    page = (tmp_path / "web" / "01-basics" / "index.html").read_text()
    assert '@font-face { font-family: "Academy Sans"; src: url("../assets/fonts/academy.woff2"); font-weight: 700;' in page
    assert '--font: "Academy Sans", system-ui, sans-serif;' in page
    assert (tmp_path / "web" / "assets" / "fonts" / "academy.woff2").read_bytes() == b"wOF2 test font"
    archive = zipfile.ZipFile(io.BytesIO(next(tmp_path.glob("*-scorm2004.zip")).read_bytes()))
    assert "assets/fonts/academy.woff2" in archive.namelist()
    assert 'url("assets/fonts/academy.woff2")' in archive.read("sco-basics.html").decode()


def test_missing_font_file_is_located(course_copy: Path) -> None:
    with_font(course_copy, ship=False)
    with pytest.raises(SourceErrors) as caught:
        load_course(course_copy)
    (error,) = caught.value.errors
    assert (error.field, error.message) == ("organisation.fonts[0].src", "font file not found inside course/")


def test_font_stack_cannot_smuggle_css(course_copy: Path) -> None:
    course_file = course_copy / "course" / "course.yaml"
    course_file.write_text(course_file.read_text().replace(
        '  colour: "#1d3557"\n', '  colour: "#1d3557"\n  font: "x; } body { background: url(https://evil.example/) "\n'))
    with pytest.raises(SourceErrors) as caught:
        load_course(course_copy)
    assert caught.value.errors[0].field == "organisation.font"
