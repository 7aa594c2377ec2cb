"""Review: what a subject-matter or training reviewer checks before a course goes live.

Two presentations of the same facts: review mode in the preview (the learner pages, each question
followed by its answer key and feedback) and the review pack (one self-contained HTML file with every
lesson, every answer key, the objectives coverage and the sources; a PDF of it where Chromium is).
Everything here is pure except `print_pdf`, which runs Chromium.
"""

from __future__ import annotations

import base64
import json
import math
import mimetypes
import os
import posixpath
import re
import shutil
import subprocess
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from jinja2 import ChoiceLoader, Environment, FileSystemLoader, PrefixLoader, pass_context
from jinja2.runtime import Context
from markupsafe import Markup, escape

from ..comments.anchors import Anchor, AnchorIndex
from ..comments.model import COMMENTS_LIMITS
from ..plan.site import Page, Site, plan_site
from ..render.pages import TEMPLATES_DIR, environment
from ..render.questions import check_id
from ..source.errors import BuildError
from ..source.kinds import KINDS
from ..source.loaded import CourseSource, ModuleSource
from ..source.messages import Messages
from ..source.model import (
    Blueprint,
    Branching,
    Lesson,
    Objective,
    QuestionBase,
    StrictModel,
    block_kind,
    question_kind,
)
from ..source.question_rules import max_branch_points
from ..terminology.review import term_tables

REVIEW_TEMPLATES = "review"
CORE_PREFIX = "core"  # review templates extend the learner templates as "core:lesson.html"
READING_WORDS_PER_MINUTE = 180
MINUTES_PER_INTERACTION = 1  # a knowledge check, scenario or reflection
CHROMIUM_CANDIDATES = ("chromium", "chromium-browser")
CHROMIUM_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
)

# the reviewers' comment UI, in this order: review outputs only, never a package
COMMENTS_SCRIPTS = ("comments-format.js", "comments-store.js", "comments.js")
COMMENTS_MESSAGE_PREFIX = "comments_"

# Objective id -> text for the page being rendered: answer keys name what a question assesses.
_objective_texts: ContextVar[dict[str, str] | None] = ContextVar("objective_texts", default=None)
# Ids of the questions only the final assessment draws: answer keys mark them.
_final_only_ids: ContextVar[frozenset[str]] = ContextVar("final_only_ids", default=frozenset())
# Where each rendered block, question, choice and glossary entry comes from, for comment anchors.
_anchors: ContextVar[AnchorIndex | None] = ContextVar("comment_anchors", default=None)


# ---------------------------------------------------------------- facts about the course


@dataclass(frozen=True)
class CourseQuestion:
    """A question where the learner meets it: a lesson's knowledge check or a module quiz."""

    id: str
    question: QuestionBase
    module: ModuleSource
    lesson: Lesson | None  # None for a quiz or final-only question
    graded: bool
    final_only: bool = False  # drawn only by the final assessment, never in the module's quiz

    @property
    def kind(self) -> str:
        return question_kind(self.question)


@dataclass(frozen=True)
class ObjectiveCoverage:
    module: ModuleSource
    objective: Objective
    questions: tuple[CourseQuestion, ...]

    @property
    def graded_count(self) -> int:
        return sum(1 for q in self.questions if q.graded)


@dataclass(frozen=True)
class LessonTime:
    minutes: int
    authored: bool  # False: estimated from the words and activities
    words: int

    def label(self, t: Messages) -> str:
        """How long the lesson takes, and where that figure comes from, in the catalogue's language."""
        if self.authored:
            return t("review_time_authored", n=self.minutes)
        return t("review_time_estimated", n=self.minutes, words=self.words)


def lesson_questions(loaded: ModuleSource, lesson: Lesson) -> Iterator[CourseQuestion]:
    index = 0
    for block in lesson.blocks:
        question = getattr(block, "check", None)
        if question is not None:
            yield CourseQuestion(question.id or check_id(lesson.id, index), question, loaded, lesson, False)
            index += 1


def module_questions(loaded: ModuleSource) -> list[CourseQuestion]:
    """Knowledge checks in lesson order, then the quiz questions, then the final-only questions."""
    found = [q for lesson in loaded.module.lessons for q in lesson_questions(loaded, lesson)]
    if loaded.module.quiz is not None:
        questions: list[QuestionBase] = list(loaded.module.quiz.questions)
        found += [CourseQuestion(q.id or "", q, loaded, None, True) for q in questions]
    final_only: list[QuestionBase] = list(loaded.module.final_questions)
    found += [CourseQuestion(q.id or "", q, loaded, None, True, final_only=True) for q in final_only]
    return found


