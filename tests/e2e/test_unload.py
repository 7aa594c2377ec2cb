"""Leaving a SCO loses nothing, even in an LMS that saves at unload with size-limited beacons.

The beacon player (tests/e2e/player/beacon-lms.js) saves the way Moodle's player does: every Commit
and Terminate carries the whole data model, and those made while the page unloads travel as beacons
within Chromium's 64 KiB in-flight budget; a beacon beyond it is lost.
"""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from playwright.sync_api import expect

from .harness import REPO, LmsSession, Package, StaticServer, build_course, follow_link, publish_packages
from .learner import pass_quiz_by_answer_key

pytestmark = pytest.mark.browser

VERSIONS = ["1.2", "2004"]
BEACON_BUDGET = 64 * 1024
TERMINATE = {"1.2": "LMSFinish", "2004": "Terminate"}
SET_VALUE = {"1.2": "LMSSetValue", "2004": "SetValue"}
EXIT = {"1.2": "cmi.core.exit", "2004": "cmi.exit"}
SESSION_TIME = {"1.2": "cmi.core.session_time", "2004": "cmi.session_time"}
ENTRY = {"1.2": "cmi.core.entry", "2004": "cmi.entry"}
TOTAL_TIME = {
    "1.2": (("core", "total_time"), r"\d{2,4}:[0-5]\d:[0-5]\d(\.\d{1,2})?"),
    "2004": (("total_time",), r"PT(\d+H)?(\d+M)?(\d+(\.\d{1,2})?S)?"),
}


class BeaconSession(LmsSession):
    """A launch in the beacon player; leaving unloads the whole player page, SCO and all."""

    def launch(self, preload: dict[str, str] | None = None, budget: int | None = None) -> None:
        self.preload = dict(preload or {})
        self.final = {}
        self.page.goto(f"{self.server.origin}/player/player.html?beacons")
        options: dict[str, Any] = {
            "version": self.version,
            "launch": self.package.launch_url(self.sco_id),
            "preload": preload,
        }
        if budget is not None:
            options["beaconBudget"] = budget
        self.page.evaluate("options => window.lms.start(options)", options)
        self.content.locator("[data-progress]").wait_for(state="visible")  # page.js has run

    def leave(self) -> None:
        """The learner goes elsewhere: the player page unloads with the SCO inside it."""
        log = self.page.evaluate("() => window.lms.log")
        self.page.goto(f"{self.server.origin}/player/player.html?beacons")
        self.final = {
            "log": log,
            "saves": self.page.evaluate("() => window.lms.saves()"),
            "unload_calls": self.page.evaluate("() => window.lms.unloadCalls()"),
        }

    def saves(self) -> list[dict[str, Any]]:
        return list(self.final["saves"])

    def unload_calls(self) -> list[dict[str, Any]]:
        """The SCO's API calls while the page unloaded, error queries left out."""
        return [
            c
            for c in self.final["unload_calls"]
            if "Error" not in c["call"] and "Diagnostic" not in c["call"]
        ]

    def unload_saves(self) -> list[dict[str, Any]]:
        return [save for save in self.saves() if save["unloading"]]

    def stored(self) -> dict[str, str]:
        """What the LMS holds for the next launch: the last save that arrived, as flat CMI names,
        limited to the elements this SCO writes (the rest is the LMS's own, read-only data)."""
        arrived = [save for save in self.saves() if save["arrived"]]
        assert arrived, "nothing reached the LMS"
        flat = flatten(arrived[-1]["cmi"])
        setter = SET_VALUE[self.version]
        written = {e["args"][0] for e in self.final["log"] if e["call"] == setter} | set(self.preload)
        kept = {name: value for name, value in flat.items() if name in written}
        suspended = kept.pop(EXIT[self.version], "") == "suspend"
        kept.pop(SESSION_TIME[self.version], None)
        kept[ENTRY[self.version]] = "resume" if suspended else ""
        return kept


def flatten(tree: dict[str, Any], prefix: str = "") -> dict[str, str]:
    """scorm-again's JSON data model as dotted CMI names: {"cmi": {"core": {"exit": ""}}} -> cmi.core.exit."""
    flat: dict[str, str] = {}
    for key, value in tree.items():
        name = f"{prefix}.{key}" if prefix else key
        if isinstance(value, dict):
            flat.update(flatten(value, name))
        else:
            flat[name] = str(value)
    return flat


