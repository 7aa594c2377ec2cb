"""Helpers for the browser tests: a local static server, built packages, and the test LMS player."""

from __future__ import annotations

import importlib
import json
import os
import posixpath
import re
import threading
import zipfile
from dataclasses import dataclass, field
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, ClassVar
from urllib.parse import unquote, urlsplit

from lxml import etree

from dcp_course.preview.review import CHROMIUM_FLAGS

REPO = Path(__file__).resolve().parents[2]
PLAYER_DIR = Path(__file__).resolve().parent / "player"
SCORM_AGAIN_DIST = REPO / "node_modules" / "scorm-again" / "dist"
FIXTURE_COURSE = REPO / "tests" / "fixtures" / "course"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = CHROMIUM_FLAGS  # the flags the review pack prints PDFs with: one list for both


def under_ci() -> bool:
    return os.environ.get("CI", "").lower() not in ("", "0", "false", "no")


def unavailable(reason: str) -> None:
    """Browser tests must run in CI: there a missing piece fails them; locally it skips them."""
    import pytest

    if under_ci():
        pytest.fail(f"browser tests cannot run under CI: {reason}", pytrace=False)
    pytest.skip(reason, allow_module_level=True)


def require_module(name: str) -> Any:
    try:
        return importlib.import_module(name)
    except ImportError:
        unavailable(f"the Python module {name} is not installed (pip install -e '.[test]')")
        raise


# ---------------------------------------------------------------- the local server


class _Handler(SimpleHTTPRequestHandler):
    mounts: ClassVar[dict[str, Path]] = {}

    def translate_path(self, path: str) -> str:
        clean = posixpath.normpath(unquote(urlsplit(path).path))
        parts = [p for p in clean.split("/") if p and p not in (".", "..")]
        if not parts or parts[0] not in self.mounts:
            return str(PLAYER_DIR / "__missing__")
        return str(self.mounts[parts[0]].joinpath(*parts[1:]))

    def end_headers(self) -> None:
        self.send_header("Cache-Control", "no-store")
        super().end_headers()

    def log_message(self, format: str, *args: Any) -> None:
        pass


class StaticServer:
    """Serves folders under URL prefixes on 127.0.0.1 from a background thread."""

    def __init__(self) -> None:
        handler = type("MountedHandler", (_Handler,), {"mounts": {}})
        self.mounts: dict[str, Path] = handler.mounts
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    @property
    def origin(self) -> str:
        return f"http://127.0.0.1:{self.httpd.server_address[1]}"

    def mount(self, prefix: str, folder: Path) -> str:
        self.mounts[prefix] = folder
        return f"{self.origin}/{prefix}/"

    def __enter__(self) -> StaticServer:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


# ---------------------------------------------------------------- built packages


@dataclass(frozen=True)
class Package:
    """An extracted SCORM package and its SCOs (resource id -> launch href) from imsmanifest.xml."""

    version: str  # "1.2" or "2004"
    folder: Path
    url: str  # where the server publishes the folder
    scos: dict[str, str] = field(default_factory=dict)

    def launch_url(self, sco_id: str) -> str:
        return self.url + self.scos[sco_id]


def extract_package(zip_path: Path, folder: Path, version: str, url: str) -> Package:
    with zipfile.ZipFile(zip_path) as archive:
        archive.extractall(folder)
    manifest = etree.parse(str(folder / "imsmanifest.xml"))
    scos = {}
    for resource in manifest.iter("{*}resource"):
        kind = next((v for k, v in resource.attrib.items() if k.lower().endswith("scormtype")), "")
        if kind == "sco":
            scos[resource.get("identifier", "").removeprefix("RES-")] = resource.get("href", "")
    return Package(version, folder, url, scos)


def build_course(
    root: Path, out: Path, granularity: str | None = None, formats: tuple[str, ...] = ()
) -> Path:
    """Build through the real pipeline, as `dcp-course build` does."""
    from dcp_course.build import build

    build(root, out, formats, granularity)  # type: ignore[arg-type]
    return out


