"""The preview's comments, kept in the project: one file beside the sources, in the export format.

`review-comments.json` at the course root holds every comment made in the preview's review pages,
whichever port the preview ran on, so a restart loses nothing and every reviewer of the preview
sees the others' comments; `dcp-course comments review-comments.json` reads it like any export.
Nothing that builds, lints or translates the course reads it (they read course/ and modules/).

Every change is checked as the command checks an export, then the whole file is written to a
temporary file beside it and renamed over it, so a reader never sees half a file; a link or
anything but a plain file in its place is refused, so nothing is ever written elsewhere.
"""

from __future__ import annotations

import json
import os
import tempfile
import threading
from dataclasses import replace
from pathlib import Path
from typing import Any

from .model import FORMAT_NAME, SCHEMA, CommentsFile, CommentsFileError, parse_comments, read_comments

PROJECT_FILE = "review-comments.json"
FILE_MODE = 0o644


def _file_bytes(data: dict[str, Any]) -> bytes:
    return (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


class ProjectComments:
    """The project's comments file: read it, and change it one request at a time."""

    def __init__(self, root: Path) -> None:
        self.path = root / PROJECT_FILE
        self._lock = threading.Lock()

    def read(self, course: str, version: str) -> CommentsFile:
        """The comments kept so far (none before the first); CommentsFileError if the file is unusable."""
        if self.path.is_symlink():
            raise CommentsFileError(f"{PROJECT_FILE} is a link; the preview keeps comments only in a plain file "
                                    "there (move the link away)")
        if not self.path.exists():
            return CommentsFile(course, version, "", "", ())
        kept = read_comments(self.path, follow_links=False)
        if kept.course != course:
            raise CommentsFileError(f"{PROJECT_FILE} holds comments on course {kept.course!r}, not {course!r}; "
                                    "move it away to start this course's review")
        return kept

    def change(self, course: str, version: str, add: list[Any], delete: list[tuple[str, str]]) -> CommentsFile:
        """Add comments (those not already kept) and delete others; return the file as written.

        The added comments are checked on their own first, so a refusal names the request's own
        entries; then the whole new file is checked again, exactly as it will be written.
        """
        request = {"format": FORMAT_NAME, "schema": SCHEMA, "course": course, "version": version, "comments": add}
        added = parse_comments(_file_bytes(request), "the request").comments
        with self._lock:
            kept = self.read(course, version)
            gone = set(delete)
            known = {(c.reviewer, c.id) for c in kept.comments}
            fresh = []
            for comment in added:
                if (comment.reviewer, comment.id) not in known:
                    known.add((comment.reviewer, comment.id))
                    fresh.append(comment)
            comments = tuple(c for c in (*kept.comments, *fresh) if (c.reviewer, c.id) not in gone)
            content = _file_bytes(replace(kept, version=version, comments=comments).as_dict())
            result = parse_comments(content, PROJECT_FILE)
            self._write(content)
            return result

    def _write(self, content: bytes) -> None:
        descriptor, temporary = tempfile.mkstemp(dir=self.path.parent, prefix=f".{PROJECT_FILE}.", suffix=".partial")
        try:
            with os.fdopen(descriptor, "wb") as stream:
                stream.write(content)
                stream.flush()
                os.fsync(stream.fileno())
            os.chmod(temporary, FILE_MODE)
            os.replace(temporary, self.path)  # replaces a link itself, never what it points at
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
