"""One registry of question kinds (src/dcp_course/source/kinds.py), known in every place it must be.

The first test lists, in one failure, every place that lacks a kind (tests/kind_places.py walks
them). The others take one entry away, in a copy or by monkeypatching, and expect exactly that
gap to be named: a check that passes whatever is missing would be worth nothing.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from conftest import REPO, require
from kind_places import Places, missing_places

from dcp_course.exports import gift, moodle_xml, qti21
from dcp_course.render import questions
from dcp_course.results import kinds as result_kinds
from dcp_course.source.kinds import KINDS

# The kinds whose every entry is taken away once below: the newest two, and one whose controls numeric shares.
REMOVED_KINDS = ["task", "numeric", "fill"]


def places(**changes: object) -> Places:
    require(shutil.which("node") is not None, "node runs the learner scripts' kind tables")
    found = Places(**changes)  # type: ignore[arg-type]
    return found


def test_every_kind_is_known_in_every_place() -> None:
    missing = missing_places(places())
    assert not missing, "places that lack a question kind (see ARCHITECTURE.md):\n" + "\n".join(missing)


def copied_templates(tmp_path: Path) -> Path:
    target = tmp_path / "templates"
    shutil.copytree(REPO / "templates", target)
    return target


def without_entry(script: str, kind: str) -> str:
    """A learner script without its table entry for kind: from `    kind: ` to the next entry or the end."""
    entry = re.compile(rf"^    {kind}: .*?(?=^    \w+: |^  \}};)", re.DOTALL | re.MULTILINE)
    removed, count = entry.subn("", script)
    assert count == 1, f"no table entry for {kind}"
    return removed


def without_branch(template: str, kind: str) -> str:
    """A template without its `{% elif kind == "kind" %}` branch."""
    branch = re.compile(rf'^  \{{% elif kind == "{kind}" %\}}.*?(?=^  \{{% (elif kind|endif))', re.DOTALL | re.MULTILINE)
    removed, count = branch.subn("", template)
    assert count == 1, f"no branch for {kind}"
    return removed


def edit(path: Path, change: object) -> None:
    path.write_text(change(path.read_text(encoding="utf-8")), encoding="utf-8")  # type: ignore[operator]


@pytest.mark.parametrize("kind", REMOVED_KINDS)
@pytest.mark.parametrize(("where", "remove"), [
    ("templates/messages/de.json",
     lambda t, k: edit(t / "messages" / "de.json", lambda s: re.sub(rf'\n  "review_kind_{k}": [^\n]*', "", s))),
    ("templates/js/scoring.js", lambda t, k: edit(t / "js" / "scoring.js", lambda s: without_entry(s, k))),
    ("templates/js/question.js", lambda t, k: edit(t / "js" / "question.js", lambda s: without_entry(s, k))),
    ("templates/js/tracker.js", lambda t, k: edit(t / "js" / "tracker.js", lambda s: without_entry(s, k))),
    ("templates/partials/questions.html",
     lambda t, k: edit(t / "partials" / "questions.html", lambda s: without_branch(s, k))),
    ("templates/review/answer-key.html",
     lambda t, k: edit(t / "review" / "answer-key.html", lambda s: without_branch(s, k))),
])
def test_a_file_without_the_kind_is_named(tmp_path: Path, kind: str, where: str, remove: object) -> None:
    templates = copied_templates(tmp_path)
    remove(templates, kind)  # type: ignore[operator]
    missing = missing_places(places(templates=templates))
    assert len(missing) == 1 and missing[0].startswith(f"{kind}: {where}"), missing


@pytest.mark.parametrize("kind", REMOVED_KINDS)
@pytest.mark.parametrize(("where", "table"), [
    ("src/dcp_course/exports/gift.py", gift.WRITERS),
    ("src/dcp_course/exports/moodle_xml.py", moodle_xml.WRITERS),
    ("src/dcp_course/exports/qti21.py", qti21.WRITERS),
    ("src/dcp_course/render/questions.py", questions.ANSWER_DATA),
    ("src/dcp_course/results/kinds.py", result_kinds.RESPONSE_READERS),
])
def test_a_python_table_without_the_kind_is_named(
    monkeypatch: pytest.MonkeyPatch, kind: str, where: str, table: dict[str, object]
) -> None:
    monkeypatch.delitem(table, kind)
    missing = missing_places(places())
    assert len(missing) == 1 and missing[0].startswith(f"{kind}: {where}"), missing


def test_the_removed_kinds_are_registered() -> None:
    assert set(REMOVED_KINDS) <= set(KINDS)
