"""The comments file a reviewer exports from a review page or pack, and how it is read safely.

The file comes from outside (a browser, an e-mail attachment): it is size-checked before it is
parsed, parsed without recursion blow-ups, validated strictly, and every problem becomes one
CommentsFileError with a message a non-programmer can act on.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

FORMAT_NAME = "dcp-course-comments"
MAX_FILE_BYTES = 2_000_000
MAX_COMMENTS = 2_000
MAX_TEXT = 10_000
MAX_PATH_PARTS = 32
MAX_KEY = 200
MAX_POSITION = 100_000

ShortText = Annotated[str, Field(max_length=200)]


class CommentsFileError(Exception):
    """A comments file that cannot be used; the message names the file and what is wrong."""


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


class ExportedAnchor(_Strict):
    file: Annotated[str, Field(min_length=1, max_length=300)]
    path: Annotated[list[Any], Field(max_length=MAX_PATH_PARTS)]
    item: ShortText | None
    item_key: Literal["id", "term", ""]
    item_depth: Annotated[int, Field(ge=0, le=MAX_PATH_PARTS)]
    context: Annotated[str, Field(max_length=1_000)]

    @field_validator("path")
    @classmethod
    def _keys_and_positions(cls, path: list[Any]) -> list[Any]:
        # one message for a bad part, rather than one per member of a str | int union
        for part in path:
            is_key = isinstance(part, str) and 0 < len(part) <= MAX_KEY
            is_position = type(part) is int and 0 <= part <= MAX_POSITION
            if not (is_key or is_position):
                raise ValueError(f"{json.dumps(part)[:40]} is neither a key (text) nor a list position (0 or more)")
        return path


class Comment(_Strict):
    id: Annotated[str, Field(min_length=1, max_length=100)]
    anchor: ExportedAnchor
    text: Annotated[str, Field(min_length=1, max_length=MAX_TEXT)]
    suggestion: Annotated[str, Field(max_length=MAX_TEXT)] = ""
    created: ShortText = ""


class CommentsFile(_Strict):
    format: Literal["dcp-course-comments"]
    schema_version: Literal[1] = Field(alias="schema")
    course: Annotated[str, Field(min_length=1, max_length=200)]
    version: ShortText
    reviewer: Annotated[str, Field(min_length=1, max_length=100)]
    exported: ShortText = ""
    comments: Annotated[list[Comment], Field(max_length=MAX_COMMENTS)]


def _field(location: tuple[str | int, ...]) -> str:
    shown = ""
    for part in location:
        shown += f"[{part}]" if isinstance(part, int) else (f".{part}" if shown else str(part))
    return shown or "(top level)"


def parse_comments(raw: bytes, name: str) -> CommentsFile:
    """Validate the bytes of one comments file; raise CommentsFileError saying what is wrong."""
    if len(raw) > MAX_FILE_BYTES:
        raise CommentsFileError(f"{name}: file is larger than {MAX_FILE_BYTES} bytes; "
                                "a comments export is much smaller (is this the right file?)")
    try:
        text = raw.decode("utf-8")
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
    try:
        return CommentsFile.model_validate(data)
    except ValidationError as exc:
        problems = exc.errors(include_url=False)
        shown = "; ".join(f"{_field(tuple(p['loc']))}: {p['msg'].removeprefix('Value error, ')}" for p in problems[:3])
        more = f" (and {len(problems) - 3} more)" if len(problems) > 3 else ""
        raise CommentsFileError(f"{name}: not a valid comments export: {shown}{more}") from None


def read_comments(path: Path) -> CommentsFile:
    """Read one comments file, refusing anything too large before reading it into memory."""
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise CommentsFileError(f"{path}: file is larger than {MAX_FILE_BYTES} bytes; "
                                    "a comments export is much smaller (is this the right file?)")
        with path.open("rb") as stream:
            raw = stream.read(MAX_FILE_BYTES + 1)
    except OSError as exc:
        raise CommentsFileError(f"{path}: cannot read file: {exc.strerror}") from None
    return parse_comments(raw, str(path))
