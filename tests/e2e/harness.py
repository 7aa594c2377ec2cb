"""Helpers for the browser tests: a local static server, built packages, and the test LMS player."""

from __future__ import annotations

import importlib
import json
import os
import posixpath
import re
import threading
import time
import zipfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, ClassVar, Self
from urllib.parse import unquote, urlsplit

from lxml import etree

from dcp_course.preview.review import CHROMIUM_FLAGS

REPO = Path(__file__).resolve().parents[2]
PLAYER_DIR = Path(__file__).resolve().parent / "player"
SCORM_AGAIN_DIST = REPO / "node_modules" / "scorm-again" / "dist"
FIXTURE_COURSE = REPO / "tests" / "fixtures" / "course"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = CHROMIUM_FLAGS  # the flags the review pack prints PDFs with: one list for both
# Every script the test server sends waits this long first (DCP_E2E_SCRIPT_DELAY_MS=150 make test
# runs the whole suite over a "slow network"); tests that need it slow ask for the slow_scripts fixture.
SCRIPT_DELAY_ENV = "DCP_E2E_SCRIPT_DELAY_MS"


def script_delay_from_env() -> int:
    value = os.environ.get(SCRIPT_DELAY_ENV, "").strip()
    try:
        delay = int(value or "0")
    except ValueError:
        raise ValueError(f"{SCRIPT_DELAY_ENV} must be a whole number of milliseconds, not {value!r}") from None
    if delay < 0:
        raise ValueError(f"{SCRIPT_DELAY_ENV} must not be negative, not {delay}")
    return delay


def under_ci() -> bool:
    return os.environ.get("CI", "").lower() not in ("", "0", "false", "no")


def unavailable(reason: str) -> None:
    """Browser tests must run in CI: there a missing piece fails them; locally it skips them."""
    import pytest

    if under_ci():
        pytest.fail(f"browser tests cannot run under CI: {reason}", pytrace=False)
    pytest.skip(reason, allow_module_level=True)


def require_module(name: str) -> Any:
    try:
        return importlib.import_module(name)
    except ImportError:
        unavailable(f"the Python module {name} is not installed (pip install -e '.[test]')")
        raise


# ---------------------------------------------------------------- the local server


class _Handler(SimpleHTTPRequestHandler):
    mounts: ClassVar[dict[str, Path]] = {}
    script_delay_ms: ClassVar[int] = 0

    def do_GET(self) -> None:
        # the server is threaded, so a held-back script delays only its own response, as a slow
        # network would, and the page's other requests go on
        if self.script_delay_ms and urlsplit(self.path).path.endswith(".js"):
            time.sleep(self.script_delay_ms / 1000)
        super().do_GET()

    def translate_path(self, path: str) -> str:
        clean = posixpath.normpath(unquote(urlsplit(path).path))
        parts = [p for p in clean.split("/") if p and p not in (".", "..")]
        if not parts or parts[0] not in self.mounts:
            return str(PLAYER_DIR / "__missing__")
        return str(self.mounts[parts[0]].joinpath(*parts[1:]))

    def end_headers(self) -> None:
        self.send_header("Cache-Control", "no-store")
        super().end_headers()

    def log_message(self, format: str, *args: Any) -> None:
        pass


class StaticServer:
    """Serves folders under URL prefixes on 127.0.0.1 from a background thread."""

    def __init__(self, script_delay_ms: int = 0) -> None:
        handler = type("MountedHandler", (_Handler,), {"mounts": {}, "script_delay_ms": script_delay_ms})
        self.handler = handler
        self.mounts: dict[str, Path] = handler.mounts
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    @property
    def origin(self) -> str:
        return f"http://127.0.0.1:{self.httpd.server_address[1]}"

    def mount(self, prefix: str, folder: Path) -> str:
        self.mounts[prefix] = folder
        return f"{self.origin}/{prefix}/"

    @property
    def script_delay_ms(self) -> int:
        """How long every .js response is held back, in milliseconds."""
        return self.handler.script_delay_ms

    @contextmanager
    def slow_scripts(self, delay_ms: int) -> Iterator[int]:
        """Hold back every script by delay_ms while inside; the previous delay comes back after."""
        before = self.handler.script_delay_ms
        self.handler.script_delay_ms = delay_ms
        try:
            yield delay_ms
        finally:
            self.handler.script_delay_ms = before

    def __enter__(self) -> Self:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


