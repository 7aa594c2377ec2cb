"""The comments file a reviewer exports from a review page or pack, and how it is read safely.

The file comes from outside (a browser, an e-mail attachment): it is size-checked before it is
parsed, parsed without recursion blow-ups, validated strictly, and every problem becomes one
CommentsFileError with a message a non-programmer can act on.

Two formats are read. Schema 2 (written today) gives each comment its reviewer, so one file can
hold a whole team's merged comments, and each anchor its identities and text digests. Schema 1
(the first review packs) has one reviewer per file and anchors known by their text only.
"""

from __future__ import annotations

import codecs
import json
import os
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any, Literal, Self

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, ValidationError, model_validator

from .anchors import Anchor, Identity

FORMAT_NAME = "dcp-course-comments"
SCHEMA = 2  # the format written today
MAX_FILE_BYTES = 2_000_000
MAX_COMMENTS = 2_000
MAX_TEXT = 10_000
MAX_CONTEXT = 1_000
MAX_PATH_PARTS = 32
MAX_KEY = 200
MAX_POSITION = 100_000
MAX_OTHERS = 1_000
# The same limits for the review pages' import (templates/review/comments-format.js).
COMMENTS_LIMITS = {"fileBytes": MAX_FILE_BYTES, "comments": MAX_COMMENTS, "text": MAX_TEXT, "context": MAX_CONTEXT,
                   "pathParts": MAX_PATH_PARTS, "key": MAX_KEY, "position": MAX_POSITION, "others": MAX_OTHERS}

ShortText = Annotated[str, Field(max_length=200)]
Reviewer = Annotated[str, Field(min_length=1, max_length=100)]


class CommentsFileError(Exception):
    """A comments file that cannot be used; the message names the file and what is wrong."""


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


def _checked_path(path: list[Any]) -> list[Any]:
    # one message for a bad part, rather than one per member of a str | int union
    for part in path:
        is_key = isinstance(part, str) and 0 < len(part) <= MAX_KEY
        is_position = type(part) is int and 0 <= part <= MAX_POSITION
        if not (is_key or is_position):
            raise ValueError(f"{json.dumps(part)[:40]} is neither a key (text) nor a list position (0 or more)")
    return path


SourcePath = Annotated[list[Any], Field(max_length=MAX_PATH_PARTS), AfterValidator(_checked_path)]
SourceFile = Annotated[str, Field(min_length=1, max_length=300)]


class _AnchorV1(_Strict):
    file: SourceFile
    path: SourcePath
    item: ShortText | None
    item_key: Literal["id", "term", ""]
    item_depth: Annotated[int, Field(ge=0, le=MAX_PATH_PARTS)]
    context: Annotated[str, Field(max_length=MAX_CONTEXT)]


class _Comment(_Strict):
    id: Annotated[str, Field(min_length=1, max_length=100)]
    text: Annotated[str, Field(min_length=1, max_length=MAX_TEXT)]
    suggestion: Annotated[str, Field(max_length=MAX_TEXT)] = ""
    created: ShortText = ""


class _CommentV1(_Comment):
    anchor: _AnchorV1


class _File(_Strict):
    format: Literal["dcp-course-comments"]
    course: Annotated[str, Field(min_length=1, max_length=200)]
    version: ShortText
    exported: ShortText = ""


class _FileV1(_File):
    schema_version: Literal[1] = Field(alias="schema")
    reviewer: Reviewer
    comments: Annotated[list[_CommentV1], Field(max_length=MAX_COMMENTS)]


class _Identity(_Strict):
    depth: Annotated[int, Field(ge=0, le=MAX_PATH_PARTS)]
    key: Literal["id", "term"]
    value: Annotated[str, Field(min_length=1, max_length=200)]


class _AnchorV2(_Strict):
    file: SourceFile
    path: SourcePath
    ids: Annotated[list[_Identity], Field(max_length=MAX_PATH_PARTS)]
    context: Annotated[str, Field(max_length=MAX_CONTEXT)]
    digest: Annotated[str, Field(pattern=r"^[0-9a-f]{16}$")]
    others: Annotated[list[Annotated[str, Field(pattern=r"^[0-9a-f]{8}$")]], Field(max_length=MAX_OTHERS)] = []
    label: ShortText = ""

    @model_validator(mode="after")
    def _ids_on_the_path(self) -> Self:
        depths = [identity.depth for identity in self.ids]
        if depths != sorted(set(depths)) or any(depth > len(self.path) for depth in depths):
            raise ValueError("ids must lie on the path, outermost first")
        return self


class _CommentV2(_Comment):
    reviewer: Reviewer
    anchor: _AnchorV2


class _FileV2(_File):
    schema_version: Literal[2] = Field(alias="schema")
    reviewer: Annotated[str, Field(max_length=100)] = ""  # who exported; each comment names its own
    comments: Annotated[list[_CommentV2], Field(max_length=MAX_COMMENTS)]


@dataclass(frozen=True)
class Comment:
    id: str
    reviewer: str
    anchor: Anchor
    text: str
    suggestion: str = ""
    created: str = ""

    def as_dict(self) -> dict[str, Any]:
        return {"id": self.id, "reviewer": self.reviewer, "anchor": self.anchor.as_dict(), "text": self.text,
                "suggestion": self.suggestion, "created": self.created}


