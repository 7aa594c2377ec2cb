"""The resolution's thresholds, held to every commentable value of the real course.

For each anchor of the real course's review pack, each edit an author makes (reword, delete,
insert + reword, reorder, rename, move to another lesson) is applied to a copy of its module's
data, and the answer must be the right one of here / moved / changed / orphaned. Above all, no
comment may land on a place whose text it was not made on, unless it says "changed" about the
very value it was made on. The real course is read as it is today, so the test follows its edits.
"""

from __future__ import annotations

import copy
import json
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from dcp_course.comments.anchors import NOT_TEXT_KEYS, Anchor, YamlPath, node_at, own_text, text_digest
from dcp_course.comments.model import MAX_COMMENTS, Comment, parse_comments
from dcp_course.comments.resolve import CHANGED, HERE, MOVED, ORPHANED, Match, match_anchor, words
from dcp_course.preview.review import render_review_pack
from dcp_course.source.load import load_course

from .comments_support import export, pack_anchors

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def real() -> tuple[dict[str, Any], list[Comment]]:
    source = load_course(REPO)
    documents = {doc.path.resolve().relative_to(REPO).as_posix(): doc.data
                 for doc in [source.doc, *([source.glossary_doc] if source.glossary_doc else []),
                             *[loaded.doc for loaded in source.modules]]}
    anchors = pack_anchors(render_review_pack(source))
    unique = list({json.dumps(a, sort_keys=True): a for a in anchors}.values())
    # one export holds at most MAX_COMMENTS comments, as a reviewer's would: the sweep reads several
    batches = [unique[i:i + MAX_COMMENTS] for i in range(0, len(unique), MAX_COMMENTS)]
    return documents, [comment for batch in batches for comment in parse_comments(
        json.dumps(export(batch, course=source.course.id, version=source.course.version)).encode(), "real").comments]


def changed_copy(data: Any, path: YamlPath, change: Callable[[Any], Any]) -> Any:
    """data with the value at path replaced by change(value); the containers on the way are copies."""
    if not path:
        return change(data)
    head, rest = path[0], path[1:]
    copied = copy.copy(data)
    copied[head] = changed_copy(data[head], rest, change)
    return copied


def reworded(value: Any) -> Any:
    """The value with one word of its own text replaced, as an author tightens a sentence."""
    if isinstance(value, str):
        parts = value.split(" ")
        at = len(parts) // 2
        parts[at] = "reworded" if parts[at] != "reworded" else "rephrased"
        return " ".join(parts)
    if isinstance(value, dict):
        keys = [k for k, v in value.items() if k not in NOT_TEXT_KEYS and isinstance(v, str)]
        bodies = [k for k, v in value.items() if k not in NOT_TEXT_KEYS and isinstance(v, dict)]
        if keys:
            return {**value, keys[0]: reworded(value[keys[0]])}
        if len(bodies) == 1:
            return {**value, bodies[0]: reworded(value[bodies[0]])}
        for key, inner in value.items():
            if key not in NOT_TEXT_KEYS and isinstance(inner, list) and inner:
                return {**value, key: [reworded(inner[0]), *inner[1:]]}
    if isinstance(value, list) and value:
        return [reworded(value[0]), *value[1:]]
    return value


def positional_item(anchor: Anchor) -> int | None:
    """Where on the path the innermost list position after the last identity is, if any."""
    positions = [n for n, part in enumerate(anchor.path) if isinstance(part, int) and n >= anchor.item_depth]
    return positions[-1] if positions else None


def text_at(data: Any, path: YamlPath | None) -> str:
    return own_text(node_at(data, path)[1]) if path is not None else ""


def check(results: Counter[str], problems: list[str], comment: Comment, mutation: str, match: Match,
          allowed: set[str], data: Any, changed_at: YamlPath | None = None) -> None:
    results[f"{mutation}:{match.category}"] += 1
    anchor = comment.anchor
    where = f"{mutation} {anchor.file} {list(anchor.path)}: {match.category} at {match.path}"
    if match.category not in allowed:
        problems.append(f"{where}, expected {sorted(allowed)}")
    if match.category in (HERE, MOVED) and text_digest(text_at(data, match.path)) != anchor.digest:
        problems.append(f"{where}, on text it was not made on")
    if match.category == CHANGED and match.path != changed_at:
        problems.append(f"{where}, but the commented value is at {changed_at}")