def objective_coverage(source: CourseSource) -> list[ObjectiveCoverage]:
    """Each objective with the questions (anywhere in the course) that say they assess it."""
    questions = [q for loaded in source.modules for q in module_questions(loaded)]
    return [
        ObjectiveCoverage(loaded, objective,
                          tuple(q for q in questions if objective.id in q.question.assesses))
        for loaded in source.modules
        for objective in loaded.module.objectives
    ]


def unlinked_questions(source: CourseSource) -> list[CourseQuestion]:
    """Graded questions that name no objective: nothing says what they measure."""
    return [q for loaded in source.modules for q in module_questions(loaded)
            if q.graded and not q.question.assesses]


_SKIPPED_KEYS = frozenset({"src", "captions", "kind", "id", "start", "next", "points", "correct", "best"})


def _words(value: Any) -> int:
    if isinstance(value, str):
        return len(re.findall(r"\w+", value))
    if isinstance(value, dict):
        return sum(_words(v) for k, v in value.items() if k not in _SKIPPED_KEYS)
    if isinstance(value, list):
        return sum(_words(v) for v in value)
    return 0


def lesson_time(lesson: Lesson) -> LessonTime:
    """The author's minutes when given; else reading time plus a minute per activity."""
    blocks: list[StrictModel] = list(lesson.blocks)
    words = 0
    for block in blocks:
        words += _words(block.model_dump(by_alias=True))
    if lesson.minutes:
        return LessonTime(lesson.minutes, True, words)
    activities = len([b for b in blocks if block_kind(b) in ("check", "scenario", "reflect")])
    minutes = math.ceil(words / READING_WORDS_PER_MINUTE + activities * MINUTES_PER_INTERACTION)
    return LessonTime(max(1, minutes), False, words)


def best_path(question: Branching) -> list[tuple[str, int]]:
    """The (step id, option index) choices that score the most points, from the start."""
    steps = {step.id: step for step in question.steps}

    def best(step_id: str) -> tuple[int, list[tuple[str, int]]]:
        scored = []
        for index, option in enumerate(steps[step_id].options):
            later, path = best(option.next) if option.next else (0, [])
            scored.append((option.points + later, -index, [(step_id, index), *path]))
        points, _, path = max(scored)
        return points, path

    return best(question.start)[1]


# ---------------------------------------------------------------- templates


def objective_text(objective_id: str) -> str:
    return (_objective_texts.get() or {}).get(objective_id, objective_id)


def final_only(question_id: str) -> bool:
    return question_id in _final_only_ids.get()


@contextmanager
def objectives_of(source: CourseSource) -> Iterator[None]:
    """Make objective texts, final-only questions and source anchors available to review templates
    rendered inside this block."""
    texts = {o.id: o.text for loaded in source.modules for o in loaded.module.objectives}
    token = _objective_texts.set(texts)
    final = _final_only_ids.set(frozenset(
        q.id for loaded in source.modules for q in loaded.module.final_questions if q.id is not None))
    anchors = _anchors.set(AnchorIndex(source))
    try:
        yield
    finally:
        _anchors.reset(anchors)
        _final_only_ids.reset(final)
        _objective_texts.reset(token)


def _anchor_attribute(anchor: Anchor | None) -> Markup:
    if anchor is None:
        return Markup("")
    return Markup(' data-comment-anchor="{}"').format(escape(anchor.as_json()))


def comment_target(model: object, *inside: str | int) -> Markup:
    """` data-comment-anchor="…"` for an element showing a model object (or a value inside it)."""
    index = _anchors.get()
    return _anchor_attribute(index.anchor(model, *inside) if index is not None else None)


def comment_term(term: str, part: str) -> Markup:
    """The anchor attribute of a glossary entry's "term" or "definition", found by its term."""
    index = _anchors.get()
    return _anchor_attribute(index.term_anchor(term, part) if index is not None else None)


def comments_script(templates_dir: Path = TEMPLATES_DIR) -> str:
    scripts = []
    for name in COMMENTS_SCRIPTS:
        script = (templates_dir / REVIEW_TEMPLATES / name).read_text(encoding="utf-8")
        if "</" in script:  # it is inlined into a <script> element, which "</" could end
            raise BuildError(f"templates/{REVIEW_TEMPLATES}/{name} must not contain '</'")
        scripts.append(script)
    return "\n".join(scripts)