def sco_config(package: Package, sco_id: str) -> dict[str, Any]:
    shell = (package.folder / package.scos[sco_id]).read_text(encoding="utf-8")
    found = re.search(r'<script[^>]*id="dcp-sco"[^>]*>(.*?)</script>', shell, re.S)
    assert found, f"{sco_id}: no SCO configuration in {package.scos[sco_id]}"
    return json.loads(found.group(1))


def graded_answers(config: dict[str, Any]) -> int:
    """How many interactions one pass through the SCO records: one per drawn question."""
    return sum(quiz["draw"] or len(quiz["questions"]) for quiz in config["quizzes"])


@pytest.fixture(scope="module")
def real_packages(server: StaticServer, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Package]:
    out = build_course(REPO, tmp_path_factory.mktemp("unload-real-course"), None, ("scorm12", "scorm2004"))
    return publish_packages(server, out, "unload-real-course")


# ---------------------------------------------------------------- the largest SCO at exit


def largest_sco(package: Package) -> str:
    return max(sorted(package.scos), key=lambda sco: graded_answers(sco_config(package, sco)))


@pytest.mark.parametrize("version", VERSIONS)
def test_terminate_of_the_largest_sco_arrives_within_the_beacon_budget(
    page: Any, server: StaticServer, real_packages: dict[str, Package], version: str
) -> None:
    package = real_packages[version]
    sco_id = largest_sco(package)
    assert graded_answers(sco_config(package, sco_id)) == 20  # the final assessment

    session = BeaconSession(page, server, package, sco_id)
    session.launch()
    pass_quiz_by_answer_key(session.content)
    session.leave()

    # at unload the SCO sets exit and session time and terminates, once; no Commit, no re-save
    calls = session.unload_calls()
    assert [c["call"] for c in calls] == [SET_VALUE[version], SET_VALUE[version], TERMINATE[version]]
    assert {c["args"][0] for c in calls[:2]} == {EXIT[version], SESSION_TIME[version]}
    assert all(c["result"] == "true" for c in calls)

    # so one beacon travels at unload, and it arrives carrying the whole state and the total time
    unload = session.unload_saves()
    assert [(s["call"], s["arrived"]) for s in unload] == [(TERMINATE[version], True)]
    assert unload[0]["bytes"] <= BEACON_BUDGET
    cmi = unload[0]["cmi"]["cmi"]
    assert len(cmi["interactions"]) == 20
    path, pattern = TOTAL_TIME[version]
    total = cmi
    for key in path:
        total = total[key]
    assert re.fullmatch(pattern, total), total
    assert total not in ("PT0S", "0000:00:00", "00:00:00"), "no time was added to the total"
    status = cmi["core"]["lesson_status"] if version == "1.2" else cmi["success_status"]
    assert status == "passed"
    # everything else had arrived before the page went: the last save before unload held it all
    before = [s for s in session.saves() if not s["unloading"]]
    assert len(before[-1]["cmi"]["cmi"]["interactions"]) == 20


def test_the_beacon_model_loses_what_exceeds_its_budget(
    page: Any, server: StaticServer, real_packages: dict[str, Package]
) -> None:
    """The harness must be able to lose a Terminate, or the test above would prove nothing."""
    package = real_packages["2004"]
    session = BeaconSession(page, server, package, largest_sco(package))
    session.launch(budget=2_000)  # below the size of this SCO's data model once answered
    pass_quiz_by_answer_key(session.content)
    session.leave()
    unload = session.unload_saves()
    assert [(s["call"], s["arrived"]) for s in unload] == [("Terminate", False)]
    assert unload[0]["bytes"] > 2_000
    assert "cmi" not in unload[0]


# ---------------------------------------------------------------- closing mid-quiz

# true once a save holding this draft response (question at `index`, authored order) has arrived
DRAFT_ARRIVED = """({index, response}) => window.lms.saves().some((save) => {
  if (!save.arrived) return false;
  const state = JSON.parse(save.cmi.cmi.suspend_data || "{}");
  return Boolean(state.q && state.q[0].d && state.q[0].d[index] === response);
})"""


