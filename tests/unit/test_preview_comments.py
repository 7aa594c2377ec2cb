"""The preview keeps review comments in the project, and only its own pages may change them.

Requests go over a real socket to a running preview, with the headers a browser would send: from
the preview's own review page, from another site (cross-origin), from another site's name pointed
at 127.0.0.1 (DNS rebinding: the Host is that name), without the run's token, and too large.
"""

from __future__ import annotations

import http.client
import json
import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from dcp_course.cli import main
from dcp_course.comments.model import MAX_FILE_BYTES
from dcp_course.comments.store import PROJECT_FILE
from dcp_course.preview.comments_api import ENDPOINT, TOKEN_HEADER
from dcp_course.preview.review import render_review_pack
from dcp_course.preview.server import PreviewServer
from dcp_course.source.load import load_course

from .comments_support import anchor_at, export, pack_anchors

BASICS = "modules/01-basics/module.yaml"


@pytest.fixture()
def server(course_copy: Path) -> Iterator[PreviewServer]:
    running = PreviewServer(course_copy, 0).start()
    yield running
    running.stop()


def request(server: PreviewServer, method: str, path: str, body: bytes | None = None,
            headers: dict[str, str] | None = None) -> tuple[int, bytes]:
    connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=10)
    try:
        sent = {"Host": f"127.0.0.1:{server.port}", **(headers or {})}
        connection.request(method, path, body=body, headers=sent)
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


def own_page_headers(server: PreviewServer, token: str) -> dict[str, str]:
    """What Chromium sends with a fetch() from the preview's own review page."""
    return {"Origin": f"http://127.0.0.1:{server.port}", "Sec-Fetch-Site": "same-origin",
            "Content-Type": "application/json", TOKEN_HEADER: token}


def token_of(page: bytes) -> str:
    found = re.search(rb'<script type="application/json" id="dcp-comments-project">(.*?)</script>', page)
    assert found is not None
    settings = json.loads(found.group(1))
    assert settings["url"] == ENDPOINT and settings["file"] == PROJECT_FILE
    return str(settings["token"])


def a_comment(course_copy: Path, text: str = "Say more.") -> dict[str, Any]:
    block = anchor_at(pack_anchors(render_review_pack(load_course(course_copy))), BASICS, "lessons", 0, "blocks", 0)
    return dict(export([block], reviewer="Ann", texts=[text])["comments"][0])


def post(server: PreviewServer, body: dict[str, Any], headers: dict[str, str]) -> tuple[int, Any]:
    status, answer = request(server, "POST", ENDPOINT, json.dumps(body).encode(), headers)
    return status, json.loads(answer)


def test_review_pages_carry_the_runs_token_and_learner_pages_do_not(server: PreviewServer) -> None:
    _, review = request(server, "GET", "/review/01-basics/all-blocks.html")
    _, pack = request(server, "GET", "/review/review-pack.html")
    _, learner = request(server, "GET", "/01-basics/all-blocks.html")
    assert token_of(review) == token_of(pack) == server.app.comments.token
    assert review.index(b'id="dcp-comments-project"') < review.index(b"</head>")  # there before any script runs
    assert b"dcp-comments-project" not in learner


def test_comments_from_the_own_page_are_kept_in_the_project_file(server: PreviewServer, course_copy: Path) -> None:
    _, page = request(server, "GET", "/review/review-pack.html")
    headers = own_page_headers(server, token_of(page))
    comment = a_comment(course_copy, "First line.\nSecond line.")
    status, answer = post(server, {"add": [comment, comment]}, headers)  # the same comment twice is kept once
    assert status == 200 and [c["text"] for c in answer["comments"]] == ["First line.\nSecond line."]
    kept = course_copy / PROJECT_FILE
    assert json.loads(kept.read_text(encoding="utf-8")) == answer
    assert [p.name for p in course_copy.iterdir() if p.name.startswith(".")] == []  # no temporary file left
    result = CliRunner().invoke(main, ["--root", str(course_copy), "comments", str(kept)])
    assert result.exit_code == 0 and result.output.splitlines()[1:] == ["  | Second line."]
    status, answer = post(server, {"delete": [{"reviewer": "Ann", "id": comment["id"]}]}, headers)
    assert status == 200 and answer["comments"] == []


def test_a_restart_on_another_port_shows_the_kept_comments(course_copy: Path) -> None:
    with PreviewServer(course_copy, 0) as first:
        _, page = request(first, "GET", "/review/review-pack.html")
        assert post(first, {"add": [a_comment(course_copy)]}, own_page_headers(first, token_of(page)))[0] == 200
    with PreviewServer(course_copy, 0) as second:
        assert second.port != first.port or second.app.comments.token != first.app.comments.token
        _, page = request(second, "GET", "/review/review-pack.html")
        status, answer = request(second, "GET", ENDPOINT, headers={TOKEN_HEADER: token_of(page)})
        assert status == 200 and [c["text"] for c in json.loads(answer)["comments"]] == ["Say more."]


@pytest.mark.parametrize("case", ["cross-origin", "cross-site fetch", "no origin", "no token", "wrong token",
                                  "old token"])
