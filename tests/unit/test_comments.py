"""Reviewers' comments: anchors in review outputs, the comments file, resolution to source lines."""

from __future__ import annotations

import copy
import html
import io
import json
import re
import zipfile
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from dcp_course.build import produce
from dcp_course.cli import main
from dcp_course.comments.anchors import AnchorIndex
from dcp_course.comments.model import MAX_FILE_BYTES, ExportedAnchor
from dcp_course.comments.resolve import SourceIndex
from dcp_course.preview.incremental import IncrementalBuilder
from dcp_course.preview.review import render_review_pack
from dcp_course.source.load import load_course
from dcp_course.source.loaded import CourseSource

BASICS = "modules/01-basics/module.yaml"
QUESTIONS = "modules/02-questions/module.yaml"


def pack_anchors(page: str) -> list[dict[str, Any]]:
    return [json.loads(html.unescape(raw)) for raw in re.findall(r'data-comment-anchor="([^"]*)"', page)]


def line_of(path: Path, fragment: str) -> int:
    """1-based number of the only line holding fragment: the expectation, found independently of the code."""
    found = [n for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if fragment in line]
    assert len(found) == 1, (fragment, found)
    return found[0]


def export(anchors: list[dict[str, Any]], reviewer: str = "A. Reviewer", course: str = "fixture-course",
           texts: list[str] | None = None) -> dict[str, Any]:
    return {"format": "dcp-course-comments", "schema": 1, "course": course, "version": "0.9.0",
            "reviewer": reviewer, "exported": "2025-01-01T00:00:00Z",
            "comments": [{"id": f"c-{n}", "anchor": copy.deepcopy(anchor), "text": (texts or [])[n] if texts else f"remark {n}",
                          "suggestion": "", "created": ""} for n, anchor in enumerate(anchors)]}


