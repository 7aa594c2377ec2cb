"""Rebuilds for the preview that redo only what an edit touched.

A rebuild re-reads the module files whose content changed (unchanged ones are reused as they
were), plans the site again (cheap, pure), and re-renders a page only when something it shows
changed: its own module, or for the home page and the final assessment any module. When the
site's outline changes (a title, a page added or moved, the glossary), or course.yaml or a
template does, every page is rendered again. The result equals a full build's: the unit tests
compare the two after each kind of edit.
"""

from __future__ import annotations

import hashlib
import json
import threading
import time
import traceback
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from jinja2 import TemplateError, TemplateSyntaxError

from ..plan.site import Granularity, Page, Site, plan_site
from ..render.pages import TEMPLATES_DIR, Target, environment, render_page, render_site, static_assets
from ..source.errors import BuildError, SourceError, SourceErrors
from ..source.load import load_course, load_module, media_references
from ..source.loaded import CourseSource, ModuleSource, safe_relative
from ..source.messages import PSEUDO_LANGUAGE
from ..targets.scorm import check_suspend_budget, scorm_target
from ..targets.web import WEB
from ..translate.languages import resolve_languages, source_in
from ..translate.store import store_path
from .review import objectives_of, review_environment, review_stylesheet

SOURCE_DIRS = ("course", "modules")
PREVIEW_TEMPLATES = "preview"  # the preview's own pages: no course page depends on them
HASH_LIMIT = 4_000_000  # larger files (video) are compared by size and modification time


@dataclass(frozen=True)
class Variant:
    """One rendering of the course the preview serves."""

    name: str
    target: Target
    review: bool = False


VARIANTS: dict[str, Variant] = {
    "web": Variant("web", WEB),
    "scorm12": Variant("scorm12", scorm_target("scorm12")),
    "scorm2004": Variant("scorm2004", scorm_target("scorm2004")),
    "review": Variant("review", WEB, review=True),
}
REVIEW_CSS = "assets/review/review.css"


@dataclass(frozen=True)
class Problem:
    """Something that stops the build, located as precisely as we know it."""

    path: str  # relative to the course root (or the templates folder) when inside it; "" when unknown
    line: int  # 0 when the problem concerns a whole file
    column: int
    field: str
    message: str
    hint: str = ""
    detail: str = ""  # a traceback, for problems in the tool itself

    def render(self) -> str:
        where = f"{self.path}:{self.line}:{self.column}" if self.line else self.path
        field_text = f" {self.field}:" if self.field else ""
        hint = f" ({self.hint})" if self.hint else ""
        return f"{where}:{field_text} {self.message}{hint}" if where else f"{self.message}{hint}"


@dataclass(frozen=True)
class Snapshot:
    """What the preview serves: the last good files of each variant, and the current problems."""

    version: int
    files: Mapping[str, Mapping[str, bytes]] = field(default_factory=dict)
    problems: tuple[Problem, ...] = ()
    source: CourseSource | None = None
    site: Site | None = None

    @property
    def ok(self) -> bool:
        return not self.problems


@dataclass(frozen=True)
class RebuildReport:
    version: int
    problems: tuple[Problem, ...]
    changed: tuple[str, ...]  # watched files whose content differs from the previous rebuild
    rendered: int  # pages rendered this time
    pages: int  # pages in all the variants served
    full: bool  # every page rendered: the outline, course.yaml or a template changed (or the first build)
    seconds: float
    switched_to: str | None = None  # the language this rebuild switched the preview to, if it did

    @property
    def ok(self) -> bool:
        return not self.problems


@dataclass
class _ModuleEntry:
    digest: str
    media_key: tuple[tuple[str, int, int], ...]
    errors: list[SourceError]
    loaded: ModuleSource | None
    revision: int


PageCache = dict[str, tuple[tuple[Any, ...], bytes]]  # page path -> (what it was rendered from, HTML)


