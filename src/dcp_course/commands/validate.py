"""`dcp-course validate`: check the sources without writing anything."""

from __future__ import annotations

import click

from ..source.load import load_course
from .common import guarded, options, say


@click.command("validate")
@guarded
def command() -> None:
    """Check the sources without writing anything."""
    source = load_course(options()["root"])
    lessons = sum(len(m.module.lessons) for m in source.modules)
    say(f"ok: {len(source.modules)} modules, {lessons} lessons")
