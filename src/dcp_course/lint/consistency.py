"""Figures and choices that must agree across the course: minutes, scoring rules, source years."""

from __future__ import annotations

from collections import Counter
from urllib.parse import urlsplit

from ..source.checks import questions_with_loc
from ..source.final.pool import final_pool
from ..source.kinds import kind_of
from ..source.loaded import CourseSource, ModuleSource
from ..source.model import MultipleResponse, Scoring
from .answer_keys import shorten
from .findings import Finding, Loc, finding


def consistency_findings(source: CourseSource) -> list[Finding]:
    return [*course_minutes_findings(source), *quiz_minutes_findings(source), *mixed_scoring_findings(source),
            *source_year_findings(source)]


def _place(loaded: ModuleSource, loc: Loc) -> str:
    line, _ = loaded.doc.locate(loc)
    return f"{loaded.folder}/{loaded.path.name}:{line}"


# ---------------------------------------------------------------- minutes


def course_minutes_findings(source: CourseSource) -> list[Finding]:
    """The course's minutes are exactly its modules' plus the final's: the LMS reads only the course's."""
    modules = sum(loaded.module.minutes for loaded in source.modules)
    final = source.course.final
    final_minutes = (final.minutes or 0) if final is not None else 0
    minutes = source.course.minutes
    if minutes == modules + final_minutes:
        return []
    parts = f"the {len(source.modules)} modules add up to {modules}"
    if final is not None:
        parts += f" and the final assessment takes {final_minutes}" if final.minutes else \
            " and the final assessment gives no minutes"
    return [finding(source.doc, ("minutes",), "course-minutes", f"minutes is {minutes}, but {parts}",
                    f"write minutes: {modules + final_minutes}, or correct the modules' or the final's; the home "
                    "page shows the modules' figures and the LMS reads the course's")]


def _quiz_minutes(loaded: ModuleSource) -> tuple[int, str] | None:
    """The quiz's minutes and where they come from, or None when its lessons leave them unknown."""
    module, quiz = loaded.module, loaded.module.quiz
    assert quiz is not None
    if quiz.minutes is not None:
        return quiz.minutes, ""
    if any(lesson.minutes is None for lesson in module.lessons):
        return None
    spent = sum(lesson.minutes or 0 for lesson in module.lessons)
    return module.minutes - spent, f" (no quiz minutes: the module's {module.minutes} less its lessons' {spent})"


def quiz_minutes_findings(source: CourseSource) -> list[Finding]:
    """A graded quiz needs at least a minute per question it asks."""
    found = []
    for loaded in source.modules:
        quiz = loaded.module.quiz
        known = _quiz_minutes(loaded) if quiz is not None else None
        if quiz is None or known is None:
            continue
        minutes, derived = known
        asked = min(quiz.draw or len(quiz.questions), len(quiz.questions))
        # a minute a question, a practical task its own minutes; a draw may hold the longest ones
        needed = sum(sorted((kind_of(q).minutes(q) for q in quiz.questions), reverse=True)[:asked])
        if minutes < needed:
            where: Loc = ("quiz", "minutes") if quiz.minutes is not None else ("minutes",)
            tasks = needed > asked
            those = f"{asked} questions" + (f", which need {needed} with its practical tasks' minutes" if tasks else "")
            found.append(finding(
                loaded.doc, where, "quiz-minutes",
                f"the quiz gives {minutes} minutes to {those}{derived}",
                f"allow at least a minute a question and a task's minutes: quiz minutes: {needed}, counted in "
                "the module's minutes" if tasks else
                f"allow at least a minute a question: quiz minutes: {asked}, counted in the module's minutes"))
    final = source.course.final
    if final is not None:
        asked = len(final_pool(source.modules))
        asked = min(final.draw or asked, asked)
        if final.minutes is None:
            found.append(finding(source.doc, ("final",), "quiz-minutes",
                                 f"the final assessment gives no minutes for its {asked} questions",
                                 f"write minutes: {asked} or more under final, and count them in the course's"))
        elif final.minutes < asked:
            found.append(finding(source.doc, ("final", "minutes"), "quiz-minutes",
                                 f"the final assessment gives {final.minutes} minutes to {asked} questions",
                                 f"allow at least a minute a question: minutes: {asked}"))
    return found


# ---------------------------------------------------------------- scoring


def _multiple_response(source: CourseSource) -> list[tuple[ModuleSource, Loc, MultipleResponse]]:
    return [(loaded, loc, question) for loaded in source.modules
            for question, loc in questions_with_loc(loaded) if isinstance(question, MultipleResponse)]


def _question_name(loaded: ModuleSource, loc: Loc, question: MultipleResponse) -> str:
    if question.id is not None:
        return f"multiple-response question {question.id!r}"
    # only a lesson's check may go without an id; validation requires one in a quiz
    return f"the multiple-response check in lesson {loaded.module.lessons[int(loc[1])].id!r}"


def mixed_scoring_findings(source: CourseSource) -> list[Finding]:
    questions = _multiple_response(source)
    counts: Counter[Scoring] = Counter(question.scoring for _, _, question in questions)
    if len(counts) < 2:
        return []
    # On a tie the rule of the course's first multiple-response question stands (Counter keeps
    # first-seen order among equal counts).
    usual, usual_count = counts.most_common(1)[0]
    found = []
    for loaded, loc, question in questions:
        if question.scoring == usual:
            continue
        written = "scoring" in question.model_fields_set
        found.append(finding(
            loaded.doc, (*loc, "scoring" if written else "multiple"), "mixed-scoring",
            f"{_question_name(loaded, loc, question)} is scored {question.scoring}, but {usual_count} "
            f"of the course's {len(questions)} multiple-response questions are scored {usual}",
            f"write scoring: {usual}; one rule for the whole course, so learners know what a half-right "
            "answer earns"))
    return found


# ---------------------------------------------------------------- sources


def _address(url: str) -> str:
    """A URL as a key: scheme, fragment, host case and a trailing slash make no other page."""
    parts = urlsplit(url.strip())
    query = f"?{parts.query}" if parts.query else ""
    return f"{parts.netloc.lower()}{parts.path.rstrip('/')}{query}"


def source_year_findings(source: CourseSource) -> list[Finding]:
    first: dict[str, tuple[ModuleSource, Loc, int]] = {}
    found = []
    for loaded in source.modules:
        for i, cited in enumerate(loaded.module.sources):
            if cited.url is None:
                continue
            key = _address(cited.url)
            loc: Loc = ("sources", i, "year")
            if key not in first:
                first[key] = (loaded, loc, cited.year)
                continue
            other, other_loc, other_year = first[key]
            if cited.year != other_year:
                found.append(finding(
                    loaded.doc, loc, "source-year-mismatch",
                    f"{shorten(cited.url, 60)!r} is cited here as {cited.year}, "
                    f"but as {other_year} at {_place(other, other_loc)}",
                    "give one address one year: when that page was published or last updated"))
    return found
