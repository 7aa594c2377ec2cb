"""The preview's own pages: the build-error page, notices, the LMS simulator's page, and the
live-reload snippet they all carry. Their words come from the course language's catalogue."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from markupsafe import Markup, escape

from ..render.pages import TEMPLATES_DIR
from ..source.messages import Messages, shipped_messages
from .incremental import Problem

PREVIEW_DIR = "preview"
LIVE_SCRIPT_URL = "/_preview/live.js"
SIMULATOR_MESSAGE_PREFIX = "lms_"  # the catalogue entries the simulator's script shows
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


def english() -> Messages:
    """The preview's words before any course has been read (a first build that fails)."""
    return shipped_messages("en")


def _with_markup(messages: Messages) -> Callable[..., Markup]:
    def t_html(key: str, **params: object) -> Markup:
        """A message for element content whose parameters are markup (a link); its own text is escaped."""
        return Markup(escape(messages(key))).format(**params)

    return t_html


def _render(name: str, messages: Messages, templates_dir: Path, **context: object) -> str:
    template = preview_environment(templates_dir).get_template(name)
    return template.render(t=messages, t_html=_with_markup(messages), lang=messages.language, **context)


def error_page(problems: tuple[Problem, ...], version: int, bases: tuple[Path, ...],
               messages: Messages | None = None, templates_dir: Path = TEMPLATES_DIR) -> bytes:
    shown = [(problem, excerpt(problem, bases)) for problem in problems]
    html = _render("error.html", messages or english(), templates_dir, problems=shown)
    return inject_live_reload(html.encode("utf-8"), version)


def notice_page(title: str, message: str, version: int, messages: Messages | None = None,
                templates_dir: Path = TEMPLATES_DIR) -> bytes:
    html = _render("notice.html", messages or english(), templates_dir, title=title, message=message)
    return inject_live_reload(html.encode("utf-8"), version)


def simulator_messages(messages: Messages) -> Markup:
    """The simulator script's words, as JSON safe inside a <script> element."""
    words = {k: v for k, v in sorted(messages.entries.items()) if k.startswith(SIMULATOR_MESSAGE_PREFIX)}
    text = json.dumps(words, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return Markup(text.replace("<", "\\u003c"))


def simulator_page(messages: Messages | None = None, templates_dir: Path = TEMPLATES_DIR) -> bytes:
    """The LMS simulator's page; its script reads its words from the JSON in the page."""
    chosen = messages or english()
    link_to_course = Markup('<a href="/">{}</a>').format(chosen("lms_empty_link"))
    html = _render("lms.html", chosen, templates_dir, script_messages=simulator_messages(chosen),
                   link_to_course=link_to_course)
    return html.encode("utf-8")