class IncrementalBuilder:
    """Keeps the course in memory and brings it up to date with `rebuild()` after each edit."""

    def __init__(self, root: Path, variants: Iterable[str] = ("web",), granularity: Granularity | None = None,
                 templates_dir: Path = TEMPLATES_DIR, language: str | None = None) -> None:
        self.root = Path(root)
        self.granularity = granularity
        self.language = language  # None: the language the sources are written in
        self.templates_dir = templates_dir
        self._listed_languages: list[str] = []  # course.yaml's languages, as last read
        self._active: list[str] = []
        for name in variants:
            self._check_variant(name)
            if name not in self._active:
                self._active.append(name)
        self._modules: dict[tuple[str, str], _ModuleEntry] = {}
        self._good: dict[tuple[str, str], tuple[ModuleSource, int]] = {}  # last module that loaded
        self._revisions: dict[str, int] = {}
        self._next_revision = 0
        # page caches and outlines per language, so that switching back to a language reuses its pages
        self._pages_by_language: dict[str | None, dict[str, PageCache]] = {}
        self._outlines_by_language: dict[str | None, dict[str, str]] = {}
        self._fingerprints: dict[str, Any] = {}
        self._lock = threading.RLock()
        self._snapshot = Snapshot(0)

    # ------------------------------------------------------------ public

    @property
    def snapshot(self) -> Snapshot:
        return self._snapshot

    @property
    def variants(self) -> tuple[str, ...]:
        return tuple(self._active)

    @property
    def _pages(self) -> dict[str, PageCache]:
        return self._pages_by_language.setdefault(self.language, {})

    @property
    def _outlines(self) -> dict[str, str]:
        return self._outlines_by_language.setdefault(self.language, {})

    @property
    def languages(self) -> tuple[str, ...]:
        """What the preview can switch to: course.yaml's languages (source first), then the pseudo-locale."""
        return (*self._listed_languages, PSEUDO_LANGUAGE) if self._listed_languages else ()

    @property
    def current_language(self) -> str | None:
        """The language served: the one chosen, else the sources' own (None before the first read)."""
        if self.language is not None:
            return self.language
        return self._listed_languages[0] if self._listed_languages else None

    def switch_language(self, language: str) -> RebuildReport:
        """Serve the course in another of its languages from now on.

        The sources are not read again; each page is rendered anew unless it was rendered in that
        language before and nothing it shows has changed since. Raises BuildError for a language
        the course does not list (the pseudo-locale is always allowed), serving on as before.
        """
        with self._lock:
            if language not in self.languages:
                choices = ", ".join(self.languages)
                raise BuildError(f"the course is not built in {language!r}; choose one of {choices}")
            started = time.perf_counter()
            if language == self.current_language and self._snapshot.version:
                snapshot = self._snapshot
                return RebuildReport(snapshot.version, snapshot.problems, (), 0, 0, False,
                                     time.perf_counter() - started, language)
            self.language = None if language == self._listed_languages[0] else language
            return self._build(self._fingerprints, (), started, language)

    def watched_dirs(self) -> list[Path]:
        return [self.root / name for name in SOURCE_DIRS] + [self.templates_dir]

    def rebuild(self) -> RebuildReport:
        """Bring every active variant up to date with the files on disk; never raises for bad sources.

        When no watched file's content changed since the last rebuild, nothing is done and the
        version stays: pages open in a browser only reload for real changes.
        """
        with self._lock:
            started = time.perf_counter()
            prints = self._fingerprint()
            changed = tuple(sorted(p for p in prints.keys() | self._fingerprints.keys()
                                   if prints.get(p) != self._fingerprints.get(p)))
            if not changed and self._snapshot.version:
                # nothing on disk differs (a touched file, a duplicate event): open pages stay as they are
                snapshot = self._snapshot
                pages = sum(len(self._pages.get(name, {})) for name in self._active)
                return RebuildReport(snapshot.version, snapshot.problems, (), 0, pages, False,
                                     time.perf_counter() - started)
            self._fingerprints = prints
            return self._build(prints, changed, started)

    def _build(self, prints: Mapping[str, Any], changed: tuple[str, ...], started: float,
               switched_to: str | None = None) -> RebuildReport:
        """Read (reusing unchanged modules), translate, plan and render into a new snapshot."""
        with self._lock:
            templates_key = self._templates_key(prints)
            version = self._snapshot.version + 1
            try:
                source = load_course(self.root, read_module=self._read_module)
                self._listed_languages = source.course.built_languages
                if self.language is not None:
                    (language,) = resolve_languages([self.language], source)
                    source = source_in(source, language)[0]
                site = plan_site(source, self.granularity)
                files, caches, outlines, rendered = {}, {}, {}, 0
                for name in self._active:
                    outlines[name] = self._outline(site, name, templates_key)
                    files[name], caches[name], count = self._render_variant(site, name, outlines[name])
                    rendered += count
            except Exception as exc:  # noqa: BLE001 - the preview shows any failure and keeps serving
                problems = problems_from(exc, self.root, self.templates_dir)
                previous = self._snapshot
                self._snapshot = Snapshot(version, previous.files, problems, previous.source, previous.site)
                return RebuildReport(version, problems, changed, 0, 0, False, time.perf_counter() - started,
                                     switched_to)
            full = any(self._outlines.get(name) != outline for name, outline in outlines.items())
            self._pages.update(caches)
            self._outlines.update(outlines)
            self._snapshot = Snapshot(version, files, (), source, site)
            pages = sum(len(cache) for cache in caches.values())
            return RebuildReport(version, (), changed, rendered, pages, full, time.perf_counter() - started,
                                 switched_to)

    def activate(self, name: str) -> bool:
        """Start serving another variant (the simulator's SCORM content, review mode).

        Renders it from the sources already read, without bumping the version: open pages of the
        other variants have nothing new to show. False when the sources have problems right now.
        """
        self._check_variant(name)
        with self._lock:
            if name in self._active:
                return True
            self._active.append(name)
            snapshot = self._snapshot
            if snapshot.site is None or not snapshot.ok:
                return False
            try:
                outline = self._outline(snapshot.site, name, self._templates_key(self._fingerprints))
                files, cache, _ = self._render_variant(snapshot.site, name, outline)
            except Exception as exc:  # noqa: BLE001 - shown like any other build problem
                problems = problems_from(exc, self.root, self.templates_dir)
                self._snapshot = Snapshot(snapshot.version, snapshot.files, problems, snapshot.source, snapshot.site)
                return False
            self._pages[name] = cache
            self._outlines[name] = outline
            self._snapshot = Snapshot(snapshot.version, {**snapshot.files, name: files}, (),
                                      snapshot.source, snapshot.site)
            return True

    # ------------------------------------------------------------ reading

    def _read_module(self, name: str, path: Path, errors: list[SourceError]) -> ModuleSource | None:
        """load_module, reusing the last result while the file and its media are unchanged.

        A module that reads as it did when last good keeps its revision, so pages rendered from
        it are reused even after a broken edit in between.
        """
        key = (name, str(path))
        try:
            digest = hashlib.sha1(path.read_bytes()).hexdigest()
        except OSError:
            digest = ""
        entry = self._modules.get(key)
        if entry is not None and digest and entry.digest == digest and entry.media_key == _media_key(entry.loaded):
            errors.extend(entry.errors)
            self._revisions[name] = entry.revision
            return entry.loaded
        found: list[SourceError] = []
        loaded = load_module(name, path, found)
        good = self._good.get(key)
        if loaded is not None and good is not None and loaded.module == good[0].module and loaded.media == good[0].media:
            revision = good[1]
        else:
            self._next_revision += 1
            revision = self._next_revision
        if loaded is not None:
            self._good[key] = (loaded, revision)
        self._modules[key] = _ModuleEntry(digest, _media_key(loaded), found, loaded, revision)
        self._revisions[name] = revision
        errors.extend(found)
        return loaded

    def _fingerprint(self) -> dict[str, Any]:
        prints: dict[str, Any] = {}
        for base in self.watched_dirs():
            if not base.is_dir():
                continue
            for path in sorted(base.rglob("*")):
                if not path.is_file() or any(part.startswith(".") for part in path.relative_to(base).parts):
                    continue
                try:
                    stat = path.stat()
                    prints[_shown(path, self.root, self.templates_dir)] = (
                        hashlib.sha1(path.read_bytes()).hexdigest() if stat.st_size <= HASH_LIMIT
                        else (stat.st_size, stat.st_mtime_ns))
                except OSError:
                    continue
        return prints

    def _templates_key(self, prints: Mapping[str, Any]) -> str:
        """What every page depends on besides the site: the templates, and in a translated preview
        the stored translations (a lesson's text can change there while its module file does not)."""
        prefix = "templates/"
        own = f"{prefix}{PREVIEW_TEMPLATES}/"
        relevant = sorted((p, v) for p, v in prints.items() if p.startswith(prefix) and not p.startswith(own))
        if self.language is not None:
            stored = _shown(store_path(self.root, self.language), self.root, self.templates_dir)
            relevant.append((self.language, prints.get(stored)))
        return hashlib.sha1(repr(relevant).encode()).hexdigest()

    # ------------------------------------------------------------ rendering

    def _outline(self, site: Site, name: str, templates_key: str) -> str:
        """Everything every page of a variant shows beyond its own module."""
        source = site.source
        parts = [
            name, templates_key, site.granularity, source.course.model_dump_json(),
            [(p.id, p.kind, p.path, p.title, p.module.folder if p.module else None,
              p.module.module.title if p.module else None) for p in (*site.pages, *site.reference_pages)],
            [(s.id, s.title, s.launch, [p.id for p in s.pages]) for s in site.scos],
            [entry.model_dump_json() for entry in site.glossary],
            source.reading.model_dump_json() if source.reading else None,
            sorted(site.media),
        ]
        return hashlib.sha1(json.dumps(parts, default=str).encode()).hexdigest()

    def _page_key(self, page: Page, outline: str, site: Site) -> tuple[Any, ...]:
        depends: tuple[tuple[str, int | None], ...]
        if page.module is not None:
            depends = ((page.module.folder, self._revisions.get(page.module.folder)),)
        elif page.kind == "home" or page.quiz is not None:  # summaries of, or questions from, every module
            depends = tuple((m.folder, self._revisions.get(m.folder)) for m in site.source.modules)
        else:
            depends = ()
        return outline, depends

    def _render_variant(self, site: Site, name: str, outline: str) -> tuple[dict[str, bytes], PageCache, int]:
        variant = VARIANTS[name]
        if variant.target.runtime == "scorm12":
            check_suspend_budget(site, "scorm12")
        env = review_environment(self.templates_dir) if variant.review else environment(self.templates_dir)
        previous = self._pages.get(name, {})
        cache: PageCache = {}
        rendered = 0

        def render(site: Site, target: Target, page: Page) -> bytes:
            nonlocal rendered
            key = self._page_key(page, outline, site)
            known = previous.get(page.path)
            if known is not None and known[0] == key:
                cache[page.path] = known
                return known[1]
            html = render_page(site, target, page, env)
            cache[page.path] = (key, html)
            rendered += 1
            return html

        with objectives_of(site.source):
            files = render_site(site, variant.target, static_assets(self.templates_dir), render)
        if variant.review:
            files[REVIEW_CSS] = review_stylesheet(self.templates_dir)
        return files, cache, rendered

    def _check_variant(self, name: str) -> None:
        if name not in VARIANTS:
            raise BuildError(f"unknown preview variant {name!r}; choose from {', '.join(VARIANTS)}")