def write(tmp_path: Path, name: str, content: dict[str, Any] | bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(content if isinstance(content, bytes) else json.dumps(content).encode())
    return path


def run(root: Path, *args: str) -> Any:
    return CliRunner().invoke(main, ["--root", str(root), "comments", *args])


def anchor_where(anchors: list[dict[str, Any]], file: str, context: str) -> dict[str, Any]:
    return next(a for a in anchors if a["file"] == file and a["context"] == context)


def glossary_entry(anchors: list[dict[str, Any]]) -> dict[str, Any]:
    return next(a for a in anchors if a["item_key"] == "term")


@pytest.fixture()
def source(course_copy: Path) -> CourseSource:
    return load_course(course_copy)


@pytest.fixture()
def anchors(source: CourseSource) -> list[dict[str, Any]]:
    return pack_anchors(render_review_pack(source))


# ---------------------------------------------------------------- anchors in the review outputs


def test_every_anchor_in_the_pack_resolves_to_the_place_it_names(source: CourseSource,
                                                                 anchors: list[dict[str, Any]]) -> None:
    index = SourceIndex(source)
    documents = {BASICS: source.modules[0].doc, QUESTIONS: source.modules[1].doc}
    assert len(anchors) > 60
    for anchor in anchors:
        where = index.resolve(ExportedAnchor.model_validate(anchor))
        assert where is not None, anchor
        assert (where.file, where.line, where.column) == (anchor["file"], *documents[anchor["file"]].locate(
            tuple(anchor["path"])))


def test_blocks_questions_choices_feedback_and_glossary_entries_are_anchored(anchors: list[dict[str, Any]]) -> None:
    paths = {(a["file"], tuple(a["path"])) for a in anchors}
    assert (BASICS, ("lessons", 0, "blocks", 0)) in paths  # a text block
    assert (QUESTIONS, ("quiz", "questions", 0)) in paths  # a question
    assert (QUESTIONS, ("quiz", "questions", 0, "choices", 1)) in paths  # a choice
    assert (QUESTIONS, ("quiz", "questions", 0, "choices", 1, "feedback")) in paths  # its feedback
    glossary = glossary_entry(anchors)
    assert glossary["item"] == "DCP" and glossary["path"] == ["lessons", 0, "blocks", 10, "glossary"]
    choice = anchor_where(anchors, QUESTIONS, "This one.")
    assert (choice["item"], choice["item_depth"]) == ("q-single", 3)


def test_review_mode_pages_carry_anchors_and_the_comment_ui(course_copy: Path) -> None:
    builder = IncrementalBuilder(course_copy)
    builder.rebuild()
    assert builder.activate("review")
    files = builder.snapshot.files["review"]
    lesson = files["01-basics/all-blocks.html"].decode()
    assert 'id="dcp-comments-config"' in lesson and "comment-button" in lesson
    lesson_paths = {tuple(a["path"]) for a in pack_anchors(lesson)}
    assert ("lessons", 0, "blocks", 0) in lesson_paths
    quiz_paths = {tuple(a["path"]) for a in pack_anchors(files["02-questions/quiz.html"].decode())}
    assert ("quiz", "questions", 0, "choices", 1, "feedback") in quiz_paths
    glossary = pack_anchors(files["glossary.html"].decode())
    assert [a["item"] for a in glossary] == ["DCP"]


def test_the_ui_speaks_the_course_language(course_copy: Path) -> None:
    course_file = course_copy / "course" / "course.yaml"
    course_file.write_text(course_file.read_text().replace("language: en", "language: de"))
    page = render_review_pack(load_course(course_copy))
    config = json.loads(re.search(r'id="dcp-comments-config">(.*?)</script>', page).group(1))  # type: ignore[union-attr]
    assert config["course"] == "fixture-course" and config["version"] == "0.9.0"
    assert config["messages"]["comments_export"] == "Kommentare exportieren"
    assert config["messages"]["comments_button"] == "Kommentieren"


def test_no_trace_of_the_comment_ui_in_web_scorm_or_cmi5(source: CourseSource) -> None:
    outputs = produce(source, ["web", "scorm12", "scorm2004", "cmi5"])
    assert set(outputs) >= {"web"} and len(outputs) == 4
    markers = [b"data-comment", b"dcp-comments", b"comment-button", b"comments_", b"Export comments",
               b"dcp-course-comments"]
    for name, output in outputs.items():
        if isinstance(output, bytes):
            with zipfile.ZipFile(io.BytesIO(output)) as archive:
                files = {entry: archive.read(entry) for entry in archive.namelist()}
        else:
            files = output
        assert files, name
        for path, content in files.items():
            assert not [m for m in markers if m in content], (name, path)


# ---------------------------------------------------------------- the command


def test_prints_each_comment_at_its_line_sorted_by_file_and_line(course_copy: Path, tmp_path: Path,
                                                                 anchors: list[dict[str, Any]]) -> None:
    chosen = [anchor_where(anchors, QUESTIONS, "This one."),
              glossary_entry(anchors),
              next(a for a in anchors if a["file"] == BASICS and a["path"] == ["lessons", 0, "blocks", 0])]
    file = write(tmp_path, "c.json", export(chosen, texts=["Say why.", "Expand \x1b[31mDCP", "Too long"]))
    result = run(course_copy, str(file))
    assert result.exit_code == 0, result.output
    block_line = line_of(course_copy / BASICS, "Some **bold** text")
    glossary_line = line_of(course_copy / BASICS, "term: DCP")
    feedback_line = line_of(course_copy / QUESTIONS, "{ text: Second, correct: true, feedback: This one. }")
    assert result.output.splitlines() == [
        f'{BASICS}:{block_line - 1}:9: [A. Reviewer] all-blocks blocks[0]: "Too long"',
        f'{BASICS}:{glossary_line}:9: [A. Reviewer] DCP: "Expand \\u001b[31mDCP"',
        f'{QUESTIONS}:{feedback_line}:42: [A. Reviewer] q-single choices[1].feedback: "Say why."',
    ]


def test_comments_follow_their_items_when_lines_move(course_copy: Path, tmp_path: Path,
                                                     anchors: list[dict[str, Any]]) -> None:
    feedback = anchor_where(anchors, QUESTIONS, "This one.")
    block = next(a for a in anchors if a["file"] == BASICS and a["path"] == ["lessons", 0, "blocks", 0])
    file = write(tmp_path, "c.json", export([feedback, block]))
    questions = course_copy / QUESTIONS
    # a new first lesson and a new first quiz question push everything down and renumber the lists
    questions.write_text(questions.read_text().replace("lessons:\n", (
        "lessons:\n  - id: intro\n    title: Intro\n    blocks:\n      - text: Welcome.\n"), 1).replace(
        "  questions:\n", ("  questions:\n    - id: q-new\n      truefalse: New.\n      answer: true\n"), 1))
    basics = course_copy / BASICS
    # a block inserted above the commented one: same lesson, new index
    basics.write_text(basics.read_text().replace("    blocks:\n      - text: |\n          Some **bold**",
                                                 "    blocks:\n      - text: A new first block.\n"
                                                 "      - text: |\n          Some **bold**", 1))
    result = run(course_copy, str(file))
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == [
        f'{BASICS}:{line_of(basics, "Some **bold** text") - 1}:9: [A. Reviewer] all-blocks blocks[1]: "remark 1"',
        f'{QUESTIONS}:{line_of(questions, "feedback: This one.")}:42: [A. Reviewer] q-single choices[1].feedback: '
        '"remark 0"',
    ]


def test_a_comment_whose_target_is_gone_is_orphaned_with_its_context(course_copy: Path, tmp_path: Path,
                                                                     anchors: list[dict[str, Any]]) -> None:
    feedback = anchor_where(anchors, QUESTIONS, "This one.")
    file = write(tmp_path, "c.json", export([feedback]))
    questions = course_copy / QUESTIONS
    questions.write_text(questions.read_text().replace("- id: q-single", "- id: q-single-renamed"))
    result = run(course_copy, str(file))
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == [
        f'orphaned ({QUESTIONS}): [A. Reviewer] q-single choices[1].feedback: "remark 0"',
        '  context: "This one."',
    ]


def test_markdown_checklist_escapes_what_a_ticket_would_render(course_copy: Path, tmp_path: Path,
                                                               anchors: list[dict[str, Any]]) -> None:
    feedback = anchor_where(anchors, QUESTIONS, "This one.")
    comments = export([feedback], reviewer="[Eve](https://x)", texts=["<img src=x onerror=alert(1)> *bold*"])
    comments["comments"][0]["suggestion"] = "Better."
    result = run(course_copy, "--format", "md", str(write(tmp_path, "c.json", comments)))
    line = line_of(course_copy / QUESTIONS, "feedback: This one.")
    assert result.output.splitlines() == [
        f"- [ ] `{QUESTIONS}:{line}:42` **\\[Eve\\]\\(https://x\\)** on q-single choices\\[1\\].feedback: "
        '"\\<img src=x onerror=alert\\(1\\)\\> \\*bold\\*"',
        '  - suggested: "Better."',
    ]


def test_summary_counts_per_module_and_reviewer(course_copy: Path, tmp_path: Path,
                                                anchors: list[dict[str, Any]]) -> None:
    feedback = anchor_where(anchors, QUESTIONS, "This one.")
    block = next(a for a in anchors if a["file"] == BASICS and a["path"] == ["lessons", 0, "blocks", 0])
    first = write(tmp_path, "a.json", export([feedback, block, block], reviewer="Ann"))
    second = write(tmp_path, "b.json", export([feedback], reviewer="Bob"))
    result = run(course_copy, "--summary", str(first), str(second), str(first))  # the same file twice counts once
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == [
        "basics: 2", "  Ann: 2", "questions: 2", "  Ann: 1", "  Bob: 1",
        "total: 4 comment(s) from 2 reviewer(s)",
    ]


# ---------------------------------------------------------------- hostile files


def refused(root: Path, path: Path) -> str:
    result = run(root, str(path))
    assert result.exit_code == 1
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert "Traceback" not in result.output
    lines = result.output.splitlines()
    assert lines[-1] == "1 comments file(s) refused; nothing was reported."
    return "\n".join(lines[:-1])


def test_a_huge_file_is_refused_before_it_is_read(course_copy: Path, tmp_path: Path) -> None:
    path = write(tmp_path, "huge.json", b"[" * (MAX_FILE_BYTES + 1))
    assert refused(course_copy, path) == (f"{path}: file is larger than {MAX_FILE_BYTES} bytes; "
                                          "a comments export is much smaller (is this the right file?)")


def test_bad_json_names_line_and_column(course_copy: Path, tmp_path: Path) -> None:
    path = write(tmp_path, "bad.json", b'{\n  "format": "dcp-course-comments",\n  oops\n}')
    assert refused(course_copy, path) == f"{path}:3:3: not valid JSON: Expecting property name enclosed in double quotes"


def test_deep_nesting_and_binary_are_refused(course_copy: Path, tmp_path: Path) -> None:
    deep = write(tmp_path, "deep.json", b"[" * 100_000 + b"]" * 100_000)
    assert refused(course_copy, deep) == f"{deep}: JSON nested too deeply; expected a comments export"
    binary = write(tmp_path, "binary.json", b"\xff\xfe\x00")
    assert refused(course_copy, binary) == f"{binary}: not UTF-8 text; expected a comments export (.json)"


def test_other_json_and_wrong_schema_are_refused(course_copy: Path, tmp_path: Path,
                                                 anchors: list[dict[str, Any]]) -> None:
    other = write(tmp_path, "package.json", {"name": "x"})
    assert refused(course_copy, other) == (f'{other}: not a dcp-course comments export '
                                           '(expected "format": "dcp-course-comments" at the top level)')
    broken = export([anchors[0]])
    broken["comments"][0]["text"] = 42
    broken["comments"][0]["anchor"]["path"] = ["lessons", -1]
    del broken["reviewer"]
    path = write(tmp_path, "broken.json", broken)
    assert refused(course_copy, path) == (
        f"{path}: not a valid comments export: reviewer: Field required; "
        "comments[0].anchor.path: -1 is neither a key (text) nor a list position (0 or more); "
        "comments[0].text: Input should be a valid string")
    extra = export([anchors[0]])
    extra["comments"][0]["script"] = "x"
    path = write(tmp_path, "extra.json", extra)
    assert refused(course_copy, path) == f"{path}: not a valid comments export: comments[0].script: Extra inputs are not permitted"


def test_comments_on_another_course_are_refused(course_copy: Path, tmp_path: Path,
                                                anchors: list[dict[str, Any]]) -> None:
    path = write(tmp_path, "other.json", export([anchors[0]], course="another-course"))
    assert refused(course_copy, path) == (f"{path}: comments on course 'another-course', but these sources are "
                                          "course 'fixture-course'; export the comments from this course's review pack")


def test_a_missing_file_is_refused(course_copy: Path, tmp_path: Path) -> None:
    path = tmp_path / "nowhere.json"
    assert refused(course_copy, path) == f"{path}: cannot read file: No such file or directory"


def test_anchor_index_knows_lesson_glossary_terms(source: CourseSource) -> None:
    anchor = AnchorIndex(source).term_anchor("dcp")
    assert anchor is not None and anchor.file == BASICS and anchor.path[-1] == "glossary"