def comments_config(course_id: str, version: str, messages: Messages) -> Markup:
    """The comment UI's settings, limits and words, as JSON safe inside a <script> element.

    The limits are the comments file's (comments/model.py): an import is refused in the page for
    what `dcp-course comments` would refuse.
    """
    words = {k: v for k, v in sorted(messages.entries.items()) if k.startswith(COMMENTS_MESSAGE_PREFIX)}
    text = json.dumps({"course": course_id, "version": version, "messages": words, "limits": COMMENTS_LIMITS},
                      sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return Markup(text.replace("<", "\\u003c"))


@lru_cache(maxsize=4)
def review_environment(templates_dir: Path = TEMPLATES_DIR) -> Environment:
    """The learner templates, with review/overrides/ in front: each question gains its answer key."""
    core = FileSystemLoader(str(templates_dir))
    base = environment(templates_dir)
    env = base.overlay(loader=ChoiceLoader([
        FileSystemLoader(str(templates_dir / REVIEW_TEMPLATES / "overrides")),
        PrefixLoader({CORE_PREFIX: core}, delimiter=":"),
        core,
    ]))
    # an overlay shares its parent's dicts: copy them so the learner environment stays untouched
    env.globals = dict(base.globals)
    env.filters = dict(base.filters)
    env.globals.update(
        kind_label=_kind_label,
        t_html=_message_with_markup,
        attempts_text=_attempts_text,
        strong=lambda value: Markup("<strong>{}</strong>").format(value),
        code=lambda value: Markup("<code>{}</code>").format(value),
        objective_text=objective_text,
        final_only=final_only,
        blueprint_parts=_blueprint_parts,
        best_path=best_path,
        max_points=_max_points,
        lesson_time=lesson_time,
        lesson_questions=lambda loaded, lesson: list(lesson_questions(loaded, lesson)),
        module_coverage=_module_coverage,
        course_coverage=objective_coverage,
        review_link=_review_link,
        comment_target=comment_target,
        comment_term=comment_term,
        comments_ui=_comments_ui(templates_dir),
    )
    return env


def question_page(site: Site, question: CourseQuestion) -> Page | None:
    """The page on which the learner meets a question (a final-only one: the final assessment's)."""
    if question.final_only:
        return next((page for page in site.pages if page.quiz is not None and page.module is None), None)
    for page in site.pages:
        if page.module is question.module and (
            (question.graded and page.kind == "quiz") or (page.lesson is not None and page.lesson is question.lesson)
        ):
            return page
    return None


@pass_context
def _review_link(context: Context, question: CourseQuestion) -> str:
    page = question_page(context["site"], question)
    return f"{context['url'](page)}#key-{question.id}" if page is not None else f"#key-{question.id}"


def _comments_ui(templates_dir: Path) -> Callable[[Context], Markup]:
    """The comment UI's settings and script; templates/review/comments-ui.html places them."""

    @pass_context
    def comments_ui(context: Context) -> Markup:
        course = context["course"]
        html = context.environment.get_template(f"{REVIEW_TEMPLATES}/comments-ui.html").render(
            config=comments_config(course.id, course.version, context["t"]),
            script=Markup(comments_script(templates_dir)),
        )
        return Markup(html)

    return comments_ui


@pass_context
def _kind_label(context: Context, kind: str) -> str:
    return str(context["t"](KINDS[kind].label_key))


@pass_context
def _attempts_text(context: Context, attempts: int | None) -> str:
    """'3 attempts', '1 attempt' or 'unlimited attempts' (no limit is written as none or 0)."""
    t: Messages = context["t"]
    if not attempts:
        return t("review_attempts_unlimited")
    return t("review_attempts_one") if attempts == 1 else t("review_attempts_many", n=attempts)


@pass_context
def _message_with_markup(context: Context, key: str, **params: object) -> Markup:
    """A message for element content whose parameters carry markup (`<strong>3</strong>`).

    The message text is escaped except its apostrophes (harmless between tags, and the pages read
    as they did when the words were written in the template); Markup parameters are kept as they
    are and plain ones escaped.
    """
    messages: Messages = context["t"]
    return Markup(str(escape(messages(key))).replace("&#39;", "'")).format(**params)


@pass_context
def _blueprint_parts(context: Context, blueprint: Blueprint | None) -> list[str]:
    """What every draw holds at least, one phrase per minimum the blueprint sets."""
    if blueprint is None:
        return []
    t: Messages = context["t"]
    minimums = (("review_blueprint_per_module", blueprint.per_module),
                ("review_blueprint_per_objective", blueprint.per_objective),
                ("review_blueprint_final_only", blueprint.final_only))
    return [t(key, n=count) for key, count in minimums if count]


def _max_points(question: Branching) -> int:
    return max_branch_points(question)


def _module_coverage(source: CourseSource, loaded: ModuleSource) -> list[ObjectiveCoverage]:
    return [row for row in objective_coverage(source) if row.module is loaded]


def review_stylesheet(templates_dir: Path = TEMPLATES_DIR) -> bytes:
    return (templates_dir / REVIEW_TEMPLATES / "review.css").read_bytes()


# ---------------------------------------------------------------- the review pack


def data_uri(name: str, content: bytes) -> str:
    kind = mimetypes.guess_type(name)[0] or "application/octet-stream"
    if name.lower().endswith(".svg"):
        kind = "image/svg+xml"
    return f"data:{kind};base64,{base64.b64encode(content).decode('ascii')}"


def _media_inliner(site: Site) -> Callable[[ModuleSource | None, str], str]:
    def inline(loaded: ModuleSource | None, reference: str) -> str:
        path = posixpath.normpath(f"{loaded.folder}/{reference}" if loaded is not None else reference)
        content = site.media.get(path)
        return data_uri(path, content) if content is not None else ""

    return inline


def render_review_pack(source: CourseSource, templates_dir: Path = TEMPLATES_DIR) -> str:
    """The whole course for reviewers as one HTML document, nothing outside the file.

    Its only script is the inline comment UI: without JavaScript it is a complete, printable pack.
    """
    site = plan_site(source)
    env = review_environment(templates_dir)
    logo = next((path for path in sorted(site.media) if path.startswith("assets/logo")), None)
    context = {
        "source": source,
        "course": source.course,
        "site": site,
        "t": site.messages,  # the interface's words (defaults the author left out) in the course language
        "coverage": objective_coverage(source),
        "unlinked": unlinked_questions(source),
        "module_questions": module_questions,
        "inline": _media_inliner(site),
        "logo_uri": data_uri(logo, site.media[logo]) if logo else None,
        "stylesheet": review_stylesheet(templates_dir).decode("utf-8"),
        "pack_link": lambda question: f"#q-{question.id}",
        "module_quiz": lambda loaded: next((p.quiz for p in site.module_pages(loaded) if p.quiz is not None), None),
        "final": next((p.quiz for p in site.pages if p.quiz is not None and p.module is None), None),
        "term_tables": term_tables(source.terminology, source.course.built_languages),
        "source_language": source.course.built_languages[0],  # the termbase is written in it
    }
    with objectives_of(source):
        return env.get_template(f"{REVIEW_TEMPLATES}/pack.html").render(context)


def review_pack_name(source: CourseSource) -> str:
    return f"{source.course.id}-{source.course.version}-review.html"


# ---------------------------------------------------------------- PDF through Chromium


def find_chromium() -> Path | None:
    for name in CHROMIUM_CANDIDATES:
        found = shutil.which(name)
        if found:
            return Path(found)
    debian = Path("/usr/bin/chromium")
    return debian if debian.is_file() else None


def print_pdf(html: Path, pdf: Path, chromium: Path, timeout: float = 120) -> None:
    """Print an HTML file to PDF with headless Chromium in a fresh profile; raise BuildError on failure."""
    pdf.parent.mkdir(parents=True, exist_ok=True)
    partial = pdf.with_name(f".{pdf.name}.partial")
    with tempfile.TemporaryDirectory(prefix="dcp-review-chromium-") as profile:
        command = [
            str(chromium), *CHROMIUM_FLAGS, f"--user-data-dir={profile}",
            "--no-pdf-header-footer", f"--print-to-pdf={partial}", html.resolve().as_uri(),
        ]
        try:
            result = subprocess.run(command, capture_output=True, text=True, timeout=timeout,
                                    stdin=subprocess.DEVNULL, check=False)
        except (OSError, subprocess.TimeoutExpired) as exc:
            partial.unlink(missing_ok=True)
            raise BuildError(f"Chromium could not print the PDF: {exc}") from exc
    if not partial.is_file() or partial.read_bytes()[:5] != b"%PDF-":
        partial.unlink(missing_ok=True)
        detail = (result.stderr or "").strip().splitlines()[-1:] or ["no output"]
        raise BuildError(f"Chromium did not write a PDF (exit {result.returncode}: {detail[0]})")
    os.replace(partial, pdf)
