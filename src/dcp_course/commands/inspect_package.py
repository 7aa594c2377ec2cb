"""`dcp-course inspect`: check a SCORM 1.2 / 2004 or cmi5 package zip and print what is wrong with it."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from ..inspect import find_schema_folder, inspect_package
from .common import guarded, options


@click.command("inspect")
@click.argument("package", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--strict", is_flag=True, help="Fail (exit 1) on warnings too.")
@guarded
def command(package: Path, strict: bool) -> None:
    """Check a SCORM or cmi5 package zip: safety, manifest, schema, files, launch pages, external requests."""
    schemas = find_schema_folder([options()["root"], Path.cwd()])
    report = inspect_package(package, package.name, schemas)
    quiet = options()["quiet"]
    for finding in report.findings:
        if finding.level == "error" or not quiet:
            click.echo(finding.render(), err=finding.level == "error")
    click.echo(report.summary(), err=bool(report.errors))
    if report.errors or (strict and report.warnings):
        sys.exit(1)
