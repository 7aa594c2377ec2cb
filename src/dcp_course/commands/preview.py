"""`dcp-course preview`: serve the course locally, rebuild on every edit, reload open pages."""

from __future__ import annotations

import signal
import threading
import webbrowser
from pathlib import Path
from types import FrameType

import click

from ..preview.incremental import RebuildReport
from ..preview.server import FORMATS, PreviewServer
from .common import guarded, options, say


class ReportPrinter:
    """Tells the terminal what each rebuild did; problems are always shown, even with --quiet."""

    def __init__(self, quiet: bool, verbose: bool) -> None:
        self.quiet = quiet
        self.verbose = verbose
        self.failing = False
        self.lock = threading.Lock()

    def __call__(self, report: RebuildReport) -> None:
        with self.lock:
            first = report.version == 1
            if not report.ok:
                self.failing = True
                click.echo(f"build failed: {len(report.problems)} problem(s), shown in the browser too:", err=True)
                for problem in report.problems:
                    click.echo(f"  {problem.render()}", err=True)
                    if self.verbose and problem.detail:
                        click.echo(problem.detail, err=True)
                return
            if self.quiet:
                self.failing = False
                return
            if first:
                click.echo(f"built {report.pages} pages in {_duration(report.seconds)}")
            elif report.switched_to:
                scope = "every page" if report.full else f"{report.rendered} of {report.pages} pages"
                click.echo(f"switched to {report.switched_to}: rendered {scope} in {_duration(report.seconds)}")
            else:
                what = "fixed; rebuilt" if self.failing else "rebuilt"
                scope = "every page" if report.full else f"{report.rendered} of {report.pages} pages"
                click.echo(f"{what} {scope} in {_duration(report.seconds)} after changes to {_listed(report.changed)}")
            self.failing = False


def _listed(paths: tuple[str, ...]) -> str:
    if not paths:
        return "nothing that affects the pages"
    shown = ", ".join(paths[:3])
    return shown + (f" and {len(paths) - 3} more" if len(paths) > 3 else "")


def _duration(seconds: float) -> str:
    return f"{seconds * 1000:.0f} ms" if seconds < 1 else f"{seconds:.1f} s"


def _stop_on_sigterm() -> None:
    """A terminal's Ctrl-C and a service manager's SIGTERM both stop the preview cleanly."""
    def interrupt(signum: int, frame: FrameType | None) -> None:
        raise KeyboardInterrupt

    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGTERM, interrupt)


@click.command("preview")
@click.option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True,
              help="Port on 127.0.0.1 (0 picks a free one).")
@click.option("--open", "open_browser", is_flag=True, help="Open the course in the default web browser.")
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="web", show_default=True,
              help="Which output to serve at /: the web site, or a SCORM package (opens the LMS simulator).")
@click.option("--sco", "granularity", type=click.Choice(["per-module", "per-course"]), default=None,
              help="Override course.yaml: one SCO per module or one for the whole course.")
@click.option("--lang", "language", default=None, metavar="LANG",
              help="Preview one of course.yaml's languages (or the pseudo-locale qps) instead of the source one.")
@guarded
def command(port: int, open_browser: bool, fmt: str, granularity: str | None, language: str | None) -> None:
    """Serve the course on this computer and rebuild it as you edit; Ctrl-C stops.

    Pages reload by themselves after each change; a broken edit shows its problems in the
    browser. The LMS simulator is at /lms/, review mode (answer keys) at /review/. Every page
    has a language switch (course.yaml's languages and the pseudo-locale qps); --lang picks the
    language to start in.
    """
    root: Path = options()["root"]
    printer = ReportPrinter(options()["quiet"], options()["verbose"] or options()["debug"])
    server = PreviewServer(root, port, fmt, granularity, on_rebuild=printer,  # type: ignore[arg-type]
                           language=language)
    _stop_on_sigterm()
    try:
        say(f"reading {root.resolve()} and rendering the {fmt} output…")
        server.start()
        url = server.url
        say(f"serving on {url}  (only this computer can open it)")
        say(f"  course          {url}")
        say(f"  LMS simulator   {url}lms/")
        say(f"  review mode     {url}review/")
        say(f"  review pack     {url}review/review-pack.html")
        say("watching course/, modules/ and templates/ for changes; press Ctrl-C to stop")
        if open_browser:
            webbrowser.open(url + ("lms/" if fmt != "web" else ""))
        stop = threading.Event()
        while not stop.wait(0.5):
            pass
    except KeyboardInterrupt:
        pass
    finally:
        server.stop()
    say("preview stopped")
