"""Plan: the validated course as an ordered set of pages grouped into SCOs. Pure data."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from .model import Lesson, Module
from .sources import CourseSource, ModuleSource

PageKind = Literal["home", "module", "lesson", "quiz"]
Granularity = Literal["per-module", "per-course"]


@dataclass(frozen=True)
class Page:
    id: str  # stable, derived from source ids; used in suspend data and bookmarks
    kind: PageKind
    path: str  # output path relative to the site root, with forward slashes
    title: str
    module: ModuleSource | None = None
    lesson: Lesson | None = None

    @property
    def depth(self) -> int:
        return self.path.count("/")


@dataclass(frozen=True)
class Sco:
    id: str
    title: str
    launch: str  # the shell page an LMS opens
    pages: tuple[Page, ...]  # what the learner moves through inside this SCO
    modules: tuple[ModuleSource, ...]

    @property
    def quiz_modules(self) -> tuple[ModuleSource, ...]:
        return tuple(m for m in self.modules if m.module.quiz is not None)


@dataclass(frozen=True)
class Site:
    source: CourseSource
    pages: tuple[Page, ...]  # every page, in reading order
    scos: tuple[Sco, ...]
    granularity: Granularity
    media: dict[str, bytes] = field(default_factory=dict)  # output path -> bytes

    @property
    def home(self) -> Page:
        return self.pages[0]

    def module_pages(self, loaded: ModuleSource) -> tuple[Page, ...]:
        return tuple(p for p in self.pages if p.module is loaded)

    def sco_of(self, page: Page) -> Sco | None:
        return next((sco for sco in self.scos if page in sco.pages), None)


def module_dir(loaded: ModuleSource) -> str:
    return loaded.folder


def _module_pages(loaded: ModuleSource) -> list[Page]:
    module: Module = loaded.module
    folder = module_dir(loaded)
    pages = [Page(module.id, "module", f"{folder}/index.html", module.title, loaded)]
    pages += [
        Page(lesson.id, "lesson", f"{folder}/{lesson.id}.html", lesson.title, loaded, lesson)
        for lesson in module.lessons
    ]
    if module.quiz is not None:
        pages.append(Page(f"{module.id}-quiz", "quiz", f"{folder}/quiz.html", module.quiz.title, loaded))
    return pages


def plan_site(source: CourseSource, granularity: Granularity | None = None) -> Site:
    course = source.course
    chosen: Granularity = granularity or course.sco
    home = Page("home", "home", "index.html", course.title)
    pages: list[Page] = [home]
    scos: list[Sco] = []
    media: dict[str, bytes] = {}
    for loaded in source.modules:
        module_pages = _module_pages(loaded)
        pages += module_pages
        if chosen == "per-module":
            scos.append(Sco(f"sco-{loaded.module.id}", loaded.module.title,
                            f"sco-{loaded.module.id}.html", tuple(module_pages), (loaded,)))
        for relative, content in loaded.media.items():
            media[f"{module_dir(loaded)}/{relative}"] = content
    if chosen == "per-course":
        scos.append(Sco(f"sco-{course.id}", course.title, f"sco-{course.id}.html",
                        tuple(pages), tuple(source.modules)))
    if source.logo is not None and course.organisation.logo:
        media[f"assets/{logo_name(course.organisation.logo)}"] = source.logo
    return Site(source, tuple(pages), tuple(scos), chosen, media)


def logo_name(reference: str) -> str:
    return "logo" + ("." + reference.rsplit(".", 1)[-1].lower() if "." in reference else "")