@pytest.mark.parametrize("version", VERSIONS)
def test_answers_given_before_the_page_closed_mid_quiz_are_back_on_relaunch(
    page: Any, server: StaticServer, built: Any, version: str
) -> None:
    """An LMS that loses everything sent at unload still has every answer given so far."""
    package = built.package(version)
    first = BeaconSession(page, server, package, "sco-questions")
    first.launch(budget=0)
    content = first.content
    follow_link(content, content.locator(".module-menu [data-page-link='questions-quiz'] a"))
    expect(content.locator("h1")).to_have_text("Module quiz")
    content.locator("#q-q-single-b").check()
    content.locator("#q-q-multiple-a").check()
    content.locator("#q-q-multiple-c").check()
    content.locator("#q-q-truefalse-false").check()
    content.locator("#q-q-match-2").select_option("a")
    content.get_by_role("button", name="Move up: Two").click()
    content.locator("#q-q-fill-answer").fill("Bergen")
    # typing and reordering are saved once the learner pauses: wait until the LMS has them
    page.wait_for_function(DRAFT_ARRIVED, arg={"index": 4, "response": "abc"})
    page.wait_for_function(DRAFT_ARRIVED, arg={"index": 5, "response": "Bergen"})
    first.leave()

    assert [(s["call"], s["arrived"]) for s in first.unload_saves()] == [(TERMINATE[version], False)]
    stored = first.stored()
    assert stored[ENTRY[version]] == "resume"

    second = BeaconSession(page, server, package, "sco-questions")
    second.launch(stored)
    content = second.content
    expect(content.locator("h1")).to_have_text("Module quiz")  # the bookmark arrived too
    expect(content.locator("[data-quiz-status]")).to_have_text("Attempt 1 of 2.")
    expect(content.locator("[data-quiz-result]")).to_be_hidden()
    expect(content.locator("#q-q-single-b")).to_be_checked()
    expect(content.locator("#q-q-multiple-a")).to_be_checked()
    expect(content.locator("#q-q-multiple-b")).not_to_be_checked()
    expect(content.locator("#q-q-multiple-c")).to_be_checked()
    expect(content.locator("#q-q-truefalse-false")).to_be_checked()
    expect(content.locator("#q-q-match-2")).to_have_value("a")
    expect(content.locator("#q-q-match-1")).to_have_value("")
    expect(content.locator("[data-order-list] .order-text")).to_have_text(["One", "Two", "Three"])
    expect(content.locator("#q-q-fill-answer")).to_have_value("Bergen")
    expect(content.locator("[data-quiz-submit]")).to_be_enabled()


# ---------------------------------------------------------------- hidden, visible again, then gone

SET_VISIBILITY = """state => {
  Object.defineProperty(document, "visibilityState", { configurable: true, get: () => state });
  document.dispatchEvent(new Event("visibilitychange"));
}"""


def frames(page: Any) -> tuple[Any, Any]:
    """The SCO shell's frame and the lesson frame inside it."""
    shell = page.main_frame.child_frames[0]
    return shell, shell.child_frames[0]


def set_visibility(page: Any, state: str) -> None:
    """What the browser does when the learner switches tabs or apps (the shell and its lesson)."""
    for frame in frames(page):
        frame.evaluate(SET_VISIBILITY, state)


def calls_named(page: Any, name: str) -> int:
    return page.evaluate("name => window.lms.calls(name).length", name)


def test_hidden_then_visible_keeps_the_session_and_terminates_once_at_the_end(
    page: Any, server: StaticServer, built: Any
) -> None:
    session = BeaconSession(page, server, built.package("2004"), "sco-questions")
    session.launch()
    content = session.content
    commits = calls_named(page, "Commit")

    set_visibility(page, "hidden")  # another tab: everything is committed already, nothing to send
    assert (calls_named(page, "Commit"), calls_named(page, "Terminate")) == (commits, 0)
    set_visibility(page, "visible")

    follow_link(content, session.content.locator(".module-menu [data-page-link='questions-quiz'] a"))
    expect(content.locator("h1")).to_have_text("Module quiz")
    assert calls_named(page, "Commit") > commits  # the session is still open: the view was committed
    commits = calls_named(page, "Commit")
    content.locator("#q-q-fill-answer").fill("Oslo")  # typed: saved after a pause, or when hidden
    set_visibility(page, "hidden")  # this may be the last moment the page runs: the answer goes now
    # one save either way (a slow machine may have seen the pause end first), never two
    assert calls_named(page, "Commit") == commits + 1
    assert '"Oslo"' in page.evaluate("() => window.lms.api.cmi.suspend_data")
    set_visibility(page, "visible")

    shell, _ = frames(page)
    shell.evaluate("() => window.dispatchEvent(new PageTransitionEvent('pagehide', { persisted: true }))")
    assert calls_named(page, "Terminate") == 1  # pagehide ends the session, even into the bfcache
    set_visibility(page, "hidden")
    session.leave()  # the real unload: pagehide and hidden again, nothing more to say
    assert session.unload_calls() == []
    assert [s["call"] for s in session.saves()].count("Terminate") == 1
