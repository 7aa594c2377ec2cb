"""Answer keys that undo their own question: two best options, a fill-in answer that repeats its stem."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Literal

from ..source.checks import questions_with_loc
from ..source.loaded import CourseSource, ModuleSource
from ..source.model import Branching, FillIn, Scenario
from .findings import Finding, Loc, finding

_WORD = re.compile(r"\w+(?:['’\-]\w+)*")
BLANK = re.compile(r"_{2,}")
# Between a blank and the word it touches: spaces, quotes, brackets and emphasis marks, never
# sentence punctuation, so "____. Then" does not tie the blank to the next sentence.
_WORD_BEFORE = re.compile(r"(\w+(?:['’\-]\w+)*)[\s\"'“”‘’(\[*]*$")
_WORD_AFTER = re.compile(r"^[\s\"'“”‘’)\]*]*(\w+(?:['’\-]\w+)*)")
# Words too common to mean an answer repeats the stem when they turn up inside it ("head of state"
# after "of ____"); an answer that starts or ends with one still doubles it ("the the data").
STOP_WORDS = frozenset({
    "a", "an", "the", "and", "or", "but", "nor", "of", "to", "in", "on", "at", "by", "for", "from",
    "with", "as", "into", "onto", "than", "that", "this", "these", "those", "it", "its", "is", "are",
    "was", "were", "be", "been", "not", "no", "so", "if", "then", "their", "his", "her", "our", "your",
    "my", "we", "you", "they", "he", "she", "i",
})

Side = Literal["before", "after"]


def answer_key_findings(source: CourseSource) -> list[Finding]:
    found: list[Finding] = []
    for loaded in source.modules:
        for loc, scenario in _scenarios(loaded):
            found += _scenario_findings(loaded, loc, scenario)
        for question, loc in questions_with_loc(loaded):
            if isinstance(question, Branching):
                found += _branching_findings(loaded, loc, question)
            elif isinstance(question, FillIn):
                found += _fill_in_findings(loaded, loc, question)
    return found


def shorten(text: str, limit: int = 40) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit - 3].rstrip() + "..."


def _quoted(texts: list[str]) -> str:
    return ", ".join(repr(shorten(text)) for text in texts)


# ---------------------------------------------------------------- one best option


def _scenarios(loaded: ModuleSource) -> Iterator[tuple[Loc, Scenario]]:
    for i, lesson in enumerate(loaded.module.lessons):
        for j, block in enumerate(lesson.blocks):
            scenario = getattr(block, "scenario", None)
            if scenario is not None:
                yield ("lessons", i, "blocks", j, "scenario"), scenario


def _scenario_findings(loaded: ModuleSource, loc: Loc, scenario: Scenario) -> list[Finding]:
    best = [k for k, option in enumerate(scenario.options) if option.best]
    if len(best) < 2:
        return []
    named = f"scenario {scenario.title!r}" if scenario.title else "this scenario"
    texts = [scenario.options[k].text for k in best]
    return [finding(loaded.doc, (*loc, "options", best[1], "best"), "several-best-options",
                    f"{named} marks {len(best)} options best: {_quoted(texts)}",
                    "keep best: true on the one strongest choice; the page calls every best option "
                    "a strong choice, so learners cannot tell which one the course teaches")]


def path_points(question: Branching) -> dict[tuple[str, int], int]:
    """(step id, option index) -> the most points a learner can still earn by choosing that option."""
    steps = {step.id: step for step in question.steps}
    best_from: dict[str, int] = {}

    def most_from(step_id: str) -> int:
        # validation has already refused loops, so the recursion ends
        if step_id not in best_from:
            best_from[step_id] = max(option.points + (most_from(option.next) if option.next else 0)
                                     for option in steps[step_id].options)
        return best_from[step_id]

    return {(step.id, k): option.points + (most_from(option.next) if option.next else 0)
            for step in question.steps for k, option in enumerate(step.options)}


def _branching_findings(loaded: ModuleSource, loc: Loc, question: Branching) -> list[Finding]:
    points = path_points(question)
    found = []
    for i, step in enumerate(question.steps):
        totals = [points[(step.id, k)] for k in range(len(step.options))]
        top = max(totals)
        best = [k for k, total in enumerate(totals) if total == top]
        # A step where nothing earns points has no best option to be ambiguous about.
        if top == 0 or len(best) < 2:
            continue
        texts = [step.options[k].text for k in best]
        found.append(finding(
            loaded.doc, (*loc, "steps", i, "options", best[1]), "several-best-options",
            f"step {step.id!r} has {len(best)} best options, each worth {top} points on its best path: "
            f"{_quoted(texts)}",
            "give the one strongest option more points; the LMS report and the answer key count only "
            "the first of tied options as correct"))
    return found


# ---------------------------------------------------------------- fill-in answers


def blank_neighbours(stem: str) -> list[tuple[str, Side]]:
    """The word right before and right after each blank (____), as written in the stem."""
    found: list[tuple[str, Side]] = []
    for blank in BLANK.finditer(stem):
        before = _WORD_BEFORE.search(stem[:blank.start()])
        after = _WORD_AFTER.match(stem[blank.end():])
        if before:
            found.append((before.group(1), "before"))
        if after:
            found.append((after.group(1), "after"))
    return found


def repeated_stem_word(stem: str, answer: str) -> tuple[str, Side] | None:
    """The stem word beside the blank that answer repeats, ignoring case, or None."""
    answer_words = [word.casefold() for word in _WORD.findall(answer)]
    if not answer_words:
        return None
    for word, side in blank_neighbours(stem):
        key = word.casefold()
        doubled = answer_words[0 if side == "before" else -1] == key
        if doubled or (key not in STOP_WORDS and key in answer_words):
            return word, side
    return None


def _fill_in_findings(loaded: ModuleSource, loc: Loc, question: FillIn) -> list[Finding]:
    found = []
    for k, answer in enumerate(question.answers):
        repeated = repeated_stem_word(question.fill, answer)
        if repeated is None:
            continue
        word, side = repeated
        reads = f"{word} {answer}" if side == "before" else f"{answer} {word}"
        found.append(finding(
            loaded.doc, (*loc, "answers", k), "fill-repeats-stem",
            f"accepted answer {answer!r} repeats {word!r}, which the stem already has {side} the blank",
            f"accept only the missing words; filled in, the sentence reads {reads!r}"))
    return found
