"""The real course, every SCO, completed and passed end to end inside scorm-again."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from .harness import REPO, LmsSession, Package, StaticServer, build_course, follow_link, publish_packages
from .learner import best_path, pass_quiz_by_answer_key
from .test_scorm_runtime import assert_one_clean_session, assert_score, assert_status

pytestmark = pytest.mark.browser


def complete_sco(session: LmsSession) -> None:
    """Every page in pager order, then the quiz (if the SCO has one) answered right."""
    content = session.content
    next_link = content.locator("a.pager-next")
    while next_link.count():
        follow_link(content, next_link)  # the next page is there and its view recorded
    if content.locator("[data-quiz-form]").count():
        pass_quiz_by_answer_key(content)


@pytest.fixture(scope="module")
def real_packages(server: StaticServer, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    out = build_course(REPO, tmp_path_factory.mktemp("real-course"), None, ("scorm12", "scorm2004"))
    return publish_packages(server, out, "real-course")


@pytest.mark.parametrize("version", ["1.2", "2004"])
def test_every_sco_of_the_real_course_completes_and_passes(
    page: Any, server: StaticServer, real_packages: dict[str, Any], version: str
) -> None:
    complete_every_sco(page, server, real_packages[version])


def test_the_real_course_completes_over_a_slow_network(
    page: Any, server: StaticServer, real_packages: dict[str, Any], slow_scripts: int
) -> None:
    """Scripts arriving late must not cost a page view or a quiz: each page is walked only once
    its own page.js has run (1.2: the version a race once left 'incomplete')."""
    assert server.script_delay_ms == slow_scripts > 0
    complete_every_sco(page, server, real_packages["1.2"])


def complete_every_sco(page: Any, server: StaticServer, package: Package) -> None:
    assert len(package.scos) == 9  # eight modules and the final assessment
    for sco_id in sorted(package.scos):
        session = LmsSession(page, server, package, sco_id)
        session.launch()
        complete_sco(session)
        session.exit()
        assert_one_clean_session(session)
        assert_status(session, completed=True, success="passed")
        assert_score(session, "100")
        # every answer right; a practical task (not scored, ids m4-task-...) is neither right nor wrong
        results = {(i["id"], i["result"]) for i in session.interactions().values()}
        wrong = {(qid, result) for qid, result in results if result != ("neutral" if "-task-" in qid else "correct")}
        assert wrong == set(), f"{sco_id}: {wrong}"


def test_fixture_answer_key_helper_is_not_vacuous(tmp_path: Path) -> None:
    """best_path must follow the highest-scoring branch, or the course test would prove little."""
    question = {"start": "s1", "steps": {
        "s1": [{"id": "a", "points": 0, "next": "s2"}, {"id": "b", "points": 1, "next": None}],
        "s2": [{"id": "a", "points": 3, "next": None}, {"id": "b", "points": 0, "next": None}],
    }}
    assert best_path(question) == [("s1", "a"), ("s2", "a")]
