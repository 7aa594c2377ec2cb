"""Reviewers' comments: anchors in review outputs, the comments file, the command's report."""

from __future__ import annotations

import io
import json
import os
import re
import zipfile
from pathlib import Path
from typing import Any

import pytest

from dcp_course.build import produce
from dcp_course.comments.anchors import QUESTION_FEEDBACK, QUESTION_PARTS, AnchorIndex, node_at, paths_like
from dcp_course.comments.model import MAX_FILE_BYTES, parse_comments
from dcp_course.comments.resolve import SourceIndex
from dcp_course.preview.incremental import IncrementalBuilder
from dcp_course.preview.review import render_review_pack
from dcp_course.source.kinds import KINDS, question_kind
from dcp_course.source.load import load_course
from dcp_course.source.loaded import CourseSource

from .comments_support import anchor_at, export, line_of, pack_anchors, run, write

BASICS = "modules/01-basics/module.yaml"
QUESTIONS = "modules/02-questions/module.yaml"


@pytest.fixture()
def source(course_copy: Path) -> CourseSource:
    return load_course(course_copy)


@pytest.fixture()
def anchors(source: CourseSource) -> list[dict[str, Any]]:
    return pack_anchors(render_review_pack(source))


def comments(data: dict[str, Any], name: str = "c.json") -> Any:
    return parse_comments(json.dumps(data).encode(), name)


# ---------------------------------------------------------------- anchors in the review outputs


def test_every_anchor_in_the_pack_is_here_at_the_place_it_names(source: CourseSource,
                                                              anchors: list[dict[str, Any]]) -> None:
    index = SourceIndex(source)
    documents = {BASICS: source.modules[0].doc, QUESTIONS: source.modules[1].doc}
    assert len(anchors) > 60
    for comment in comments(export(anchors)).comments:
        resolved = index.resolve(comment)
        assert resolved.category == "here", comment.anchor
        assert resolved.where is not None
        assert (resolved.where.file, resolved.where.line, resolved.where.column) == (
            comment.anchor.file, *documents[comment.anchor.file].locate(comment.anchor.path))


def test_blocks_questions_choices_feedback_and_glossary_terms_and_definitions_are_anchored(
        anchors: list[dict[str, Any]]) -> None:
    paths = {(a["file"], tuple(a["path"])) for a in anchors}
    assert (BASICS, ("lessons", 0, "blocks", 0)) in paths  # a text block
    assert (QUESTIONS, ("quiz", "questions", 0)) in paths  # a question
    assert (QUESTIONS, ("quiz", "questions", 0, "choices", 1)) in paths  # a choice
    assert (QUESTIONS, ("quiz", "questions", 0, "choices", 1, "feedback")) in paths  # its feedback
    glossary = [a for a in anchors if a["ids"] and a["ids"][-1]["key"] == "term"]
    assert [(a["path"][-1], a["ids"][-1]["value"], a["label"]) for a in glossary] == [
        ("term", "DCP", "DCP"), ("definition", "DCP", "Digital community policing.")]
    choice = anchor_at(anchors, QUESTIONS, "quiz", "questions", 0, "choices", 1)
    assert choice["ids"] == [{"depth": 3, "key": "id", "value": "q-single"}]
    assert choice["context"] == "Second This one." and len(choice["others"]) == 2  # its two neighbours


def test_every_part_the_kinds_table_names_has_a_comment_button(source: CourseSource,
                                                              anchors: list[dict[str, Any]]) -> None:
    """QUESTION_PARTS says what reviewers comment on inside each kind; the answer keys must offer each."""
    assert set(QUESTION_PARTS) == set(KINDS), "give every kind of the registry its commentable parts"
    anchored = {tuple(a["path"]) for a in anchors if a["file"] == QUESTIONS}
    data = source.modules[1].doc.data
    kinds = {question_kind(q): n for n, q in enumerate(source.modules[1].module.quiz.questions)}  # type: ignore[union-attr]
    missing, found = [], 0
    for kind, n in kinds.items():
        question = ("quiz", "questions", n)
        for part in ("", *QUESTION_PARTS[kind], *QUESTION_FEEDBACK):
            pattern = tuple(p for p in re.split(r"\.|(\[\])", part) if p)
            for path, _ in paths_like(node_at(data, question)[1], pattern, question):
                found += 1
                if path not in anchored:
                    missing.append((kind, path))
    assert missing == [] and found > len(kinds) * 2


