"""The preview server: the course from memory on 127.0.0.1, rebuilt as files change.

URLs
  /…                  the course in the chosen format (web by default)
  /lms/               the LMS simulator; its SCOs come from /scorm12/… and /scorm2004/…
  /review/…           review mode: the web pages with answer keys, objectives and timings
  /review/review-pack.html   the review pack, made from the current sources
  /_preview/…         the preview's own endpoints (version, live-reload script, SCO list,
                      language?lang=…&back=… switches the language and returns to back,
                      comments: the review pages' comments, kept in the project)

Nothing is written to disk but the review comments, through /_preview/comments (comments_api.py),
to review-comments.json beside the sources. `PreviewApp.handle()` is the whole routing, without
sockets, so the unit tests can call it directly; `PreviewServer` puts it on a ThreadingHTTPServer
(http.py) and a watcher.
"""

from __future__ import annotations

import posixpath
import re
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any, Self
from urllib.parse import parse_qs, unquote, urlsplit

from markupsafe import Markup

from ..comments.store import ProjectComments
from ..plan.site import Granularity
from ..render.pages import TEMPLATES_DIR
from ..source.errors import BuildError
from ..source.messages import Messages
from .comments_api import CommentsEndpoint
from .http import HOST, QuietServer, RequestHandler
from .incremental import IncrementalBuilder, RebuildReport, Snapshot
from .pages import (
    PREVIEW_DIR,
    english,
    error_page,
    inject_before_body_end,
    inject_live_reload,
    language_switch,
    notice_page,
    simulator_page,
)
from .responses import HTML, Response, content_type, json_response, redirect
from .review import render_review_pack
from .watcher import SourceWatcher

