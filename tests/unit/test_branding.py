"""Branding colours must keep WCAG 2.2 AA contrast; the build says which pair fails."""

from __future__ import annotations

from pathlib import Path

import pytest

from dcp_course.branding import contrast_ratio
from dcp_course.errors import SourceErrors
from dcp_course.sources import load_course


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
