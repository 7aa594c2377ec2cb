"""Synthetic courses of any size for the scaling benchmark, written on the fly."""

from __future__ import annotations

import shutil
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
PARAGRAPH = ("Community officers listen first, then act. They keep their promises, explain what they do "
             "and why, and pass concerns on to the partner best placed to help. ") * 3


def module_yaml(index: int) -> str:
    prefix = f"s{index}"
    lessons = "".join(f"""
  - id: {prefix}-lesson-{n}
    title: Lesson {n} of module {index}
    minutes: 5
    blocks:
      - text: |
          {PARAGRAPH}

          {PARAGRAPH}
      - keypoints: [Listen first., Keep promises., Refer early.]
      - callout: {{kind: tip, text: "Write as you would speak to a resident."}}
      - check:
          single: Which comes first?
          choices:
            - {{text: Listening, correct: true, feedback: "Yes: listening earns trust."}}
            - {{text: Posting, feedback: "Posting without listening broadcasts."}}
""" for n in range(1, 5))
    questions = "".join(f"""
    - id: {prefix}-q{n}
      assesses: [{prefix}-obj]
      single: Question {n} of module {index}?
      choices:
        - {{text: Right answer, correct: true, feedback: Because it is right.}}
        - {{text: Wrong answer, feedback: Because it is wrong.}}
""" for n in range(1, 9))
    return f"""id: {prefix}-module
title: Synthetic module {index}
summary: A generated module for the benchmark.
minutes: 30
objectives:
  - id: {prefix}-obj
    text: Do the generated thing.
lessons:{lessons}
quiz:
  questions:{questions}
sources:
  - {{title: Generated, publisher: Bench, year: 2026}}
"""


def make_course(root: Path, modules: int) -> None:
    (root / "course").mkdir(parents=True)
    shutil.copy(REPO / "course" / "media" / "logo.svg", root / "course" / "logo.svg")
    names = [f"{i:02d}-m{i}" if i < 100 else f"{i % 100:02d}-m{i}" for i in range(modules)]
    listed = "\n".join(f"  - {name}" for name in names)
    (root / "course" / "course.yaml").write_text(f"""id: synthetic
title: Synthetic course
version: 1.0.0
language: en
description: Generated for the benchmark.
audience: Benchmarks
minutes: {min(30 * modules, 10000)}
organisation: {{name: Bench Academy, logo: logo.svg}}
modules:
{listed}
""")
    for i, name in enumerate(names):
        folder = root / "modules" / name
        folder.mkdir(parents=True)
        (folder / "module.yaml").write_text(module_yaml(i))