def test_labels_are_plain_text_not_markdown(course_copy: Path) -> None:
    basics = course_copy / BASICS
    basics.write_text(basics.read_text().replace("Some **bold** text", "## Three *linked* elements\n\n          Some text"))
    block = anchor_at(pack_anchors(render_review_pack(load_course(course_copy))), BASICS, "lessons", 0, "blocks", 0)
    assert block["label"].startswith("Three linked elements Some text")
    assert block["context"].startswith("## Three *linked* elements")  # what the author wrote, to compare with


def test_a_branching_options_button_sits_beside_the_option_it_comments_on(source: CourseSource) -> None:
    page = render_review_pack(source)
    rows = re.findall(r"<tr[^>]*data-comment-anchor[^>]*>(.*?)</tr>", page, re.DOTALL)
    option_rows = [row for row in rows if "Correct it openly" in row]
    assert len(option_rows) == 1
    first_cell = re.match(r"<td([^>]*)>(.*?)</td>", option_rows[0], re.DOTALL)
    assert first_cell is not None and "data-comment-slot" in first_cell.group(1)
    assert "Correct it openly" in first_cell.group(2)
    assert option_rows[0].count("data-comment-slot") == 1


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
    assert [(a["path"][-1], a["ids"][-1]["value"]) for a in glossary] == [("term", "DCP"), ("definition", "DCP")]


def test_the_ui_speaks_the_course_language_and_knows_the_files_limits(course_copy: Path) -> None:
    course_file = course_copy / "course" / "course.yaml"
    course_file.write_text(course_file.read_text().replace("language: en", "language: de"))
    page = render_review_pack(load_course(course_copy))
    config = json.loads(re.search(r'id="dcp-comments-config">(.*?)</script>', page).group(1))  # type: ignore[union-attr]
    assert config["course"] == "fixture-course" and config["version"] == "0.9.0"
    assert config["messages"]["comments_export"] == "Kommentare exportieren"
    assert config["messages"]["comments_import"] == "Kommentare importieren"
    assert config["limits"]["fileBytes"] == MAX_FILE_BYTES


def test_no_trace_of_the_comment_ui_in_web_scorm_or_cmi5(source: CourseSource) -> None:
    outputs = produce(source, ["web", "scorm12", "scorm2004", "cmi5"])
    assert set(outputs) >= {"web"} and len(outputs) == 4
    markers = [b"data-comment", b"dcp-comments", b"comment-button", b"comments_", b"Export comments",
               b"dcp-course-comments", b"review-comments.json"]
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
    chosen = [anchor_at(anchors, QUESTIONS, "quiz", "questions", 0, "choices", 1, "feedback"),
              anchor_at(anchors, BASICS, "lessons", 0, "blocks", 10, "glossary", "definition"),
              anchor_at(anchors, BASICS, "lessons", 0, "blocks", 0)]
    file = write(tmp_path, "c.json", export(chosen, texts=["Say why.", "Expand \x1b[31mDCP", "Too long"]))
    result = run(course_copy, str(file))
    assert result.exit_code == 0, result.output
    block_line = line_of(course_copy / BASICS, "Some **bold** text")
    definition_line = line_of(course_copy / BASICS, "definition: Digital community policing.")
    definition_column = (course_copy / BASICS).read_text().splitlines()[definition_line - 1].index("definition:") + 1
    feedback_line = line_of(course_copy / QUESTIONS, "{ text: Second, correct: true, feedback: This one. }")
    assert result.output.splitlines() == [
        f'{BASICS}:{block_line - 1}:9: here: [A. Reviewer] all-blocks blocks[0]: Too long',
        f'{BASICS}:{definition_line}:{definition_column}: here: [A. Reviewer] all-blocks DCP definition: Expand \\u001b[31mDCP',
        f'{QUESTIONS}:{feedback_line}:42: here: [A. Reviewer] q-single choices[1].feedback: Say why.',
    ]


