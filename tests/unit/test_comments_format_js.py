"""An imported comments file is refused in the review pages exactly when `dcp-course comments` refuses it.

templates/review/comments-format.js runs under Node on the same files as the Python checks
(comments/model.py), good and hostile, and each must come out the same: kept or refused.
One difference is meant: a file of the first review packs (schema 1) is read by the command but
not imported into today's pages, whose anchors it lacks; the page says to send it on as it is.
"""

from __future__ import annotations

import base64
import copy
import json
import shutil
import subprocess
from functools import lru_cache
from typing import Any

import pytest
from conftest import FIXTURE_COURSE, require

from dcp_course.comments.model import (
    COMMENTS_LIMITS,
    MAX_COMMENTS,
    MAX_FILE_BYTES,
    CommentsFileError,
    parse_comments,
)
from dcp_course.preview.review import render_review_pack
from dcp_course.render.pages import TEMPLATES_DIR
from dcp_course.source.load import load_course

from .comments_support import FIXTURE_COURSE_ID, export, pack_anchors

FORMAT_SCRIPT = TEMPLATES_DIR / "review" / "comments-format.js"


@lru_cache(maxsize=1)
def _good() -> str:
    return json.dumps(export(pack_anchors(render_review_pack(load_course(FIXTURE_COURSE)))[:12]))


def good() -> dict[str, Any]:
    return json.loads(_good())  # type: ignore[no-any-return]


def changed(edit: Any) -> bytes:
    data = good()
    edit(data)
    return json.dumps(data, ensure_ascii=False).encode()


@lru_cache(maxsize=1)
def cases() -> dict[str, bytes]:
    valid = json.dumps(good()).encode()
    many = good()
    many["comments"] = [dict(many["comments"][0], id=f"c-{n}") for n in range(MAX_COMMENTS + 1)]
    return {
        "valid": valid,
        "byte order mark": b"\xef\xbb\xbf" + valid,
        "not UTF-8": valid.replace(b'"remark 0"', b'"remark \xff"'),
        "not JSON": b'{"format": "dcp-course-comments", oops}',
        "other JSON": b'{"name": "package"}',
        "a list": b"[1, 2]",
        "deep nesting": b"[" * 100_000 + b"]" * 100_000,
        "too large": b" " * (MAX_FILE_BYTES + 1),
        "later schema": changed(lambda d: d.update(schema=3)),
        "schema as text": changed(lambda d: d.update(schema="2")),
        "another course": changed(lambda d: d.update(course="another-course")),
        "extra key at the top": changed(lambda d: d.update(extra=1)),
        "extra key in a comment": changed(lambda d: d["comments"][0].update(script="x")),
        "extra key in an anchor": changed(lambda d: d["comments"][0]["anchor"].update(line=3)),
        "no reviewer on a comment": changed(lambda d: d["comments"][0].pop("reviewer")),
        "empty reviewer": changed(lambda d: d["comments"][0].update(reviewer="")),
        "empty remark": changed(lambda d: d["comments"][0].update(text="")),
        "remark too long": changed(lambda d: d["comments"][0].update(text="x" * 10_001)),
        "remark at the limit in emoji": changed(lambda d: d["comments"][0].update(text="\U0001f600" * 10_000)),
        "remark over the limit in emoji": changed(lambda d: d["comments"][0].update(text="\U0001f600" * 10_001)),
        "remark as a number": changed(lambda d: d["comments"][0].update(text=42)),
        "negative position": changed(lambda d: d["comments"][0]["anchor"].update(path=["lessons", -1])),
        "true as a position": changed(lambda d: d["comments"][0]["anchor"].update(path=["lessons", True])),
        "empty key": changed(lambda d: d["comments"][0]["anchor"].update(path=["lessons", ""])),
        "too deep a path": changed(lambda d: d["comments"][0]["anchor"].update(path=["a"] * 33)),
        "id off the path": changed(lambda d: d["comments"][0]["anchor"].update(
            ids=[{"depth": 9, "key": "id", "value": "x"}])),
        "ids out of order": changed(lambda d: d["comments"][0]["anchor"].update(
            path=["a", 0, "b", 1], ids=[{"depth": 4, "key": "id", "value": "x"}, {"depth": 2, "key": "id", "value": "y"}])),
        "id of another key": changed(lambda d: d["comments"][0]["anchor"].update(
            path=["a", 0], ids=[{"depth": 2, "key": "name", "value": "x"}])),
        "digest not hex": changed(lambda d: d["comments"][0]["anchor"].update(digest="zz" * 8)),
        "no digest": changed(lambda d: d["comments"][0]["anchor"].pop("digest")),
        "short other digest": changed(lambda d: d["comments"][0]["anchor"].update(others=["abc"])),
        "no label": changed(lambda d: d["comments"][0]["anchor"].pop("label")),
        "label too long": changed(lambda d: d["comments"][0]["anchor"].update(label="x" * 201)),
        "context too long": changed(lambda d: d["comments"][0]["anchor"].update(context="x" * 1001)),
        "no suggestion and no date": changed(lambda d: [d["comments"][0].pop(k) for k in ("suggestion", "created")]),
        "too many comments": json.dumps(many).encode(),
        "first review packs": json.dumps({
            "format": "dcp-course-comments", "schema": 1, "course": FIXTURE_COURSE_ID, "version": "0.9.0",
            "reviewer": "Old", "comments": [{"id": "c-1", "text": "Fine.", "anchor": {
                "file": "modules/02-questions/module.yaml", "path": ["quiz", "questions", 0], "item": "q-single",
                "item_key": "id", "item_depth": 3, "context": "Pick the second."}}]}).encode(),
    }


