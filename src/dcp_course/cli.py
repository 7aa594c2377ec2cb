"""The `dcp-course` command line: a thin shell over build() and load_course()."""

from __future__ import annotations

import sys
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from . import __version__
from .build import ALL_FORMATS, build
from .errors import BuildError, SourceError, SourceErrors
from .sources import load_course

F = TypeVar("F", bound=Callable[..., Any])


def _report_failure(exc: BaseException, root: Path, debug: bool) -> None:
    if debug:
        traceback.print_exception(exc, file=sys.stderr)
    if isinstance(exc, SourceErrors):
        for error in exc.errors:
            click.echo(error.render(root), err=True)
        click.echo(f"{len(exc.errors)} problem(s) found; nothing was written.", err=True)
    elif isinstance(exc, SourceError):
        click.echo(exc.render(root), err=True)
    else:
        click.echo(f"error: {exc}", err=True)


def guarded(command: F) -> F:
    """Run a command; turn our errors into located messages and a non-zero exit, no traceback."""

    def wrapper(*args: Any, **kwargs: Any) -> Any:
        context = click.get_current_context()
        root: Path = context.obj["root"]
        try:
            return command(*args, **kwargs)
        except (SourceErrors, SourceError, BuildError, OSError) as exc:
            _report_failure(exc, root, context.obj["debug"])
            sys.exit(1)

    wrapper.__name__ = command.__name__
    wrapper.__doc__ = command.__doc__
    return wrapper  # type: ignore[return-value]


@click.group()
@click.version_option(__version__, prog_name="dcp-course")
@click.option("--root", type=click.Path(file_okay=False, path_type=Path), default=Path("."),
              show_default=True, help="Folder holding course/ and modules/.")
@click.option("--quiet", "-q", is_flag=True, help="Print only errors.")
@click.option("--verbose", "-v", is_flag=True, help="Print each step.")
@click.option("--debug", is_flag=True, help="Show a Python traceback on errors.")
@click.pass_context
def main(context: click.Context, root: Path, quiet: bool, verbose: bool, debug: bool) -> None:
    """Build the Digital Community Policing course from its YAML sources."""
    context.ensure_object(dict)
    context.obj.update(root=root, quiet=quiet, verbose=verbose and not quiet, debug=debug)


def _say(message: str) -> None:
    if not click.get_current_context().obj["quiet"]:
        click.echo(message)


@main.command("build")
@click.option("--out", "out_dir", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Output folder (default: dist/ under the root).")
@click.option("--format", "formats", multiple=True, type=click.Choice([*ALL_FORMATS, "all"]),
              help="Output to build; repeat for several. Default: all listed in course.yaml.")
@click.option("--sco", "granularity", type=click.Choice(["per-module", "per-course"]), default=None,
              help="Override course.yaml: one SCO per module or one for the whole course.")
@guarded
def build_command(out_dir: Path | None, formats: tuple[str, ...], granularity: str | None) -> None:
    """Validate the sources and write every output into dist/."""
    obj = click.get_current_context().obj
    progress = (lambda message: click.echo(f"  {message}", err=True)) if obj["verbose"] else (lambda _: None)
    result = build(obj["root"], out_dir, formats, granularity, progress)  # type: ignore[arg-type]
    for name, size in sorted(result.outputs.items()):
        unit = "bytes" if name.endswith(".zip") else "files"
        _say(f"wrote {result.out_dir / name} ({size} {unit})")


@main.command("validate")
@guarded
def validate_command() -> None:
    """Check the sources without writing anything."""
    source = load_course(click.get_current_context().obj["root"])
    lessons = sum(len(m.module.lessons) for m in source.modules)
    _say(f"ok: {len(source.modules)} modules, {lessons} lessons")
