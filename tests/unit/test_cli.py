"""The command line, through click's CliRunner."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from dcp_course import __version__
from dcp_course.cli import main


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_version() -> None:
    code, out, _ = run("--version")
    assert code == 0 and __version__ in out


def test_validate_ok(fixture_root: Path) -> None:
    code, out, _ = run("--root", str(fixture_root), "validate")
    assert (code, out) == (0, "ok: 2 modules, 3 lessons\n")


def test_build_writes_requested_format(tmp_path: Path, fixture_root: Path) -> None:
    code, out, _ = run("--root", str(fixture_root), "build", "--out", str(tmp_path), "--format", "scorm12")
    assert code == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == ["fixture-course-0.9.0-scorm12.zip"]
    assert "fixture-course-0.9.0-scorm12.zip" in out


def test_quiet_prints_nothing_on_success(tmp_path: Path, fixture_root: Path) -> None:
    code, out, err = run("--root", str(fixture_root), "--quiet", "build", "--out", str(tmp_path))
    assert (code, out, err) == (0, "", "")


def test_verbose_reports_progress(tmp_path: Path, fixture_root: Path) -> None:
    code, _, err = run("--root", str(fixture_root), "--verbose", "build", "--out", str(tmp_path))
    assert code == 0 and "reading sources" in err and "rendering web" in err


def test_source_errors_are_located_without_traceback(course_copy: Path, tmp_path: Path) -> None:
    module = course_copy / "modules" / "01-basics" / "module.yaml"
    module.write_text(module.read_text().replace("summary:", "sumary:"))
    code, out, err = run("--root", str(course_copy), "build", "--out", str(tmp_path / "out"))
    assert code == 1
    assert "modules/01-basics/module.yaml:3:1: sumary: unknown key (did you mean 'summary'?)" in err
    assert "Traceback" not in err + out
    assert "nothing was written" in err
    assert not (tmp_path / "out").exists()


def test_debug_shows_the_traceback(course_copy: Path) -> None:
    module = course_copy / "modules" / "01-basics" / "module.yaml"
    module.write_text(module.read_text().replace("summary:", "sumary:"))
    code, _, err = run("--root", str(course_copy), "--debug", "validate")
    assert code == 1 and "Traceback" in err


def test_unknown_format_is_refused(fixture_root: Path) -> None:
    code, _, err = run("--root", str(fixture_root), "build", "--format", "pdf")
    assert code == 2 and "pdf" in err
