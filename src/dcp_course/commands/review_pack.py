"""`dcp-course review-pack`: one self-contained HTML file for reviewers, and a PDF of it."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import click

from ..preview.review import find_chromium, print_pdf, render_review_pack, review_pack_name
from ..source.load import load_course
from ..translate.languages import resolve_languages, source_in
from .common import guarded, options, progress_printer, say


def write_atomically(path: Path, content: bytes) -> None:
    """The file appears complete or not at all (a half-written pack would mislead a reviewer)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, partial = tempfile.mkstemp(prefix=f".{path.name}-", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(content)
        os.chmod(partial, 0o644)
        os.replace(partial, path)
    except BaseException:
        Path(partial).unlink(missing_ok=True)
        raise


@click.command("review-pack")
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="HTML file to write (default: dist/<course>-<version>-review.html); the PDF goes beside it.")
@click.option("--pdf/--no-pdf", "want_pdf", default=True, show_default=True,
              help="Also print the pack to PDF with headless Chromium, when it is installed.")
@click.option("--chromium", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="The Chromium to print with (default: chromium on the PATH, or /usr/bin/chromium).")
@click.option("--lang", "language", default=None, metavar="LANG",
              help="The pack in one of course.yaml's languages (or the pseudo-locale qps).")
@guarded
def command(out: Path | None, want_pdf: bool, chromium: Path | None, language: str | None) -> None:
    """Write every lesson, question, answer key, the objectives coverage and the sources into one file."""
    root: Path = options()["root"]
    progress = progress_printer()
    progress("reading sources")
    source = load_course(root)
    name = review_pack_name(source)
    if language is not None and language != source.course.language:
        (language,) = resolve_languages([language], source)
        source, warning = source_in(source, language)
        if warning:
            click.echo(f"warning: {warning}", err=True)
        name = name.replace("-review.", f"-{language}-review.")
    progress("rendering the review pack")
    html = render_review_pack(source).encode("utf-8")
    target = out if out is not None else root / "dist" / name
    write_atomically(target, html)
    say(f"wrote {target} ({len(html)} bytes)")
    if not want_pdf:
        click.echo("PDF skipped: --no-pdf was given", err=True)
        return
    browser = chromium if chromium is not None else find_chromium()
    if browser is None or not browser.is_file():
        where = str(chromium) if chromium is not None else "chromium on the PATH or /usr/bin/chromium"
        click.echo(f"PDF skipped: Chromium not found ({where}); install Debian's chromium for a PDF, "
                   "or print the HTML file from any browser", err=True)
        return
    pdf = target.with_suffix(".pdf")
    say(f"printing {pdf.name} with {browser} (this takes a few seconds)…")
    print_pdf(target, pdf, browser)
    say(f"wrote {pdf} ({pdf.stat().st_size} bytes)")
