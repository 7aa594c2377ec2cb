"""The runtime's scoring rules (templates/js/scoring.js `scoreResponse`) in Python, one per kind.

Responses are scored again with today's answer keys, so that every LMS's results are scored
alike (Moodle's report has no score per answer, only correct or wrong) and partial credit counts
as the learner's player counted it. tests/unit/test_results_scoring.py runs both on the same
cases and requires the same fractions; kinds.RESPONSE_READERS says which rule scores which kind.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any

Data = dict[str, Any]
_SPACE = re.compile(r"\s+")
_DECIMAL = re.compile(r"([+-]?)(\d*)(?:[.,](\d*))?")


def collapse(text: str) -> str:
    """templates/js/text.js `collapse`: whitespace runs as one space, trimmed, NFC."""
    return unicodedata.normalize("NFC", _SPACE.sub(" ", text).strip())


def decimal_text(typed: str) -> str | None:
    """templates/js/scoring.js `decimalText`: a typed number ("1,50", " 007") as the plain decimal
    "1.5" / "7", or None when it is not a number."""
    found = _DECIMAL.fullmatch(_SPACE.sub("", typed))
    if found is None or not (found.group(2) or found.group(3)):
        return None
    whole = found.group(2).lstrip("0") or "0"
    fraction = (found.group(3) or "").rstrip("0")
    text = f"{whole}.{fraction}" if fraction else whole
    return f"-{text}" if found.group(1) == "-" and any(c in "123456789" for c in text) else text


def branch_points(data: Data, response: str) -> int:
    step = data["start"]
    points = 0
    for chosen in response:
        option = next((o for o in data["steps"].get(step, []) if o["id"] == chosen), None)
        if option is None:
            break
        points += option["points"]
        step = option["next"]
        if not step:
            break
    return int(points)


def single(data: Data, response: str) -> float:
    return 1.0 if any(c["id"] == response and c["correct"] for c in data["choices"]) else 0.0


def multiple(data: Data, response: str) -> float:
    chosen = set(response)
    correct = [c["id"] for c in data["choices"] if c["correct"]]
    right = sum(1 for c in correct if c in chosen)
    wrong = sum(1 for c in data["choices"] if not c["correct"] and c["id"] in chosen)
    if data["scoring"] == "partial" and correct:
        return max(0.0, (right - wrong) / len(correct))
    return 1.0 if right == len(correct) and wrong == 0 else 0.0


def truefalse(data: Data, response: str) -> float:
    return 1.0 if response != "" and (response == "t") == data["answer"] else 0.0


def match(data: Data, response: str) -> float:
    right = wrong = 0
    for i, pair in enumerate(data["pairs"]):
        given = response[i] if i < len(response) else "-"
        if given == pair["right"]:
            right += 1
        elif given != "-":
            wrong += 1
    if data["scoring"] == "partial":
        return max(0.0, (right - wrong) / len(data["pairs"]))
    return 1.0 if right == len(data["pairs"]) else 0.0


def order(data: Data, response: str) -> float:
    return 1.0 if response == "".join(data["items"]) else 0.0


def fill(data: Data, response: str) -> float:
    typed = collapse(response)
    if not typed:
        return 0.0

    def same(answer: str) -> bool:
        expected = collapse(answer)
        return typed == expected if data["caseSensitive"] else typed.lower() == expected.lower()

    return 1.0 if any(same(answer) for answer in data["answers"]) else 0.0


def branching(data: Data, response: str) -> float:
    maximum = data["maxPoints"]
    return min(1.0, branch_points(data, response) / maximum) if maximum > 0 else 0.0


def numeric(data: Data, response: str) -> float:
    text = decimal_text(response)
    # the build writes the bounds as decimals, so "0.4" typed equals the bound "0.4" exactly
    return 1.0 if text is not None and float(data["min"]) <= float(text) <= float(data["max"]) else 0.0


def task(data: Data, response: str) -> float:
    """The checklist items ticked once submitted ("s101|text"), as scoring.js's task rule."""
    head, bar, _ = response.partition("|")
    if not bar or not head.startswith("s") or not data["checklist"]:
        return 0.0
    ticks = head[1:]
    return sum(1 for i in range(len(data["checklist"])) if ticks[i:i + 1] == "1") / len(data["checklist"])
