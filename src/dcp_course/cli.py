"""The `dcp-course` command line: a click group; each verb lives in commands/."""

from __future__ import annotations

from pathlib import Path

import click

from . import __version__
from .commands import (
    build,
    comments,
    export_questions,
    inspect_package,
    lint,
    new,
    preview,
    results,
    review_pack,
    schema,
    translate,
    validate,
)


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


main.add_command(build.command)
main.add_command(validate.command)
main.add_command(export_questions.command)
main.add_command(inspect_package.command)
main.add_command(new.command)
main.add_command(schema.command)
main.add_command(lint.command)
main.add_command(preview.command)
main.add_command(review_pack.command)
main.add_command(comments.command)
main.add_command(results.command)
main.add_command(translate.command)
