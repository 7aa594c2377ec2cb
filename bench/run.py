#!/usr/bin/env python3
"""Build-speed figures for dcp-course, each against the floor measured in the same run.

    python bench/run.py              # everything (several minutes: scaling goes to 10,000 lessons)
    python bench/run.py --quick      # scaling only to 1,000 lessons, fewer rounds
    python bench/run.py --rounds 9   # more alternating rounds for the comparison

The comparison (issue #15): one synthetic course of 250 modules x 4 lessons of ~600 words, with a
4-question quiz each (bench/synthetic.py), built from its YAML into ONE SCORM 1.2 zip; against the
floor of any Python builder: the same 1,000 lessons as Markdown pages through markdown-it-py, one
Jinja template and zipfile into one zip. Build and floor run alternately, each in a fresh process,
and each side's median counts. Times start after imports (both sides import their libraries
first) and end when the zip is on disk.

After it: scaling to 10,000 lessons with peak memory, the real course's full build (web + SCORM
1.2 + 2004), the preview's one-edit rebuild and the packages' weight.

Figures, not tests: nothing here asserts a time.
"""

from __future__ import annotations

import argparse
import json
import os
import re
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

COMPARISON_MODULES = 250  # x 4 lessons = the 1,000 lesson pages
SCALING_MODULES = (25, 250, 2500)  # 100, 1,000 and 10,000 lessons
TARGETS = {"ratio": 1.5, "ms_per_lesson": 1.2, "peak_mb": 500, "real_s": 1.0}


def peak_mb() -> float:
    """Peak resident memory of this process or of its largest worker process."""
    own, workers = (resource.getrusage(who).ru_maxrss for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN))
    return max(own, workers) / 1024


def cpu_s() -> float:
    """CPU seconds used by this process and its finished workers: steadier than wall time on a busy machine."""
    return sum(usage.ru_utime + usage.ru_stime
               for usage in map(resource.getrusage, (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)))


# ---------------------------------------------------------------- measurements (each in a child)


def measure_build(root: str, out: str) -> dict[str, float]:
    """dcp-course's build of one SCORM 1.2 zip, from the YAML on disk to the zip on disk."""
    from dcp_course.build import build

    started, cpu_started = time.perf_counter(), cpu_s()
    result = build(Path(root), Path(out), ["scorm12"])
    return {"wall_s": time.perf_counter() - started, "cpu_s": cpu_s() - cpu_started,
            "zip_bytes": sum(result.outputs.values()), "peak_mb": peak_mb()}


def measure_floor(root: str, out: str) -> dict[str, float]:
    """The floor: every Markdown page through markdown-it-py and one Jinja template into one zip."""
    from jinja2 import Environment
    from markdown_it import MarkdownIt

    started, cpu_started = time.perf_counter(), cpu_s()
    template = Environment(autoescape=True).from_string(
        "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>{{ title }}</title></head>"
        "<body><main>{{ body }}</main></body></html>")
    md = MarkdownIt("commonmark")
    pages = sorted(Path(root).rglob("*.md"))
    Path(out).mkdir(parents=True, exist_ok=True)
    target = Path(out) / "floor.zip"
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        for page in pages:
            text = page.read_text(encoding="utf-8")
            title = text.partition("\n")[0].lstrip("# ")
            html = template.render(title=title, body=md.render(text))
            archive.writestr(f"{page.parent.name}/{page.stem}.html", html)
    return {"wall_s": time.perf_counter() - started, "cpu_s": cpu_s() - cpu_started, "pages": len(pages),
            "zip_bytes": target.stat().st_size, "peak_mb": peak_mb()}


def measure_real_course(root: str, out: str) -> dict[str, float]:
    """The real course's full build: web folder + SCORM 1.2 + SCORM 2004, written to disk."""
    from dcp_course.build import build

    started, cpu_started = time.perf_counter(), cpu_s()
    build(Path(root), Path(out), ["web", "scorm12", "scorm2004"])
    return {"wall_s": time.perf_counter() - started, "cpu_s": cpu_s() - cpu_started, "peak_mb": peak_mb()}


