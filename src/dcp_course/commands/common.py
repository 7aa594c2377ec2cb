"""What every command shares: located error reports, exit codes, quiet/verbose output."""

from __future__ import annotations

import functools
import sys
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click
from jinja2 import TemplateError

from ..source.errors import BuildError, SourceError, SourceErrors

F = TypeVar("F", bound=Callable[..., Any])


def report_failure(exc: BaseException, root: Path, debug: bool) -> None:
    if debug:
        traceback.print_exception(exc, file=sys.stderr)
    if isinstance(exc, SourceErrors):
        for error in exc.errors:
            click.echo(error.render(root), err=True)
        click.echo(f"{len(exc.errors)} problem(s) found; nothing was written.", err=True)
    elif isinstance(exc, SourceError):
        click.echo(exc.render(root), err=True)
    elif isinstance(exc, TemplateError):
        click.echo(f"template error: {exc} (in templates/; run with --debug for details)", err=True)
    else:
        click.echo(f"error: {exc}", err=True)


def guarded(command: F) -> F:
    """Run a command; turn our errors into located messages and exit 1, without a traceback."""

    @functools.wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        options = click.get_current_context().find_root().obj
        try:
            return command(*args, **kwargs)
        except (SourceErrors, SourceError, BuildError, OSError, TemplateError) as exc:
            report_failure(exc, options["root"], options["debug"])
            sys.exit(1)

    return wrapper  # type: ignore[return-value]


def options() -> dict[str, Any]:
    """The group's options (--root, --quiet, --verbose, --debug)."""
    return click.get_current_context().find_root().obj  # type: ignore[no-any-return]


def say(message: str) -> None:
    if not options()["quiet"]:
        click.echo(message)


def progress_printer() -> Callable[[str], None]:
    if options()["verbose"]:
        return lambda message: click.echo(f"  {message}", err=True)
    return lambda _: None
