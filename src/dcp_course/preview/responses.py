"""What the preview answers: a status, a body and its type; plain data the routing returns and the
HTTP layer sends."""

from __future__ import annotations

import json
import mimetypes
import posixpath
from dataclasses import dataclass, field
from typing import Any

TYPES = {
    ".html": "text/html; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".json": "application/json",
    ".svg": "image/svg+xml",
    ".vtt": "text/vtt; charset=utf-8",
    ".webm": "video/webm",
    ".mp4": "video/mp4",
    ".ogg": "audio/ogg",
    ".mp3": "audio/mpeg",
    ".xml": "application/xml",
}

HTML = TYPES[".html"]


@dataclass(frozen=True)
class Response:
    status: int
    body: bytes = b""
    content_type: str = "text/plain; charset=utf-8"
    headers: dict[str, str] = field(default_factory=dict)


def content_type(path: str) -> str:
    suffix = posixpath.splitext(path)[1].lower()
    return TYPES.get(suffix) or mimetypes.guess_type(path)[0] or "application/octet-stream"


def redirect(location: str, status: int = 302, headers: dict[str, str] | None = None) -> Response:
    return Response(status, b"", headers={"Location": location, **(headers or {})})


def json_response(value: Any, status: int = 200) -> Response:
    return Response(status, json.dumps(value, sort_keys=True).encode("utf-8"), "application/json")
