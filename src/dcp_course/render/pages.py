"""Render: Site -> {output path: bytes}. Jinja with autoescape and StrictUndefined; no file writes."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal

from jinja2 import (
    Environment,
    FileSystemBytecodeCache,
    FileSystemLoader,
    StrictUndefined,
    pass_context,
    select_autoescape,
)
from jinja2.runtime import Context
from markupsafe import Markup

from ..plan.site import FINAL_ID, Page, QuizPlan, Sco, Site, font_path
from ..source.kinds import kind_legend, kind_of, runtime_kinds
from ..source.model import CheckBlock, block_kind, question_kind
from .glossary import GlossaryLinker, term_anchors
from .markdown import markdown_html, markdown_inline
from .questions import check_id, display_order, letter, question_data, right_side_order

TEMPLATES_DIR = Path(__file__).resolve().parents[3] / "templates"
STATIC_DIRS = ("css", "js")
# scripts that only one runtime runs; every other output leaves them out
RUNTIME_ONLY_ASSETS = {"assets/js/cmi5.js": "cmi5"}
Runtime = Literal["standalone", "scorm12", "scorm2004", "cmi5"]
NEW_TAB_MESSAGE = "opens_in_new_tab"  # catalogue key of the hint on links that open a new tab


@dataclass(frozen=True)
class Target:
    """How one output presents the site: which pages, which navigation scope, which runtime."""

    name: str
    runtime: Runtime
    navigation: Literal["course", "sco"]
    zipped: bool = True  # its files end up in a zip, so pages are worth compressing where they are rendered


@lru_cache(maxsize=4)
def environment(templates_dir: Path = TEMPLATES_DIR, watch_templates: bool = True) -> Environment:
    """The template environment; without watch_templates, a template once loaded is never checked again.

    The preview watches its templates for edits. A build reads each template once: checking the
    files again for every page and every include cost a page ~20 us (8 %).
    """
    env = Environment(
        loader=FileSystemLoader(str(templates_dir)),
        auto_reload=watch_templates,
        # Compiled templates kept between runs (Jinja's own cache in the temp folder, per user,
        # checked against each template's source): compiling them costs every build ~40 ms.
        bytecode_cache=FileSystemBytecodeCache(),
        autoescape=select_autoescape(default=True, default_for_string=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["md"] = _markdown_filter
    env.filters["mdi"] = _markdown_inline_filter
    env.filters["tojson_attr"] = lambda value: json.dumps(value, sort_keys=True, ensure_ascii=False)
    env.globals.update(
        block_kind=block_kind,
        question_kind=question_kind,
        kind_legend=kind_legend,
        letter=letter,
        display_order=display_order,
        right_side_order=right_side_order,
        check_id=check_id,
        font_path=font_path,
        other_language=other_language,
    )
    return env


def other_language(work_language: str | None, page_language: str) -> str:
    """A cited work's language (its primary subtag) when the page is in another one, else ""."""
    if not work_language:
        return ""
    primary = work_language.split("-")[0].lower()
    return "" if primary == page_language.split("-")[0].lower() else primary


def new_tab_hint(context: Context) -> str:
    """The hint for links that open a new tab, in the language of the page being rendered."""
    return str(context["t"](NEW_TAB_MESSAGE))


@pass_context
def _markdown_filter(context: Context, text: str) -> Markup:
    return markdown_html(text, new_tab_hint(context))


@pass_context
def _markdown_inline_filter(context: Context, text: object) -> Markup:
    return markdown_inline(" ".join(str(text).split()), new_tab_hint(context))


def relative_url(from_path: str, to_path: str) -> str:
    """Link from one output file to another; both are clean relative paths inside the output."""
    folder = from_path.rpartition("/")[0]
    if folder and to_path.startswith(folder + "/"):
        return to_path[len(folder) + 1:]
    return "../" * from_path.count("/") + to_path


def asset_folder_url(from_path: str) -> str:
    """The link to the assets/ folder: one string per page instead of one url() call per asset.

    relative_url(from_path, "assets/" + name) == asset_folder_url(from_path) + name, as no page
    lives inside assets/.
    """
    return relative_url(from_path, "assets/")


def navigation_scope(site: Site, target: Target, page: Page) -> tuple[Page, ...]:
    if target.navigation == "sco":
        sco = site.sco_of(page)
        if sco is not None:
            return sco.pages
    return site.pages


def pages_for(site: Site, target: Target) -> tuple[Page, ...]:
    if target.navigation == "sco" and site.granularity == "per-module":
        return tuple(p for p in site.pages if p.kind != "home")
    return site.pages


def _json_script(value: Any) -> Markup:
    text = json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    # "</" would end the script element early; the escape keeps the JSON identical once parsed.
    return Markup(text.replace("</", "<\\/"))