def test_a_remark_of_several_lines_keeps_them_in_text_and_markdown(course_copy: Path, tmp_path: Path,
                                                                 anchors: list[dict[str, Any]]) -> None:
    feedback = anchor_at(anchors, QUESTIONS, "quiz", "questions", 0, "choices", 1, "feedback")
    data = export([feedback], texts=["First line.\r\n- not a list\n\n1. not a number\n# nor a heading"])
    data["comments"][0]["suggestion"] = "Better.\nMuch better."
    file = write(tmp_path, "c.json", data)
    line = line_of(course_copy / QUESTIONS, "feedback: This one.")
    assert run(course_copy, str(file)).output.splitlines() == [
        f"{QUESTIONS}:{line}:42: here: [A. Reviewer] q-single choices[1].feedback: First line.",
        "  | - not a list",
        "  | ",
        "  | 1. not a number",
        "  | # nor a heading",
        "  suggested: Better.",
        "  | Much better.",
    ]
    assert run(course_copy, "--format", "md", str(file)).output.splitlines() == [
        f"- [ ] `{QUESTIONS}:{line}:42` **here** · **A. Reviewer** on q-single choices\\[1\\].feedback: First line.\\",
        "  \\- not a list\\",
        "  \u00a0\\",
        "  1\\. not a number\\",
        "  \\# nor a heading",
        "  - suggested: Better.\\",
        "    Much better.",
    ]


def test_markdown_checklist_escapes_what_a_ticket_would_render(course_copy: Path, tmp_path: Path,
                                                               anchors: list[dict[str, Any]]) -> None:
    feedback = anchor_at(anchors, QUESTIONS, "quiz", "questions", 0, "choices", 1, "feedback")
    data = export([feedback], reviewer="[Eve](https://x)", texts=["<img src=x onerror=alert(1)> *bold*"])
    data["comments"][0]["suggestion"] = "Better."
    result = run(course_copy, "--format", "md", str(write(tmp_path, "c.json", data)))
    line = line_of(course_copy / QUESTIONS, "feedback: This one.")
    assert result.output.splitlines() == [
        f"- [ ] `{QUESTIONS}:{line}:42` **here** · **\\[Eve\\]\\(https://x\\)** on q-single choices\\[1\\].feedback: "
        "\\<img src=x onerror=alert\\(1\\)\\> \\*bold\\*",
        "  - suggested: Better.",
    ]


def test_summary_counts_per_module_reviewer_and_answer(course_copy: Path, tmp_path: Path,
                                                       anchors: list[dict[str, Any]]) -> None:
    feedback = anchor_at(anchors, QUESTIONS, "quiz", "questions", 0, "choices", 1, "feedback")
    block = anchor_at(anchors, BASICS, "lessons", 0, "blocks", 0)
    first = write(tmp_path, "a.json", export([feedback, block, block], reviewer="Ann"))
    second = write(tmp_path, "b.json", export([feedback], reviewer="Bob"))
    result = run(course_copy, "--summary", str(first), str(second), str(first))  # the same file twice counts once
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == [
        "basics: 2", "  Ann: 2", "questions: 2", "  Ann: 1", "  Bob: 1",
        "here: 4, moved: 0, changed: 0, orphaned: 0",
        "total: 4 comment(s) from 2 reviewer(s)",
    ]


def test_a_merged_export_reports_each_comment_under_its_own_reviewer(course_copy: Path, tmp_path: Path,
                                                                     anchors: list[dict[str, Any]]) -> None:
    block = anchor_at(anchors, BASICS, "lessons", 0, "blocks", 0)
    merged = export([block, block], reviewer="Lead")
    merged["comments"][1]["reviewer"] = "Colleague"
    result = run(course_copy, str(write(tmp_path, "merged.json", merged)))
    assert [line.split("] ")[0].split("[")[-1] for line in result.output.splitlines()] == ["Lead", "Colleague"]


def test_an_export_of_the_first_review_packs_is_placed_by_its_text_only(course_copy: Path, tmp_path: Path) -> None:
    first_format = {"format": "dcp-course-comments", "schema": 1, "course": "fixture-course", "version": "0.9.0",
                    "reviewer": "Old", "comments": [
                        {"id": "c-1", "text": "Fine.", "anchor": {
                            "file": QUESTIONS, "path": ["quiz", "questions", 0, "choices", 1], "item": "q-single",
                            "item_key": "id", "item_depth": 3, "context": "Second"}},
                        {"id": "c-2", "text": "Gone.", "anchor": {
                            "file": QUESTIONS, "path": ["quiz", "questions", 0, "choices", 2], "item": "q-single",
                            "item_key": "id", "item_depth": 3, "context": "Reworded since"}}]}
    result = run(course_copy, str(write(tmp_path, "old.json", first_format)))
    assert result.exit_code == 0, result.output
    line = line_of(course_copy / QUESTIONS, "{ text: Second, correct: true")
    assert result.stdout.splitlines() == [
        f"{QUESTIONS}:{line}:11: here: [Old] q-single choices[1]: Fine.",
        f"{QUESTIONS}: orphaned: [Old] q-single choices[2]: Gone.",
        "  text: Reworded since",
    ]
    assert "comes from an earlier review pack" in result.stderr


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


