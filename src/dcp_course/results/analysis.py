"""The item analysis: today's sources and the recorded answers in, a Report out (see itemstats
for the formulas and flags for the thresholds). Pure: nothing here reads files or prints.

Privacy: a quiz taken by fewer learners than Thresholds.min_group, and a question answered by
fewer, is counted but not described; a wrong typed answer is shown only when at least that many
learners typed it.
"""

from __future__ import annotations

import math
import statistics
from collections import Counter
from dataclasses import replace

from ..comments.report import quoted
from .answers import ResultsFile
from .cohort import Cohort, QuizCohort, Scored, build_cohort, unique_answers
from .course_index import CourseIndex, QuestionEntry
from .flags import item_flags
from .itemstats import correlation, cronbach_alpha, facility, histogram, is_dichotomous, upper_lower
from .kinds import RESPONSE_READERS, plain
from .model import GroupFacility, InputSummary, ItemReport, OptionCount, QuizReport, Report, Thresholds

COMMON_WRONG = 3  # wrong responses listed per question of a kind without choices
UNKNOWN_IDS_SHOWN = 20


def analyse(index: CourseIndex, files: list[ResultsFile], limits: Thresholds) -> Report:
    cohort = build_cohort(index, unique_answers(files))
    quizzes = tuple(quiz_report(index, cohort, cohort.quizzes[quiz_id], limits)
                    for quiz_id in index.quizzes if quiz_id in cohort.quizzes)
    items = [item for quiz in quizzes for item in quiz.items if item.facility is not None]
    objectives = _groups([(objective, item) for item in items for objective in item.question.objectives],
                         {key: plain(text, 100) for key, (text, _) in index.objectives.items()})
    modules = _groups([(item.question.module_id, item) for item in items], index.modules)
    return Report(
        course_id=index.course_id, version=index.version,
        inputs=tuple(InputSummary(f.name, f.source, len(f.answers)) for f in files),
        thresholds=limits, learners=len(cohort.learners), quizzes=quizzes,
        objectives=objectives, modules=modules, notes=tuple(_notes(files, cohort, quizzes, limits)),
    )


def _notes(files: list[ResultsFile], cohort: Cohort, quizzes: tuple[QuizReport, ...], limits: Thresholds) -> list[str]:
    notes = [note for f in files for note in f.notes]
    if cohort.unknown_ids:
        ids = [quoted(i) for i in sorted(cohort.unknown_ids)]
        shown = ", ".join(ids[:UNKNOWN_IDS_SHOWN]) + (f" and {len(ids) - UNKNOWN_IDS_SHOWN} more" if len(ids) > UNKNOWN_IDS_SHOWN else "")
        notes.append(f"{len(ids)} question id(s) in the results are not quiz questions of today's sources "
                     f"(removed or renamed since?); their {sum(cohort.unknown_ids.values())} answer(s) are "
                     f"not analysed: {shown}")
    for quiz in quizzes:
        if quiz.withheld:
            notes.append(f"{quiz.quiz.title}: {quiz.learners} learner(s), fewer than {limits.min_group}: "
                         "not reported separately")
        for question_id, kind in quiz.unread_kinds:
            if kind in RESPONSE_READERS:  # read, but not a kind item analysis applies to
                notes.append(f"{quiz.quiz.title}: {question_id} is a {kind!r} question, written answers a trainer "
                             "reads: not item-analysed")
            else:
                notes.append(f"{quiz.quiz.title}: {question_id} is a {kind!r} question, whose responses this "
                             "version of dcp-course does not read: not analysed")
    return notes


def _groups(pairs: list[tuple[str, ItemReport]], titles: dict[str, str]) -> tuple[GroupFacility, ...]:
    grouped: dict[str, list[float]] = {}
    for key, item in pairs:
        if item.facility is not None:
            grouped.setdefault(key, []).append(item.facility)
    return tuple(GroupFacility(key, titles.get(key, key), len(grouped[key]), statistics.fmean(grouped[key]))
                 for key in titles if key in grouped)