def page_questions(page: Page, new_tab_hint: str) -> dict[str, Any]:
    found: dict[str, Any] = {}
    if page.kind == "lesson" and page.lesson is not None:
        index = 0
        for block in page.lesson.blocks:
            if isinstance(block, CheckBlock):  # cheaper than a failed getattr on every other block
                question = block.check
                qid = question.id or check_id(page.lesson.id, index)
                found[qid] = question_data(question, qid, new_tab_hint) | {"graded": False}
                index += 1
    if page.quiz is not None:
        for question in page.quiz.questions:
            assert question.id is not None  # cross-checks require ids in quizzes
            found[question.id] = question_data(question, question.id, new_tab_hint) | {"graded": True}
    return found


# Page positions in the scopes rendered last, by identity: the whole course is one scope on the
# web, and searching it for every page grew with pages^2. Holding each scope keeps its id its own.
_scope_positions: dict[int, tuple[tuple[Page, ...], dict[int, int]]] = {}
_SCOPES_KEPT = 8
_SCOPE_SEARCHED = 64  # a scope this short (one SCO) is quicker to search than to index


def position_in(scope: tuple[Page, ...], page: Page) -> int:
    """Where page sits in scope, or -1 when it is not in it."""
    if len(scope) <= _SCOPE_SEARCHED:
        return next((i for i, p in enumerate(scope) if p is page), -1)
    known = _scope_positions.get(id(scope))
    if known is None or known[0] is not scope:
        if len(_scope_positions) >= _SCOPES_KEPT:
            _scope_positions.clear()
        known = _scope_positions[id(scope)] = (scope, {id(p): i for i, p in enumerate(scope)})
    return known[1].get(id(page), -1)


# The last course's modules and their numbers by identity; holding the list keeps its id its own.
_module_numbers: list[tuple[list[Any], dict[int, int]]] = []


def module_number(site: Site, page: Page) -> int | None:
    """The page's module's place in the course, counted from 1.

    Looked up by identity: searching the list compares whole modules, page by page, which made
    a course of thousands of modules quadratic.
    """
    if page.module is None:
        return None
    modules = site.source.modules
    if not _module_numbers or _module_numbers[0][0] is not modules or id(page.module) not in _module_numbers[0][1]:
        _module_numbers[:] = [(modules, {id(loaded): i for i, loaded in enumerate(modules, 1)})]
    return _module_numbers[0][1][id(page.module)]


def build_environment() -> Environment:
    """The environment of one build, which templates cannot change under (see environment)."""
    return environment(TEMPLATES_DIR, watch_templates=False)


def render_page(site: Site, target: Target, page: Page, env: Environment | None = None) -> bytes:
    """One page as HTML; env replaces the template environment (the preview's, or a build's)."""
    if env is None:
        env = environment()
    scope = navigation_scope(site, target, page)
    position = position_in(scope, page)  # -1 for reference pages: outside the order
    course = site.source.course
    quiz = page.quiz
    link_hint = site.messages(NEW_TAB_MESSAGE)

    def url(to: Page | str) -> str:
        return relative_url(page.path, to.path if isinstance(to, Page) else to)

    context = {
        "t": site.messages,
        "site": site,
        "course": course,
        "page": page,
        "target": target,
        "scope": scope,
        "prev_page": scope[position - 1] if position > 0 else None,
        "next_page": scope[position + 1] if 0 <= position < len(scope) - 1 else None,
        "module": page.module.module if page.module else None,
        "module_pages": site.module_pages(page.module) if page.module else (),
        "module_number": module_number(site, page),
        "quiz": quiz,
        "glossary_page": site.reference("glossary"),
        "reading_page": site.reference("reading"),
        "term_anchor": term_anchors(site.glossary).__getitem__,
        "link_terms": GlossaryLinker(
            site.glossary, url(site.reference("glossary") or "glossary.html"), link_hint
        ),
        "url": url,
        "assets": asset_folder_url(page.path),
        "logo_url": url(site.logo) if site.logo else None,
        "page_data": _json_script({"page": page.id, "kind": page.kind,
                                   "module": page.module.module.id if page.module else None,
                                   "quiz": page.quiz.id if page.quiz else None,
                                   "questions": page_questions(page, link_hint)}),
        "show_home": target.navigation == "course" or site.granularity == "per-course",
    }
    html = env.get_template(f"{page.kind}.html").render(context)
    return html.encode("utf-8")


def render_shell(site: Site, target: Target, sco: Sco) -> bytes:
    env = environment()
    context = {
        "t": site.messages,
        "site": site,
        "course": site.source.course,
        "sco": sco,
        "target": target,
        "url": lambda to: to,  # the shell sits at the package root
        "sco_data": _json_script(sco_config(site, target, sco)),
    }
    return env.get_template("shell.html").render(context).encode("utf-8")


def sco_config(site: Site, target: Target, sco: Sco | None) -> dict[str, Any]:
    """The tracker's view of one SCO (or, standalone, of the whole course)."""
    course = site.source.course
    pages = sco.pages if sco is not None else pages_for(site, target)
    quizzes = [quiz_config(page.quiz) for page in pages if page.quiz is not None]
    return {
        "id": sco.id if sco is not None else course.id,
        "course": course.id,
        "version": course.version,
        "runtime": target.runtime,
        "completion": course.completion,
        "mastery": course.mastery_score,
        "pages": [{"id": p.id, "path": p.path, "kind": p.kind} for p in pages],
        "quizzes": quizzes,
    }


