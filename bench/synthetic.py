"""Synthetic courses of any size for the benchmark, and the same lessons as bare Markdown pages.

Every module has four lessons of about 600 words (two prose blocks, key points, a callout and a
knowledge check) and a four-question graded quiz. The prose is drawn from a fixed vocabulary with
a seeded generator, so every lesson's text differs (no cache can hide the work of rendering it)
and every run writes the same files. The prose uses the course glossary's terms, so linking them
costs what it costs in a real course.

`write_floor_pages` writes each lesson as one Markdown page (same prose, key points, callout and
question), the input of the floor: markdown-it-py + one Jinja template + zipfile.
"""

from __future__ import annotations

import random
import shutil
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
LESSONS_PER_MODULE = 4
QUESTIONS_PER_QUIZ = 4
GLOSSARY = {
    "community officer": "An officer known to and reachable by one neighbourhood.",
    "referral": "Passing a concern to the partner best placed to act on it.",
    "online patrol": "Time an officer spends visibly present on local platforms.",
    "trust": "What residents extend to officers who keep their word.",
    "partnership": "Working arrangements between police, schools, youth work and others.",
    "wellbeing": "The health of the officers who do this work, online and off.",
}
WORDS = ["officers", "residents", "listen", "explain", "neighbourhood", "platform", "message", "school", "youth", "worker", "partner", "concern", "question", "answer", "meeting", "street", "account", "page", "channel", "post", "reply", "follow", "visible", "local", "problem", "solution", "promise", "keep", "early", "calm", "clear", "plain", "careful", "record", "note", "share", "agree", "plan", "week", "evening", "shift", "team", "colleague", "supervisor", "guidance", "rule", "law", "privacy", "data", "consent", "public"]
TERMS = tuple(GLOSSARY)


@dataclass(frozen=True)
class Lesson:
    id: str
    title: str
    prose: tuple[str, str]  # two Markdown blocks of about 270 words each
    keypoints: tuple[str, ...]
    tip: str
    question: str


def sentence(rng: random.Random) -> str:
    words = rng.choices(WORDS, k=rng.randint(9, 15))
    if rng.random() < 0.35:
        words.insert(rng.randrange(len(words)), rng.choice(TERMS))
    if rng.random() < 0.15:
        position = rng.randrange(len(words))
        words[position] = f"*{words[position]}*"
    return " ".join(words).capitalize() + "."


def paragraph(rng: random.Random, words: int) -> str:
    sentences: list[str] = []
    while sum(len(s.split()) for s in sentences) < words:
        sentences.append(sentence(rng))
    return " ".join(sentences)


def lesson(module: int, number: int) -> Lesson:
    rng = random.Random(module * 100 + number)
    prose = tuple("\n\n".join(paragraph(rng, 85) for _ in range(3)) for _ in range(2))
    return Lesson(
        id=f"s{module}-lesson-{number}",
        title=f"Lesson {number} of module {module}",
        prose=(prose[0], prose[1]),
        keypoints=tuple(sentence(rng) for _ in range(3)),
        tip=sentence(rng),
        question=f"In lesson {number} of module {module}, what comes first?",
    )


def lessons_of(module: int) -> list[Lesson]:
    return [lesson(module, n) for n in range(1, LESSONS_PER_MODULE + 1)]


def _quoted(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _block(text: str, indent: str) -> str:
    return "\n".join(indent + line if line else "" for line in text.splitlines())


def module_yaml(index: int) -> str:
    prefix = f"s{index}"
    lessons = "".join(f"""
  - id: {item.id}
    title: {item.title}
    minutes: 5
    blocks:
      - text: |
{_block(item.prose[0], " " * 10)}
      - keypoints: [{", ".join(_quoted(point) for point in item.keypoints)}]
      - callout: {{kind: tip, text: {_quoted(item.tip)}}}
      - text: |
{_block(item.prose[1], " " * 10)}
      - check:
          single: {_quoted(item.question)}
          choices:
            - {{text: Listening, correct: true, feedback: "Yes: listening earns trust."}}
            - {{text: Posting, feedback: "Posting without listening broadcasts."}}
""" for item in lessons_of(index))
    questions = "".join(f"""
    - id: {prefix}-q{n}
      assesses: [{prefix}-obj]
      single: Question {n} of module {index}?
      choices:
        - {{text: Right answer, correct: true, feedback: Because it is right.}}
        - {{text: Wrong answer, feedback: Because it is wrong.}}
""" for n in range(1, QUESTIONS_PER_QUIZ + 1))
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


def glossary_yaml() -> str:
    entries = "".join(f"  - term: {term}\n    definition: {definition}\n" for term, definition in GLOSSARY.items())
    return "terms:\n" + entries


def module_names(modules: int) -> list[str]:
    return [f"{i % 100:02d}-m{i}" for i in range(modules)]


def make_course(root: Path, modules: int) -> None:
    """A course of `modules` modules (4 lessons each) under root: course/ and modules/."""
    (root / "course").mkdir(parents=True)
    shutil.copy(REPO / "course" / "media" / "logo.svg", root / "course" / "logo.svg")
    listed = "\n".join(f"  - {name}" for name in module_names(modules))
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
    (root / "course" / "glossary.yaml").write_text(glossary_yaml())
    for i, name in enumerate(module_names(modules)):
        folder = root / "modules" / name
        folder.mkdir(parents=True)
        (folder / "module.yaml").write_text(module_yaml(i))


def floor_page(item: Lesson) -> str:
    keypoints = "\n".join(f"- {point}" for point in item.keypoints)
    return (f"# {item.title}\n\n{item.prose[0]}\n\n{keypoints}\n\n> **Tip:** {item.tip}\n\n{item.prose[1]}\n\n"
            f"**{item.question}**\n\n- Listening\n- Posting\n")


def write_floor_pages(folder: Path, modules: int) -> list[Path]:
    """The same lessons as one Markdown page each: modules x 4 files, in build order."""
    pages = []
    for i, name in enumerate(module_names(modules)):
        (folder / name).mkdir(parents=True)
        for item in lessons_of(i):
            path = folder / name / f"{item.id}.md"
            path.write_text(floor_page(item), encoding="utf-8")
            pages.append(path)
    return pages