def measure_one_edit(root: str, out: str) -> dict[str, float]:
    """One edited module rebuilt the way the preview does it, on a copy of the course."""
    from dcp_course.preview.incremental import IncrementalBuilder

    work = Path(out) / "course"
    shutil.copytree(root, work, ignore=shutil.ignore_patterns("dist", ".venv", "node_modules", ".git"))
    module = sorted((work / "modules").glob("*/module.yaml"))[0]
    builder = IncrementalBuilder(work)
    builder.rebuild()
    module.write_text(module.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
    started = time.perf_counter()
    builder.rebuild()
    return {"wall_s": time.perf_counter() - started, "peak_mb": peak_mb()}


MEASUREMENTS = {"build": measure_build, "floor": measure_floor, "real": measure_real_course, "edit": measure_one_edit}


def child(name: str, root: Path) -> dict[str, float]:
    """One measurement in a fresh process, so caches start cold and peak memory is its own."""
    out = Path(tempfile.mkdtemp(prefix=f"bench-{name}-out-"))
    try:
        done = subprocess.run([sys.executable, __file__, "--child", name, str(root), str(out / "dist")],
                              check=True, capture_output=True, text=True)
    finally:
        shutil.rmtree(out, ignore_errors=True)
    return json.loads(done.stdout.strip().splitlines()[-1])  # type: ignore[no-any-return]


# ---------------------------------------------------------------- report


def synthetic(folder: Path, modules: int, floor: bool = False) -> Path:
    from synthetic import make_course, write_floor_pages

    root = folder / f"course-{modules}"
    make_course(root, modules)
    if floor:
        write_floor_pages(folder / f"floor-{modules}", modules)
    return root


def compare(work: Path, rounds: int) -> None:
    """The issue's comparison, by wall time and by CPU time (steadier when the machine is shared)."""
    root = synthetic(work, COMPARISON_MODULES, floor=True)
    floor_root = work / f"floor-{COMPARISON_MODULES}"
    builds, floors = [], []
    for _ in range(rounds):  # alternate, so a busy spell on the machine hits both sides alike
        floors.append(child("floor", floor_root))
        builds.append(child("build", root))
    lessons = COMPARISON_MODULES * 4
    print(f"1,000-lesson synthetic course -> one SCORM 1.2 zip ({rounds} alternating rounds, medians)")
    for clock in ("wall_s", "cpu_s"):
        build_s = statistics.median(run[clock] for run in builds)
        floor_s = statistics.median(run[clock] for run in floors)
        print(f"  {'wall time' if clock == 'wall_s' else 'CPU time (all processes)'}")
        print(f"    dcp-course build  {build_s:6.3f} s   (runs: {', '.join(f'{run[clock]:.2f}' for run in builds)})")
        print(f"    floor             {floor_s:6.3f} s   (runs: {', '.join(f'{run[clock]:.2f}' for run in floors)})")
        print(f"    ratio             {build_s / floor_s:6.2f} x   target <= {TARGETS['ratio']}")
        print(f"    per lesson page   {1000 * build_s / lessons:6.2f} ms  (floor {1000 * floor_s / lessons:.2f} ms)"
              f"   target <= {TARGETS['ms_per_lesson']} ms")
    print()


def scaling(work: Path, sizes: tuple[int, ...]) -> None:
    print("scaling (synthetic courses -> one SCORM 1.2 zip, one run each)")
    rows = []
    for modules in sizes:
        root = work / f"course-{modules}"
        if not root.exists():
            synthetic(work, modules)
        figures = child("build", root)
        lessons = modules * 4
        rows.append((lessons, figures["wall_s"]))
        print(f"  {lessons:6,d} lessons  {figures['wall_s']:7.2f} s  {1000 * figures['wall_s'] / lessons:5.2f} ms/lesson"
              f"  (CPU {figures['cpu_s']:6.2f} s)  peak {figures['peak_mb']:5.0f} MB   target <= {TARGETS['peak_mb']} MB")
        shutil.rmtree(root, ignore_errors=True)
    (small, small_s), (large, large_s) = rows[0], rows[-1]
    marginal = 1000 * (large_s - small_s) / (large - small)
    print(f"  marginal cost {marginal:.2f} ms per added lesson; "
          f"time per lesson at {large:,} / at {small:,}: {(large_s / large) / (small_s / small):.2f} (1.00 = linear)\n")


def real_course(rounds: int) -> None:
    runs = [child("real", REPO) for _ in range(rounds)]
    print(f"real course, web + SCORM 1.2 + SCORM 2004 ({rounds} runs, median)")
    print(f"  full build          {statistics.median(run['wall_s'] for run in runs):6.3f} s"
          f"  (CPU {statistics.median(run['cpu_s'] for run in runs):.3f} s)   target <= {TARGETS['real_s']} s")


def package_weight() -> None:
    """Zip sizes of the real course, and what one lesson page loads (its HTML, CSS and scripts)."""
    from dcp_course.build import build

    out = Path(tempfile.mkdtemp(prefix="bench-weight-"))
    try:
        build(REPO, out)
        print("package weight (real course)")
        for package in sorted(out.glob("*.zip")):
            print(f"  {package.name:45s} {package.stat().st_size / 1024:8.1f} KB")
        web = out / "web"
        lesson = next(p for p in sorted(web.glob("0*/*.html")) if p.name not in ("index.html", "quiz.html"))
        loaded = re.findall(r'<(?:script|link)[^>]+(?:src|href)="([^"]+)"', lesson.read_text(encoding="utf-8"))
        assets = {(lesson.parent / ref).resolve() for ref in loaded if not ref.startswith(("http", "#"))}
        weight = lesson.stat().st_size + sum(p.stat().st_size for p in assets if p.is_file())
        print(f"  a lesson page with its CSS and JS ({lesson.relative_to(web)}): {weight / 1024:.1f} KB   target <= 100 KB")
    finally:
        shutil.rmtree(out, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="scale only to 1,000 lessons; 3 rounds")
    parser.add_argument("--rounds", type=int, default=5, help="alternating rounds for the comparison")
    parser.add_argument("--child", nargs=3, metavar=("MEASUREMENT", "ROOT", "OUT"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        name, root, out = args.child
        print(json.dumps(MEASUREMENTS[name](root, out)))
        return
    rounds = 3 if args.quick else args.rounds
    print(f"dcp-course build benchmark (issue #15): {os.cpu_count()} cores, Python {sys.version.split()[0]}\n")
    work = Path(tempfile.mkdtemp(prefix="bench-courses-"))
    try:
        compare(work, rounds)
        scaling(work, SCALING_MODULES[:-1] if args.quick else SCALING_MODULES)
        real_course(rounds)
        print(f"  one-edit rebuild in preview {1000 * child('edit', REPO)['wall_s']:.0f} ms   target <= 150 ms\n")
        package_weight()
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
