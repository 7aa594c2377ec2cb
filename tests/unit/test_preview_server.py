"""The preview server: routing from memory, live reload only in preview responses, the error page, Ctrl-C."""

from __future__ import annotations

import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from click.testing import CliRunner

from dcp_course.cli import main
from dcp_course.preview.incremental import IncrementalBuilder
from dcp_course.preview.pages import LIVE_SCRIPT_URL, inject_live_reload
from dcp_course.preview.server import PreviewApp, PreviewServer, Response

BASICS = Path("modules") / "01-basics" / "module.yaml"


@pytest.fixture()
def app(course_copy: Path) -> PreviewApp:
    builder = IncrementalBuilder(course_copy)
    builder.rebuild()
    return PreviewApp(builder)


def has_live_reload(response: Response) -> bool:
    return LIVE_SCRIPT_URL.encode() in response.body


def test_inject_before_the_last_body_end() -> None:
    assert inject_live_reload(b"<p>x</p></body></html>", 7) == (
        b'<p>x</p><script src="/_preview/live.js" data-version="7"></script>\n</body></html>')
    assert inject_live_reload(b"<p>no body end</p>", 1).endswith(b'data-version="1"></script>\n')


def test_course_pages_come_from_memory_with_live_reload(app: PreviewApp, course_copy: Path) -> None:
    home = app.handle("/")
    assert home.status == 200 and home.content_type.startswith("text/html")
    assert has_live_reload(home) and b'data-version="1"' in home.body
    lesson = app.handle("/01-basics/all-blocks.html")
    switch = re.search(rb'<aside class="dcp-preview-chrome".*?</aside>\n', lesson.body, re.DOTALL)
    assert switch is not None
    preview_only = (switch.group(0), inject_live_reload(b"", 1))
    assert lesson.body.replace(preview_only[0], b"").replace(preview_only[1], b"") == app.builder.snapshot.files[
        "web"]["01-basics/all-blocks.html"]
    assert app.handle("/01-basics/").status == 200
    assert app.handle("/01-basics").headers == {"Location": "/01-basics/"}
    css = app.handle("/assets/css/course.css")
    assert css.content_type.startswith("text/css") and not has_live_reload(css)
    assert app.handle("/01-basics/media/diagram.svg").content_type == "image/svg+xml"
    assert not (course_copy / "dist").exists()


def test_unknown_and_escaping_paths_get_the_not_found_page(app: PreviewApp) -> None:
    for path in ("/nothing.html", "/../../etc/passwd", "/%2e%2e/%2e%2e/etc/passwd", "/assets/../../course/course.yaml"):
        response = app.handle(path)
        assert response.status == 404, path
        assert b"Page not found" in response.body and has_live_reload(response)
    assert app.handle("/favicon.ico").status == 204


def test_version_endpoint(app: PreviewApp) -> None:
    assert json.loads(app.handle("/_preview/version").body) == {"ok": True, "version": 1}
    assert app.handle("/_preview/live.js").content_type.startswith("text/javascript")


def test_simulator_page_and_sco_list(app: PreviewApp) -> None:
    page = app.handle("/lms/")
    assert page.status == 200
    for script in ("lms-model.js", "lms-session.js", "lms.js"):
        assert f'src="/lms/{script}"'.encode() in page.body
        assert app.handle(f"/lms/{script}").status == 200
    assert app.handle("/lms").headers == {"Location": "/lms/"}
    assert b"API_1484_11" in app.handle("/lms/lms-session.js").body
    info = json.loads(app.handle("/_preview/info.json").body)
    assert info["scos"] == [
        {"id": "sco-basics", "launch": "sco-basics.html", "title": "Basics <of> blocks"},
        {"id": "sco-questions", "launch": "sco-questions.html", "title": "Questions"},
    ]
    assert info["content"] == {"1.2": "/scorm12/", "2004": "/scorm2004/"}


def test_scorm_copies_are_built_on_first_use_and_shells_never_reload(app: PreviewApp) -> None:
    assert "scorm2004" not in app.builder.snapshot.files
    shell = app.handle("/scorm2004/sco-basics.html")
    files = app.builder.snapshot.files["scorm2004"]
    assert shell.status == 200 and shell.body == files["sco-basics.html"]
    assert b'"runtime":"scorm2004"' in shell.body
    assert not has_live_reload(shell)  # reloading the launch page would end the learner's session
    page = app.handle("/scorm2004/01-basics/all-blocks.html")
    assert page.status == 200 and has_live_reload(page)
    assert page.body == inject_live_reload(files["01-basics/all-blocks.html"], 1)
    assert app.builder.snapshot.version == 1


def test_review_mode_and_review_pack(app: PreviewApp) -> None:
    quiz = app.handle("/review/02-questions/quiz.html")
    assert quiz.status == 200 and b'data-answer-key="q-fill"' in quiz.body and has_live_reload(quiz)
    assert b"data-answer-key" not in app.handle("/02-questions/quiz.html").body
    assert app.handle("/review/assets/review/review.css").status == 200
    pack = app.handle("/review/review-pack.html")
    assert pack.status == 200 and b'data-answer-key="q-branch"' in pack.body and has_live_reload(pack)


