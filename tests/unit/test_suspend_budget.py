"""The build's worst case for suspend_data against what tracker.js really writes.

The build refuses a SCORM 1.2 SCO whose suspend_data could pass 4,096 characters; that promise
holds only if `worst_case_suspend_length` is never below what the runtime stores. Here the real
tracker (under Node) is given every quiz of every SCO at its worst: each page viewed, the most
attempts, the largest seed, and the longest responses, submitted or as a draft under way.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from conftest import FINAL_FIXTURE, FIXTURE_COURSE, REPO, require

from dcp_course.plan.site import plan_site
from dcp_course.plan.suspend import MAX_ATTEMPTS_STORED, MAX_SEED, worst_case_suspend_length, worst_response
from dcp_course.render.pages import sco_config
from dcp_course.source.load import load_course
from dcp_course.targets.scorm import scorm_target

TRACKER_JS = REPO / "templates" / "js" / "tracker.js"
RUN_TRACKER = """
global.window = { crypto: require("crypto").webcrypto };
require(process.argv[1]);
const cases = JSON.parse(require("fs").readFileSync(0, "utf8"));
const lengths = {};
for (const c of cases) {
  // SCORM 2004's limit, so the tracker keeps the drafts: the full length is what is measured
  const tracker = new window.DCP.Tracker(c.config, { dialect: "2004" });
  tracker.viewed = tracker.viewed.map(() => true);
  tracker.quizzes = c.quizzes;
  lengths[c.name] = tracker.suspendData().length;
}
process.stdout.write(JSON.stringify(lengths));
"""


def worst_states(sco: Any, draft: bool) -> list[dict[str, Any]]:
    """Each quiz at its worst; a pool stores "" for the questions its attempt did not draw."""
    states = []
    for quiz in sco.quizzes:
        longest = sorted(quiz.questions, key=lambda q: len(worst_response(q)), reverse=True)
        drawn = {q.id for q in (longest[: quiz.draw] if quiz.draw else longest)}
        responses = [worst_response(q) if q.id in drawn else "" for q in quiz.questions]
        state: dict[str, Any] = {"a": MAX_ATTEMPTS_STORED, "s": MAX_SEED, "b": 100, "l": 100, "r": responses}
        if draft:
            state |= {"r": [], "d": responses}
        states.append(state)
    return states


@pytest.mark.parametrize("root", [FIXTURE_COURSE, FINAL_FIXTURE, REPO], ids=["fixture", "final", "real course"])
def test_the_build_never_underestimates_suspend_data(root: Path) -> None:
    node = shutil.which("node")
    require(node is not None, "node is needed to run the tracker")
    assert node is not None
    site = plan_site(load_course(root), "per-module")
    target = scorm_target("scorm12")
    cases, estimates = [], {}
    for sco in site.scos:
        for draft in (False, True):
            name = f"{sco.id} {'draft' if draft else 'submitted'}"
            cases.append({"name": name, "config": sco_config(site, target, sco), "quizzes": worst_states(sco, draft)})
            estimates[name] = worst_case_suspend_length(sco)
    result = subprocess.run([node, "-e", RUN_TRACKER, str(TRACKER_JS)], input=json.dumps(cases),
                            capture_output=True, text=True, check=True, timeout=60)
    written = json.loads(result.stdout)
    assert any(sco.quizzes for sco in site.scos)
    below = {name: (written[name], estimates[name]) for name in estimates if written[name] > estimates[name]}
    assert below == {}, "runtime length > build's worst case"
