"""Helpers for the comments tests: anchors read from rendered pages, exports made from them, the command."""

from __future__ import annotations

import copy
import html
import json
import re
from pathlib import Path
from typing import Any

from click.testing import CliRunner

from dcp_course.cli import main

FIXTURE_COURSE_ID = "fixture-course"


def pack_anchors(page: str) -> list[dict[str, Any]]:
    return [json.loads(html.unescape(raw)) for raw in re.findall(r'data-comment-anchor="([^"]*)"', page)]


def line_of(path: Path, fragment: str) -> int:
    """1-based number of the only line holding fragment: the expectation, found independently of the code."""
    found = [n for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if fragment in line]
    assert len(found) == 1, (fragment, found)
    return found[0]


def export(anchors: list[dict[str, Any]], reviewer: str = "A. Reviewer", course: str = FIXTURE_COURSE_ID,
           texts: list[str] | None = None, version: str = "0.9.0") -> dict[str, Any]:
    """A comments export as the review pages write it, one comment per anchor.

    Anchors of the first review packs (which named one item) make a file of their format, so that
    these tests can be run once against the code before today's anchors, to see them fail there.
    """
    first_format = any("item_key" in anchor for anchor in anchors)
    return {"format": "dcp-course-comments", "schema": 1 if first_format else 2, "course": course,
            "version": version, "reviewer": reviewer, "exported": "2025-01-01T00:00:00Z",
            "comments": [{"id": f"c-{n}", **({} if first_format else {"reviewer": reviewer}),
                          "anchor": copy.deepcopy(anchor), "text": texts[n] if texts else f"remark {n}",
                          "suggestion": "", "created": ""}
                         for n, anchor in enumerate(anchors)]}


def write(folder: Path, name: str, content: dict[str, Any] | bytes) -> Path:
    path = folder / name
    path.write_bytes(content if isinstance(content, bytes) else json.dumps(content).encode())
    return path


def run(root: Path, *args: str) -> Any:
    return CliRunner().invoke(main, ["--root", str(root), "comments", *args])


def anchor_at(anchors: list[dict[str, Any]], file: str, *path: str | int) -> dict[str, Any]:
    found = [a for a in anchors if a["file"] == file and tuple(a["path"]) == path]
    assert found, (file, path)
    return found[0]
