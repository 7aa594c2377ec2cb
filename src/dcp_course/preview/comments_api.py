"""The preview's comment endpoint, /_preview/comments: the one way the preview writes to the project.

A server on 127.0.0.1 is reachable from every page the reviewer has open: any site can send it
requests, and a site whose name it re-points at 127.0.0.1 (DNS rebinding) can even read the
answers. So the server answers only requests addressed to it by name (the Host header, checked
for every request in server.py), and this endpoint also wants the same origin (the Origin header,
and Sec-Fetch-Site where the browser sends it) and the token of this run, which only the preview's
own review pages carry. Anything else gets 403 and nothing is read or written. A body must say
its length, which may not pass a comments file's limit, and is checked as `dcp-course comments`
checks an export before anything is stored.
"""

from __future__ import annotations

import hmac
import json
import secrets
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from http import HTTPStatus
from typing import Any

from markupsafe import Markup

from ..comments.model import MAX_FILE_BYTES, CommentsFileError
from ..comments.store import PROJECT_FILE, ProjectComments

ENDPOINT = "/_preview/comments"
TOKEN_HEADER = "X-DCP-Comments-Token"
SETTINGS_ID = "dcp-comments-project"  # the element the review pages' comments-store.js looks for

Answer = tuple[int, dict[str, Any]]


def _refused(status: HTTPStatus, message: str) -> Answer:
    return int(status), {"error": message}


@dataclass
class CommentsEndpoint:
    store: ProjectComments
    course: Callable[[], tuple[str, str] | None]  # the current course id and version; None before a build
    token: str = field(default_factory=lambda: secrets.token_urlsafe(32))

    def page_settings(self) -> bytes:
        """The element a review page carries so that its comments go to the project file."""
        settings = json.dumps({"url": ENDPOINT, "token": self.token, "file": PROJECT_FILE}, separators=(",", ":"))
        element = Markup('<script type="application/json" id="{}">{}</script>\n').format(
            SETTINGS_ID, Markup(settings.replace("<", "\\u003c")))
        return str(element).encode("utf-8")

    def answer(self, method: str, host: str, headers: Mapping[str, str], read_body: Callable[[int], bytes]) -> Answer:
        """GET: the comments kept; POST {"add": [comment…], "delete": [{"reviewer", "id"}…]}: change them.

        host is the request's Host, already found to be this server's; headers have lower-case names.
        """
        refusal = self._guard(method, host, headers)
        if refusal is not None:
            return refusal
        course = self.course()
        if course is None:
            return _refused(HTTPStatus.SERVICE_UNAVAILABLE, "the course has not been built yet")
        try:
            if method == "GET":
                return int(HTTPStatus.OK), self.store.read(*course).as_dict()
            declared = headers.get("content-length", "").strip()
            length = int(declared) if declared.isdigit() else -1
            if length < 0 or "transfer-encoding" in headers:
                return _refused(HTTPStatus.LENGTH_REQUIRED, "say the body's length (Content-Length)")
            if length > MAX_FILE_BYTES:
                return _refused(HTTPStatus.REQUEST_ENTITY_TOO_LARGE,
                                f"the body is larger than {MAX_FILE_BYTES} bytes, the limit of a comments file")
            add, delete = _changes(read_body(length))
            return int(HTTPStatus.OK), self.store.change(*course, add, delete).as_dict()
        except ValueError as exc:
            return _refused(HTTPStatus.BAD_REQUEST, str(exc))
        except CommentsFileError as exc:
            return _refused(HTTPStatus.CONFLICT if PROJECT_FILE in str(exc) else HTTPStatus.BAD_REQUEST, str(exc))
        except OSError as exc:
            return _refused(HTTPStatus.INTERNAL_SERVER_ERROR, f"{PROJECT_FILE} could not be written: {exc.strerror}")

    def _guard(self, method: str, host: str, headers: Mapping[str, str]) -> Answer | None:
        if method not in ("GET", "POST"):
            return _refused(HTTPStatus.METHOD_NOT_ALLOWED, "GET or POST only")
        same_origin = headers.get("origin") == f"http://{host}"
        fetched_from = headers.get("sec-fetch-site")
        if method == "POST" and (not same_origin or fetched_from not in (None, "same-origin")):
            return _refused(HTTPStatus.FORBIDDEN, "only the preview's own pages may change its comments")
        if method == "GET" and fetched_from not in (None, "same-origin"):
            return _refused(HTTPStatus.FORBIDDEN, "only the preview's own pages may read its comments")
        if not hmac.compare_digest(headers.get(TOKEN_HEADER.lower(), "").encode(), self.token.encode()):
            return _refused(HTTPStatus.FORBIDDEN, "this page is not one of this preview's own (no valid token)")
        if method == "POST" and headers.get("content-type", "").split(";")[0].strip().lower() != "application/json":
            return _refused(HTTPStatus.UNSUPPORTED_MEDIA_TYPE, "the body must be JSON")
        return None


def _changes(body: bytes) -> tuple[list[Any], list[tuple[str, str]]]:
    """The request's comments to add and (reviewer, id) pairs to delete; ValueError when malformed."""
    try:
        request = json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError):
        raise ValueError("the body is not JSON") from None
    if not isinstance(request, dict) or set(request) - {"add", "delete"}:
        raise ValueError('expected {"add": [...], "delete": [...]}')
    add, delete = request.get("add", []), request.get("delete", [])
    if not isinstance(add, list) or not isinstance(delete, list):
        raise ValueError('"add" and "delete" must be lists')
    pairs = []
    for entry in delete:
        if not (isinstance(entry, dict) and set(entry) == {"reviewer", "id"}
                and all(isinstance(value, str) for value in entry.values())):
            raise ValueError('each "delete" entry is {"reviewer": "…", "id": "…"}')
        pairs.append((entry["reviewer"], entry["id"]))
    return add, pairs
