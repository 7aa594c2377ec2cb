"""The preview's own pages: the build-error page, notices, the LMS simulator's page, the
live-reload snippet they all carry and the language switch. Their words come from the catalogue
of the language being previewed."""

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
from ..source.errors import BuildError
from ..source.messages import PSEUDO_LANGUAGE, PSEUDO_LANGUAGE_TAG, Messages, shipped_messages
from .incremental import Problem

PREVIEW_DIR = "preview"
LIVE_SCRIPT_URL = "/_preview/live.js"
LANGUAGE_URL = "/_preview/language"  # the language switch's form sends ?lang=…&back=… here
NO_SWITCH = Markup("")  # before the first build there are no languages to offer
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
    return inject_before_body_end(html, live_reload_tag(version))


def inject_before_body_end(html: bytes, addition: bytes) -> bytes:
    matches = list(_BODY_END.finditer(html))
    if not matches:
        return html + addition
    at = matches[-1].start()
    return html[:at] + addition + html[at:]


@dataclass(frozen=True)
class LanguageChoice:
    code: str  # what the switch sends
    name: str  # the language's own name for itself (the pseudo-locale's in the current language)
    lang: str  # the lang attribute of that name; "" when it is in the page's language


def language_choices(languages: tuple[str, ...], messages: Messages) -> list[LanguageChoice]:
    choices = []
    for code in languages:
        if code == PSEUDO_LANGUAGE:
            choices.append(LanguageChoice(code, messages("preview_language_pseudo"), ""))
            continue
        try:
            name = shipped_messages(code)("language_name")
        except BuildError:  # no interface catalogue for it: the build says so; the switch shows the code
            name = code
        choices.append(LanguageChoice(code, name, code))
    return choices


def language_switch(languages: tuple[str, ...], current: str | None, back: str, messages: Messages,
                    templates_dir: Path = TEMPLATES_DIR, landmark: bool = False) -> Markup:
    """The form that switches the preview to another language and returns to `back`.

    landmark: wrapped in its own labelled <aside>, for the course's pages, which have no place for it.
    """
    if len(languages) < 2:
        return NO_SWITCH
    html = _render("language-switch.html", messages, templates_dir, choices=language_choices(languages, messages),
                   current=current, back=back, action=LANGUAGE_URL, landmark=landmark)
    return Markup(html)


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
    context.setdefault("switch", NO_SWITCH)
    return template.render(t=messages, t_html=_with_markup(messages), lang=page_language(messages), **context)


def page_language(messages: Messages) -> str:
    """The lang attribute for pages in messages' language (the pseudo-locale has a registered stand-in)."""
    return PSEUDO_LANGUAGE_TAG if messages.language == PSEUDO_LANGUAGE else messages.language


def error_page(problems: tuple[Problem, ...], version: int, bases: tuple[Path, ...],
               messages: Messages | None = None, templates_dir: Path = TEMPLATES_DIR,
               switch: Markup = NO_SWITCH) -> bytes:
    shown = [(problem, excerpt(problem, bases)) for problem in problems]
    html = _render("error.html", messages or english(), templates_dir, problems=shown, switch=switch)
    return inject_live_reload(html.encode("utf-8"), version)


def notice_page(title: str, message: str, version: int, messages: Messages | None = None,
                templates_dir: Path = TEMPLATES_DIR, switch: Markup = NO_SWITCH) -> bytes:
    html = _render("notice.html", messages or english(), templates_dir, title=title, message=message,
                   switch=switch)
    return inject_live_reload(html.encode("utf-8"), version)


def simulator_messages(messages: Messages) -> Markup:
    """The simulator script's words, as JSON safe inside a <script> element."""
    words = {k: v for k, v in sorted(messages.entries.items()) if k.startswith(SIMULATOR_MESSAGE_PREFIX)}
    text = json.dumps(words, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return Markup(text.replace("<", "\\u003c"))


def simulator_page(messages: Messages | None = None, templates_dir: Path = TEMPLATES_DIR,
                   switch: Markup = NO_SWITCH) -> bytes:
    """The LMS simulator's page; its script reads its words from the JSON in the page."""
    chosen = messages or english()
    link_to_course = Markup('<a href="/">{}</a>').format(chosen("lms_empty_link"))
    html = _render("lms.html", chosen, templates_dir, script_messages=simulator_messages(chosen),
                   link_to_course=link_to_course, switch=switch)
    return html.encode("utf-8")
