"""Plan: the validated course as an ordered set of pages grouped into SCOs. Pure data."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import Literal

from ..source.final.blueprint import Rule, blueprint_rules, smallest_draw
from ..source.final.pool import PoolItem, final_pool
from ..source.loaded import CourseSource, ModuleSource
from ..source.messages import Messages, shipped_messages
from ..source.model import GlossaryEntry, Lesson, Module, QuestionBase, block_kind

PageKind = Literal["home", "module", "lesson", "quiz", "glossary", "reading"]
Granularity = Literal["per-module", "per-course"]
FINAL_ID = "final-assessment"


@dataclass(frozen=True)
class QuizPlan:
    """A graded quiz as the learner meets it: a module quiz, or the final drawing on every module."""

    id: str
    title: str
    pass_mark: int
    attempts: int
    draw: int | None
    shuffle: bool
    shuffle_choices: bool
    questions: tuple[QuestionBase, ...]
    # The final's pool (questions in the same order) and its blueprint: the rules every draw meets,
    # and one draw known to meet them (pool positions), for the player to fall back on.
    pool: tuple[PoolItem, ...] = ()
    rules: tuple[Rule, ...] = ()
    fallback: tuple[int, ...] = ()


# Pages and SCOs compare by identity: each is planned once, and comparing their deep contents
# made every `page in sco.pages` walk whole modules (quadratic in course size).
@dataclass(frozen=True, eq=False)
class Page:
    id: str  # stable, derived from source ids; used in suspend data and bookmarks
    kind: PageKind
    path: str  # output path relative to the site root, with forward slashes
    title: str
    module: ModuleSource | None = None
    lesson: Lesson | None = None
    quiz: QuizPlan | None = None


@dataclass(frozen=True, eq=False)
class Sco:
    id: str
    title: str
    launch: str  # the shell page an LMS opens
    pages: tuple[Page, ...]  # what the learner moves through inside this SCO
    modules: tuple[ModuleSource, ...]

    @property
    def quizzes(self) -> tuple[QuizPlan, ...]:
        return tuple(page.quiz for page in self.pages if page.quiz is not None)


@dataclass(frozen=True)
class Site:
    source: CourseSource
    pages: tuple[Page, ...]  # every tracked page, in reading order
    scos: tuple[Sco, ...]
    granularity: Granularity
    messages: Messages  # the interface's words in the course language
    media: dict[str, bytes] = field(default_factory=dict)  # output path -> bytes
    reference_pages: tuple[Page, ...] = ()  # glossary and further reading: outside the reading order
    glossary: tuple[GlossaryEntry, ...] = ()

    @property
    def logo(self) -> str | None:
        """Output path of the academy's logo, when the course has one."""
        return next((path for path in self.media if path.startswith("assets/logo")), None)

    @property
    def home(self) -> Page:
        return self.pages[0]

    def module_pages(self, loaded: ModuleSource) -> tuple[Page, ...]:
        return self._pages_by_module.get(id(loaded), ())

    def sco_of(self, page: Page) -> Sco | None:
        return self._sco_by_page.get(page)

    @cached_property
    def _pages_by_module(self) -> dict[int, tuple[Page, ...]]:
        grouped: dict[int, list[Page]] = {}
        for page in self.pages:
            if page.module is not None:
                grouped.setdefault(id(page.module), []).append(page)
        return {key: tuple(pages) for key, pages in grouped.items()}

    @cached_property
    def _sco_by_page(self) -> dict[Page, Sco]:
        return {page: sco for sco in reversed(self.scos) for page in sco.pages}

    def reference(self, kind: PageKind) -> Page | None:
        return next((p for p in self.reference_pages if p.kind == kind), None)


def module_dir(loaded: ModuleSource) -> str:
    return loaded.folder


def module_quiz_plan(loaded: ModuleSource, mastery: int, t: Messages) -> QuizPlan | None:
    quiz = loaded.module.quiz
    if quiz is None:
        return None
    return QuizPlan(
        id=f"{loaded.module.id}-quiz", title=quiz.title or t("module_quiz"),
        pass_mark=quiz.pass_mark if quiz.pass_mark is not None else mastery,
        attempts=quiz.attempts, draw=quiz.draw, shuffle=quiz.shuffle,
        shuffle_choices=quiz.shuffle_choices, questions=tuple(quiz.questions),
    )


