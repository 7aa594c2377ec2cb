"""The pipeline: load -> plan -> render/emit -> write. The CLI and build.py call build()."""

from __future__ import annotations

import gc
import multiprocessing
import os
import threading
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from .plan.site import Granularity, Page, Site, plan_site
from .render.pages import Target, pages_for, render_page, static_assets
from .source.errors import BuildError
from .source.load import load_course
from .source.loaded import CourseSource
from .targets import FORMATS
from .targets.cmi5 import CMI5
from .targets.package import write_outputs
from .targets.scorm import scorm_target
from .targets.web import WEB

ALL_FORMATS = tuple(FORMATS)
# How each format presents its pages, so they can be rendered ahead of it in worker processes;
# a format missing here is still built, its pages rendered in this process.
FORMAT_TARGETS: dict[str, Target] = {
    "web": WEB, "scorm12": scorm_target("scorm12"), "scorm2004": scorm_target("scorm2004"), "cmi5": CMI5,
}
# Below this many pages to render, starting worker processes costs more than it saves.
PARALLEL_MIN_PAGES = 600
SWAMPED_LOAD_PER_CORE = 2.0  # load average per core above which extra workers only add overhead


@dataclass(frozen=True)
class BuildResult:
    out_dir: Path
    outputs: dict[str, int]  # output name -> number of files (folder) or bytes (zip)


def resolve_formats(requested: Iterable[str], source: CourseSource) -> list[str]:
    chosen = list(requested)
    if not chosen or "all" in chosen:
        return [f for f in ALL_FORMATS if f in source.course.outputs]
    unknown = [f for f in chosen if f not in FORMATS]
    if unknown:
        raise BuildError(f"unknown format {unknown[0]!r}; choose from {', '.join(ALL_FORMATS)} or all")
    return [f for f in ALL_FORMATS if f in chosen]


def produce(source: CourseSource, formats: list[str], granularity: Granularity | None = None,
            progress: Callable[[str], None] = lambda _: None) -> dict[str, dict[str, bytes] | bytes]:
    """Everything a build writes, in memory: output name -> folder contents or zip bytes."""
    site = plan_site(source, granularity)
    assets = static_assets()
    outputs: dict[str, dict[str, bytes] | bytes] = {}
    renderer = SharedPages()
    with _long_lived():
        renderer.render_ahead(site, [FORMAT_TARGETS[name] for name in formats if name in FORMAT_TARGETS], progress)
        for name in formats:
            progress(f"rendering {name}")
            output_name, content = FORMATS[name](site, assets, renderer)
            outputs[output_name] = content
    return outputs


@contextmanager
def _long_lived() -> Iterator[None]:
    """The sources and plan live for the whole build: the garbage collector need not walk them.

    Each full collection otherwise walks every loaded module again, which made a course of
    thousands of modules slower per page than a small one; forked workers share them unchanged.
    """
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()


class SharedPages:
    """Renders each page once per navigation scope: SCORM 1.2 and 2004 pages are the same bytes."""

    def __init__(self) -> None:
        self.pages: dict[tuple[str, str], bytes] = {}

    def __call__(self, site: Site, target: Target, page: Page) -> bytes:
        key = (target.navigation, page.path)
        if key not in self.pages:
            self.pages[key] = render_page(site, target, page)
        return self.pages[key]

    def render_ahead(self, site: Site, targets: list[Target], progress: Callable[[str], None]) -> None:
        """Render every page the targets need, each page's scopes one after the other.

        Back to back, a page's second render reuses its first one's Markdown and glossary links
        from small caches. A large course renders on every core: pages are pure functions
        of the site, so where they are rendered cannot change a byte. Workers are forked (they
        inherit the site instead of receiving it), which is only safe while this process runs
        no other thread.
        """
        jobs = self._jobs(site, targets)
        workers = render_workers()
        if (len(jobs) < PARALLEL_MIN_PAGES or workers < 2 or threading.active_count() > 1
                or "fork" not in multiprocessing.get_all_start_methods()):
            pages = _all_pages(site)
            for target, index in jobs:
                self(site, target, pages[index])
            return
        progress(f"rendering {len(jobs)} pages in {workers} processes")
        global _forked_site
        _forked_site = site
        try:
            size = -(-len(jobs) // (workers * 4))  # a few chunks per worker evens out their work
            chunks = [jobs[i:i + size] for i in range(0, len(jobs), size)]
            pages = _all_pages(site)
            with multiprocessing.get_context("fork").Pool(workers) as pool:
                for chunk, rendered in zip(chunks, pool.map(_render_chunk, chunks), strict=True):
                    for (target, index), html in zip(chunk, rendered, strict=True):
                        self.pages[(target.navigation, pages[index].path)] = html
        finally:
            _forked_site = None

    def _jobs(self, site: Site, targets: list[Target]) -> list[tuple[Target, int]]:
        """(target, page index) for each page not rendered yet, once per navigation scope, by page."""
        index = {id(page): i for i, page in enumerate(_all_pages(site))}
        jobs: dict[tuple[str, str], tuple[Target, int]] = {}
        for target in targets:
            for page in (*pages_for(site, target), *site.reference_pages):
                key = (target.navigation, page.path)
                if key not in self.pages and key not in jobs:
                    jobs[key] = (target, index[id(page)])
        return sorted(jobs.values(), key=lambda job: job[1])


def render_workers() -> int:
    """How many processes render a large course: every usable core, unless the machine is swamped.

    Measured on a shared 2-core machine (1,000 lessons): at load average 3, two workers cut the
    wall time by ~15 %; at load average 9-12 they added 10-40 % (forking, copying pages back).
    """
    usable = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
    busy = os.getloadavg()[0] if hasattr(os, "getloadavg") else 0.0
    return min(usable, 8) if busy < SWAMPED_LOAD_PER_CORE * usable else 1


_forked_site: Site | None = None  # the site a forked worker renders from


def _all_pages(site: Site) -> tuple[Page, ...]:
    return (*site.pages, *site.reference_pages)


def _render_chunk(jobs: list[tuple[Target, int]]) -> list[bytes]:
    """In a worker: the pages of one chunk, rendered from the site inherited at fork."""
    assert _forked_site is not None
    pages = _all_pages(_forked_site)
    return [render_page(_forked_site, target, pages[index]) for target, index in jobs]


def build(root: Path, out_dir: Path | None = None, formats: Iterable[str] = (),
          granularity: Granularity | None = None,
          progress: Callable[[str], None] = lambda _: None) -> BuildResult:
    progress("reading sources")
    source = load_course(root)
    chosen = resolve_formats(formats, source)
    outputs = produce(source, chosen, granularity, progress)
    target = out_dir if out_dir is not None else root / "dist"
    progress(f"writing {target}")
    write_outputs(target, outputs)
    sizes = {name: len(content) for name, content in outputs.items()}  # zip bytes or folder files
    return BuildResult(target, sizes)
