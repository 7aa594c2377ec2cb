"""`dcp-course lint`: checks beyond the schema; errors always fail, warnings fail under --strict."""

from __future__ import annotations

import sys

import click

from ..lint import RULES, lint_course
from ..source.load import load_course
from .common import guarded, options, say


@click.command("lint")
@click.option("--strict", is_flag=True, help="Fail on warnings too.")
@click.option("--rules", "list_rules", is_flag=True, help="List the rules and exit.")
@guarded
def command(strict: bool, list_rules: bool) -> None:
    """Check links, alt text, media, assessment coverage and plain language."""
    if list_rules:
        width = max(len(rule.id) for rule in RULES.values())
        for rule in RULES.values():
            click.echo(f"{rule.id:{width}} {rule.severity:8} {rule.summary}")
        return
    root = options()["root"]
    findings = lint_course(load_course(root, refuse_final=False))  # a final that cannot draw is a finding here
    errors = [f for f in findings if f.severity == "error"]
    warnings = [f for f in findings if f.severity == "warning"]
    for item in findings:
        if item.severity == "error" or not options()["quiet"]:
            click.echo(item.render(root))
    failed = bool(errors) or (strict and bool(warnings))
    summary = f"{len(errors)} error(s), {len(warnings)} warning(s)"
    if failed:
        click.echo(summary + ("; warnings fail under --strict" if strict and warnings and not errors else ""),
                   err=True)
        sys.exit(1)
    say(f"ok: {summary}" if findings else "ok: no findings")