def final_quiz_plan(source: CourseSource, t: Messages) -> QuizPlan | None:
    final = source.course.final
    if final is None:
        return None
    pool = final_pool(source.modules)
    rules = blueprint_rules(pool, final.blueprint, source.modules)
    # Loading has refused a blueprint no draw can meet; lint plans such a course too, without a fallback.
    smallest = smallest_draw(pool, rules).items if rules else None
    return QuizPlan(
        id=FINAL_ID, title=final.title or t("final_assessment"),
        pass_mark=final.pass_mark if final.pass_mark is not None else source.course.mastery_score,
        attempts=final.attempts, draw=final.draw, shuffle=final.shuffle,
        shuffle_choices=final.shuffle_choices, questions=tuple(item.question for item in pool),
        pool=pool, rules=rules, fallback=smallest or (),
    )


def _module_pages(loaded: ModuleSource, mastery: int, t: Messages) -> list[Page]:
    module: Module = loaded.module
    folder = module_dir(loaded)
    pages = [Page(module.id, "module", f"{folder}/index.html", module.title, loaded)]
    pages += [
        Page(lesson.id, "lesson", f"{folder}/{lesson.id}.html", lesson.title, loaded, lesson)
        for lesson in module.lessons
    ]
    plan = module_quiz_plan(loaded, mastery, t)
    if plan is not None:
        pages.append(Page(plan.id, "quiz", f"{folder}/quiz.html", plan.title, loaded, quiz=plan))
    return pages


def course_glossary(source: CourseSource) -> tuple[GlossaryEntry, ...]:
    """Course glossary entries, then terms defined in lessons that the course file lacks."""
    entries = list(source.glossary.terms) if source.glossary else []
    known = {e.term.casefold() for e in entries}
    for loaded in source.modules:
        for lesson in loaded.module.lessons:
            for block in lesson.blocks:
                if block_kind(block) == "glossary":
                    term = block.glossary  # type: ignore[attr-defined]
                    if term.term.casefold() not in known:
                        known.add(term.term.casefold())
                        entries.append(GlossaryEntry(term=term.term, definition=term.definition))
    return tuple(sorted(entries, key=lambda e: e.term.casefold()))


def plan_site(source: CourseSource, granularity: Granularity | None = None,
              messages: Messages | None = None) -> Site:
    course = source.course
    t = messages if messages is not None else shipped_messages(course.language)
    chosen: Granularity = granularity or course.sco
    home = Page("home", "home", "index.html", course.title)
    pages: list[Page] = [home]
    scos: list[Sco] = []
    media: dict[str, bytes] = {}
    for loaded in source.modules:
        module_pages = _module_pages(loaded, course.mastery_score, t)
        pages += module_pages
        if chosen == "per-module":
            scos.append(Sco(f"sco-{loaded.module.id}", loaded.module.title,
                            f"sco-{loaded.module.id}.html", tuple(module_pages), (loaded,)))
        for relative, content in loaded.media.items():
            media[f"{module_dir(loaded)}/{relative}"] = content
    final = final_quiz_plan(source, t)
    if final is not None:
        final_page = Page(final.id, "quiz", f"{FINAL_ID}.html", final.title, quiz=final)
        pages.append(final_page)
        if chosen == "per-module":
            scos.append(Sco(f"sco-{FINAL_ID}", final.title, f"sco-{FINAL_ID}.html", (final_page,), ()))
    if chosen == "per-course":
        scos.append(Sco(f"sco-{course.id}", course.title, f"sco-{course.id}.html",
                        tuple(pages), tuple(source.modules)))
    if source.logo is not None and course.organisation.logo:
        media[f"assets/{logo_name(course.organisation.logo)}"] = source.logo
    for src, content in source.fonts.items():
        media[font_path(src)] = content
    glossary = course_glossary(source)
    reference: list[Page] = []
    if glossary:
        reference.append(Page("glossary", "glossary", "glossary.html", t("glossary")))
    if source.reading is not None:
        reference.append(Page("further-reading", "reading", "further-reading.html",
                              source.reading.title or t("further_reading")))
    return Site(source, tuple(pages), tuple(scos), chosen, t, media, tuple(reference), glossary)


def logo_name(reference: str) -> str:
    return "logo" + ("." + reference.rsplit(".", 1)[-1].lower() if "." in reference else "")


def font_path(src: str) -> str:
    """Where a shipped font lands in every output."""
    return "assets/fonts/" + src.rsplit("/", 1)[-1]