def _media_key(loaded: ModuleSource | None) -> tuple[tuple[str, int, int], ...]:
    """Size and modification time of each media file a module refers to (-1 when missing)."""
    if loaded is None:
        return ()
    folder = loaded.path.parent
    found = []
    for reference in sorted(media_references(loaded.module)):
        relative = safe_relative(reference)
        if relative is None:
            continue
        try:
            stat = (folder / relative).stat()
            found.append((reference, stat.st_size, stat.st_mtime_ns))
        except OSError:
            found.append((reference, -1, -1))
    return tuple(found)


def _shown(path: Path, root: Path, templates_dir: Path) -> str:
    """A path as the author knows it: below the course root, or templates/... for the tool's templates."""
    for base in (root, templates_dir.parent):
        try:
            return path.resolve().relative_to(base.resolve()).as_posix()
        except ValueError:
            continue
    return str(path)


def problems_from(exc: BaseException, root: Path, templates_dir: Path = TEMPLATES_DIR) -> tuple[Problem, ...]:
    """Any failure of a rebuild as located problems for the error page and the terminal."""
    if isinstance(exc, SourceErrors):
        return tuple(_from_source_error(e, root) for e in exc.errors)
    if isinstance(exc, SourceError):
        return (_from_source_error(exc, root),)
    if isinstance(exc, TemplateSyntaxError):
        name = exc.filename or exc.name or ""
        return (Problem(_shown(Path(name), root, templates_dir) if name else "", exc.lineno or 0, 1,
                        "", f"template syntax: {exc.message}"),)
    if isinstance(exc, TemplateError):
        line, name = _template_frame(exc, templates_dir)
        return (Problem(name, line, 1 if line else 0, "", f"template error: {exc}"),)
    if isinstance(exc, BuildError):
        return (Problem("", 0, 0, "", str(exc)),)
    detail = "".join(traceback.format_exception(exc))
    return (Problem("", 0, 0, "", f"internal error: {type(exc).__name__}: {exc}",
                    "this is a bug in dcp-course; the details below help to fix it", detail),)


def _from_source_error(error: SourceError, root: Path) -> Problem:
    try:
        shown = error.path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        shown = str(error.path)
    return Problem(shown, error.line, error.column, error.field, error.message, error.hint)


def _template_frame(exc: BaseException, templates_dir: Path) -> tuple[int, str]:
    """The innermost traceback frame inside a template: Jinja maps its line numbers back to the file."""
    found = (0, "templates/")
    tb = exc.__traceback__
    base = str(templates_dir.resolve())
    while tb is not None:
        filename = tb.tb_frame.f_code.co_filename
        if filename.startswith(base):
            found = (tb.tb_lineno, "templates/" + Path(filename).resolve().relative_to(base).as_posix())
        tb = tb.tb_next
    return found
