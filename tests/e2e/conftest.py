"""Shared fixtures for the browser tests: built fixture course, local server, Chromium, the test LMS.

Chromium is Debian's (/usr/bin/chromium) and the LMS is scorm-again from node_modules
(`npm ci --ignore-scripts`). When either is missing the tests skip locally and fail under CI=true.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from .harness import (
    CHROMIUM,
    CHROMIUM_ARGS,
    FIXTURE_COURSE,
    PLAYER_DIR,
    SCORM_AGAIN_DIST,
    LmsSession,
    Package,
    StaticServer,
    build_course,
    publish_packages,
    require_module,
    script_delay_from_env,
    unavailable,
)

# What "a slow network" means for the tests that ask for one: enough that page.js runs well after
# the pager link was followed (100 ms already broke a test that did not wait for the new page).
SLOW_SCRIPT_DELAY_MS = 150


@pytest.fixture(scope="session")
def browser_requirements() -> None:
    if not CHROMIUM.exists():
        unavailable(f"{CHROMIUM} not found (apt-get install chromium)")
    if not (SCORM_AGAIN_DIST / "scorm12.js").exists():
        unavailable("node_modules/scorm-again is missing (run `npm ci --ignore-scripts` at the repo root)")
    require_module("playwright.sync_api")


@pytest.fixture(scope="session")
def server(browser_requirements: None) -> Iterator[StaticServer]:
    with StaticServer(script_delay_from_env()) as running:
        running.mount("player", PLAYER_DIR)
        running.mount("scorm-again", SCORM_AGAIN_DIST)
        yield running


@pytest.fixture
def slow_scripts(server: StaticServer, request: pytest.FixtureRequest) -> Iterator[int]:
    """Every script the server sends is held back for the test (SLOW_SCRIPT_DELAY_MS, or the
    parameter when parametrized indirectly); yields the delay in milliseconds."""
    delay_ms = getattr(request, "param", SLOW_SCRIPT_DELAY_MS)
    with server.slow_scripts(max(delay_ms, server.script_delay_ms)) as applied:
        yield applied


@dataclass(frozen=True)
class Built:
    """The fixture course built once per test session, every output published on the server."""

    web_url: str
    web_dir: Path
    packages: dict[tuple[str, str], Package]  # (SCORM version, granularity) -> package

    def package(self, version: str, granularity: str = "per-module") -> Package:
        return self.packages[(version, granularity)]


@pytest.fixture(scope="session")
def built(server: StaticServer, tmp_path_factory: pytest.TempPathFactory) -> Built:
    per_module = build_course(FIXTURE_COURSE, tmp_path_factory.mktemp("per-module"))
    per_course = build_course(
        FIXTURE_COURSE, tmp_path_factory.mktemp("per-course"), "per-course", ("scorm12", "scorm2004")
    )
    packages = {}
    for granularity, out in (("per-module", per_module), ("per-course", per_course)):
        for version, package in publish_packages(server, out, granularity).items():
            packages[(version, granularity)] = package
    web_dir = per_module / "web"
    return Built(server.mount("web", web_dir), web_dir, packages)


@pytest.fixture(scope="session")
def playwright_driver(browser_requirements: None) -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    driver = sync_playwright().start()
    yield driver
    driver.stop()


@dataclass
class BrowserWatch:
    """What the pages did that a test should never see: outside requests, errors, SCORM warnings."""

    foreign_requests: list[str]
    page_errors: list[str]
    console_problems: list[str]


@pytest.fixture
def watch() -> BrowserWatch:
    return BrowserWatch([], [], [])


FOREIGN_URL = re.compile(r"^(?![a-z]+://127\.0\.0\.1[:/])[a-z][a-z0-9+.-]*://")


@pytest.fixture
def context(
    playwright_driver: Any, server: StaticServer, watch: BrowserWatch, tmp_path: Path
) -> Iterator[Any]:
    """A fresh Chromium profile per test; anything leaving 127.0.0.1 is blocked and recorded."""
    profile = tmp_path / "chromium-profile"
    browser_context = playwright_driver.chromium.launch_persistent_context(
        str(profile),
        executable_path=str(CHROMIUM),
        headless=True,
        args=list(CHROMIUM_ARGS),
        viewport={"width": 1200, "height": 900},
        service_workers="block",
    )
    browser_context.set_default_timeout(10_000)

    def block_foreign(route: Any) -> None:
        watch.foreign_requests.append(route.request.url)
        route.abort()

    def on_request(request: Any) -> None:
        parts = urlsplit(request.url)
        if parts.scheme not in ("data", "about", "blob") and parts.hostname != "127.0.0.1":
            watch.foreign_requests.append(request.url)

    def on_console(message: Any) -> None:
        if message.type in ("error", "warning"):
            watch.console_problems.append(f"{message.type}: {message.text}")

    def watch_page(page: Any) -> None:
        page.on("pageerror", lambda error: watch.page_errors.append(str(error)))
        page.on("console", on_console)

    # Only requests leaving 127.0.0.1 are intercepted, and the pattern is matched in Playwright's
    # driver: an intercepted request waits for this process to answer, which the sync API does only
    # inside a Playwright call, so local requests made while a test sleeps (waiting for the LRS or
    # the LMS to receive something) would stall until the wait gave up.
    browser_context.route(FOREIGN_URL, block_foreign)
    browser_context.on("request", on_request)
    browser_context.on("page", watch_page)
    for page in browser_context.pages:
        watch_page(page)
    yield browser_context
    browser_context.close()
    shutil.rmtree(profile, ignore_errors=True)
    assert watch.foreign_requests == [], "a request left 127.0.0.1"
    assert watch.page_errors == [], "JavaScript errors on the page"
    scorm_warnings = [m for m in watch.console_problems if "dcp-course" in m]
    assert scorm_warnings == [], "the runtime logged SCORM failures"


@pytest.fixture
def page(context: Any) -> Any:
    return context.pages[0] if context.pages else context.new_page()


@pytest.fixture
def lms(page: Any, server: StaticServer, built: Built) -> Callable[..., LmsSession]:
    """lms(version, sco_id, granularity="per-module") -> a session in the test player."""

    def open_session(
        version: str, sco_id: str, granularity: str = "per-module", package: Package | None = None
    ) -> LmsSession:
        chosen = package or built.package(version, granularity)
        return LmsSession(page, server, chosen, sco_id)

    return open_session
