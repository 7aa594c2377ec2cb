"""Reviewers see the final's pool: final-only questions with their answer keys, marked, and counted
in the objectives coverage; the blueprint stated on the final's review page and in the pack."""

from __future__ import annotations

import shutil
from typing import Any

import pytest
from conftest import FINAL_FIXTURE
from lxml import html as lxml_html

from dcp_course.preview.incremental import IncrementalBuilder
from dcp_course.preview.review import objective_coverage, render_review_pack
from dcp_course.preview.server import PreviewApp
from dcp_course.source.load import load_course


def text(element: Any) -> str:
    return " ".join(element.text_content().split())


@pytest.fixture(scope="module")
def final_only_ids() -> list[str]:
    source = load_course(FINAL_FIXTURE)
    return [q.id or "" for m in source.modules for q in m.module.final_questions]


@pytest.fixture(scope="module")
def pack() -> Any:
    return lxml_html.fromstring(render_review_pack(load_course(FINAL_FIXTURE)))


@pytest.fixture(scope="module")
def review(tmp_path_factory: pytest.TempPathFactory) -> PreviewApp:
    root = tmp_path_factory.mktemp("final-review") / "course"
    shutil.copytree(FINAL_FIXTURE, root)
    builder = IncrementalBuilder(root)
    builder.rebuild()
    return PreviewApp(builder)


def review_page(app: PreviewApp, path: str) -> Any:
    response = app.handle(path)
    assert response.status == 200, path
    return lxml_html.fromstring(response.body)


def test_the_pack_lists_each_final_only_question_with_its_key_under_the_final(
        pack: Any, final_only_ids: list[str]) -> None:
    final = pack.xpath("//section[@id='final']")[0]
    assert final.xpath(".//aside[@data-answer-key]/@data-answer-key") == final_only_ids
    marked = pack.xpath("//aside[@data-answer-key][.//*[@data-final-only]]/@data-answer-key")
    assert marked == final_only_ids  # only they are marked, and each once
    assert "6 of these questions are final-only" in text(final.xpath("p")[0])
    assert ("Every draw holds at least: 2 from each module, 1 for each objective, 4 final-only."
            in text(final.xpath("p")[0]))
    key = text(pack.xpath("//aside[@data-answer-key='b-f-youth']")[0])
    assert "final assessment only" in key and "The police act and the school is told" in key


def test_the_coverage_counts_final_only_questions(pack: Any) -> None:
    source = load_course(FINAL_FIXTURE)
    rows = {row.objective.id: row for row in objective_coverage(source)}
    assert [q.id for q in rows["b-plan"].questions] == ["b-q-meeting", "b-f-agenda"]
    assert rows["b-plan"].graded_count == 2
    row = pack.xpath("//table[@data-coverage]//tr[@data-objective='b-plan']")[0]
    assert "b-f-agenda What belongs on the agenda of a first meeting? (final assessment only)" in text(row)
    assert text(row.xpath("td[@class='coverage-count']")[0]) == "2"
    assert row.xpath(".//a[code='b-f-agenda']/@href") == ["#q-b-f-agenda"]


def test_review_mode_marks_final_only_keys_and_states_the_blueprint(
        review: PreviewApp, final_only_ids: list[str]) -> None:
    final = review_page(review, "/review/final-assessment.html")
    assert text(final.xpath("//*[@data-review-blueprint]")[0]) == (
        "2 from each module, 1 for each objective, 4 final-only")
    marked = final.xpath("//aside[@data-answer-key][.//*[@data-final-only]]/@data-answer-key")
    assert marked == final_only_ids
    assert len(final.xpath("//aside[@data-answer-key]")) == 15  # the whole pool, keys and all
    quiz = review_page(review, "/review/02-beta/quiz.html")
    assert not quiz.xpath("//aside[@data-answer-key='b-f-youth']")
    module = review_page(review, "/review/02-beta/index.html")
    link = module.xpath("//table[@data-coverage]//a[code='b-f-youth']/@href")
    assert link == ["../final-assessment.html#key-b-f-youth"] * 2  # it assesses b-name and b-choose
