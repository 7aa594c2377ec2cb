"""The review pack: one self-contained HTML file with every lesson, answer key, objective and source."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from conftest import FIXTURE_MODULES, REPO, fixture_checks, fixture_quiz, require
from lxml import html as lxml_html

from dcp_course.build import produce
from dcp_course.cli import main
from dcp_course.preview.review import (
    best_path,
    find_chromium,
    lesson_time,
    module_questions,
    objective_coverage,
    render_review_pack,
)
from dcp_course.source.load import load_course
from dcp_course.source.loaded import CourseSource
from dcp_course.source.messages import shipped_messages
from dcp_course.source.model import Branching


@pytest.fixture(scope="module")
def source(fixture_root: Path) -> CourseSource:
    return load_course(fixture_root)


@pytest.fixture(scope="module")
def pack(source: CourseSource) -> str:
    return render_review_pack(source)


@pytest.fixture(scope="module")
def document(pack: str) -> Any:
    return lxml_html.fromstring(pack)


def key_text(document: Any, qid: str) -> str:
    found = document.xpath(f"//aside[@data-answer-key='{qid}']")
    assert len(found) == 1, qid
    return " ".join(found[0].text_content().split())


def test_every_lesson_in_order(source: CourseSource, document: Any) -> None:
    expected = [lesson.id for loaded in source.modules for lesson in loaded.module.lessons]
    assert document.xpath("//article[@data-lesson]/@data-lesson") == expected
    for loaded in source.modules:
        for lesson in loaded.module.lessons:
            article = document.xpath(f"//article[@data-lesson='{lesson.id}']")[0]
            assert article.xpath("h3")[0].text_content() == lesson.title


def test_every_question_has_its_answer_key(source: CourseSource, document: Any) -> None:
    questions = [q for loaded in source.modules for q in module_questions(loaded)]
    written = [q for folder in FIXTURE_MODULES for q in (*fixture_checks(folder), *fixture_quiz(folder))]
    assert len(questions) == len(written)
    assert sorted(document.xpath("//aside[@data-answer-key]/@data-answer-key")) == sorted(q.id for q in questions)


def test_answer_keys_give_the_right_answers_and_feedback(document: Any) -> None:
    single = document.xpath("//aside[@data-answer-key='q-single']//li[contains(@class, 'key-right')]")
    assert [" ".join(li.text_content().split()) for li in single] == ["Correct Second Feedback: This one."]
    multiple = key_text(document, "q-multiple")
    assert "partial credit" in multiple
    assert document.xpath("//aside[@data-answer-key='q-multiple']//li[contains(@class,'key-right')]/@data-key-choice") \
        == ["a", "c"]
    assert "Correct answer: False" in key_text(document, "q-truefalse")
    assert "Correct answer: True" in key_text(document, "basics-q2")
    assert document.xpath("//aside[@data-answer-key='q-match']//td[@data-key-answer]/text()") \
        == ["Paris", "Tallinn", "Helsinki"]
    assert document.xpath("//aside[@data-answer-key='q-order']//li[@data-key-answer]/text()") == ["One", "Two", "Three"]
    fill = key_text(document, "q-fill")
    assert "Accepted answer: Oslo" in fill and "Yes, Oslo." in fill and "It is Oslo." in fill
    branch = key_text(document, "q-branch")
    assert "Best path scores 3 points" in branch
    assert "Best Correct it openly" in branch and "Best Explain calmly" in branch
    assert "Number" in key_text(document, "q-numeric")
    assert "Correct answer: 42.2 km (accepted from 41.7 to 42.7)" in key_text(document, "q-numeric")
    task = key_text(document, "q-task")
    assert "Practical task" in task and "Plan the first week of a neighbourhood account." in task
    assert "at most 400 characters · not counted in the score" in task
    assert "Model answer Two named officers post, signed." in task
    assert "Checklist: what a good answer contains" in task and "Messages get an answer within a set time." in task
    check = key_text(document, "all-blocks-check-1")
    assert "knowledge check (not graded)" in check and "Yes, pictures go in image blocks." in check
    reflection = key_text(document, "second-lesson-check-1")
    assert "Feedback when the learner answers true: No, they are for the learner only." in reflection
    assert "Assesses: Use each block type.; Name the block types." in key_text(document, "basics-q2")


def test_objectives_coverage_table(document: Any) -> None:
    rows = {row.get("data-objective"): row for row in document.xpath("//table[@data-coverage]//tr[@data-objective]")}
    assert list(rows) == ["know-blocks", "use-blocks", "answer-all"]
    assert rows["know-blocks"].xpath(".//a/code/text()") == ["basics-q1", "basics-q2"]
    assert rows["use-blocks"].xpath(".//a/code/text()") == ["basics-q2"]
    assessing = [q for q in fixture_quiz("02-questions") if "answer-all" in q["assesses"]]
    assert len(rows["answer-all"].xpath(".//a")) == len(assessing)
    assert rows["answer-all"].xpath("td[last()]/text()") == [str(len(assessing))]
    for href in document.xpath("//table[@data-coverage]//a/@href"):
        assert document.xpath(f"//*[@id='{href[1:]}']"), href


def test_an_objective_nothing_assesses_is_flagged(course_copy: Path) -> None:
    module = course_copy / "modules" / "01-basics" / "module.yaml"
    module.write_text(module.read_text().replace("assesses: [use-blocks, know-blocks]", "assesses: [know-blocks]"))
    source = load_course(course_copy)
    gap = [row for row in objective_coverage(source) if not row.questions]
    assert [row.objective.id for row in gap] == ["use-blocks"]
    document = lxml_html.fromstring(render_review_pack(source))
    row = document.xpath("//tr[@data-objective='use-blocks']")[0]
    assert "Not assessed by any question" in row.text_content()
    assert "coverage-gap" in row.get("class")


def test_sources_and_glossary(document: Any, pack: str) -> None:
    sources = " ".join(document.xpath("//section[@id='sources']")[0].text_content().split())
    assert "Fixture source. Nobody, 2024. https://example.org/source" in sources
    assert "Another source. Nobody, 2023." in sources
    assert document.xpath("//section[@id='glossary']//dt/text()") == ["DCP"]


def test_self_contained_with_only_the_inline_comment_script(pack: str, document: Any) -> None:
    scripts = document.xpath("//script")
    assert [s.get("type") for s in scripts] == ["application/json", None]  # the comment UI's settings, then its code
    assert not document.xpath("//script[@src]")
    assert not document.xpath("//link")  # the stylesheet is inline
    sources = document.xpath("//img/@src")
    assert sources and all(src.startswith("data:image/svg+xml;base64,") for src in sources)
    assert "media/diagram.svg" not in " ".join(sources)
    for href in document.xpath("//a/@href"):
        assert href.startswith(("#", "https://")), href


def test_markup_from_the_sources_stays_escaped(pack: str) -> None:
    assert "<script>alert(1)</script>" not in pack
    assert "Fixture &lt;Course&gt; &amp; Friends" in pack


def test_lesson_time_uses_the_author_minutes_or_estimates(source: CourseSource) -> None:
    first, second = source.modules[0].module.lessons
    assert (lesson_time(first).minutes, lesson_time(first).authored) == (5, True)
    estimate = lesson_time(second)
    assert not estimate.authored and estimate.minutes == 2  # 19 words, and one knowledge check
    assert estimate.label(shipped_messages("en")) == "about 2 min (estimated from 19 words and the activities)"
    assert estimate.label(shipped_messages("de")) == "etwa 2 Min. (geschätzt aus 19 Wörtern und den Aktivitäten)"


def test_best_path_follows_the_most_points(source: CourseSource) -> None:
    quiz = source.modules[1].module.quiz
    assert quiz is not None
    branch = next(q for q in quiz.questions if isinstance(q, Branching))
    assert best_path(branch) == [("first", 0), ("second", 0)]


def test_built_outputs_carry_no_review_material(source: CourseSource) -> None:
    outputs = produce(source, ["web"])
    web = outputs["web"]
    assert isinstance(web, dict)
    for name, content in web.items():
        assert b"data-answer-key" not in content, name
        assert b"/_preview/" not in content, name
        assert not name.startswith("assets/review"), name


# ---------------------------------------------------------------- the command


def run(*args: str) -> Any:
    return CliRunner().invoke(main, list(args))


def test_command_writes_the_pack_and_says_when_the_pdf_is_skipped(tmp_path: Path, fixture_root: Path) -> None:
    out = tmp_path / "pack" / "review.html"
    result = run("--root", str(fixture_root), "review-pack", "--out", str(out), "--chromium", str(tmp_path / "none"))
    assert result.exit_code == 0, result.output
    assert out.read_text(encoding="utf-8") == render_review_pack(load_course(fixture_root))
    assert f"wrote {out}" in result.stdout
    assert "PDF skipped: Chromium not found" in result.stderr
    assert not out.with_suffix(".pdf").exists()
    assert [p.name for p in out.parent.iterdir()] == ["review.html"]  # no partial files left behind


def test_command_default_path_and_no_pdf(course_copy: Path) -> None:
    result = run("--root", str(course_copy), "review-pack", "--no-pdf")
    assert result.exit_code == 0, result.output
    assert (course_copy / "dist" / "fixture-course-0.9.0-review.html").is_file()
    assert "PDF skipped: --no-pdf was given" in result.stderr


def test_command_reports_source_problems(course_copy: Path, tmp_path: Path) -> None:
    module = course_copy / "modules" / "01-basics" / "module.yaml"
    module.write_text(module.read_text().replace("summary:", "sumary:"))
    result = run("--root", str(course_copy), "review-pack", "--out", str(tmp_path / "x.html"), "--no-pdf")
    assert result.exit_code == 1
    assert "modules/01-basics/module.yaml:3:1: sumary: unknown key" in result.stderr
    assert not (tmp_path / "x.html").exists()


@pytest.mark.browser
def test_command_prints_a_pdf_with_chromium(tmp_path: Path, fixture_root: Path) -> None:
    chromium = find_chromium()
    require(chromium is not None, "Chromium is not installed (apt-get install chromium)")
    out = tmp_path / "review.html"
    result = run("--root", str(fixture_root), "review-pack", "--out", str(out))
    assert result.exit_code == 0, result.output
    pdf = out.with_suffix(".pdf").read_bytes()
    assert pdf.startswith(b"%PDF-")
    assert len(re.findall(rb"/Type\s*/Page\b", pdf)) >= 3  # the fixture's pack runs to several pages
    assert "PDF skipped" not in result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["review.html", "review.pdf"]


def test_the_real_course_pack_names_every_part() -> None:
    source = load_course(REPO)
    document = lxml_html.fromstring(render_review_pack(source))
    titles = [" ".join(h.text_content().split()) for h in document.iter("h2", "h3", "h4")]
    titles += [a.text_content() for a in document.xpath("//nav[contains(@class, 'pack-contents')]//a")]
    assert all(title and title != "None" for title in titles)
    assert len(document.xpath("//article[@data-lesson]")) == sum(len(m.module.lessons) for m in source.modules)
    if source.reading is not None:
        assert "Further reading" in titles or any(s.title in titles for s in source.reading.sections)
    assert all(strong.text_content() != "None" for strong in document.iter("strong"))
