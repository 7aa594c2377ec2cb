#!/usr/bin/env python3
"""Translation figures for the real course: XLIFF export and import time, and what N languages cost.

    python bench/translation.py            # export/import median of 5, builds of 1, 2 and 3 languages

Figures, not tests: nothing asserts a time. The course is copied to a temporary folder, given
`languages: [en, de, nl]` and a filled German and Dutch translation (through the export file,
every unit, interface words included), then built; the issues ask for export/import well under a
second and N languages at about N times one language.
"""

from __future__ import annotations

import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))

from dcp_course.build import build  # noqa: E402
from dcp_course.source.load import load_course  # noqa: E402
from dcp_course.translate.exchange import export_document, import_document  # noqa: E402
from dcp_course.translate.fill import fill_export  # noqa: E402

RUNS = 5


def median_seconds(action: Callable[[], object], runs: int = RUNS) -> float:
    return median_times(action, runs)[0]


def median_times(action: Callable[[], object], runs: int = RUNS) -> tuple[float, float]:
    """Median wall and CPU seconds: CPU time is the steadier figure on a shared machine."""
    walls, cpus = [], []
    for _ in range(runs):
        start, start_cpu = time.perf_counter(), time.process_time()
        action()
        walls.append(time.perf_counter() - start)
        cpus.append(time.process_time() - start_cpu)
    return statistics.median(walls), statistics.median(cpus)


def filled(document: bytes, language: str) -> bytes:
    return fill_export(document, lambda unit: f"{language.upper()}: {unit.source}")


def main() -> None:
    with tempfile.TemporaryDirectory() as scratch:
        root = Path(scratch) / "course"
        for folder in ("course", "modules"):
            shutil.copytree(REPO / folder, root / folder)
        course_file = root / "course" / "course.yaml"
        course_file.write_text(course_file.read_text(encoding="utf-8").replace(
            "language: en\n", "language: en\nlanguages: [en, de, nl]\n", 1), encoding="utf-8")
        source = load_course(root)
        export_wall, export_cpu = median_times(lambda: export_document(source, "de"))
        german = filled(export_document(source, "de"), "de")
        import_wall, import_cpu = median_times(lambda: import_document(source, german, "de.xlf"))
        import_document(source, filled(export_document(source, "nl"), "nl"), "nl.xlf")
        print(f"export (whole course, {len(german):,} bytes): {export_wall * 1000:.0f} ms wall, "
              f"{export_cpu * 1000:.0f} ms CPU (medians of {RUNS})")
        print(f"import (checked and stored): {import_wall * 1000:.0f} ms wall, {import_cpu * 1000:.0f} ms CPU "
              f"(medians of {RUNS})")
        single = None
        for languages in (("en",), ("en", "de"), ("en", "de", "nl")):
            seconds = median_seconds(lambda languages=languages: build(root, Path(scratch) / "dist", (), None,
                                                   languages=languages), runs=3)
            single = single or seconds
            print(f"build, {len(languages)} language(s), every output: {seconds:.2f} s "
                  f"({seconds / single:.2f} x one language)")


if __name__ == "__main__":
    main()
