#!/usr/bin/env python3
"""Build-speed and package-weight figures for dcp-course, each against a baseline from the same run.

    python bench/run.py            # everything (takes a few minutes for the 1,000-module course)
    python bench/run.py --quick    # skip the 1,000-module course

Figures, not tests: nothing here asserts a time. Each measurement runs in a fresh process so
peak memory (ru_maxrss) belongs to that measurement alone.
"""

from __future__ import annotations

import argparse
import io
import json
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))
sys.path.insert(0, str(REPO / "bench"))


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


# ---------------------------------------------------------------- measurements (run in a child)


def measure_full_build(root: str) -> dict[str, float]:
    from dcp_course.build import produce
    from dcp_course.plan.site import plan_site
    from dcp_course.source.load import load_course
    from dcp_course.targets.package import write_outputs

    out = Path(tempfile.mkdtemp(prefix="bench-out-"))
    started = time.perf_counter()
    source = load_course(Path(root))
    loaded = time.perf_counter()
    outputs = produce(source, ["web", "scorm12", "scorm2004"])
    produced = time.perf_counter()
    write_outputs(out / "dist", outputs)
    finished = time.perf_counter()
    site = plan_site(source)
    shutil.rmtree(out, ignore_errors=True)
    return {
        "wall_s": finished - started, "load_s": loaded - started, "render_emit_s": produced - loaded,
        "write_s": finished - produced, "pages": len(site.pages),
        "lesson_pages": sum(p.kind == "lesson" for p in site.pages), "peak_mb": peak_mb(),
    }


def measure_page_render(root: str) -> dict[str, float]:
    """Each lesson page rendered once in a fresh process (caches cold), templates compiled."""
    from dcp_course.plan.site import plan_site
    from dcp_course.render.pages import Target, render_page
    from dcp_course.source.load import load_course

    site = plan_site(load_course(Path(root)))
    target = Target("web", "standalone", "course")
    render_page(site, target, site.home)  # compiles the shared templates, as any build's first page does
    timings = []
    for page in (p for p in site.pages if p.kind == "lesson"):
        tick = time.perf_counter()
        render_page(site, target, page)
        timings.append(time.perf_counter() - tick)
    return {"ms_per_lesson_page": 1000 * statistics.median(timings), "peak_mb": peak_mb()}


def measure_baseline(root: str) -> dict[str, float]:
    """The floor: the same lesson texts through one bare Jinja template into a plain zip, three times."""
    from jinja2 import Environment
    from markdown_it import MarkdownIt

    from dcp_course.source.load import load_course

    source = load_course(Path(root))  # sources are read outside the timed part for both sides
    started = time.perf_counter()
    template = Environment(autoescape=True).from_string(
        "<!DOCTYPE html><html><head><title>{{ title }}</title></head><body><main><h1>{{ title }}</h1>"
        "{% for html in blocks %}<div>{{ html }}</div>{% endfor %}</main></body></html>")
    md = MarkdownIt("commonmark")
    pages = 0
    for _ in range(3):  # web, scorm12, scorm2004
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            for loaded in source.modules:
                for lesson in loaded.module.lessons:
                    blocks = [md.render(str(getattr(b, "text", ""))) for b in lesson.blocks]
                    archive.writestr(f"{loaded.folder}/{lesson.id}.html", template.render(title=lesson.title, blocks=blocks))
                    pages += 1
    return {"wall_s": time.perf_counter() - started, "pages": pages, "peak_mb": peak_mb()}


def measure_load_and_build_only(root: str) -> dict[str, float]:
    from dcp_course.build import produce
    from dcp_course.source.load import load_course

    source = load_course(Path(root))
    started = time.perf_counter()
    produce(source, ["web", "scorm12", "scorm2004"])
    return {"wall_s": time.perf_counter() - started, "peak_mb": peak_mb()}


def measure_incremental(root: str) -> dict[str, float]:
    """One edited lesson, rebuilt the way preview does it (falls back to a full build if absent)."""
    try:
        from dcp_course.preview.incremental import IncrementalBuilder  # type: ignore[import-not-found]
    except ImportError:
        IncrementalBuilder = None
    work = Path(tempfile.mkdtemp(prefix="bench-edit-"))
    shutil.copytree(root, work / "src", ignore=shutil.ignore_patterns("dist", ".venv", "node_modules", ".git"))
    module = sorted((work / "src" / "modules").glob("*/module.yaml"))[0]
    if IncrementalBuilder is None:
        from dcp_course.build import produce
        from dcp_course.source.load import load_course

        produce(load_course(work / "src"), ["web"])
        module.write_text(module.read_text() + "\n# edited\n")
        started = time.perf_counter()
        produce(load_course(work / "src"), ["web"])
        mode = "full rebuild (no incremental builder yet)"
    else:
        builder = IncrementalBuilder(work / "src")
        builder.rebuild()
        module.write_text(module.read_text() + "\n# edited\n")
        started = time.perf_counter()
        builder.rebuild()
        mode = "incremental"
    elapsed = time.perf_counter() - started
    shutil.rmtree(work, ignore_errors=True)
    return {"wall_s": elapsed, "mode": mode, "peak_mb": peak_mb()}  # type: ignore[dict-item]


