"""How each question kind's answers come back from an LMS: one table, keyed by the kind's name.

The runtime records a response as a SCORM interaction pattern (templates/js/tracker.js): SCORM 1.2
joins with "," and ".", SCORM 2004 (and xAPI, which cmi5.js sends) with "[,]" and "[.]":

    single      a                     multiple   a,c  |  a[,]c
    truefalse   t / f  |  true/false  order      c,a,b  |  c[,]a[,]b
    match       1.b,2.a  |  1[.]b[,]2[.]a     (left item number, right choice letter)
    fill        the typed text        branching  s1.a,s2.b  |  s1.a;s2.b  |  s1[.]a[,]s2[.]b

Each reader turns a pattern into the runtime's compact response (templates/js/scoring.js: "ac",
"t", "ba-", "cab", the text, the option letters along the path, the number), checked against today's question;
a pattern that does not fit is None, said so by the caller and never guessed at. A kind missing
here (one added to the course later) is reported as not read, never scored; a kind whose reader
says it is not `analysed` (a practical task: written answers a trainer reads) is reported as such.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from ..source.model import QuestionBase
from . import scoring

Data = dict[str, Any]  # a question's runtime data (render.questions.question_data)


@dataclass(frozen=True)
class Option:
    id: str  # as in the compact response: a choice letter, or t / f
    label: str
    correct: bool


@dataclass(frozen=True)
class KindReader:
    parse: Callable[[str, Data], str | None]  # recorded pattern -> compact response, None when it does not fit
    score: Callable[[Data, str], float]  # compact response -> the fraction of the points it earns (scoring.py)
    options: Callable[[QuestionBase, Data], list[Option]]  # what a learner picks from ([] when not picked)
    chosen: Callable[[str], frozenset[str]]  # option ids in a compact response
    describe: Callable[[str, Data], str]  # a compact response as a trainer reads it
    distractors: bool = False  # its wrong options are distractors whose choosing is worth counting
    typed: bool = False  # responses are learners' own words: shown only when enough learners gave them
    analysed: bool = True  # False: a written answer a trainer reads (a practical task), never item-analysed


def items_of(pattern: str) -> list[str]:
    return pattern.split("[,]") if "[,]" in pattern else pattern.split(",")


def pair_of(text: str) -> tuple[str, str] | None:
    left, dot, right = text.partition("[.]") if "[.]" in text else text.rpartition(".")
    return (left, right) if dot and left and right else None


def plain(text: str, limit: int = 80) -> str:
    folded = " ".join(str(text).split())
    return folded if len(folded) <= limit else folded[:limit - 1] + "…"


def _choice_ids(data: Data) -> list[str]:
    return [choice["id"] for choice in data.get("choices", [])]


def _single(pattern: str, data: Data) -> str | None:
    return pattern if pattern in _choice_ids(data) else None


def _multiple(pattern: str, data: Data) -> str | None:
    ids = _choice_ids(data)
    items = items_of(pattern)
    if len(set(items)) != len(items) or not all(item in ids for item in items):
        return None
    return "".join(sorted(items, key=ids.index))


def _truefalse(pattern: str, data: Data) -> str | None:
    return {"t": "t", "true": "t", "f": "f", "false": "f"}.get(pattern.strip())


def _match(pattern: str, data: Data) -> str | None:
    rights: dict[str, str | None] = {pair["left"]: None for pair in data["pairs"]}
    letters = {pair["right"] for pair in data["pairs"]}
    for item in items_of(pattern):
        pair = pair_of(item)
        if pair is None or pair[0] not in rights or rights[pair[0]] is not None or pair[1] not in letters:
            return None
        rights[pair[0]] = pair[1]
    return "".join(right or "-" for right in rights.values())


def _order(pattern: str, data: Data) -> str | None:
    items = items_of(pattern)
    return "".join(items) if sorted(items) == sorted(data["items"]) else None


def _fill(pattern: str, data: Data) -> str | None:
    return pattern


def _numeric(pattern: str, data: Data) -> str | None:
    return scoring.decimal_text(pattern)


def _branching(pattern: str, data: Data) -> str | None:
    parts = pattern.split(";") if ";" in pattern else items_of(pattern)
    step: str | None = data["start"]
    letters = ""
    for part in parts:
        pair = pair_of(part)
        option = next((o for o in data["steps"].get(step, []) if pair and o["id"] == pair[1]), None)
        if pair is None or pair[0] != step or option is None:
            return None
        letters += option["id"]
        step = option["next"]
    return letters


def _choice_options(question: QuestionBase, data: Data) -> list[Option]:
    texts = [choice.text for choice in getattr(question, "choices", [])]
    return [Option(choice["id"], plain(text), bool(choice["correct"]))
            for choice, text in zip(data["choices"], texts, strict=True)]


def _truefalse_options(question: QuestionBase, data: Data) -> list[Option]:
    return [Option("t", "true", data["answer"] is True), Option("f", "false", data["answer"] is False)]


def _no_options(question: QuestionBase, data: Data) -> list[Option]:
    return []


def _letters(response: str) -> frozenset[str]:
    return frozenset(response)


def _whole(response: str) -> frozenset[str]:
    return frozenset([response]) if response else frozenset()


def _as_is(response: str, data: Data) -> str:
    return plain(response)


def _spaced(response: str, data: Data) -> str:
    return " ".join(response)


def _pairs(response: str, data: Data) -> str:
    return " ".join(f"{pair['left']}-{right if right != '-' else 'none'}"
                    for pair, right in zip(data["pairs"], response, strict=False))


def _path(response: str, data: Data) -> str:
    return " > ".join(response)


RESPONSE_READERS: dict[str, KindReader] = {
    "single": KindReader(_single, scoring.single, _choice_options, _letters, _spaced, distractors=True),
    "multiple": KindReader(_multiple, scoring.multiple, _choice_options, _letters, _spaced, distractors=True),
    "truefalse": KindReader(_truefalse, scoring.truefalse, _truefalse_options, _whole, _as_is),
    "match": KindReader(_match, scoring.match, _no_options, _letters, _pairs),
    "order": KindReader(_order, scoring.order, _no_options, _letters, _spaced),
    "fill": KindReader(_fill, scoring.fill, _no_options, _whole, _as_is, typed=True),
    "branching": KindReader(_branching, scoring.branching, _no_options, _letters, _path),
    "numeric": KindReader(_numeric, scoring.numeric, _no_options, _whole, _as_is),
    # the LMS holds a task's text, not the checklist ticks: reported as not item-analysed
    "task": KindReader(_fill, scoring.task, _no_options, _whole, _as_is, typed=True, analysed=False),
}