def quiz_config(quiz: QuizPlan) -> dict[str, Any]:
    config: dict[str, Any] = {
        "id": quiz.id,
        "passMark": quiz.pass_mark,
        "attempts": quiz.attempts,
        "draw": quiz.draw,
        "shuffle": quiz.shuffle,
        "shuffleChoices": quiz.shuffle_choices,
        "questions": [q.id for q in quiz.questions],
        # The final assessment reuses module questions; its own prefix keeps interaction ids unique.
        "interactionPrefix": "final-" if quiz.id == FINAL_ID else "",
    }
    # the questions whose written text the tracker may shorten to fit suspend data (plan/suspend.py)
    texts = [i for i, question in enumerate(quiz.questions) if kind_of(question).cut_response is not None]
    if texts:
        config["texts"] = texts
    if quiz.rules:
        config["blueprint"] = blueprint_config(quiz)
    return config


def blueprint_config(quiz: QuizPlan) -> dict[str, Any]:
    """What every draw of this quiz holds (templates/js/draw.js): rules over positions in `questions`.

    Each rule is "at least `need` of the questions at `from`", met in the order given (objectives,
    modules, final-only); `fallback` is a draw known to meet them all, for when random tries do not.
    """
    return {
        "rules": [{"by": rule.by, "need": rule.need, "from": list(rule.members)} for rule in quiz.rules],
        "fallback": list(quiz.fallback),
    }


def static_assets(templates_dir: Path = TEMPLATES_DIR) -> dict[str, bytes]:
    """The CSS and learner-side JavaScript shipped with every output."""
    assets: dict[str, bytes] = {}
    for folder in STATIC_DIRS:
        base = templates_dir / folder
        for path in sorted(base.rglob("*")) if base.is_dir() else ():
            if path.is_file() and not path.name.startswith("."):
                content = path.read_bytes()
                if path.suffix == ".js":
                    content = without_comment_lines(content)
                assets[f"assets/{path.relative_to(templates_dir).as_posix()}"] = content
    return assets


def without_comment_lines(script: bytes) -> bytes:
    """A script without the lines that hold nothing but a comment (// or a whole /* ... */).

    The comments explain the source to its readers, not the page to the learner: they were a
    sixth of the scripts a lesson page loads. A line inside a template literal (after an odd
    number of backticks) is text, not a comment, and stays; so does a block comment that code
    follows on its last line.
    """
    lines = script.splitlines(keepends=True)
    kept: list[bytes] = []
    inside_template = False
    number = 0
    while number < len(lines):
        line = lines[number]
        start = line.lstrip()
        if not inside_template and start.startswith(b"//"):
            number += 1
            continue
        if not inside_template and start.startswith(b"/*"):
            end = _end_of_block_comment(lines, number)
            if end is not None:
                number = end + 1
                continue
        kept.append(line)
        inside_template ^= line.count(b"`") % 2 == 1
        number += 1
    return b"".join(kept)


def _end_of_block_comment(lines: list[bytes], first: int) -> int | None:
    """The line on which the block comment opened on line first closes, when nothing follows it there."""
    for number in range(first, len(lines)):
        closing = lines[number].find(b"*/", 2 if number == first else 0)
        if closing >= 0:
            return number if not lines[number][closing + 2:].strip() else None
    return None


PageRenderer = Callable[[Site, Target, Page], bytes]


def render_site(site: Site, target: Target, assets: dict[str, bytes],
                page_renderer: PageRenderer | None = None) -> dict[str, bytes]:
    """Every file of one output; page_renderer replaces render_page (the preview reuses unchanged pages)."""
    render = page_renderer or render_page
    files = {name: data for name, data in assets.items()
             if RUNTIME_ONLY_ASSETS.get(name, target.runtime) == target.runtime}
    files.update(site.media)
    for page in (*pages_for(site, target), *site.reference_pages):
        files[page.path] = render(site, target, page)
    if target.runtime != "standalone":
        for sco in site.scos:
            files[sco.launch] = render_shell(site, target, sco)
    standalone = sco_config(site, target, None)
    files["assets/js/course-data.js"] = (
        "window.DCP_COURSE = " + json.dumps(standalone, sort_keys=True, separators=(",", ":")) + ";\n"
        + "window.DCP_MESSAGES = "
        + json.dumps(site.messages.js, sort_keys=True, ensure_ascii=False, separators=(",", ":")) + ";\n"
        # each question kind's interaction types, for the tracker and cmi5.js (source/kinds.py)
        + "window.DCP_KINDS = " + json.dumps(runtime_kinds(), sort_keys=True, separators=(",", ":")) + ";\n"
    ).encode("utf-8")
    return files
