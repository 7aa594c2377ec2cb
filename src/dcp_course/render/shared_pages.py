"""Each page rendered once per navigation scope, and a large course rendered on every core."""

from __future__ import annotations

import multiprocessing
import os
import threading
from collections.abc import Callable

from ..plan.site import Page, Site
from .pages import Target, pages_for, render_page

# Below this many pages to render, starting worker processes costs more than it saves.
PARALLEL_MIN_PAGES = 600
SWAMPED_LOAD_PER_CORE = 2.0  # load average per core above which extra workers only add overhead


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