def quiz_report(index: CourseIndex, cohort: Cohort, taken: QuizCohort, limits: Thresholds) -> QuizReport:
    quiz = taken.quiz
    learners = sorted(taken.first)
    unread = tuple(sorted((qid, kind) for (quiz_id, qid), kind in cohort.unread_kinds.items() if quiz_id == quiz.id))
    if len(learners) < limits.min_group:
        return QuizReport(quiz, len(learners), True, (), None, "", "", None, (), None, taken.later_attempts, unread)
    points: dict[int, tuple[float, float]] = {}
    for learner in learners:
        answered = taken.first[learner]
        points[learner] = (math.fsum(index.questions[q].weight * s.fraction for q, s in answered.items()),
                           float(sum(index.questions[q].weight for q in answered)))
    percents = [math.floor(got / out * 100 + 1e-9) for got, out in points.values()]
    answered_ids = [qid for qid in quiz.question_ids if any(qid in taken.first[learner] for learner in learners)]
    items = tuple(item_report(index.questions[qid], taken, learners, points, cohort, limits) for qid in answered_ids)
    reliability, name, note = _reliability(taken, learners, answered_ids, limits)
    return QuizReport(
        quiz=quiz, learners=len(learners), withheld=False, items=items,
        reliability=reliability, reliability_name=name, reliability_note=note,
        mean_score=statistics.fmean(percents), histogram=tuple(histogram(percents)),
        pass_rate=sum(1 for p in percents if p >= quiz.pass_mark) / len(percents),
        later_attempts=taken.later_attempts, unread_kinds=unread,
    )


def _reliability(taken: QuizCohort, learners: list[int], item_ids: list[str],
                 limits: Thresholds) -> tuple[float | None, str, str]:
    complete = [learner for learner in learners if all(q in taken.first[learner] for q in item_ids)]
    if len(complete) < max(limits.min_group, 2):
        drawn = (f" (each attempt draws {taken.quiz.per_attempt} of {len(taken.quiz.question_ids)})"
                 if taken.quiz.per_attempt < len(taken.quiz.question_ids) else "")
        return None, "", f"not computed: {len(complete)} learner(s) answered every question{drawn}"
    rows = [[taken.first[learner][q].fraction for q in item_ids] for learner in complete]
    name = "KR-20" if is_dichotomous(rows) else "Cronbach's alpha"
    alpha = cronbach_alpha(rows)
    note = f"over {len(complete)} learner(s) who answered all {len(item_ids)} question(s)"
    return alpha, name, note if alpha is not None else "not computed: every learner has the same score"


def item_report(question: QuestionEntry, taken: QuizCohort, learners: list[int],
                points: dict[int, tuple[float, float]], cohort: Cohort, limits: Thresholds) -> ItemReport:
    answers: list[tuple[int, Scored]] = [(learner, taken.first[learner][question.id])
                                         for learner in learners if question.id in taken.first[learner]]
    scores = [scored.fraction for _, scored in answers]
    key = (taken.quiz.id, question.id)
    withheld = len(answers) < limits.min_group
    rest_pairs = []
    for (learner, scored) in answers:
        got, out = points[learner]
        if out - question.weight > 0:
            rest_pairs.append((scored.fraction, (got - question.weight * scored.fraction) / (out - question.weight)))
    latencies = [scored.latency for _, scored in answers if scored.latency is not None]
    read = [scored for _, scored in answers if scored.response]
    options, wrong, typed_withheld = _responses(question, read, limits) if not withheld else ((), (), 0)
    item = ItemReport(
        quiz=taken.quiz, question=question, responses=len(answers), withheld=withheld,
        facility=None if withheld else facility(scores),
        discrimination=None if withheld else correlation([x for x, _ in rest_pairs], [r for _, r in rest_pairs]),
        upper_lower=None if withheld else upper_lower(scores, [points[learner][0] / points[learner][1] for learner, _ in answers]),
        mean_latency=statistics.fmean(latencies) if latencies and not withheld else None,
        unanswered=sum(1 for _, scored in answers if scored.response == ""), read=len(read),
        options=options, common_wrong=wrong, typed_withheld=typed_withheld,
        not_understood=cohort.not_understood[key], disagreements=cohort.disagreements[key], flags=(),
    )
    return replace(item, flags=item_flags(item, limits))


def _responses(question: QuestionEntry, read: list[Scored],
               limits: Thresholds) -> tuple[tuple[OptionCount, ...], tuple[tuple[str, int], ...], int]:
    """Counts per choice, or the commonest wrong responses; typed ones only when enough learners typed them."""
    reader = RESPONSE_READERS[question.kind]
    options = reader.options(question.question, question.data)
    if options:
        picked = Counter(option for scored in read for option in reader.chosen(scored.response or ""))
        return tuple(OptionCount(o.id, o.label, o.correct, picked[o.id], picked[o.id] / len(read) if read else 0.0)
                     for o in options), (), 0
    wrong = Counter(reader.describe(scored.response or "", question.data) for scored in read if scored.fraction < 1)
    ranked = sorted(wrong.items(), key=lambda pair: (-pair[1], pair[0]))
    if reader.typed:
        shown = [pair for pair in ranked if pair[1] >= limits.min_group]
        return (), tuple(shown[:COMMON_WRONG]), sum(n for _, n in ranked if n < limits.min_group)
    return (), tuple(ranked[:COMMON_WRONG]), 0