def python_keeps(raw: bytes) -> bool:
    try:
        return parse_comments(raw, "import").course == FIXTURE_COURSE_ID
    except CommentsFileError:
        return False


@pytest.fixture(scope="module")
def page_verdicts() -> dict[str, dict[str, Any]]:
    node = shutil.which("node")
    require(node is not None, "node is needed to run the review pages' import checks")
    assert node is not None
    script = (
        "const format = require(process.argv[1]);"
        "const input = JSON.parse(require('fs').readFileSync(0, 'utf8'));"
        "const out = {};"
        "for (const [name, data] of Object.entries(input.cases)) {"
        "  const outcome = format.readExport(Buffer.from(data, 'base64'), input.course, input.limits);"
        "  out[name] = outcome.ok ? {ok: true, comments: outcome.file.comments.length} : outcome; }"
        "process.stdout.write(JSON.stringify(out));"
    )
    given = {"course": FIXTURE_COURSE_ID, "limits": COMMENTS_LIMITS,
             "cases": {name: base64.b64encode(raw).decode() for name, raw in cases().items()}}
    result = subprocess.run([node, "-e", script, str(FORMAT_SCRIPT)], input=json.dumps(given),
                            capture_output=True, text=True, check=True, timeout=120)
    return json.loads(result.stdout)  # type: ignore[no-any-return]


@pytest.mark.parametrize("name", sorted(cases()))
def test_the_page_keeps_or_refuses_a_file_as_the_command_does(page_verdicts: dict[str, dict[str, Any]],
                                                              name: str) -> None:
    raw = cases()[name]
    verdict = page_verdicts[name]
    if name == "first review packs":
        assert python_keeps(raw) and verdict == {"ok": False, "reason": "schema", "detail": ""}
        return
    assert verdict["ok"] == python_keeps(raw), verdict
    if verdict["ok"]:
        assert verdict["comments"] == len(json.loads(raw.removeprefix(b"\xef\xbb\xbf"))["comments"])


def test_there_are_good_and_hostile_cases_both() -> None:
    kept = [name for name, raw in cases().items() if python_keeps(raw)]
    assert 3 <= len(kept) < len(cases()) - 20, kept


def test_the_page_names_why_it_refused(page_verdicts: dict[str, dict[str, Any]]) -> None:
    assert page_verdicts["too large"] == {"ok": False, "reason": "size", "detail": str(MAX_FILE_BYTES)}
    assert page_verdicts["not UTF-8"]["reason"] == "encoding"
    assert page_verdicts["not JSON"]["reason"] == "json"
    assert page_verdicts["other JSON"]["reason"] == "format"
    assert page_verdicts["another course"] == {"ok": False, "reason": "course", "detail": "another-course"}
    assert page_verdicts["extra key in a comment"] == {"ok": False, "reason": "invalid", "detail": "comments[0].script"}
    assert copy.deepcopy(page_verdicts["remark too long"]) == {"ok": False, "reason": "invalid",
                                                               "detail": "comments[0].text"}