FORMATS = ("web", "scorm12", "scorm2004")
MOUNTED = ("scorm12", "scorm2004", "review")  # variants served below /<name>/
WITH_LANGUAGE_SWITCH = ("web", "review")  # pages a person reads directly, not inside the simulator's frame
SIMULATOR = "lms"
REVIEW_PACK = "review-pack.html"
OWN_FILES = {  # /_preview/<name> and /lms/<name> -> file in templates/preview/
    "live.js": "live.js",
    "preview.css": "preview.css",
    "lms-model.js": "lms-model.js",
    "lms-session.js": "lms-session.js",
    "lms.js": "lms.js",
    "lms.css": "lms.css",
    "chrome.css": "chrome.css",
}
class PreviewApp:
    """Answers one request from the builder's current snapshot."""

    def __init__(self, builder: IncrementalBuilder, fmt: str = "web", templates_dir: Path = TEMPLATES_DIR,
                 on_rebuild: Callable[[RebuildReport], None] = lambda _: None) -> None:
        if fmt not in FORMATS:
            raise BuildError(f"unknown format {fmt!r}; choose from {', '.join(FORMATS)}")
        self.builder = builder
        self.on_rebuild = on_rebuild  # told about the rebuilds a language switch makes
        self.format = fmt
        self.templates_dir = templates_dir
        self._pack: tuple[int, bytes] | None = None
        self._pack_lock = threading.Lock()
        self.comments = CommentsEndpoint(ProjectComments(builder.root), self._course_identity)

    def _course_identity(self) -> tuple[str, str] | None:
        site = self.builder.snapshot.site
        return (site.source.course.id, site.source.course.version) if site is not None else None

    # ------------------------------------------------------------ routing

    def handle(self, target: str) -> Response:
        path = posixpath.normpath("/" + unquote(urlsplit(target).path).lstrip("/"))
        if target.split("?")[0].endswith("/") and path != "/":
            path += "/"
        parts = path.lstrip("/").split("/", 1)
        head, rest = parts[0], (parts[1] if len(parts) > 1 else "")
        if path == "/favicon.ico":
            return Response(204)  # browsers ask for one; an empty answer keeps their consoles quiet
        if head == "_preview":
            return self._own(rest, parse_qs(urlsplit(target).query))
        if head == SIMULATOR:
            if path == f"/{SIMULATOR}":
                return redirect(f"/{SIMULATOR}/")
            return self._simulator(rest)
        if head == "review" and rest == REVIEW_PACK:
            return self._review_pack(path)
        if head in MOUNTED:
            if path == f"/{head}":
                return redirect(f"/{head}/")
            return self._course_file(head, rest, f"/{head}/")
        return self._course_file(self.format, path.lstrip("/"), "/")

    def _own(self, name: str, query: dict[str, list[str]]) -> Response:
        snapshot = self.builder.snapshot
        if name == "version":
            return json_response({"version": snapshot.version, "ok": snapshot.ok})
        if name == "info.json":
            return json_response(self.info(snapshot))
        if name == "language":
            return self._switch_language(query.get("lang", [""])[0], local_path(query.get("back", ["/"])[0]))
        if name in OWN_FILES:
            return self._template_file(OWN_FILES[name])
        return self._not_found(snapshot, f"/_preview/{name}")

    # ------------------------------------------------------------ languages

    def _switch_language(self, language: str, back: str) -> Response:
        """Rebuild in the chosen language, then show the page the switch was on (now in that language).

        A plain GET form, so the switch works from the keyboard and without the page's scripts; the
        other open pages follow through live reload, as the version changes.
        """
        try:
            report = self.switch_language(language)
        except BuildError:
            snapshot = self.builder.snapshot
            t = self.messages(snapshot)
            message = t("preview_language_unknown", language=language or "?",
                        languages=", ".join(self.builder.languages))
            body = notice_page(t("preview_language_unknown_title"), message, snapshot.version, t,
                               self.templates_dir, self._switch(snapshot, back))
            return Response(400, body, HTML)
        return redirect(back, 303, {"X-Rebuild-Ms": f"{report.seconds * 1000:.0f}"})

    def switch_language(self, language: str) -> RebuildReport:
        before = self.builder.snapshot.version
        report = self.builder.switch_language(language)
        if report.version != before:
            self.on_rebuild(report)
        return report

    def _switch(self, snapshot: Snapshot, back: str, landmark: bool = False) -> Markup:
        return language_switch(self.builder.languages, self.builder.current_language, back,
                               self.messages(snapshot), self.templates_dir, landmark)

    def _simulator(self, rest: str) -> Response:
        if rest in ("", "index.html"):
            snapshot = self.builder.snapshot
            body = simulator_page(self.messages(snapshot), self.templates_dir,
                                  self._switch(snapshot, f"/{SIMULATOR}/"))
            return Response(200, body, HTML)
        if rest in OWN_FILES:
            return self._template_file(OWN_FILES[rest])
        return self._not_found(self.builder.snapshot, f"/{SIMULATOR}/{rest}")

    def _template_file(self, name: str) -> Response:
        path = self.templates_dir / PREVIEW_DIR / name
        try:
            return Response(200, path.read_bytes(), content_type(name))
        except OSError:
            return Response(404, b"not found")

    def _course_file(self, variant: str, relative: str, mount: str) -> Response:
        if relative == "" or relative.endswith("/"):
            relative += "index.html"
        snapshot = self.builder.snapshot
        if variant not in snapshot.files:
            self.builder.activate(variant)
            snapshot = self.builder.snapshot
        document = relative.endswith(".html")
        if snapshot.problems and (document or variant not in snapshot.files):
            return self._errors(snapshot, f"{mount}{relative}")
        files = snapshot.files.get(variant, {})
        content = files.get(relative)
        if content is None:
            if f"{relative}/index.html" in files:
                return redirect(f"{mount}{relative}/")
            if relative == "index.html" and variant != "web":
                return redirect(f"/{SIMULATOR}/")
            return self._not_found(snapshot, f"{mount}{relative}")
        if document and not self._is_shell(snapshot, variant, relative):
            if variant == "review":  # its comments go to the project file, through this preview
                content = inject_before_head_end(content, self.comments.page_settings())
            if variant in WITH_LANGUAGE_SWITCH:
                switch = self._switch(snapshot, f"{mount}{relative}", landmark=True)
                content = inject_before_body_end(content, str(switch).encode("utf-8"))
            content = inject_live_reload(content, snapshot.version)
        return Response(200, content, content_type(relative))

    def _is_shell(self, snapshot: Snapshot, variant: str, relative: str) -> bool:
        """SCO launch pages hold the API session: reloading them would end it, so they never do."""
        if snapshot.site is None or variant not in ("scorm12", "scorm2004"):
            return False
        return any(sco.launch == relative for sco in snapshot.site.scos)

    def _review_pack(self, path: str) -> Response:
        snapshot = self.builder.snapshot
        if snapshot.problems or snapshot.source is None:
            return self._errors(snapshot, path)
        with self._pack_lock:
            if self._pack is None or self._pack[0] != snapshot.version:
                html = render_review_pack(snapshot.source, self.templates_dir).encode("utf-8")
                self._pack = (snapshot.version, html)
            body = self._pack[1]
        body = inject_before_body_end(body, str(self._switch(snapshot, path, landmark=True)).encode("utf-8"))
        body = inject_before_head_end(body, self.comments.page_settings())
        return Response(200, inject_live_reload(body, snapshot.version), content_type(REVIEW_PACK))

    def _errors(self, snapshot: Snapshot, back: str) -> Response:
        """The error page (or the building notice), with the switch: a language whose translations
        break the build can be left for another."""
        switch = self._switch(snapshot, back)
        if not snapshot.problems:
            t = self.messages(snapshot)
            body = notice_page(t("preview_building_title"), t("preview_building"), snapshot.version, t,
                               self.templates_dir, switch)
            return Response(503, body, HTML)
        bases = (self.builder.root, self.templates_dir.parent)
        body = error_page(snapshot.problems, snapshot.version, bases, self.messages(snapshot), self.templates_dir,
                          switch)
        return Response(500, body, HTML)

    def _not_found(self, snapshot: Snapshot, path: str) -> Response:
        t = self.messages(snapshot)
        body = notice_page(t("preview_not_found_title"), t("preview_not_found", path=path), snapshot.version, t,
                           self.templates_dir, self._switch(snapshot, "/"))
        return Response(404, body, HTML)

    @staticmethod
    def messages(snapshot: Snapshot) -> Messages:
        """The preview's words in the course language: the last good build's catalogue (kept while
        the sources have problems), English before any build has succeeded."""
        return snapshot.site.messages if snapshot.site is not None else english()

    def info(self, snapshot: Snapshot) -> dict[str, Any]:
        """What the simulator needs: the SCOs to choose from and where each SCORM version's copy lives."""
        site = snapshot.site
        course = site.source.course if site is not None else None
        return {
            "version": snapshot.version,
            "ok": snapshot.ok,
            "format": self.format,
            "language": self.builder.current_language,
            "languages": list(self.builder.languages),
            "course": course.title if course else "",
            "scos": [{"id": s.id, "title": s.title, "launch": s.launch} for s in site.scos] if site else [],
            "content": {"1.2": "/scorm12/", "2004": "/scorm2004/"},
        }


