"""Recorded answers joined with today's sources: each learner's first attempt at each quiz, scored.

Item statistics describe one sitting of a quiz: later attempts follow the feedback of the first,
so they would make every question look easier and blur which ones discriminate. A learner's
answers to one quiz are taken in the order recorded and cut into attempts wherever a question
comes again, the quiz's number of questions per attempt is reached, or another SCO run or
registration begins (the runtime records one attempt's answers together); the first is kept,
the others are counted.

Each response is scored again with today's answer key (kinds.RESPONSE_READERS). Where the LMS
recorded its own result, a disagreement is counted: the key, or the question, changed since.
A response that does not fit today's question is not guessed at: the LMS's own result stands
when there is one, and the response is counted as not understood.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from .answers import RecordedAnswer, ResultsFile
from .course_index import CourseIndex, Item, QuizEntry
from .kinds import RESPONSE_READERS

SCORE_TOLERANCE = 1e-4  # cmi5.js rounds a score to four decimals
ItemKey = tuple[str, str]  # (quiz id, question id)


@dataclass(frozen=True, slots=True)
class Scored:
    fraction: float  # 0-1 of the question's points
    response: str | None  # the compact response ("" unanswered); None when it was not read
    latency: float | None


@dataclass
class QuizCohort:
    quiz: QuizEntry
    first: dict[int, dict[str, Scored]] = field(default_factory=dict)  # learner -> question id -> answer
    later_attempts: int = 0


@dataclass
class Cohort:
    quizzes: dict[str, QuizCohort] = field(default_factory=dict)
    unknown_ids: Counter[str] = field(default_factory=Counter)  # interaction ids today's sources lack
    not_understood: Counter[ItemKey] = field(default_factory=Counter)
    disagreements: Counter[ItemKey] = field(default_factory=Counter)
    unread_kinds: dict[ItemKey, str] = field(default_factory=dict)  # items of kinds no reader knows
    learners: set[int] = field(default_factory=set)


def unique_answers(files: Iterable[ResultsFile]) -> list[RecordedAnswer]:
    """Every file's answers; an answer given twice (overlapping LRS pages) or voided is dropped."""
    files = list(files)
    voided = set().union(*(f.voided for f in files))
    seen: set[str] = set()
    kept = []
    for results in files:
        for answer in results.answers:
            if answer.record_id:
                if answer.record_id in seen or answer.record_id in voided:
                    continue
                seen.add(answer.record_id)
            kept.append(answer)
    return kept


def attempts(answers: list[tuple[RecordedAnswer, Item]], per_attempt: int) -> list[list[tuple[RecordedAnswer, Item]]]:
    """One learner's answers to one quiz, in recorded order, cut into attempts."""
    cut: list[list[tuple[RecordedAnswer, Item]]] = []
    seen: set[str] = set()
    session = None
    for answer, item in sorted(answers, key=lambda pair: pair[0].order):
        if not cut or answer.session != session or item.question.id in seen or len(cut[-1]) >= per_attempt:
            cut.append([])
            seen = set()
            session = answer.session
        cut[-1].append((answer, item))
        seen.add(item.question.id)
    return cut


def build_cohort(index: CourseIndex, answers: Iterable[RecordedAnswer]) -> Cohort:
    cohort = Cohort()
    grouped: dict[tuple[int, str], list[tuple[RecordedAnswer, Item]]] = defaultdict(list)
    for answer in answers:
        item = index.item(answer.interaction_id)
        if item is None:
            cohort.unknown_ids[answer.interaction_id] += 1
            continue
        grouped[(answer.learner, item.quiz.id)].append((answer, item))
    scorer = Scorer(cohort)
    for (learner, quiz_id), given in sorted(grouped.items()):
        quiz = index.quizzes[quiz_id]
        taken = cohort.quizzes.setdefault(quiz_id, QuizCohort(quiz))
        first, *later = attempts(given, quiz.per_attempt)
        taken.later_attempts += len(later)
        scored = {}
        for answer, item in first:
            result = scorer.score(answer, item)
            if result is not None:
                scored[item.question.id] = result
        if scored:
            taken.first[learner] = scored
            cohort.learners.add(learner)
    return cohort


def recorded_fraction(answer: RecordedAnswer) -> float | None:
    if answer.recorded_score is not None:
        return answer.recorded_score
    if answer.recorded_correct is not None:
        return 1.0 if answer.recorded_correct else 0.0
    return None


class Scorer:
    """Scores answers, each distinct (question, response) once: responses repeat a great deal."""

    def __init__(self, cohort: Cohort) -> None:
        self.cohort = cohort
        self.known: dict[tuple[str, str], tuple[str | None, float]] = {}

    def read(self, item: Item, response: str) -> tuple[str | None, float]:
        """(compact response, fraction); (None, 0) when the response does not fit the question."""
        key = (item.question.id, response)
        found = self.known.get(key)
        if found is None:
            reader = RESPONSE_READERS[item.question.kind]
            compact = reader.parse(response, item.question.data)
            found = self.known[key] = (compact, reader.score(item.question.data, compact) if compact is not None else 0.0)
        return found

    def score(self, answer: RecordedAnswer, item: Item) -> Scored | None:
        question = item.question
        key = (item.quiz.id, question.id)
        if question.kind not in RESPONSE_READERS or not RESPONSE_READERS[question.kind].analysed:
            self.cohort.unread_kinds[key] = question.kind
            return None
        if not answer.response:
            # the runtime records no response for an unanswered question; one recorded correct
            # without a response means the LMS did not keep it (its own result then stands)
            recorded = recorded_fraction(answer)
            if recorded is not None and recorded > 0:
                return Scored(recorded, None, answer.latency)
            return Scored(0.0, "", answer.latency)
        compact, fraction = self.read(item, answer.response)
        if compact is None:
            self.cohort.not_understood[key] += 1
            recorded = recorded_fraction(answer)
            return Scored(recorded, None, answer.latency) if recorded is not None else None
        if _disagrees(fraction, answer):
            self.cohort.disagreements[key] += 1
        return Scored(fraction, compact, answer.latency)


def _disagrees(fraction: float, answer: RecordedAnswer) -> bool:
    if answer.recorded_score is not None:
        return abs(fraction - answer.recorded_score) > SCORE_TOLERANCE
    if answer.recorded_correct is not None:
        return (fraction >= 1 - 1e-9) != answer.recorded_correct
    return False
