"""The preview's own pages: the build-error page, notices, and the live-reload snippet they all carry."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

from ..render.pages import TEMPLATES_DIR
from .incremental import Problem

PREVIEW_DIR = "preview"
LIVE_SCRIPT_URL = "/_preview/live.js"
EXCERPT_LINES = 2  # source lines shown before and after the one a problem points at
_BODY_END = re.compile(rb"</body\s*>", re.IGNORECASE)


@lru_cache(maxsize=4)
def preview_environment(templates_dir: Path = TEMPLATES_DIR) -> Environment:
    return Environment(
        loader=FileSystemLoader(str(templates_dir / PREVIEW_DIR)),
        autoescape=select_autoescape(default=True, default_for_string=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def live_reload_tag(version: int) -> bytes:
    return f'<script src="{LIVE_SCRIPT_URL}" data-version="{version}"></script>\n'.encode()


def inject_live_reload(html: bytes, version: int) -> bytes:
    """The snippet before the last </body> (or at the end): only preview responses ever carry it."""
    tag = live_reload_tag(version)
    matches = list(_BODY_END.finditer(html))
    if not matches:
        return html + tag
    at = matches[-1].start()
    return html[:at] + tag + html[at:]


@dataclass(frozen=True)
class Excerpt:
    first: int  # number of the first line shown
    lines: tuple[str, ...]
    marked: int  # the line the problem points at


def excerpt(problem: Problem, bases: tuple[Path, ...]) -> Excerpt | None:
    """The source lines around a problem, read from the first base folder that holds its file."""
    if not problem.path or problem.line <= 0:
        return None
    for base in bases:
        candidate = base / problem.path
        try:
            text = candidate.read_text(encoding="utf-8", errors="replace")
        except OSError:
            continue
        lines = text.splitlines()
        first = max(1, problem.line - EXCERPT_LINES)
        last = min(len(lines), problem.line + EXCERPT_LINES)
        return Excerpt(first, tuple(lines[first - 1:last]), problem.line)
    return None


def error_page(problems: tuple[Problem, ...], version: int, bases: tuple[Path, ...],
               templates_dir: Path = TEMPLATES_DIR) -> bytes:
    shown = [(problem, excerpt(problem, bases)) for problem in problems]
    html = preview_environment(templates_dir).get_template("error.html").render(problems=shown)
    return inject_live_reload(html.encode("utf-8"), version)


def notice_page(title: str, message: str, version: int, templates_dir: Path = TEMPLATES_DIR) -> bytes:
    html = preview_environment(templates_dir).get_template("notice.html").render(title=title, message=message)
    return inject_live_reload(html.encode("utf-8"), version)
