"""The browser tests' own machinery: the slow-script option and waiting for the page a link opens."""

from __future__ import annotations

import time
import urllib.request
from typing import Any

import pytest

from .harness import StaticServer
from .learner import follow_next

pytestmark = pytest.mark.browser


def fetch_seconds(url: str) -> float:
    started = time.monotonic()
    with urllib.request.urlopen(url, timeout=10) as response:
        response.read()
    return time.monotonic() - started


def test_slow_scripts_hold_back_scripts_then_restore_the_delay(server: StaticServer, built: Any) -> None:
    script = built.web_url + "assets/js/page.js"
    before = server.script_delay_ms
    with server.slow_scripts(400):
        assert server.script_delay_ms == 400
        assert fetch_seconds(script) >= 0.4
    assert server.script_delay_ms == before


@pytest.mark.parametrize("version", ["1.2", "2004"])
def test_following_a_link_returns_only_once_the_new_page_is_ready(
    lms: Any, page: Any, version: str, slow_scripts: int
) -> None:
    """Checked at once, with no auto-waiting: the lesson frame shows the linked page, and that
    page's script has recorded the view, however late its scripts arrive."""
    session = lms(version, "sco-questions")
    session.launch()
    content = session.content
    for title, viewed in (("About questions", 2), ("Module quiz", 3)):
        follow_next(content, page)
        now = content.locator(":root").evaluate(
            """() => {
                const pageId = JSON.parse(document.getElementById("dcp-page").textContent).page;
                const tracker = window.DCP_PAGE && window.DCP_PAGE.tracker;
                return {
                    title: document.querySelector("h1").textContent,
                    recorded: Boolean(tracker && tracker.isViewed(pageId)),
                    viewed: tracker ? tracker.progress().viewed : 0,
                };
            }"""
        )
        assert now == {"title": title, "recorded": True, "viewed": viewed}


def test_local_requests_go_out_while_the_test_waits_outside_playwright(page: Any, server: StaticServer) -> None:
    """A request the page makes while the test sleeps (polling a stand-in server) reaches it.

    Playwright's sync API answers an intercepted request only inside a Playwright call: when the
    context intercepted every request, the ones made during such a wait stalled until it gave up.
    """
    from .lrs import Lrs

    with Lrs() as lrs:
        page.goto(f"{server.origin}/player/player.html")
        page.evaluate("url => { setTimeout(() => fetch(url, { method: 'POST' }), 200); }",
                      f"{lrs.origin}/fetch/no-such-launch")
        lrs.wait_for(lambda: any(r.path.startswith("/fetch/") for r in lrs.requests()), timeout=5.0)
