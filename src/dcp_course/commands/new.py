"""`dcp-course new module|lesson`: start a module or lesson that validates as written."""

from __future__ import annotations

import click

from ..authoring.scaffold import Scaffold, plan_new_lesson, plan_new_module, write_scaffold
from .common import guarded, options, say


def _write(scaffold: Scaffold) -> None:
    write_scaffold(scaffold)
    for line in scaffold.summary:
        say(line)


@click.group("new")
def command() -> None:
    """Start a new module or lesson from a template."""


@command.command("module")
@click.argument("title")
@click.option("--slug", default=None, help="Folder name after the number (default: made from the title).")
@guarded
def new_module(title: str, slug: str | None) -> None:
    """Create modules/NN-slug/ with a module.yaml template and list it in course/course.yaml."""
    _write(plan_new_module(options()["root"], title, slug))


@command.command("lesson")
@click.argument("module")
@click.argument("title")
@click.option("--slug", default=None, help="Lesson id after the module's prefix (default: from the title).")
@click.option("--minutes", type=click.IntRange(1, 600), default=5, show_default=True,
              help="Estimated reading time.")
@guarded
def new_lesson(module: str, title: str, slug: str | None, minutes: int) -> None:
    """Append a lesson to MODULE (its folder name, slug, number or id)."""
    _write(plan_new_lesson(options()["root"], module, title, slug, minutes))