def test_every_edit_of_every_value_of_the_real_course_gets_the_right_answer(
        real: tuple[dict[str, Any], list[Comment]]) -> None:
    documents, comments = real
    results: Counter[str] = Counter()
    problems: list[str] = []
    for comment in comments:
        anchor = comment.anchor
        data = documents[anchor.file]
        path = anchor.path
        check(results, problems, comment, "untouched", match_anchor(data, anchor), {HERE}, data)

        edited = changed_copy(data, path, reworded)
        if own_text(node_at(edited, path)[1]) != own_text(node_at(data, path)[1]):
            one_word = len(words(anchor.context)) < 2
            # a changed glossary term is a renamed entry: the term is the entry's identity
            renames = bool(anchor.ids) and path == (*path[:anchor.item_depth], anchor.ids[-1].key)
            uncertain = (one_word and positional_item(anchor) is not None) or renames
            allowed = {CHANGED, ORPHANED} if uncertain else {CHANGED}
            check(results, problems, comment, "reword", match_anchor(edited, anchor), allowed, edited, path)

        position = positional_item(anchor)
        if position is None:
            continue  # a value known by its ids and keys: the rename below covers it
        index = path[position]
        assert isinstance(index, int)
        container, inside = path[:position], path[position + 1:]
        deleted = changed_copy(data, container, lambda items, i=index: [*items[:i], *items[i + 1:]])
        check(results, problems, comment, "delete", match_anchor(deleted, anchor), {ORPHANED, MOVED}, deleted)

        siblings = node_at(data, container)[1]
        inserted = {"text": "An inserted paragraph about what the budget committee decided in spring."} \
            if isinstance(siblings[index], dict) else "An inserted line about the budget committee's spring decision."
        both = changed_copy(data, container, lambda items, i=index, new=inserted: [*items[:i], new, reworded(items[i]),
                                                                                  *items[i + 1:]])
        moved_to = (*container, index + 1, *inside)
        if own_text(node_at(both, moved_to)[1]) != own_text(node_at(data, path)[1]):
            one_word = len(words(anchor.context)) < 2
            check(results, problems, comment, "insert+reword", match_anchor(both, anchor),
                  {CHANGED, ORPHANED} if one_word else {CHANGED}, both, moved_to)

        texts = [own_text(node_at(item, inside)[1]) for item in siblings]
        if texts.count(texts[index]) == 1 and len(siblings) > 1:
            reordered = changed_copy(data, container, lambda items: list(reversed(items)))
            expected = HERE if len(siblings) - 1 - index == index else MOVED
            check(results, problems, comment, "reorder", match_anchor(reordered, anchor), {expected}, reordered)

    lessons = [a for a in comments if a.anchor.path[:1] == ("lessons",) and len(a.anchor.path) == 4]
    for comment in lessons:  # a block moved to the next (or first) lesson of its module
        anchor = comment.anchor
        data = documents[anchor.file]
        lesson, block = anchor.path[1], anchor.path[3]
        assert isinstance(lesson, int) and isinstance(block, int)
        target = (lesson + 1) % len(data["lessons"])
        if target == lesson:
            continue
        value = data["lessons"][lesson]["blocks"][block]

        def move(lessons: list[Any], source: int = lesson, at: int = block, to: int = target, moved: Any = value) -> Any:
            copied = [dict(item, blocks=list(item["blocks"])) for item in lessons]
            del copied[source]["blocks"][at]
            copied[to]["blocks"].append(moved)
            return copied

        moved = changed_copy(data, ("lessons",), move)
        text = own_text(value)
        same = sum(1 for other in comments if other.anchor.file == anchor.file
                   and len(other.anchor.path) == 4 and other.anchor.digest == anchor.digest)
        expected = MOVED if len(words(text)) >= 3 and same == 1 else ORPHANED
        check(results, problems, comment, "move-lesson", match_anchor(moved, anchor), {expected}, moved)

    for comment in comments:  # the innermost id renamed, the text untouched
        anchor = comment.anchor
        if not anchor.ids:
            continue
        identity = anchor.ids[-1]
        data = documents[anchor.file]
        renamed = changed_copy(data, anchor.path[:identity.depth],
                               lambda item, key=identity.key: {**item, key: item[key] + "-renamed"})
        if anchor.path == (*anchor.path[:identity.depth], identity.key):  # the comment is on the term itself
            check(results, problems, comment, "rename", match_anchor(renamed, anchor), {CHANGED, ORPHANED}, renamed,
                  anchor.path)
        else:
            check(results, problems, comment, "rename", match_anchor(renamed, anchor), {MOVED, ORPHANED}, renamed)

    assert problems == [], f"{len(problems)} wrong answers, e.g. " + "\n".join(problems[:15])
    # the sweep did reach every kind of answer, each for many values
    for answer in ("untouched:here", "reword:changed", "delete:orphaned", "insert+reword:changed",
                   "reorder:moved", "move-lesson:moved", "rename:moved"):
        assert results[answer] > 20, (answer, results)
