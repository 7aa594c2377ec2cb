#!/usr/bin/env python3
"""Item-analysis figures: 1,000 learners x 200 questions, from Moodle's report and from an LRS.

    python bench/results.py              # median of 3 rounds
    python bench/results.py --rounds 5 --learners 1000 --modules 10

A course of 10 modules with a 20-question quiz each (tests/results_cohorts.py `planted_course`),
1,000 simulated learners (30 % of the weaker half retaking each quiz once), written as Moodle's
Interactions report (one text file, every column ticked) and as LRS pages of 1,000 statements.
Each round times, in this process after imports: reading the files, the analysis, and each output
format; then the whole command (`dcp-course results ... --format html --out ...`) in a fresh
process, start-up and loading the course included. Wall and CPU time are printed: on a shared
machine the CPU time is the steadier figure. The issue asks for well under a few seconds.

Figures, not tests: nothing here asserts a time.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))
sys.path.insert(0, str(REPO / "tests"))

from results_cohorts import Planted, lrs_pages, moodle_text, planted_course, simulate  # noqa: E402

from dcp_course.commands.results import render  # noqa: E402
from dcp_course.results.analysis import analyse  # noqa: E402
from dcp_course.results.answers import LearnerIds, ResultsFile  # noqa: E402
from dcp_course.results.course_index import CourseIndex  # noqa: E402
from dcp_course.results.inputs import read_results_file  # noqa: E402
from dcp_course.results.model import Thresholds  # noqa: E402
from dcp_course.source.load import load_course  # noqa: E402

STATEMENTS_PER_PAGE = 1000


def timed(action: Callable[[], object]) -> tuple[tuple[float, float], object]:
    """((wall seconds, CPU seconds of this process), what action returned)."""
    start, cpu = time.perf_counter(), time.process_time()
    value = action()
    return (time.perf_counter() - start, time.process_time() - cpu), value


def read_all(paths: list[Path]) -> list[ResultsFile]:
    learners = LearnerIds()
    return [read_results_file(path, i, learners) for i, path in enumerate(paths)]


def write_inputs(folder: Path, learners: int, modules: int) -> tuple[Path, Path, list[Path]]:
    root = planted_course(folder / "course", modules=modules, questions=20)
    planted = Planted(difficulty={f"m{m + 1}-q{k + 1}": (k - 10) / 4 for m in range(modules) for k in range(20)},
                      mis_keyed={"m1-q10": "b"}, never_chosen={"m2-q11": "d"})
    cohort = simulate(load_course(root), learners, planted)
    moodle = folder / "moodle.txt"
    moodle.write_text(moodle_text(cohort), encoding="utf-8")
    pages = []
    for i, page in enumerate(lrs_pages(cohort, per_page=STATEMENTS_PER_PAGE)):
        pages.append(folder / f"statements-{i:03d}.json")
        pages[-1].write_text(page, encoding="utf-8")
    return root, moodle, pages


def children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def command_seconds(root: Path, inputs: list[Path], out: Path) -> tuple[float, float]:
    """(wall, CPU) seconds of the whole command in a fresh process."""
    start, cpu = time.perf_counter(), children_cpu()
    subprocess.run([sys.executable, "-m", "dcp_course", "--root", str(root), "--quiet", "results", *map(str, inputs),
                    "--format", "html", "--out", str(out)], check=True, cwd=REPO)
    return time.perf_counter() - start, children_cpu() - cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--learners", type=int, default=1000)
    parser.add_argument("--modules", type=int, default=10, help="modules of 20 quiz questions each")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as temp:
        folder = Path(temp)
        (simulate_seconds, _), written = timed(lambda: write_inputs(folder, args.learners, args.modules))
        root, moodle, pages = written
        index = CourseIndex(load_course(root))
        questions = len(index.questions)
        mb = sum(p.stat().st_size for p in pages) / 1e6
        print(f"{args.learners} learners x {questions} questions; simulated and written in {simulate_seconds:.1f} s "
              f"(load average {os.getloadavg()[0]:.1f})")
        print(f"  Moodle report: {moodle.stat().st_size / 1e6:.1f} MB; LRS: {len(pages)} pages, {mb:.1f} MB")
        for name, inputs in (("Moodle report", [moodle]), ("LRS pages", pages)):
            figures: dict[str, list[tuple[float, float]]] = {}
            for _ in range(args.rounds):
                seconds, files = timed(lambda inputs=inputs: read_all(inputs))
                figures.setdefault("read", []).append(seconds)
                seconds, report = timed(lambda files=files: analyse(index, files, Thresholds()))
                figures.setdefault("analyse", []).append(seconds)
                for output in ("text", "md", "json", "html"):
                    seconds, _ = timed(lambda output=output, report=report: render(report, output))
                    figures.setdefault(output, []).append(seconds)
                figures.setdefault("whole command, html", []).append(command_seconds(root, inputs, folder / "r.html"))
            answers = sum(len(f.answers) for f in files)
            print(f"{name} ({answers} recorded answers), median of {args.rounds}, wall / CPU:")
            for step, values in figures.items():
                wall = statistics.median(v[0] for v in values)
                cpu = statistics.median(v[1] for v in values)
                print(f"  {step:22} {wall:6.3f} s / {cpu:6.3f} s")


if __name__ == "__main__":
    main()
