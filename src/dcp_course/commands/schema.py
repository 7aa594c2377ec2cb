"""`dcp-course schema`: write the JSON Schemas that editors use to check course and module files."""

from __future__ import annotations

from pathlib import Path

import click

from ..authoring.jsonschema import schema_files
from ..source.errors import BuildError
from .common import guarded, options, say


def _current(path: Path) -> str | None:
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None


@click.command("schema")
@click.option("--out", "out_dir", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Folder to write into (default: the root, where the sources' headers point).")
@click.option("--check", is_flag=True,
              help="Write nothing; fail when a schema file is missing or out of date.")
@guarded
def command(out_dir: Path | None, check: bool) -> None:
    """Write dcp-course.schema.json (modules), dcp-course.course.schema.json (course) and
    dcp-course.terminology.schema.json (termbase)."""
    target = out_dir if out_dir is not None else options()["root"]
    files = schema_files()
    stale = sorted(name for name, text in files.items() if _current(target / name) != text)
    if check:
        if stale:
            raise BuildError(f"out of date in {target}: {', '.join(stale)} (run: dcp-course schema)")
        say(f"ok: {len(files)} schema files are up to date")
        return
    target.mkdir(parents=True, exist_ok=True)
    for name in sorted(files):
        if name in stale:
            (target / name).write_text(files[name], encoding="utf-8")
            say(f"wrote {target / name}")
        else:
            say(f"unchanged {target / name}")