@dataclass(frozen=True)
class CommentsFile:
    course: str
    version: str
    reviewer: str  # who exported the file ("" for the preview's project file)
    exported: str
    comments: tuple[Comment, ...]
    schema: int = SCHEMA

    def as_dict(self) -> dict[str, Any]:
        """The file in today's format (schema 2), whichever it was read from."""
        return {"format": FORMAT_NAME, "schema": SCHEMA, "course": self.course, "version": self.version,
                "reviewer": self.reviewer, "exported": self.exported,
                "comments": [comment.as_dict() for comment in self.comments]}


def _from_v1(read: _FileV1) -> CommentsFile:
    def anchor(old: _AnchorV1) -> Anchor:
        ids = (Identity(old.item_depth, old.item_key, old.item),) if old.item and old.item_key else ()
        return Anchor(old.file, tuple(old.path), ids, old.context, digest="")

    comments = tuple(Comment(c.id, read.reviewer, anchor(c.anchor), c.text, c.suggestion, c.created)
                     for c in read.comments)
    return CommentsFile(read.course, read.version, read.reviewer, read.exported, comments, schema=1)


def _from_v2(read: _FileV2) -> CommentsFile:
    def anchor(new: _AnchorV2) -> Anchor:
        ids = tuple(Identity(i.depth, i.key, i.value) for i in new.ids)
        return Anchor(new.file, tuple(new.path), ids, new.context, new.digest, tuple(new.others), new.label)

    comments = tuple(Comment(c.id, c.reviewer, anchor(c.anchor), c.text, c.suggestion, c.created)
                     for c in read.comments)
    return CommentsFile(read.course, read.version, read.reviewer, read.exported, comments)


def _field(location: tuple[str | int, ...]) -> str:
    shown = ""
    for part in location:
        shown += f"[{part}]" if isinstance(part, int) else (f".{part}" if shown else str(part))
    return shown or "(top level)"


def _too_large(name: str) -> CommentsFileError:
    return CommentsFileError(f"{name}: file is larger than {MAX_FILE_BYTES} bytes; "
                             "a comments export is much smaller (is this the right file?)")


def parse_comments(raw: bytes, name: str) -> CommentsFile:
    """Validate the bytes of one comments file; raise CommentsFileError saying what is wrong."""
    if len(raw) > MAX_FILE_BYTES:
        raise _too_large(name)
    try:
        text = raw.removeprefix(codecs.BOM_UTF8).decode("utf-8")  # editors on Windows add a BOM
    except UnicodeDecodeError:
        raise CommentsFileError(f"{name}: not UTF-8 text; expected a comments export (.json)") from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise CommentsFileError(f"{name}:{exc.lineno}:{exc.colno}: not valid JSON: {exc.msg}") from None
    except RecursionError:
        raise CommentsFileError(f"{name}: JSON nested too deeply; expected a comments export") from None
    if not isinstance(data, dict) or data.get("format") != FORMAT_NAME:
        raise CommentsFileError(f"{name}: not a dcp-course comments export "
                                f"(expected \"format\": \"{FORMAT_NAME}\" at the top level)")
    schema = data.get("schema")
    if type(schema) is not int or schema not in (1, 2):
        raise CommentsFileError(f"{name}: comments export schema {json.dumps(schema)[:20]} is not one this "
                                "version of dcp-course reads (1 or 2); update dcp-course")
    try:
        return _from_v1(_FileV1.model_validate(data)) if schema == 1 else _from_v2(_FileV2.model_validate(data))
    except ValidationError as exc:
        problems = exc.errors(include_url=False)
        shown = "; ".join(f"{_field(tuple(p['loc']))}: {p['msg'].removeprefix('Value error, ')}" for p in problems[:3])
        more = f" (and {len(problems) - 3} more)" if len(problems) > 3 else ""
        raise CommentsFileError(f"{name}: not a valid comments export: {shown}{more}") from None


_NOT_REGULAR = ((stat.S_ISDIR, "a folder"), (stat.S_ISFIFO, "a named pipe"), (stat.S_ISSOCK, "a socket"),
                (stat.S_ISCHR, "a device"), (stat.S_ISBLK, "a device"))


def read_comments(path: Path, follow_links: bool = True) -> CommentsFile:
    """Read one comments file, refusing anything too large or not a plain file before reading it.

    Opened without blocking and judged by the opened file's own status, so a named pipe (which
    would wait for a writer for ever) or a device is refused, and a file swapped for one between
    a check and the open cannot slip through. follow_links=False refuses a symbolic link too.
    """
    flags = os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC | (0 if follow_links else os.O_NOFOLLOW)
    try:
        descriptor = os.open(path, flags)
    except OSError as exc:
        raise CommentsFileError(f"{path}: cannot read file: {exc.strerror}") from None
    try:
        status = os.fstat(descriptor)
        if not stat.S_ISREG(status.st_mode):
            kind = next((what for test, what in _NOT_REGULAR if test(status.st_mode)), "something else")
            raise CommentsFileError(f"{path}: not a file but {kind}; expected a comments export (.json)")
        if status.st_size > MAX_FILE_BYTES:
            raise _too_large(str(path))
        with os.fdopen(descriptor, "rb", closefd=False) as stream:
            raw = stream.read(MAX_FILE_BYTES + 1)
    except OSError as exc:
        raise CommentsFileError(f"{path}: cannot read file: {exc.strerror}") from None
    finally:
        os.close(descriptor)
    return parse_comments(raw, str(path))
