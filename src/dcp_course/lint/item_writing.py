"""Item-writing rules a test writer checks by eye: true/false statements whose wording gives the
answer away, and keyed options that stand out by their length."""

from __future__ import annotations

import math
from collections.abc import Iterable

from ..source.loaded import CourseSource
from ..source.model import MultipleResponse, SingleChoice, TrueFalse
from .findings import Finding, finding
from .prose import english_language
from .questions import Asked, course_questions, plain_words

# English words that make a true/false statement absolute: a test-wise learner answers "false".
ABSOLUTE_WORDS = frozenset({
    "always", "never", "only", "all", "none", "every", "everyone", "everybody", "everything", "nobody",
    "nothing", "must", "entirely", "completely", "totally", "absolutely", "invariably", "solely",
})
# English words that negate a statement: "not false" is easy to misread under time pressure.
NEGATIONS = frozenset({"not", "no", "nor", "neither", "cannot"})

KEY_RATIO = 1.3  # a keyed option this many times as long as the longest distractor stands out ...
KEY_MARGIN = 10  # ... when it is also this many characters longer
PATTERN_FACTOR = 1.5  # course-wide: keys longest in this many times the questions chance predicts ...
PATTERN_DEVIATIONS = 2  # ... and this many standard deviations above it
PATTERN_MINIMUM = 5  # single-choice questions needed before a course-wide share means anything


def item_writing_findings(source: CourseSource) -> list[Finding]:
    asked = list(course_questions(source))
    found = truefalse_findings(asked) if english_language(source.course.language) else []
    return found + key_length_findings(asked)


# ---------------------------------------------------------------- true/false wording


def clue_words(statement: str) -> tuple[list[str], list[str]]:
    """(absolute words, negations) in a statement, each once, in the order written."""
    absolute: list[str] = []
    negated: list[str] = []
    for word in plain_words(statement):
        bare = word.replace("’", "'")
        if word in ABSOLUTE_WORDS and word not in absolute:
            absolute.append(word)
        elif (word in NEGATIONS or bare.endswith("n't")) and word not in negated:
            negated.append(word)
    return absolute, negated


def truefalse_findings(asked: Iterable[Asked]) -> list[Finding]:
    found = []
    for item in asked:
        if not isinstance(item.question, TrueFalse):
            continue
        absolute, negated = clue_words(item.question.truefalse)
        reasons = []
        if absolute:
            reasons.append(f"{_listed(absolute)}, which make{'s' if len(absolute) == 1 else ''} it absolute "
                           "(a test-wise learner answers false)")
        if negated:
            reasons.append(f"{_listed(negated)}, a negation easy to misread")
        if reasons:
            found.append(finding(
                item.loaded.doc, item.stem_loc, "truefalse-clue",
                f"true/false {item.name} says " + "; and ".join(reasons),
                "state one fact plainly and positively, or ask it as a single-choice question"))
    return found


def _listed(words: list[str]) -> str:
    return ", ".join(repr(word) for word in words)


# ---------------------------------------------------------------- keyed options by length


def _length(text: str) -> int:
    return len(" ".join(text.split()))


def key_length_findings(asked: Iterable[Asked]) -> list[Finding]:
    found = []
    single: list[tuple[Asked, bool, int]] = []  # (question, key strictly longest, options)
    for item in asked:
        question = item.question
        if not isinstance(question, SingleChoice | MultipleResponse):
            continue
        keys = [k for k, choice in enumerate(question.choices) if choice.correct]
        distractors = [_length(c.text) for c in question.choices if not c.correct]
        if not keys or not distractors:
            continue
        shortest_key = min(_length(question.choices[k].text) for k in keys)
        longest_distractor = max(distractors)
        if isinstance(question, SingleChoice):
            single.append((item, shortest_key > longest_distractor, len(question.choices)))
        if shortest_key >= KEY_RATIO * longest_distractor and shortest_key - longest_distractor >= KEY_MARGIN:
            which = "the keyed option is" if len(keys) == 1 else "every keyed option is"
            found.append(finding(
                item.loaded.doc, (*item.loc, "choices", keys[0]), "key-longest",
                f"in {item.name} {which} at least {KEY_RATIO}x as long as the longest distractor "
                f"({shortest_key} characters against {longest_distractor})",
                "write distractors as long and as careful as the key, or trim the key: length gives it away"))
    pattern = _key_pattern(single)
    return found + ([pattern] if pattern is not None else [])


def _key_pattern(single: list[tuple[Asked, bool, int]]) -> Finding | None:
    """One finding when keys are the longest option far more often than chance (1/options a question)."""
    if len(single) < PATTERN_MINIMUM:
        return None
    longest = [item for item, is_longest, _ in single if is_longest]
    expected = sum(1 / options for _, _, options in single)
    deviation = math.sqrt(sum((1 / options) * (1 - 1 / options) for _, _, options in single))
    if len(longest) < PATTERN_FACTOR * expected or len(longest) <= expected + PATTERN_DEVIATIONS * deviation:
        return None
    first = longest[0]
    return finding(
        first.loaded.doc, first.stem_loc, "key-longest",
        f"the keyed option is the longest in {len(longest)} of the course's {len(single)} single-choice "
        f"questions ({len(longest) / len(single):.0%}), where chance predicts {expected:.1f} "
        f"({expected / len(single):.0%}): " + ", ".join(item.name for item in longest),
        "vary which option is longest; a learner who picks the longest answer should not pass")