def local_path(back: str) -> str:
    """back when it is a path on this server, else "/": the switch never sends anyone elsewhere."""
    if not back.startswith("/") or back.startswith("//") or "\\" in back or any(c in back for c in "\r\n"):
        return "/"
    return back


_HEAD_END = re.compile(rb"</head\s*>", re.IGNORECASE)


def inject_before_head_end(html: bytes, addition: bytes) -> bytes:
    """addition as the head's last element, so that it exists before any script of the body runs."""
    found = _HEAD_END.search(html)
    return html[:found.start()] + addition + html[found.start():] if found else addition + html


class PreviewServer:
    """The app on a socket, plus the watcher that rebuilds on each change.

    on_rebuild is told about every rebuild (the first included), from whichever thread did it.
    """

    def __init__(self, root: Path, port: int = 8000, fmt: str = "web", granularity: Granularity | None = None,
                 templates_dir: Path = TEMPLATES_DIR,
                 on_rebuild: Callable[[RebuildReport], None] = lambda _: None, language: str | None = None) -> None:
        self.builder = IncrementalBuilder(root, [fmt], granularity, templates_dir, language)
        self.app = PreviewApp(self.builder, fmt, templates_dir, on_rebuild)
        self.on_rebuild = on_rebuild
        handler = type("PreviewHandler", (RequestHandler,), {"app": self.app})
        try:
            self.httpd = QuietServer((HOST, port), handler)
        except OSError as exc:
            raise BuildError(f"cannot listen on {HOST}:{port}: {exc.strerror or exc}"
                             " (is another preview running? choose another port with --port)") from exc
        self.watcher = SourceWatcher(self.builder.watched_dirs(), self._changed)
        self._serving = threading.Thread(target=self.httpd.serve_forever, name="dcp-preview-http", daemon=True)
        self._rebuild_lock = threading.Lock()

    @property
    def port(self) -> int:
        return int(self.httpd.server_address[1])

    @property
    def url(self) -> str:
        return f"http://{HOST}:{self.port}/"

    def rebuild(self) -> RebuildReport:
        with self._rebuild_lock:
            before = self.builder.snapshot.version
            report = self.builder.rebuild()
        if report.version != before:
            self.on_rebuild(report)
        return report

    def start(self) -> Self:
        """Watch, build once, then serve; the watcher and the server each run in their own thread."""
        self.watcher.start()  # first, so that an edit made during the first build is not missed
        self.rebuild()
        self._serving.start()
        return self

    def stop(self) -> None:
        self.watcher.stop()
        if self._serving.is_alive():
            self.httpd.shutdown()
            self._serving.join(5)
        self.httpd.server_close()

    def _changed(self, paths: set[Path]) -> None:
        self.rebuild()

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()