# ---------------------------------------------------------------- built packages


@dataclass(frozen=True)
class Package:
    """An extracted SCORM package and its SCOs (resource id -> launch href) from imsmanifest.xml."""

    version: str  # "1.2" or "2004"
    folder: Path
    url: str  # where the server publishes the folder
    scos: dict[str, str] = field(default_factory=dict)

    def launch_url(self, sco_id: str) -> str:
        return self.url + self.scos[sco_id]


def extract_package(zip_path: Path, folder: Path, version: str, url: str) -> Package:
    with zipfile.ZipFile(zip_path) as archive:
        archive.extractall(folder)
    manifest = etree.parse(str(folder / "imsmanifest.xml"))
    scos = {}
    for resource in manifest.iter("{*}resource"):
        kind = next((v for k, v in resource.attrib.items() if k.lower().endswith("scormtype")), "")
        if kind == "sco":
            scos[resource.get("identifier", "").removeprefix("RES-")] = resource.get("href", "")
    return Package(version, folder, url, scos)


def build_course(
    root: Path, out: Path, granularity: str | None = None, formats: tuple[str, ...] = (),
    languages: tuple[str, ...] | None = None,
) -> Path:
    """Build through the real pipeline, as `dcp-course build` does: in the course's own language
    unless languages are given (test_course_languages.py builds every language)."""
    from dcp_course.build import build
    from dcp_course.source.load import load_course

    chosen = languages if languages is not None else (load_course(root).course.language,)
    build(root, out, formats, granularity, languages=chosen)  # type: ignore[arg-type]
    return out


def publish_packages(server: StaticServer, out: Path, name: str) -> dict[str, Package]:
    """Extract each SCORM zip of a build and serve it under /<name>-<format>/."""
    found = {}
    for version, suffix in (("1.2", "scorm12"), ("2004", "scorm2004")):
        archive = next(out.glob(f"*-{suffix}.zip"), None)
        if archive is None:
            continue
        folder = out / f"{name}-{suffix}"
        found[version] = extract_package(archive, folder, version, server.mount(f"{name}-{suffix}", folder))
    return found


# ---------------------------------------------------------------- the LMS session


class LmsSession:
    """One learner launching one SCO in the test player, as many times as a test needs."""

    def __init__(self, page: Any, server: StaticServer, package: Package, sco_id: str) -> None:
        self.page = page
        self.server = server
        self.package = package
        self.sco_id = sco_id
        self.preload: dict[str, str] = {}
        self.final: dict[str, Any] = {}  # the LMS's log and data once the learner has left

    @property
    def version(self) -> str:
        return self.package.version

    @property
    def content(self) -> Any:
        """The lesson page inside the shell inside the LMS frame."""
        return self.page.frame_locator("#sco").frame_locator("#dcp-frame")

    def launch(self, preload: dict[str, str] | None = None) -> None:
        self.preload = dict(preload or {})
        self.final = {}
        self.page.goto(f"{self.server.origin}/player/player.html")
        self.page.evaluate(
            "options => window.lms.start(options)",
            {"version": self.version, "launch": self.package.launch_url(self.sco_id), "preload": preload},
        )
        wait_until_ready(self.content)

    def exit(self) -> None:
        """The learner leaves; what the LMS holds is kept, as the page will host the next launch."""
        terminate = "LMSFinish" if self.version == "1.2" else "Terminate"
        self.page.evaluate("() => window.lms.exit()")
        self.page.wait_for_function(f"() => window.lms.calls({json.dumps(terminate)}).length > 0")
        self.final = {"log": self.log(), "cmi": self.cmi()}

    def log(self) -> list[dict[str, Any]]:
        if self.final:
            return self.final["log"]
        return self.page.evaluate("() => window.lms.log")

    def calls(self, name: str) -> list[dict[str, Any]]:
        return [entry for entry in self.log() if entry["call"] == name]

    def sent(self) -> dict[str, str]:
        """The last value the SCO set for each element (only calls the LMS accepted)."""
        setter = "LMSSetValue" if self.version == "1.2" else "SetValue"
        values: dict[str, str] = {}
        for entry in self.calls(setter):
            if entry["result"] == "true" and entry["error"] == "0":
                values[entry["args"][0]] = entry["args"][1]
        return values

    def rejected(self) -> list[dict[str, Any]]:
        return [e for e in self.log() if e["result"] == "false" or e["error"] not in ("0", "")]

    def cmi(self) -> dict[str, Any]:
        if self.final:
            return self.final["cmi"]
        return self.page.evaluate("() => window.lms.cmi()")["cmi"]

    def interactions(self) -> dict[int, dict[str, str]]:
        """cmi.interactions.n.* as sent in this launch: n -> {element below the interaction: value}."""
        found: dict[int, dict[str, str]] = {}
        for name, value in self.sent().items():
            match = re.fullmatch(r"cmi\.interactions\.(\d+)\.(.+)", name)
            if match:
                found.setdefault(int(match.group(1)), {})[match.group(2)] = value
        return dict(sorted(found.items()))

    def resume_data(self) -> dict[str, str]:
        """What an LMS keeps for the next launch, flattened for scorm-again's loadFromFlattenedJSON."""
        exit_name, entry_name = (
            ("cmi.core.exit", "cmi.core.entry") if self.version == "1.2" else ("cmi.exit", "cmi.entry")
        )
        kept = dict(self.preload)
        kept.update(self.sent())
        suspended = kept.pop(exit_name, "") == "suspend"
        for transient in ("cmi.core.session_time", "cmi.session_time"):
            kept.pop(transient, None)
        kept[entry_name] = "resume" if suspended else ""
        return kept