MEASUREMENTS = {
    "full": measure_full_build,
    "pages": measure_page_render,
    "baseline": measure_baseline,
    "produce": measure_load_and_build_only,
    "incremental": measure_incremental,
}


def child(name: str, root: str) -> dict[str, float]:
    output = subprocess.run(
        [sys.executable, __file__, "--child", name, root], check=True, capture_output=True, text=True)
    return json.loads(output.stdout.strip().splitlines()[-1])  # type: ignore[no-any-return]


# ---------------------------------------------------------------- weight


def package_weight(root: Path) -> dict[str, object]:
    from dcp_course.build import build

    out = Path(tempfile.mkdtemp(prefix="bench-weight-"))
    build(root, out)
    zips = {p.name: p.stat().st_size for p in out.glob("*.zip")}
    web = out / "web"
    files = sorted(((p.stat().st_size, str(p.relative_to(web))) for p in web.rglob("*") if p.is_file()), reverse=True)
    lesson = next(p for p in sorted(web.glob("0*/*.html")) if p.name not in ("index.html", "quiz.html"))
    import re

    loaded = re.findall(r'<(?:script|link)[^>]+(?:src|href)="([^"]+)"', lesson.read_text(encoding="utf-8"))
    assets = {(lesson.parent / ref).resolve() for ref in loaded if not ref.startswith(("http", "#"))}
    page_bytes = lesson.stat().st_size + sum(p.stat().st_size for p in assets if p.is_file())
    shutil.rmtree(out, ignore_errors=True)
    return {"zips": zips, "largest": files[:5], "lesson": str(lesson.relative_to(web)), "lesson_page_bytes": page_bytes}


# ---------------------------------------------------------------- report


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="skip the 1,000-module course")
    parser.add_argument("--child", nargs=2, metavar=("MEASUREMENT", "ROOT"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        name, root = args.child
        print(json.dumps(MEASUREMENTS[name](root)))
        return

    from synthetic import make_course

    print("dcp-course benchmark (each figure from a fresh process; targets from issue #11)\n")
    full = child("full", str(REPO))
    base = child("baseline", str(REPO))
    print(f"real course: {full['pages']:.0f} pages ({full['lesson_pages']:.0f} lessons), web + SCORM 1.2 + SCORM 2004")
    print(f"  full build          {full['wall_s']:.3f} s   (load {full['load_s']:.3f}, render+zip "
          f"{full['render_emit_s']:.3f}, write {full['write_s']:.3f})   target <= 1 s")
    pages = child("pages", str(REPO))
    print(f"  per lesson page     {pages['ms_per_lesson_page']:.2f} ms (median, cold)  target <= 2 ms")
    print(f"  peak memory         {full['peak_mb']:.0f} MB")
    produced = child("produce", str(REPO))
    print(f"  baseline (bare Jinja + zipfile, same lessons x3): {base['wall_s']:.3f} s")
    print(f"  overhead ratio (render+emit / baseline) {produced['wall_s'] / base['wall_s']:.2f}   target <= 1.5\n")

    incremental = child("incremental", str(REPO))
    print(f"one-edit rebuild ({incremental['mode']}): {incremental['wall_s'] * 1000:.0f} ms   target <= 150 ms\n")

    print("scaling (synthetic courses, 4 lessons + quiz per module)")
    sizes = [10, 100] if args.quick else [10, 100, 1000]
    rows = []
    for size in sizes:
        folder = Path(tempfile.mkdtemp(prefix=f"bench-{size}-"))
        make_course(folder, size)
        figures = child("full", str(folder))
        rows.append((size, figures))
        print(f"  {size:5d} modules  {figures['wall_s']:8.2f} s  {figures['wall_s'] / size * 1000:7.1f} ms/module"
              f"  peak {figures['peak_mb']:6.0f} MB")
        shutil.rmtree(folder, ignore_errors=True)
    first, last = rows[0], rows[-1]
    growth = (last[1]["wall_s"] / first[1]["wall_s"]) / (last[0] / first[0])
    print(f"  time growth relative to linear: {growth:.2f} (1.00 = linear)   peak target <= 500 MB at 1,000\n")

    weight = package_weight(REPO)
    print("package weight")
    for name, size in sorted(weight["zips"].items()):  # type: ignore[attr-defined]
        print(f"  {name:45s} {size / 1024:8.1f} KB")
    print("  largest files in web/: " + ", ".join(f"{n} ({s / 1024:.1f} KB)" for s, n in weight["largest"]))  # type: ignore[attr-defined]
    print(f"  a lesson page with CSS and JS ({weight['lesson']}): {weight['lesson_page_bytes'] / 1024:.1f} KB   target <= 100 KB")


if __name__ == "__main__":
    main()
