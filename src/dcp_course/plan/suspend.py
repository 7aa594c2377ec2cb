"""The suspend_data layout the learner runtime writes, and its worst case for one SCO.

tracker.js stores, as compact JSON (JSON.stringify, no spaces):
    {"v":1,"p":"0110…","q":[{"a":attempts,"s":seed,"b":best,"l":last,"r":[response,…],"d":[…]},…]}
`p` has one 0/1 per page of the SCO in order; `q` one entry per quiz of the SCO in order, with
one response string per question in authored order (its form is each kind's `response` in
source/kinds.py); a quiz that draws N of its questions stores the N drawn questions' responses
and "" for the others, in pool order. `d`, the draft, holds the answers given so far while an
attempt is under way (then `r` is empty) and goes on submit.
SCORM 1.2 caps cmi.suspend_data at 4,096 characters, so the build refuses a SCO that could
exceed it. A practical task's written text is the one part the runtime may shorten: when the
state would not fit, tracker.js cuts every task text of the SCO to one length, the longest that
fits; the build counts each at SCORM12_TEXT_KEPT characters, so at least that much is always kept.
"""

from __future__ import annotations

import json

from ..source.kinds import kind_of
from ..source.model import QuestionBase
from .site import Sco

SCORM12_SUSPEND_LIMIT = 4096
SCORM12_TEXT_KEPT = 255  # characters of each task's text SCORM 1.2 suspend data always keeps
MAX_SEED = 2**31 - 1
MAX_ATTEMPTS_STORED = 99


def worst_response(question: QuestionBase, text_kept: int | None = None) -> str:
    """The longest response string the runtime could store for this question; with text_kept, once
    the runtime has cut a written text to that many characters."""
    spec = kind_of(question)
    if text_kept is not None and spec.cut_response is not None:
        return spec.cut_response(question, text_kept)
    return spec.worst_response(question)


def stored_length(response: str) -> int:
    return len(json.dumps(response, ensure_ascii=False))


def worst_case_suspend_length(sco: Sco, text_kept: int | None = None) -> int:
    quizzes = []
    for quiz in sco.quizzes:
        responses = sorted((worst_response(q, text_kept) for q in quiz.questions), key=stored_length, reverse=True)
        # With a pool, every question keeps its place and the undrawn ones store "": the drawn
        # ones are the longest at worst.
        drawn = quiz.draw or len(responses)
        kept = responses[:drawn] + [""] * (len(responses) - drawn)
        # a draft replaces the submitted responses while an attempt is under way: the longer form
        quizzes.append({"a": MAX_ATTEMPTS_STORED, "s": MAX_SEED, "b": 100, "l": 100, "r": [], "d": kept})
    state = {"v": 1, "p": "1" * len(sco.pages), "q": quizzes}
    return len(json.dumps(state, separators=(",", ":"), ensure_ascii=False))
