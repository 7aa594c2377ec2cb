"""Figures and choices that must agree across the course: minutes, scoring rules, source years."""

from __future__ import annotations

from collections import Counter
from urllib.parse import urlsplit

from ..source.checks import questions_with_loc
from ..source.loaded import CourseSource, ModuleSource
from ..source.model import MultipleResponse, Scoring
from .answer_keys import shorten
from .findings import Finding, Loc, finding

MINUTES_TOLERANCE = 0.10  # course minutes may differ this much from the modules' sum


def consistency_findings(source: CourseSource) -> list[Finding]:
    return [*course_minutes_findings(source), *mixed_scoring_findings(source), *source_year_findings(source)]


def _place(loaded: ModuleSource, loc: Loc) -> str:
    line, _ = loaded.doc.locate(loc)
    return f"{loaded.folder}/{loaded.path.name}:{line}"


# ---------------------------------------------------------------- minutes


def minutes_disagree(course_minutes: int, module_minutes: int) -> bool:
    return abs(course_minutes - module_minutes) > MINUTES_TOLERANCE * module_minutes


def course_minutes_findings(source: CourseSource) -> list[Finding]:
    total = sum(loaded.module.minutes for loaded in source.modules)
    minutes = source.course.minutes
    if not minutes_disagree(minutes, total):
        return []
    return [finding(source.doc, ("minutes",), "course-minutes",
                    f"minutes is {minutes}, but the {len(source.modules)} modules add up to {total}",
                    f"write minutes: {total}, or correct the modules; the home page shows both figures "
                    "and the LMS reads the course's")]


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
