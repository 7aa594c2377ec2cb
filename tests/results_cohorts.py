"""Simulated cohorts with planted properties, written exactly as Moodle and an LRS write results.

A learner has an ability theta ~ N(0, 1); on a question of planted difficulty b they know the answer
with probability 1 / (1 + exp(-1.7 (theta - b))) (a two-parameter logistic model). Knowing, they give
the right answer (for a mis-keyed question: the choice that is truly right, which the key marks
wrong); not knowing, they pick a wrong option (never a planted never-chosen one). A share of learners
takes the quiz again, knowing more: the analysis must ignore those attempts.

Writers, independent of dcp_course.results (they follow the sources named in each):
- `moodle_text`: mod/scorm/report/interactions/classes/report.php with download=CSV, as observed on
  Moodle 4.4 (tests/fixtures/results/README.md): PHP fputcsv with a tab, values through s().
- `lrs_pages`: `GET /statements` pages of an LRS holding what templates/js/cmi5.js sends.
Used by tests/unit/test_results_*.py, tests/e2e/test_results_report.py and bench/results.py.
"""

from __future__ import annotations

import html
import json
import math
import random
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote

from dcp_course.render.questions import question_data
from dcp_course.results.kinds import RESPONSE_READERS
from dcp_course.results.scoring import decimal_text
from dcp_course.source.checks import questions_with_loc
from dcp_course.source.loaded import CourseSource
from dcp_course.targets.cmi5_structure import unit_iri

SLOPE = 1.7
FINAL = "final-assessment"


@dataclass(frozen=True)
class Planted:
    difficulty: dict[str, float] = field(default_factory=dict)  # question id -> b; 0 when not listed
    mis_keyed: dict[str, str] = field(default_factory=dict)  # question id -> the truly right choice letter
    never_chosen: dict[str, str] = field(default_factory=dict)  # question id -> a wrong letter nobody picks
    retake_share: float = 0.3  # learners below the median who take the quiz a second time


@dataclass(frozen=True)
class Answer:
    question_id: str  # as the LMS stores it: "final-" + id in the final assessment
    kind: str
    response: str  # the compact form (scoring.js)
    fraction: float
    latency: float  # seconds
    data: dict[str, Any]


@dataclass
class Attempt:
    """One learner's answers to one SCO in one LMS attempt; each quiz try appended in order."""

    learner: int
    sco: str  # module id or FINAL
    lms_attempt: int
    tries: list[list[Answer]] = field(default_factory=list)


@dataclass
class Cohort:
    learners: int
    scos: list[tuple[str, str]]  # (module id or FINAL, title) in manifest order
    attempts: list[Attempt]
    course_id: str


# ---------------------------------------------------------------- simulation


def _answer(question: Any, data: dict[str, Any], knows: bool, planted: Planted, rng: random.Random) -> str:
    kind = data["kind"]
    qid = data["id"]
    if kind in ("single", "multiple"):
        ids = [c["id"] for c in data["choices"]]
        right = [planted.mis_keyed.get(qid, "")] if qid in planted.mis_keyed else [c["id"] for c in data["choices"] if c["correct"]]
        allowed = [i for i in ids if i != planted.never_chosen.get(qid)]
        if knows:
            return "".join(right)
        wrong = [i for i in allowed if i not in right]
        if kind == "single":
            return rng.choice(wrong)
        return "".join(sorted(set(rng.sample(wrong, 1)) | set(rng.sample(right, max(0, len(right) - 1)))))
    if kind == "truefalse":
        return ("t" if data["answer"] else "f") if knows else ("f" if data["answer"] else "t")
    if kind == "match":
        rights = [p["right"] for p in data["pairs"]]
        return "".join(rights) if knows else "".join(rights[1:] + rights[:1])[:-1] + "-"
    if kind == "order":
        items = data["items"]
        return "".join(items) if knows else "".join(items[::-1])
    if kind == "fill":
        return data["answers"][0].upper() if knows else rng.choice(["Bergen", "Tom & <Jerry>", "don't know"])
    if kind == "numeric":
        return data["answer"].replace(".", ",") if knows else f"{float(data['max']) + 1 + rng.random():.1f}"
    if kind == "task":  # a written answer, its checklist ticked by the learner
        ticks = "".join("1" if knows else rng.choice("01") for _ in data["checklist"])
        return f"s{ticks}|My plan: a named officer, a goal, a way to measure it."
    if kind == "branching":
        steps, step, path = data["steps"], data["start"], ""
        while step:
            options = steps[step]
            best = max(options, key=lambda o: o["points"])
            option = best if knows else min(options, key=lambda o: o["points"])
            path += option["id"]
            step = option["next"]
        return path
    raise ValueError(kind)


