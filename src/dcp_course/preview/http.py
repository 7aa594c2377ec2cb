"""The preview on a socket: requests addressed to this server by name, answered by the PreviewApp.

Every request must carry the Host a browser sends when it was pointed at this server itself: a
page of another site whose name is re-pointed at 127.0.0.1 (DNS rebinding) gets 403, so it can
read neither the course nor the token the review pages carry. POSTs go only to the comment
endpoint (comments_api.py), which has rules of its own.
"""

from __future__ import annotations

import re
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import TYPE_CHECKING, Any, cast
from urllib.parse import urlsplit

from .comments_api import ENDPOINT as COMMENTS_ENDPOINT
from .responses import Response, json_response

if TYPE_CHECKING:
    from .server import PreviewApp

HOST = "127.0.0.1"


def local_host(host: str, port: int) -> bool:
    """The Host a browser sends when it was pointed at this server itself, not at a name re-pointed to it."""
    return host in (f"{HOST}:{port}", f"localhost:{port}")


_RANGE = re.compile(r"^bytes=(\d*)-(\d*)$")


class RequestHandler(BaseHTTPRequestHandler):
    server_version = "dcp-course-preview"
    app: PreviewApp  # set on the subclass each server makes

    def do_GET(self) -> None:
        self._answer("GET")

    def do_HEAD(self) -> None:
        self._answer("HEAD")

    def do_POST(self) -> None:
        self._answer("POST")

    def _answer(self, method: str) -> None:
        host = self.headers.get("Host", "")
        if not local_host(host, cast(ThreadingHTTPServer, self.server).server_port):
            # a page of another site whose name now points here (DNS rebinding) reads nothing
            self._send(Response(403, b"this preview answers only to its own address"), head=method == "HEAD")
            return
        if urlsplit(self.path).path == COMMENTS_ENDPOINT:
            headers = {name.lower(): value for name, value in self.headers.items()}
            status, answer = self.app.comments.answer(method, host, headers, self.rfile.read)
            self._send(json_response(answer, status), head=method == "HEAD")
            return
        if method == "POST":
            self._send(Response(405, b"nothing here takes a POST", headers={"Allow": "GET, HEAD"}), head=False)
            return
        self._send(self.app.handle(self.path), head=method == "HEAD")

    def _send(self, response: Response, head: bool) -> None:
        body, status, extra = response.body, response.status, dict(response.headers)
        wanted = _RANGE.match(self.headers.get("Range", "")) if status == 200 else None
        if wanted and body:
            start_text, end_text = wanted.groups()
            size = len(body)
            start = int(start_text) if start_text else max(0, size - int(end_text or 0))
            end = min(int(end_text), size - 1) if start_text and end_text else size - 1
            if start >= size or start > end:
                self.send_response(HTTPStatus.REQUESTED_RANGE_NOT_SATISFIABLE)
                self.send_header("Content-Range", f"bytes */{size}")
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            status, body = 206, body[start:end + 1]
            extra["Content-Range"] = f"bytes {start}-{end}/{size}"
        try:
            self.send_response(status)
            self.send_header("Content-Type", response.content_type)
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Cache-Control", "no-store")
            self.send_header("Accept-Ranges", "bytes")
            for name, value in extra.items():
                self.send_header(name, value)
            self.end_headers()
            if not head:
                self.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the browser went away (a reload mid-response): nothing to tell it

    def log_message(self, format: str, *args: Any) -> None:
        pass


class QuietServer(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: Any, client_address: Any) -> None:
        pass  # dropped connections are normal while pages reload
