"""How sure a comment's place is after the author edits: here, moved, changed or orphaned.

Each test comments on the fixture course's review pack, edits a copy of the sources the way an
author would, and reads `dcp-course comments` as the author does. The same mutations on every
commentable value of the real course are in test_comments_thresholds.py.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from dcp_course.preview.review import render_review_pack
from dcp_course.source.load import load_course

from .comments_support import anchor_at, export, line_of, pack_anchors, run, write

BASICS = "modules/01-basics/module.yaml"
QUESTIONS = "modules/02-questions/module.yaml"


@pytest.fixture()
def anchors(course_copy: Path) -> list[dict[str, Any]]:
    return pack_anchors(render_review_pack(load_course(course_copy)))


def report(root: Path, folder: Path, chosen: list[dict[str, Any]]) -> list[str]:
    result = run(root, str(write(folder, "c.json", export(chosen))))
    assert result.exit_code == 0, result.output
    return list(result.stdout.splitlines())


def edit(root: Path, file: str, old: str, new: str) -> Path:
    path = root / file
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    path.write_text(text.replace(old, new), encoding="utf-8")
    return path


FIRST_BLOCK = "      - text: |\n          Some **bold** text and a [link](https://example.org)."


def test_untouched_sources_every_comment_is_here(course_copy: Path, tmp_path: Path,
                                                 anchors: list[dict[str, Any]]) -> None:
    lines = report(course_copy, tmp_path, anchors)
    assert len(lines) == len(anchors)
    assert {line.split(": ")[1] for line in lines} == {"here"}


def test_a_block_reworded_in_place_is_changed_with_its_old_and_new_text(course_copy: Path, tmp_path: Path,
                                                                        anchors: list[dict[str, Any]]) -> None:
    block = anchor_at(anchors, BASICS, "lessons", 0, "blocks", 0)
    basics = edit(course_copy, BASICS, "Some **bold** text and a", "Some **strong** text and a")
    line = line_of(basics, "Some **strong** text") - 1
    assert report(course_copy, tmp_path, [block]) == [
        f"{BASICS}:{line}:9: changed: [A. Reviewer] all-blocks blocks[0]: remark 0",
        "  was: Some **bold** text and a [link](https://example.org). <b>raw html stays text</b>",
        "  now: Some **strong** text and a [link](https://example.org). <b>raw html stays text</b>",
        "  diff: Some [-**bold**-] {+**strong**+} text and a [link](https://example.org). …",
    ]


def test_a_block_inserted_above_a_reworded_one_never_takes_its_comment(course_copy: Path, tmp_path: Path,
                                                                       anchors: list[dict[str, Any]]) -> None:
    block = anchor_at(anchors, BASICS, "lessons", 0, "blocks", 0)
    basics = edit(course_copy, BASICS, FIRST_BLOCK, "      - text: An inserted opening paragraph.\n"
                  + FIRST_BLOCK.replace("Some **bold** text", "Some **strong** text"))
    lines = report(course_copy, tmp_path, [block])
    assert lines[0] == (f"{BASICS}:{line_of(basics, 'Some **strong** text') - 1}:9: changed: [A. Reviewer] "
                        "all-blocks blocks[1]: remark 0")
    assert lines[1] == "  was at: all-blocks blocks[0]"


def test_a_block_inserted_above_moves_the_comment_with_its_text(course_copy: Path, tmp_path: Path,
                                                                anchors: list[dict[str, Any]]) -> None:
    block = anchor_at(anchors, BASICS, "lessons", 0, "blocks", 0)
    basics = edit(course_copy, BASICS, FIRST_BLOCK, "      - text: An inserted opening paragraph.\n" + FIRST_BLOCK)
    assert report(course_copy, tmp_path, [block]) == [
        f"{BASICS}:{line_of(basics, 'Some **bold** text') - 1}:9: moved: [A. Reviewer] all-blocks blocks[1]: remark 0",
        "  was at: all-blocks blocks[0]",
    ]


def test_a_deleted_choice_is_orphaned_not_handed_to_the_next_one(course_copy: Path, tmp_path: Path,
                                                                 anchors: list[dict[str, Any]]) -> None:
    choice = anchor_at(anchors, QUESTIONS, "quiz", "questions", 0, "choices", 0)
    feedback = anchor_at(anchors, QUESTIONS, "quiz", "questions", 0, "choices", 0, "feedback")
    edit(course_copy, QUESTIONS, "        - { text: First, feedback: Not this one. }\n", "")
    assert report(course_copy, tmp_path, [choice, feedback]) == [
        f"{QUESTIONS}: orphaned: [A. Reviewer] q-single choices[0]: remark 0",
        "  text: First Not this one.",
        f"{QUESTIONS}: orphaned: [A. Reviewer] q-single choices[0].feedback: remark 1",
        "  text: Not this one.",
    ]


def test_reordered_choices_keep_their_comments(course_copy: Path, tmp_path: Path,
                                               anchors: list[dict[str, Any]]) -> None:
    choice = anchor_at(anchors, QUESTIONS, "quiz", "questions", 0, "choices", 0)
    questions = edit(course_copy, QUESTIONS, "        - { text: First, feedback: Not this one. }\n"
                     "        - { text: Second, correct: true, feedback: This one. }\n",
                     "        - { text: Second, correct: true, feedback: This one. }\n"
                     "        - { text: First, feedback: Not this one. }\n")
    assert report(course_copy, tmp_path, [choice]) == [
        f"{QUESTIONS}:{line_of(questions, 'text: First')}:11: moved: [A. Reviewer] q-single choices[1]: remark 0",
        "  was at: q-single choices[0]",
    ]


def test_a_renamed_step_keeps_its_options_comment_and_a_deleted_question_orphans_it(
        course_copy: Path, tmp_path: Path, anchors: list[dict[str, Any]]) -> None:
    option = anchor_at(anchors, QUESTIONS, "quiz", "questions", 6, "steps", 1, "options", 0)
    questions = edit(course_copy, QUESTIONS, "        - id: second\n", "        - id: second-renamed\n")
    edit(course_copy, QUESTIONS, "next: second }", "next: second-renamed }")
    assert report(course_copy, tmp_path, [option]) == [
        f"{QUESTIONS}:{line_of(questions, 'Explain calmly')}:15: moved: [A. Reviewer] "
        "q-branch second-renamed options[0]: remark 0",
        "  was at: q-branch second options[0]",
    ]
    text = questions.read_text(encoding="utf-8")
    questions.write_text(text[:text.index("    - id: q-branch")] + text[text.index("sources:"):], encoding="utf-8")
    assert report(course_copy, tmp_path, [option]) == [
        f"{QUESTIONS}: orphaned: [A. Reviewer] q-branch second options[0]: remark 0",
        "  text: Explain calmly Trust grows.",
    ]


def test_ids_are_looked_up_only_in_the_file_and_item_they_came_from(course_copy: Path, tmp_path: Path,
                                                                    anchors: list[dict[str, Any]]) -> None:
    """A step of the deleted question, with the same id and text in another module, is not where it goes."""
    option = anchor_at(anchors, QUESTIONS, "quiz", "questions", 6, "steps", 1, "options", 1)
    questions = course_copy / QUESTIONS
    text = questions.read_text(encoding="utf-8")
    branching = text[text.index("    - id: q-branch"):text.index("sources:")]
    questions.write_text(text.replace(branching, ""), encoding="utf-8")
    basics = course_copy / BASICS
    # the same question (the same step ids and texts) in another module's quiz
    edit(course_copy, BASICS, "  questions:\n", "  questions:\n" + branching.replace("q-branch", "b-branch").replace(
        "[answer-all]", "[know-blocks]"))
    load_course(course_copy)  # the edit is a valid course
    assert report(course_copy, tmp_path, [option]) == [
        f"{QUESTIONS}: orphaned: [A. Reviewer] q-branch second options[1]: remark 0",
        "  text: Ignore them The question spreads.",
    ]
    assert "Ignore them" in basics.read_text(encoding="utf-8")


def test_a_block_moved_to_another_lesson_of_its_module_is_found_there(course_copy: Path, tmp_path: Path,
                                                                      anchors: list[dict[str, Any]]) -> None:
    reflect = anchor_at(anchors, BASICS, "lessons", 0, "blocks", 11)
    moved = "      - reflect: Think about a time you learned something.\n"
    edit(course_copy, BASICS, moved, "")
    basics = edit(course_copy, BASICS, "      - text: A short second lesson.\n",
                  "      - text: A short second lesson.\n" + moved)
    assert report(course_copy, tmp_path, [reflect]) == [
        f"{BASICS}:{line_of(basics, 'reflect: Think about')}:9: moved: [A. Reviewer] second-lesson blocks[1]: remark 0",
        "  was at: all-blocks blocks[11]",
    ]


def test_a_definition_rewritten_is_changed_and_a_deleted_entry_orphaned(course_copy: Path, tmp_path: Path,
                                                                       anchors: list[dict[str, Any]]) -> None:
    definition = anchor_at(anchors, BASICS, "lessons", 0, "blocks", 10, "glossary", "definition")
    term = anchor_at(anchors, BASICS, "lessons", 0, "blocks", 10, "glossary", "term")
    basics = edit(course_copy, BASICS, "definition: Digital community policing.",
                  "definition: Policing that meets people where they are online.")
    line = line_of(basics, "glossary: {")
    column = basics.read_text().splitlines()[line - 1].index("definition:") + 1
    term_column = basics.read_text().splitlines()[line - 1].index("term:") + 1
    assert report(course_copy, tmp_path, [definition, term]) == [
        f"{BASICS}:{line}:{term_column}: here: [A. Reviewer] all-blocks DCP term: remark 1",
        f"{BASICS}:{line}:{column}: changed: [A. Reviewer] all-blocks DCP definition: remark 0",
        "  was: Digital community policing.",
        "  now: Policing that meets people where they are online.",
        "  diff: [-Digital community policing.-] {+Policing that meets people where they are online.+}",
    ]
    edit(course_copy, BASICS, "      - glossary: { term: DCP, definition: Policing that meets people where they "
         "are online. }\n", "")
    assert report(course_copy, tmp_path, [term]) == [
        f"{BASICS}: orphaned: [A. Reviewer] all-blocks DCP term: remark 0",
        "  text: DCP",
    ]


def test_a_comment_on_a_file_that_is_gone_is_orphaned(course_copy: Path, tmp_path: Path,
                                                      anchors: list[dict[str, Any]]) -> None:
    block = dict(anchor_at(anchors, BASICS, "lessons", 0, "blocks", 0), file="modules/09-gone/module.yaml")
    assert report(course_copy, tmp_path, [block])[0] == (
        "modules/09-gone/module.yaml: orphaned: [A. Reviewer] all-blocks blocks[0]: remark 0")