def quiz_questions(source: CourseSource, where: str = "quiz") -> dict[str, list[tuple[Any, dict[str, Any]]]]:
    """Module id -> its quiz questions (or, where="final_questions", its final-only ones) with their
    runtime data, in authored order."""
    found: dict[str, list[tuple[Any, dict[str, Any]]]] = {}
    for loaded in source.modules:
        found[loaded.module.id] = [(q, question_data(q, q.id)) for q, loc in questions_with_loc(loaded)
                                   if loc[0] == where and q.id]
    return found


def _take(questions: list[tuple[Any, dict[str, Any]]], theta: float, planted: Planted, rng: random.Random,
          prefix: str = "") -> list[Answer]:
    answers = []
    for question, data in questions:
        b = planted.difficulty.get(data["id"], 0.0)
        knows = rng.random() < 1 / (1 + math.exp(-SLOPE * (theta - b)))
        response = _answer(question, data, knows, planted, rng)
        fraction = RESPONSE_READERS[data["kind"]].score(data, response)
        answers.append(Answer(prefix + data["id"], data["kind"], response, fraction, round(rng.uniform(5, 90), 2), data))
    return answers


def simulate(source: CourseSource, learners: int, planted: Planted, seed: int = 7, final_draw: int = 0) -> Cohort:
    rng = random.Random(seed)
    by_module = quiz_questions(source)
    scos = [(loaded.module.id, loaded.module.title) for loaded in source.modules]
    if final_draw:
        scos.append((FINAL, "Final assessment"))
    final_only = quiz_questions(source, "final_questions")
    pool = [pair for module_id, questions in by_module.items() for pair in [*questions, *final_only[module_id]]]
    abilities = [rng.gauss(0, 1) for _ in range(learners)]
    median = sorted(abilities)[learners // 2]
    attempts = []
    for learner, theta in enumerate(abilities):
        for module_id, questions in by_module.items():
            attempt = Attempt(learner, module_id, 1, [_take(questions, theta, planted, rng)])
            if theta < median and rng.random() < planted.retake_share:
                attempt.tries.append(_take(questions, theta + 1.5, planted, rng))
            attempts.append(attempt)
        if final_draw:
            drawn = sorted(rng.sample(range(len(pool)), final_draw))
            attempts.append(Attempt(learner, FINAL, 1, [_take([pool[i] for i in drawn], theta, planted, rng, "final-")]))
    return Cohort(learners, scos, attempts, source.course.id)


# ---------------------------------------------------------------- SCORM patterns (tracker.js)


def pattern(answer: Answer, dialect: str, correct: bool = False) -> str:
    """The learner response (or, with correct, the correct-response pattern) as tracker.js writes it."""
    data, kind = answer.data, answer.kind
    comma, dot = (",", ".") if dialect == "1.2" else ("[,]", "[.]")
    response = answer.response
    if kind in ("single", "multiple"):
        letters = [c["id"] for c in data["choices"] if c["correct"]] if correct else list(response)
        return comma.join(letters)
    if kind == "truefalse":
        value = data["answer"] if correct else response == "t"
        return ("t" if value else "f") if dialect == "1.2" else ("true" if value else "false")
    if kind == "match":
        rights = [p["right"] for p in data["pairs"]] if correct else list(response)
        return comma.join(f"{i + 1}{dot}{r}" for i, r in enumerate(rights) if r != "-")
    if kind == "order":
        return comma.join(data["items"] if correct else list(response))
    if kind == "fill":
        return data["answers"][0] if correct else response
    if kind == "numeric":  # the tracker sends the typed number as a plain decimal, or nothing
        if correct:
            return data["answer"] if dialect == "1.2" else f"{data['min']}[:]{data['max']}"
        return decimal_text(response) or ""
    if kind == "task":  # the text, without the ticks; no correct pattern
        return "" if correct else response.partition("|")[2]
    if kind == "branching":
        steps, step, pairs = data["steps"], data["start"], []
        for letter in response:
            pairs.append(f"{step}{'[.]' if dialect == 'xapi' else '.'}{letter}")
            step = next(o for o in steps[step] if o["id"] == letter)["next"]
        return {"1.2": ",", "2004": ";", "xapi": "[,]"}[dialect].join(pairs)
    raise ValueError(kind)


# ---------------------------------------------------------------- Moodle's text download


def moodle_escape(value: str) -> str:
    """Moodle's s(): htmlspecialchars with ENT_QUOTES (' as &#039;)."""
    return html.escape(value, quote=True).replace("&#x27;", "&#039;")


def fputcsv(cells: list[str]) -> str:
    """PHP's fputcsv with a tab: a field holding a tab, quote, backslash, line break or space is quoted."""
    def field(cell: str) -> str:
        if any(c in cell for c in '\t"\\\n\r '):
            return '"' + cell.replace('"', '""') + '"'
        return cell
    return "\t".join(field(cell) for cell in cells) + "\n"


def learner_name(learner: int) -> tuple[str, str]:
    return f"Trainee O'Brien-{learner:04d} Müller & Co", f"trainee{learner:04d}@academy.example"


def moodle_text(cohort: Cohort, ticked: tuple[str, ...] = ("Question", "Response", "Right answer", "Result"),
                dialect: str = "1.2", first_number: int = 0, learners_without_attempt: int = 1) -> str:
    interactions: dict[tuple[int, int], dict[str, list[Answer]]] = {}
    for attempt in cohort.attempts:
        row = interactions.setdefault((attempt.learner, attempt.lms_attempt), {})
        row[attempt.sco] = [answer for answer in (a for t in attempt.tries for a in t)]
    n = max((len(answers) for row in interactions.values() for answers in row.values()), default=0)
    header = ["Name", "Email address", "Attempt", "Started on", "Last accessed on", "Score",
              *(title for _, title in cohort.scos)]
    header += [f"{label} {i + first_number}" for i in range(n) for label in ticked]
    lines = [fputcsv(header)]
    wrong = "wrong" if dialect == "1.2" else "incorrect"
    for (learner, lms_attempt), row in sorted(interactions.items()):
        name, email = learner_name(learner)
        cells = [name, moodle_escape(email), str(lms_attempt), "Friday, 4 December 2026, 2:11 PM",
                 "Friday, 4 December 2026, 3:05 PM", "71"]
        for sco, _ in cohort.scos:
            answers = row.get(sco)
            if not answers:
                cells += ["Not attempted"] + [""] * (n * len(ticked))
                continue
            cells.append(str(round(100 * sum(a.fraction for a in answers) / len(answers))))
            for i in range(n):
                answer = answers[i] if i < len(answers) else None
                values = {"Question": answer.question_id if answer else "",
                          "Response": pattern(answer, dialect) if answer else "",
                          "Right answer": pattern(answer, dialect, correct=True) if answer else "",
                          "Result": ("correct" if answer.fraction >= 1 else wrong) if answer else ""}
                cells += [moodle_escape(values[label]) for label in ticked]
        lines.append(fputcsv(cells))
    for extra in range(learners_without_attempt):
        name, email = learner_name(cohort.learners + extra)
        cells = [name, moodle_escape(email), "-", "-", "-", "-"]
        for _ in cohort.scos:
            cells += ["Not attempted"] + [""] * (n * len(ticked))
        lines.append(fputcsv(cells))
    return "".join(lines)


# ---------------------------------------------------------------- an LRS's statements


def _statement(rng: random.Random, cohort: Cohort, attempt: Attempt, answer: Answer, when: int,
               registration: str) -> dict[str, Any]:
    lms_au = f"https://lms.example/activity/{attempt.sco}"
    interaction_type = {"single": "choice", "multiple": "choice", "truefalse": "true-false", "match": "matching",
                        "order": "sequencing", "fill": "fill-in", "branching": "other",
                        "numeric": "numeric", "task": "long-fill-in"}[answer.kind]
    stamp = f"2026-12-04T{9 + when // 3600 % 10:02d}:{when // 60 % 60:02d}:{when % 60:02d}.{when % 1000:03d}Z"
    return {
        "id": str(uuid.UUID(int=rng.getrandbits(128), version=4)),
        "actor": {"objectType": "Agent", "name": learner_name(attempt.learner)[0],
                  "account": {"homePage": "https://lms.example", "name": f"trainee-{attempt.learner}"}},
        "verb": {"id": "http://adlnet.gov/expapi/verbs/answered", "display": {"en-US": "answered"}},
        "object": {"objectType": "Activity", "id": f"{lms_au}#{quote(answer.question_id)}",
                   "definition": {"type": "http://adlnet.gov/expapi/activities/cmi.interaction",
                                  "interactionType": interaction_type,
                                  "correctResponsesPattern": [pattern(answer, "xapi", correct=True)]}},
        "result": {"response": pattern(answer, "2004" if answer.kind != "branching" else "xapi"),
                   "success": answer.fraction >= 1,
                   "score": {"scaled": round(answer.fraction, 4), "raw": round(answer.fraction, 4), "min": 0, "max": 1},
                   "duration": f"PT{answer.latency:.2f}S".replace(".00S", "S")},
        "context": {"registration": registration,
                    "contextActivities": {"grouping": [{"objectType": "Activity", "id": unit_iri(cohort.course_id, attempt.sco)}],
                                          "parent": [{"objectType": "Activity", "id": lms_au}]},
                    "extensions": {"https://w3id.org/xapi/cmi5/context/extensions/sessionid": str(uuid.UUID(int=when))}},
        "timestamp": stamp,
        "stored": stamp,
        "authority": {"objectType": "Agent", "account": {"homePage": "https://lms.example", "name": "lrs"}},
        "version": "1.0.3",
    }


def statements(cohort: Cohort, seed: int = 11) -> list[dict[str, Any]]:
    """Every answered statement, and around them the cmi5-defined ones an LRS also holds."""
    rng = random.Random(seed)
    made = []
    clock = 0
    for attempt in cohort.attempts:
        registration = str(uuid.UUID(int=attempt.learner + 1))
        for answers in attempt.tries:
            for answer in answers:
                clock += 1
                made.append(_statement(rng, cohort, attempt, answer, clock, registration))
            clock += 1
            made.append({"id": str(uuid.UUID(int=rng.getrandbits(128), version=4)),
                         "actor": made[-1]["actor"], "verb": {"id": "http://adlnet.gov/expapi/verbs/passed"},
                         "object": {"id": made[-1]["context"]["contextActivities"]["parent"][0]["id"]},
                         "timestamp": made[-1]["timestamp"]})
    return made


def lrs_pages(cohort: Cohort, per_page: int = 500, seed: int = 11) -> list[str]:
    """The statements as successive `GET /statements` answers, newest first as an LRS orders them."""
    listed = list(reversed(statements(cohort, seed)))
    pages = []
    for start in range(0, len(listed), per_page):
        more = f"/xapi/statements?more={start + per_page}" if start + per_page < len(listed) else ""
        pages.append(json.dumps({"statements": listed[start:start + per_page], "more": more}, separators=(",", ":")))
    return pages


# ---------------------------------------------------------------- a course with planted questions


def planted_course(root: Path, modules: int = 1, questions: int = 12, choices: int = 4) -> Path:
    """A small valid course: `modules` modules, each with a quiz of single-choice questions mNN-qK."""
    (root / "course").mkdir(parents=True)
    names = [f"{m + 1:02d}-planted-{m + 1}" for m in range(modules)]
    (root / "course" / "course.yaml").write_text(
        "id: planted\ntitle: Planted course\nversion: 1.0.0\nlanguage: en\ndescription: Simulated.\n"
        f"audience: Tests\nminutes: {10 * modules}\norganisation:\n  name: Test Academy\n"
        "mastery_score: 60\nmodules:\n" + "".join(f"  - {name}\n" for name in names), encoding="utf-8")
    for m, name in enumerate(names):
        folder = root / "modules" / name
        folder.mkdir(parents=True)
        lines = [f"id: planted-{m + 1}", f"title: Planted module {m + 1}", "summary: Simulated.", "minutes: 10",
                 "objectives:", f"  - {{ id: m{m + 1}-easy, text: Easy things. }}",
                 f"  - {{ id: m{m + 1}-hard, text: Hard things. }}",
                 "lessons:", f"  - id: m{m + 1}-lesson", "    title: A lesson", "    blocks:", "      - text: Read this.",
                 "quiz:", "  attempts: 3", "  questions:"]
        for k in range(questions):
            objective = f"m{m + 1}-easy" if k < questions // 2 else f"m{m + 1}-hard"
            lines += [f"    - id: m{m + 1}-q{k + 1}", f"      assesses: [{objective}]",
                      f"      single: Question {k + 1} of module {m + 1}?", "      choices:"]
            lines += [f"        - {{ text: Choice {c + 1}{', correct: true' if c == 0 else ''} }}" for c in range(choices)]
        (folder / "module.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return root