def test_requests_not_from_the_own_pages_are_refused_and_write_nothing(server: PreviewServer, course_copy: Path,
                                                                        case: str) -> None:
    _, page = request(server, "GET", "/review/review-pack.html")
    headers = own_page_headers(server, token_of(page))
    if case == "cross-origin":
        headers["Origin"] = "http://attacker.example"
        headers["Sec-Fetch-Site"] = "cross-site"
    elif case == "cross-site fetch":
        headers["Sec-Fetch-Site"] = "cross-site"
    elif case == "no origin":
        del headers["Origin"]
    elif case == "no token":
        del headers[TOKEN_HEADER]
    elif case == "wrong token":
        headers[TOKEN_HEADER] = "guessed"
    else:
        headers[TOKEN_HEADER] = PreviewServer(course_copy, 0).app.comments.token  # another run's
    status, answer = post(server, {"add": [a_comment(course_copy)]}, headers)
    assert status == 403 and answer["error"]
    assert not (course_copy / PROJECT_FILE).exists()
    if case in ("no token", "wrong token"):
        assert request(server, "GET", ENDPOINT, headers={k: v for k, v in headers.items() if k != "Origin"})[0] == 403


def test_a_page_of_another_name_pointed_here_gets_nothing_dns_rebinding(server: PreviewServer,
                                                                        course_copy: Path) -> None:
    rebound = {"Host": f"attacker.example:{server.port}"}
    status, page = request(server, "GET", "/review/review-pack.html", headers=rebound)
    assert status == 403 and b"dcp-comments-project" not in page  # the token never reaches such a page
    assert request(server, "GET", "/", headers=rebound)[0] == 403
    _, own = request(server, "GET", "/review/review-pack.html")
    headers = {**own_page_headers(server, token_of(own)), **rebound,
               "Origin": f"http://attacker.example:{server.port}"}
    status, _ = request(server, "POST", ENDPOINT, json.dumps({"add": [a_comment(course_copy)]}).encode(), headers)
    assert status == 403 and not (course_copy / PROJECT_FILE).exists()


def test_an_oversized_or_unmeasured_body_is_refused_unread(server: PreviewServer, course_copy: Path) -> None:
    _, page = request(server, "GET", "/review/review-pack.html")
    headers = own_page_headers(server, token_of(page))
    connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=10)
    connection.putrequest("POST", ENDPOINT, skip_host=True)
    for name, value in {"Host": f"127.0.0.1:{server.port}", **headers,
                        "Content-Length": str(MAX_FILE_BYTES + 1)}.items():
        connection.putheader(name, value)
    connection.endheaders()  # no body follows: the answer must come without it
    response = connection.getresponse()
    assert response.status == 413 and b"larger than" in response.read()
    connection.close()
    status, _ = request(server, "POST", ENDPOINT, b"", {**headers, "Transfer-Encoding": "chunked"})
    assert status == 411
    assert not (course_copy / PROJECT_FILE).exists()


def test_a_change_is_checked_as_the_command_checks_an_export(server: PreviewServer, course_copy: Path) -> None:
    _, page = request(server, "GET", "/review/review-pack.html")
    headers = own_page_headers(server, token_of(page))
    comment = a_comment(course_copy)
    comment["anchor"]["path"] = ["lessons", -1]
    comment["script"] = "alert(1)"
    status, answer = post(server, {"add": [comment]}, headers)
    assert status == 400
    assert answer["error"] == ("the request: not a valid comments export: comments[0].anchor.path: -1 is neither a "
                               "key (text) nor a list position (0 or more); comments[0].script: Extra inputs are not "
                               "permitted")
    assert post(server, {"add": [], "remove": []}, headers)[0] == 400
    assert request(server, "POST", ENDPOINT, b"{" * 10, headers)[0] == 400
    assert not (course_copy / PROJECT_FILE).exists()


def test_a_link_in_place_of_the_file_is_refused_and_its_target_untouched(server: PreviewServer, course_copy: Path,
                                                                         tmp_path: Path) -> None:
    outside = tmp_path / "outside.json"
    outside.write_text("precious", encoding="utf-8")
    os.symlink(outside, course_copy / PROJECT_FILE)
    _, page = request(server, "GET", "/review/review-pack.html")
    status, answer = post(server, {"add": [a_comment(course_copy)]}, own_page_headers(server, token_of(page)))
    assert status == 409 and "is a link" in answer["error"]
    assert outside.read_text(encoding="utf-8") == "precious"
    assert (course_copy / PROJECT_FILE).is_symlink()


def test_build_validate_lint_and_translate_leave_the_project_file_alone(course_copy: Path, tmp_path: Path) -> None:
    (course_copy / PROJECT_FILE).write_text("{ not even JSON", encoding="utf-8")
    for command in (["validate"], ["lint"], ["build", "--out", str(tmp_path / "dist")], ["translate", "status"]):
        result = CliRunner().invoke(main, ["--root", str(course_copy), *command])
        assert result.exit_code == 0, (command, result.output)
    assert not [p for p in (tmp_path / "dist").rglob("*") if "review-comments" in p.name]