# ---------------------------------------------------------------- waiting for a page


# Set on the document a navigation leaves: its progress line must not count as the new page's.
LEAVING_MARK = "data-e2e-leaving"


def frame_of(content: Any) -> Any:
    """The Playwright Frame that `content` (a Page, or a FrameLocator for an iframe) shows now."""
    if hasattr(content, "main_frame"):
        return content.main_frame
    handle = content.owner.element_handle()
    try:
        frame = handle.content_frame()
    finally:
        handle.dispose()
    if frame is None:
        raise AssertionError(f"{content.owner} is not an iframe with a document")
    return frame


def wait_until_ready(content: Any) -> None:
    """page.js has run in the document `content` shows now: the progress line is filled in and
    visible only after page.js has recorded the page view and wired the page's blocks.

    Enough after a fresh load (goto, launch); after a click that navigates, use navigate(), since the
    page being left has a visible progress line too."""
    from playwright.sync_api import expect

    expect(content.locator(f":root:not([{LEAVING_MARK}]) [data-progress]")).to_be_visible()


def navigate(content: Any, action: Callable[[], None], expected_url: str | None = None) -> None:
    """Do `action` (a click, a key press, a relaunch) and return once the page it opens is ready.

    `content` is where the lesson pages show: the Page itself, or a FrameLocator (inside an LMS the
    lesson is two frames down, and Playwright's click() does not wait for navigations there). The
    page being left is marked first, so only the new page's progress line counts. With
    `expected_url`, the frame must also have reached that URL: a half-loaded page, or the old
    page staying put, cannot pass for it.
    """
    frame = frame_of(content) if expected_url else None
    content.locator(":root").evaluate(f"root => root.setAttribute({json.dumps(LEAVING_MARK)}, '')")
    action()
    if frame is not None:
        frame.wait_for_url(expected_url, wait_until="commit")
    wait_until_ready(content)
    if frame is not None:
        # the ready page is the one asked for, not a later one the frame went on to
        assert frame.url == expected_url, f"the frame went on to {frame.url}, not {expected_url}"


def follow_link(content: Any, link: Any, press: Callable[[], None] | None = None) -> str:
    """Follow `link` (a Locator of an <a> in `content`) and wait until its page is ready there.

    By default the link is clicked; `press` replaces the click (e.g. focus, then Enter on the
    keyboard). Returns the URL reached."""
    href = link.evaluate("a => a.href")
    navigate(content, press or link.click, href)
    return href
