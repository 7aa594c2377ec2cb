"""scorm-api.js on its own: finding the API up the frame chain, retrying, and never throwing."""

from __future__ import annotations

from typing import Any

import pytest

pytestmark = pytest.mark.browser

DISCOVERY = """
async () => {
  window.API_1484_11 = { marker: "top" };
  let parent = document.body;
  let win = window;
  for (let depth = 0; depth < 3; depth += 1) {
    const frame = document.createElement("iframe");
    parent.appendChild(frame);
    win = frame.contentWindow;
    parent = win.document.body;
  }
  const found = DCP.scorm.findApi("API_1484_11", win);
  const missing = DCP.scorm.findApi("API", win);
  return { found: found && found.marker, missing };
}
"""

FLAKY_LMS = """
() => {
  const warnings = [];
  console.warn = (...args) => warnings.push(args.join(" "));
  const calls = [];
  let failNext = 1;
  const api = {
    LMSInitialize: () => "true",
    LMSGetValue: (name) => { calls.push(["get", name]); return ""; },
    LMSSetValue: (name, value) => {
      calls.push(["set", name, value]);
      if (name === "cmi.core.lesson_location" && failNext > 0) { failNext -= 1; return "false"; }
      if (name === "cmi.core.exit") throw new Error("LMS exploded");
      if (name === "cmi.core.score.raw") return "false";
      return "true";
    },
    LMSCommit: () => "true",
    LMSFinish: () => "true",
    LMSGetLastError: () => (calls.length && calls.at(-1)[1] === "cmi.core.score.raw" ? "405" : "0"),
    LMSGetDiagnostic: (code) => `diagnostic for ${code}`,
  };
  const adapter = DCP.scorm.lmsAdapter(api, "1.2");
  const results = {
    initialized: adapter.initialize(),
    retried: adapter.set("location", "a.html"),
    rejected: adapter.set("scoreRaw", 150),
    thrown: adapter.set("exit", "suspend"),
    notInThisVersion: adapter.set("scoreScaled", 0.5),
    lastError: adapter.lastError(),
    terminated: adapter.terminate(),
    afterTerminate: adapter.set("location", "b.html"),
  };
  const tries = (name) => calls.filter((c) => c[1] === name).length;
  return {
    results,
    warnings,
    tries: {
      location: tries("cmi.core.lesson_location"),
      score: tries("cmi.core.score.raw"),
      exit: tries("cmi.core.exit"),
    },
  };
}
"""


def test_api_is_found_up_the_parent_chain(page: Any, built: Any) -> None:
    page.goto(built.web_url + "index.html")
    assert page.evaluate(DISCOVERY) == {"found": "top", "missing": None}


def test_failed_calls_are_retried_once_then_logged_never_thrown(page: Any, built: Any) -> None:
    page.goto(built.web_url + "index.html")
    outcome = page.evaluate(FLAKY_LMS)
    assert outcome["results"] == {
        "initialized": True,
        "retried": True,  # the first LMSSetValue returned "false", the retry succeeded
        "rejected": False,
        "thrown": False,
        "notInThisVersion": True,  # 1.2 has no scaled score: nothing to send
        "lastError": "101",
        "terminated": True,
        "afterTerminate": False,
    }
    assert outcome["tries"] == {"location": 2, "score": 2, "exit": 2}
    assert len(outcome["warnings"]) == 2
    assert outcome["warnings"][0].startswith('dcp-course SCORM: LMSSetValue("cmi.core.score.raw", "150")')
    assert "error 405 (diagnostic for 405)" in outcome["warnings"][0]
    assert "LMS exploded" in outcome["warnings"][1]