def test_a_scorm_format_opens_the_simulator(course_copy: Path) -> None:
    builder = IncrementalBuilder(course_copy, ["scorm12"])
    builder.rebuild()
    app = PreviewApp(builder, "scorm12")
    assert app.handle("/").headers == {"Location": "/lms/"}
    assert app.handle("/sco-basics.html").status == 200
    assert json.loads(app.handle("/_preview/info.json").body)["format"] == "scorm12"


def test_build_problems_replace_every_page_until_fixed(app: PreviewApp, course_copy: Path) -> None:
    module = course_copy / BASICS
    module.write_text(module.read_text().replace("summary:", "sumary:"))
    app.builder.rebuild()
    for path in ("/", "/01-basics/all-blocks.html", "/review/01-basics/", "/scorm12/sco-basics.html"):
        response = app.handle(path)
        assert response.status == 500, path
        text = response.body.decode()
        assert "modules/01-basics/module.yaml, line 3, column 1" in text
        assert "sumary</span>: unknown key" in text and "did you mean &#39;summary&#39;?" in text
        assert '<div class="marked"><span class="number">3</span>sumary: Every block type once' in text
        assert 'data-version="2"' in text  # the error page reloads itself after the next rebuild
    assert app.handle("/assets/css/course.css").status == 200  # the last good files still serve
    assert json.loads(app.handle("/_preview/version").body) == {"ok": False, "version": 2}
    module.write_text(module.read_text().replace("sumary:", "summary:"))
    app.builder.rebuild()
    assert app.handle("/01-basics/all-blocks.html").status == 200


# ---------------------------------------------------------------- on a real socket


def get(url: str) -> tuple[int, bytes, dict[str, str]]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.read(), dict(response.headers)
    except urllib.error.HTTPError as error:
        return error.code, error.read(), dict(error.headers)


def wait_for(condition: object, timeout: float = 15.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():  # type: ignore[operator]
            return
        time.sleep(0.05)
    raise AssertionError("timed out")


def port_is_free(port: int) -> bool:
    """Whether a new server could listen there (connections still in TIME_WAIT do not count)."""
    with socket.socket() as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(("127.0.0.1", port))
            probe.listen()
        except OSError:
            return False
    return True


def test_server_rebuilds_on_edits_and_releases_its_port(course_copy: Path) -> None:
    reports = []
    server = PreviewServer(course_copy, 0, on_rebuild=reports.append).start()
    try:
        assert server.httpd.server_address[0] == "127.0.0.1"
        status, body, headers = get(server.url + "01-basics/second-lesson.html")
        assert status == 200 and headers["Cache-Control"] == "no-store"
        module = course_copy / BASICS
        module.write_text(module.read_text().replace("A short second lesson.", "An edited second lesson."))
        wait_for(lambda: json.loads(get(server.url + "_preview/version")[1])["version"] >= 2)
        assert b"An edited second lesson." in get(server.url + "01-basics/second-lesson.html")[1]
        assert reports[-1].changed == ("modules/01-basics/module.yaml",) and not reports[-1].full
        status, body, headers = get(server.url + "01-basics/media/clip.webm")
        request = urllib.request.Request(server.url + "01-basics/media/clip.webm", headers={"Range": "bytes=0-9"})
        with urllib.request.urlopen(request, timeout=10) as response:
            assert response.status == 206 and response.read() == body[:10]
            assert response.headers["Content-Range"] == f"bytes 0-9/{len(body)}"
    finally:
        server.stop()
    assert port_is_free(server.port)


def test_port_in_use_is_a_clear_error(course_copy: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = CliRunner().invoke(main, ["--root", str(course_copy), "preview", "--port", str(port)])
    assert result.exit_code == 1
    assert f"cannot listen on 127.0.0.1:{port}" in result.stderr and "--port" in result.stderr
    assert "Traceback" not in result.output


def test_ctrl_c_stops_the_command_cleanly(course_copy: Path) -> None:
    # SIGINT is restored to Python's default in the child: a shell may start it with SIGINT ignored
    script = ("import signal, sys; signal.signal(signal.SIGINT, signal.default_int_handler); "
              "from dcp_course.cli import main; sys.exit(main())")
    child = subprocess.Popen(
        [sys.executable, "-c", script, "--root", str(course_copy), "preview", "--port", "0"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env={**os.environ, "PYTHONUNBUFFERED": "1"})
    try:
        assert child.stdout is not None
        lines = []
        for line in child.stdout:
            lines.append(line)
            if "serving on" in line:
                break
        text = "".join(lines)
        assert re.search(r"built 9 pages in \d+", text), text
        port = int(re.search(r"127\.0\.0\.1:(\d+)/", text).group(1))  # type: ignore[union-attr]
        assert get(f"http://127.0.0.1:{port}/")[0] == 200
        child.send_signal(signal.SIGINT)
        out, err = child.communicate(timeout=15)
    finally:
        if child.poll() is None:
            child.kill()
    assert child.returncode == 0, err
    assert "preview stopped" in out
    assert "Traceback" not in err and "KeyboardInterrupt" not in err
    assert port_is_free(port)