def test_a_file_that_starts_with_a_byte_order_mark_is_read(course_copy: Path, tmp_path: Path,
                                                           anchors: list[dict[str, Any]]) -> None:
    block = anchor_at(anchors, BASICS, "lessons", 0, "blocks", 0)
    path = write(tmp_path, "bom.json", b"\xef\xbb\xbf" + json.dumps(export([block])).encode())
    result = run(course_copy, str(path))
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[0].endswith("here: [A. Reviewer] all-blocks blocks[0]: remark 0")


def test_a_named_pipe_a_folder_and_a_device_are_refused_in_one_line_without_waiting(course_copy: Path,
                                                                                    tmp_path: Path) -> None:
    pipe = tmp_path / "comments.json"
    os.mkfifo(pipe)  # opening it for reading the usual way waits for a writer, for ever
    assert refused(course_copy, pipe) == f"{pipe}: not a file but a named pipe; expected a comments export (.json)"
    assert refused(course_copy, tmp_path) == f"{tmp_path}: not a file but a folder; expected a comments export (.json)"
    device = Path("/dev/zero")
    assert refused(course_copy, device) == f"{device}: not a file but a device; expected a comments export (.json)"


def test_other_json_and_wrong_schema_are_refused(course_copy: Path, tmp_path: Path,
                                                 anchors: list[dict[str, Any]]) -> None:
    other = write(tmp_path, "package.json", {"name": "x"})
    assert refused(course_copy, other) == (f'{other}: not a dcp-course comments export '
                                           '(expected "format": "dcp-course-comments" at the top level)')
    later = write(tmp_path, "later.json", {"format": "dcp-course-comments", "schema": 3})
    assert refused(course_copy, later) == (f"{later}: comments export schema 3 is not one this version of "
                                           "dcp-course reads (1 or 2); update dcp-course")
    broken = export([anchors[0]])
    broken["comments"][0]["text"] = 42
    broken["comments"][0]["anchor"]["path"] = ["lessons", -1]
    del broken["comments"][0]["reviewer"]
    path = write(tmp_path, "broken.json", broken)
    assert refused(course_copy, path) == (
        f"{path}: not a valid comments export: comments[0].text: Input should be a valid string; "
        "comments[0].reviewer: Field required; "
        "comments[0].anchor.path: -1 is neither a key (text) nor a list position (0 or more)")
    extra = export([anchors[0]])
    extra["comments"][0]["script"] = "x"
    path = write(tmp_path, "extra.json", extra)
    assert refused(course_copy, path) == f"{path}: not a valid comments export: comments[0].script: Extra inputs are not permitted"
    off_path = export([anchors[0]])
    off_path["comments"][0]["anchor"]["ids"] = [{"depth": 9, "key": "id", "value": "x"}]
    path = write(tmp_path, "off-path.json", off_path)
    assert refused(course_copy, path) == (f"{path}: not a valid comments export: comments[0].anchor: "
                                          "ids must lie on the path, outermost first")


def test_comments_on_another_course_are_refused(course_copy: Path, tmp_path: Path,
                                                anchors: list[dict[str, Any]]) -> None:
    path = write(tmp_path, "other.json", export([anchors[0]], course="another-course"))
    assert refused(course_copy, path) == (f"{path}: comments on course 'another-course', but these sources are "
                                          "course 'fixture-course'; export the comments from this course's review pack")


def test_a_missing_file_is_refused(course_copy: Path, tmp_path: Path) -> None:
    path = tmp_path / "nowhere.json"
    assert refused(course_copy, path) == f"{path}: cannot read file: No such file or directory"


def test_anchor_index_knows_lesson_glossary_terms(source: CourseSource) -> None:
    anchor = AnchorIndex(source).term_anchor("dcp", "definition")
    assert anchor is not None and anchor.file == BASICS and anchor.path[-2:] == ("glossary", "definition")
