"""The report as one self-contained HTML file: inline CSS and SVG, no script, nothing loaded from
outside, printable. templates/results/ holds the page and its stylesheet."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

from ..render.pages import TEMPLATES_DIR
from . import charts
from .flags import RULES
from .formatting import band, decimal, percent, seconds, signed
from .model import Report
from .report_text import headline, quiz_line

RESULTS_TEMPLATES = "results"


@lru_cache(maxsize=2)
def results_environment(templates_dir: Path = TEMPLATES_DIR) -> Environment:
    env = Environment(
        loader=FileSystemLoader(str(templates_dir / RESULTS_TEMPLATES)),
        autoescape=select_autoescape(default=True, default_for_string=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.globals.update(decimal=decimal, signed=signed, percent=percent, seconds=seconds, band=band,
                       scatter=charts.scatter, histogram=charts.histogram, choice_bars=charts.choice_bars,
                       headline=headline, quiz_line=quiz_line, rules=RULES)
    return env


def html_report(report: Report, templates_dir: Path = TEMPLATES_DIR) -> str:
    env = results_environment(templates_dir)
    stylesheet = (templates_dir / RESULTS_TEMPLATES / "report.css").read_text(encoding="utf-8")
    return env.get_template("report.html").render(report=report, stylesheet=stylesheet)
