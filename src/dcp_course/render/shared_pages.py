"""Each page rendered once per navigation scope, and a large course rendered on every core."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from multiprocessing.sharedctypes import Synchronized
from typing import Any, Protocol

from .. import workers
from ..plan.site import Page, Site
from .glossary import forget_linked_text
from .markdown import forget_rendered
from .pages import Target, build_environment, pages_for, render_page

# Below this many pages to render, starting worker processes costs more than it saves.
PARALLEL_MIN_PAGES = 600
RUNS_PER_PROCESS = 8  # short runs let a process slowed by other work take fewer of them
MAX_RUN = 200  # pages: a run's pages come back in one message, held twice while it is read


class PageCompression(Protocol):
    """Where pages bound for a zip are compressed: compress runs in any process, add in this one."""

    def compress(self, content: bytes) -> Any: ...

    def add(self, content: bytes, compressed: Any) -> None: ...


class SharedPages:
    """Renders each page once per navigation scope: SCORM 1.2 and 2004 pages are the same bytes.

    With a compression, worker processes also compress the pages they render for a zip, so
    compressing a large course's packages is shared by every core too.
    """

    def __init__(self, compression: PageCompression | None = None) -> None:
        self.pages: dict[tuple[str, str], bytes] = {}
        self.compression = compression
        # The build's environment checks no template once loaded: each build loads them afresh.
        build_environment().cache.clear()  # type: ignore[union-attr]

    def __call__(self, site: Site, target: Target, page: Page) -> bytes:
        key = (target.navigation, page.path)
        if key not in self.pages:
            self.pages[key] = render_page(site, target, page, build_environment())
        return self.pages[key]

    def render_ahead(self, site: Site, targets: list[Target], progress: Callable[[str], None]) -> None:
        """Render every page the targets need, each page's scopes one after the other.

        Back to back, a page's second render reuses its first one's Markdown and glossary links
        from small caches. A large course renders on every core: this process and its forked
        workers take short runs of pages in turn from one counter until none is left, so a core
        that is slowed by other work simply takes fewer. Pages are pure functions of the site, so
        where they are rendered cannot change a byte. Workers are forked (see workers.fork_context).
        """
        try:
            self._render_all(site, self._jobs(site, targets), progress)
        finally:
            # Every page is rendered: the Markdown and linked prose kept for a page's next scope
            # (~30 MB at 10,000 lessons) would only sit beside the zips about to be written.
            forget_rendered()
            forget_linked_text()

    def _render_all(self, site: Site, jobs: list[tuple[Target, int]], progress: Callable[[str], None]) -> None:
        pages = _all_pages(site)
        processes = render_workers()
        context = workers.fork_context()
        if len(jobs) < PARALLEL_MIN_PAGES or processes < 2 or context is None:
            for target, index in jobs:
                self(site, target, pages[index])
            return
        progress(f"rendering {len(jobs)} pages in {processes} processes")
        # One page of each kind first, here: workers inherit its compiled templates, not compile them again.
        first_of_kind = {pages[index].kind: (target, index) for target, index in reversed(jobs)}
        for target, index in first_of_kind.values():
            self(site, target, pages[index])
        jobs = [job for job in jobs if job not in first_of_kind.values()]
        size = min(-(-len(jobs) // (processes * RUNS_PER_PROCESS)), MAX_RUN)
        global _shared_work
        work = _shared_work = _SharedWork(site, [jobs[i:i + size] for i in range(0, len(jobs), size)],
                                          context.Value("i", 0), self.compression)

        def keep(run: int, rendered: list[tuple[bytes, Any]]) -> None:
            for (target, index), (html, compressed) in zip(work.runs[run], rendered, strict=True):
                self.pages[(target.navigation, pages[index].path)] = html
                if compressed is not None and self.compression is not None:
                    self.compression.add(html, compressed)

        try:
            with context.Pool(processes - 1) as pool:
                # Each task renders the next run not taken yet, or nothing once all are taken.
                helped = pool.imap_unordered(_take_run, range(len(work.runs)))
                while (taken := _take_run()) is not None:  # this process renders too, instead of waiting
                    keep(*taken)
                for taken in helped:
                    if taken is not None:
                        keep(*taken)
        finally:
            _shared_work = None

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
    """How many processes render a large course: every usable core."""
    return workers.usable_cores()


@dataclass
class _SharedWork:
    """What every rendering process inherits at fork: the site, its runs of jobs, the next run's number."""

    site: Site
    runs: list[list[tuple[Target, int]]]
    next_run: Synchronized[int]
    compression: PageCompression | None


_shared_work: _SharedWork | None = None


def _all_pages(site: Site) -> tuple[Page, ...]:
    return (*site.pages, *site.reference_pages)


def _take_run(_: int = 0) -> tuple[int, list[tuple[bytes, Any]]] | None:
    """The next run not taken yet, rendered (and compressed where zipped), with its number; None when
    all are taken. In any process."""
    work = _shared_work
    assert work is not None
    with work.next_run.get_lock():
        run = work.next_run.value
        work.next_run.value += 1
    if run >= len(work.runs):
        return None
    pages = _all_pages(work.site)
    rendered = []
    for target, index in work.runs[run]:
        html = render_page(work.site, target, pages[index], build_environment())
        compression = work.compression if target.zipped else None
        rendered.append((html, compression.compress(html) if compression is not None else None))
    return run, rendered
