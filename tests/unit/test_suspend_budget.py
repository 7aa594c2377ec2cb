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
from dcp_course.plan.suspend import (
    MAX_ATTEMPTS_STORED,
    MAX_SEED,
    SCORM12_SUSPEND_LIMIT,
    SCORM12_TEXT_KEPT,
    worst_case_suspend_length,
    worst_response,
)
from dcp_course.render.pages import sco_config
from dcp_course.source.errors import BuildError
from dcp_course.source.load import load_course
from dcp_course.targets.scorm import check_suspend_budget, scorm_target

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


RUN_TRACKER_12 = """
global.window = { crypto: require("crypto").webcrypto };
require(process.argv[1]);
const cases = JSON.parse(require("fs").readFileSync(0, "utf8"));
const out = {};
for (const c of cases) {
  const tracker = new window.DCP.Tracker(c.config, { dialect: "1.2" });
  tracker.viewed = tracker.viewed.map(() => true);
  tracker.quizzes = c.quizzes;
  out[c.name] = JSON.parse(tracker.suspendData());
}
process.stdout.write(JSON.stringify(out));
"""


def test_scorm12_cuts_task_answers_evenly_to_fit_and_keeps_at_least_255_characters() -> None:
    """The real course's module 8 holds two tasks of 1,500 characters: their worst case passes
    4,096 characters, so the SCORM 1.2 tracker cuts both texts to one length that fits."""
    node = shutil.which("node")
    require(node is not None, "node is needed to run the tracker")
    assert node is not None
    site = plan_site(load_course(REPO), "per-module")
    target = scorm_target("scorm12")
    sco = next(s for s in site.scos if any(q.id == "m8-task-pilot" for quiz in s.quizzes for q in quiz.questions))
    assert worst_case_suspend_length(sco) > SCORM12_SUSPEND_LIMIT  # the cut is needed
    assert worst_case_suspend_length(sco, text_kept=SCORM12_TEXT_KEPT) <= SCORM12_SUSPEND_LIMIT  # and enough
    cases = [{"name": name, "config": sco_config(site, target, sco), "quizzes": worst_states(sco, draft)}
             for name, draft in (("submitted", False), ("draft", True))]
    result = subprocess.run([node, "-e", RUN_TRACKER_12, str(TRACKER_JS)], input=json.dumps(cases),
                            capture_output=True, text=True, check=True, timeout=60)
    for name, stored in json.loads(result.stdout).items():
        assert len(json.dumps(stored, separators=(",", ":"), ensure_ascii=False)) <= SCORM12_SUSPEND_LIMIT, name
        (quiz,) = [q for q in stored["q"] if q["r"] or q.get("d")]
        responses = quiz["r"] or quiz["d"]
        texts = [responses[i].partition("|")[2] for i in sco_config(site, target, sco)["quizzes"][0]["texts"]]
        assert len(texts) == 2 and len({len(t) for t in texts}) == 1, name  # cut evenly
        assert SCORM12_TEXT_KEPT <= len(texts[0]) < 1500, name
        assert quiz.get("d") or name == "submitted"  # the draft survives, cut


def test_the_build_refuses_a_scorm12_sco_whose_tasks_cannot_keep_255_characters(tmp_path: Path) -> None:
    from unit.test_question_rules import HEAD
    from unit.test_sources import write_course

    task = ("      task: Plan it.\n      model_answer: A plan.\n      checklist: [A goal.]\n"
            "      max_length: 4000\n")
    body = task + "".join(f"    - id: q-t{n}\n      assesses: [obj-a]\n" + task for n in range(8))
    write_course(tmp_path, HEAD.format(quiz_extra="") + body)
    site = plan_site(load_course(tmp_path), "per-module")
    check_suspend_budget(site, "scorm2004")  # 64,000 characters: fine
    with pytest.raises(BuildError, match="even with each practical task's answer cut to 255 characters"):
        check_suspend_budget(site, "scorm12")