def publish_packages(server: StaticServer, out: Path, name: str) -> dict[str, Package]:
    """Extract each SCORM zip of a build and serve it under /<name>-<format>/."""
    found = {}
    for version, suffix in (("1.2", "scorm12"), ("2004", "scorm2004")):
        archive = next(out.glob(f"*-{suffix}.zip"), None)
        if archive is None:
            continue
        folder = out / f"{name}-{suffix}"
        found[version] = extract_package(archive, folder, version, server.mount(f"{name}-{suffix}", folder))
    return found


# ---------------------------------------------------------------- the LMS session


class LmsSession:
    """One learner launching one SCO in the test player, as many times as a test needs."""

    def __init__(self, page: Any, server: StaticServer, package: Package, sco_id: str) -> None:
        self.page = page
        self.server = server
        self.package = package
        self.sco_id = sco_id
        self.preload: dict[str, str] = {}
        self.final: dict[str, Any] = {}  # the LMS's log and data once the learner has left

    @property
    def version(self) -> str:
        return self.package.version

    @property
    def content(self) -> Any:
        """The lesson page inside the shell inside the LMS frame."""
        return self.page.frame_locator("#sco").frame_locator("#dcp-frame")

    def launch(self, preload: dict[str, str] | None = None) -> None:
        self.preload = dict(preload or {})
        self.final = {}
        self.page.goto(f"{self.server.origin}/player/player.html")
        self.page.evaluate(
            "options => window.lms.start(options)",
            {"version": self.version, "launch": self.package.launch_url(self.sco_id), "preload": preload},
        )
        self.content.locator("[data-progress]").wait_for(state="visible")  # page.js has run

    def exit(self) -> None:
        """The learner leaves; what the LMS holds is kept, as the page will host the next launch."""
        terminate = "LMSFinish" if self.version == "1.2" else "Terminate"
        self.page.evaluate("() => window.lms.exit()")
        self.page.wait_for_function(f"() => window.lms.calls({json.dumps(terminate)}).length > 0")
        self.final = {"log": self.log(), "cmi": self.cmi()}

    def log(self) -> list[dict[str, Any]]:
        if self.final:
            return self.final["log"]
        return self.page.evaluate("() => window.lms.log")

    def calls(self, name: str) -> list[dict[str, Any]]:
        return [entry for entry in self.log() if entry["call"] == name]

    def sent(self) -> dict[str, str]:
        """The last value the SCO set for each element (only calls the LMS accepted)."""
        setter = "LMSSetValue" if self.version == "1.2" else "SetValue"
        values: dict[str, str] = {}
        for entry in self.calls(setter):
            if entry["result"] == "true" and entry["error"] == "0":
                values[entry["args"][0]] = entry["args"][1]
        return values

    def rejected(self) -> list[dict[str, Any]]:
        return [e for e in self.log() if e["result"] == "false" or e["error"] not in ("0", "")]

    def cmi(self) -> dict[str, Any]:
        if self.final:
            return self.final["cmi"]
        return self.page.evaluate("() => window.lms.cmi()")["cmi"]

    def interactions(self) -> dict[int, dict[str, str]]:
        """cmi.interactions.n.* as sent in this launch: n -> {element below the interaction: value}."""
        found: dict[int, dict[str, str]] = {}
        for name, value in self.sent().items():
            match = re.fullmatch(r"cmi\.interactions\.(\d+)\.(.+)", name)
            if match:
                found.setdefault(int(match.group(1)), {})[match.group(2)] = value
        return dict(sorted(found.items()))

    def resume_data(self) -> dict[str, str]:
        """What an LMS keeps for the next launch, flattened for scorm-again's loadFromFlattenedJSON."""
        exit_name, entry_name = (
            ("cmi.core.exit", "cmi.core.entry") if self.version == "1.2" else ("cmi.exit", "cmi.entry")
        )
        kept = dict(self.preload)
        kept.update(self.sent())
        suspended = kept.pop(exit_name, "") == "suspend"
        for transient in ("cmi.core.session_time", "cmi.session_time"):
            kept.pop(transient, None)
        kept[entry_name] = "resume" if suspended else ""
        return kept
