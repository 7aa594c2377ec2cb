"""`dcp-course build`: validate the sources and write every output."""

from __future__ import annotations

from pathlib import Path

import click

from ..build import ALL_FORMATS, build
from .common import guarded, options, progress_printer, say


@click.command("build")
@click.option("--out", "out_dir", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Output folder (default: dist/ under the root).")
@click.option("--format", "formats", multiple=True, type=click.Choice([*ALL_FORMATS, "all"]),
              help="Output to build; repeat for several. Default: all listed in course.yaml.")
@click.option("--sco", "granularity", type=click.Choice(["per-module", "per-course"]), default=None,
              help="Override course.yaml: one SCO per module or one for the whole course.")
@click.option("--lang", "languages", multiple=True, metavar="LANG",
              help="Language to build (repeat for several; qps: the pseudo-locale). "
                   "Default: every language in course.yaml.")
@click.option("--strict", is_flag=True, help="Fail when a language has texts without a translation.")
@guarded
def command(out_dir: Path | None, formats: tuple[str, ...], granularity: str | None,
            languages: tuple[str, ...], strict: bool) -> None:
    """Validate the sources and write every output into dist/."""
    result = build(options()["root"], out_dir, formats, granularity, progress_printer(),  # type: ignore[arg-type]
                   languages, strict)
    for warning in result.warnings:
        click.echo(f"warning: {warning}", err=True)
    for name, size in sorted(result.outputs.items()):
        unit = "bytes" if name.endswith(".zip") else "files"
        say(f"wrote {result.out_dir / name} ({size} {unit})")
