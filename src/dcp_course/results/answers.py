"""What a results file holds once read: recorded answers, neutral of the LMS that recorded them.

No learner's name, e-mail address or account ever gets this far: a reader turns each learner's
identity into a number (`LearnerIds`) and forgets it, so nothing later can print it.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Literal, NamedTuple

Source = Literal["moodle-text", "xapi"]


class RecordedAnswer(NamedTuple):  # a tuple: 1,000 learners x 200 questions make 200,000 of them
    learner: int  # a number standing for the learner; the same learner has the same number in every file
    session: str  # one run of a SCO or AU (a Moodle row's SCO, an xAPI registration's AU): its answers run in order
    order: tuple[str, int]  # sorts a learner's sessions and answers: (attempt or time, position)
    interaction_id: str  # as the LMS stored it: the question id, "final-" + it in the final assessment
    response: str | None  # the response pattern as recorded (unescaped); None when none was recorded
    recorded_correct: bool | None  # the LMS's result: correct, wrong/incorrect, or None (absent, neutral...)
    recorded_score: float | None = None  # 0-1, where the LMS keeps a score per answer (xAPI)
    latency: float | None = None  # seconds, where recorded
    record_id: str = ""  # the LMS's own id for this answer (an xAPI statement id), to drop repeats


@dataclass
class ResultsFile:
    name: str
    source: Source
    answers: list[RecordedAnswer] = field(default_factory=list)
    containers: list[str] = field(default_factory=list)  # SCO titles (Moodle) or cmi5 publisher ids (xAPI)
    voided: set[str] = field(default_factory=set)  # record ids the LMS has withdrawn (xAPI voiding)
    notes: list[str] = field(default_factory=list)  # what the reader left out, and why


class LearnerIds:
    """Numbers for learners, shared by every file of one run; the identities are not kept."""

    def __init__(self) -> None:
        self._numbers: dict[bytes, int] = {}

    def number(self, identity: tuple[str, ...]) -> int:
        # a digest is kept only to find the same learner again; it is never shown or written
        digest = hashlib.blake2b("\x1f".join(identity).encode("utf-8"), digest_size=16).digest()
        return self._numbers.setdefault(digest, len(self._numbers))

    def __len__(self) -> int:
        return len(self._numbers)
