"""Questions that repeat each other: near-duplicates anywhere in the course, and the same option
scored one way here and another way there."""

from __future__ import annotations

from dataclasses import dataclass

from ..source.loaded import CourseSource
from ..source.model import Branching, MultipleResponse, SingleChoice, question_stem
from .answer_keys import STOP_WORDS
from .findings import Finding, Loc, finding
from .questions import Asked, collapsed, course_questions, plain_words, question_texts

# Two questions are near-duplicates when a third of their content words (stem and options, common
# words left out, crude English endings stripped) are the same. In the course's second edition the
# pairs a subject review called duplicates, or that ask one decision twice, measured 0.35 to 0.47;
# the next pair, a check and a quiz question on different points of one lesson, 0.31.
SIMILAR = 1 / 3
# Words every question asks with, left out beside answer_keys.STOP_WORDS.
QUESTION_WORDS = frozenset({"which", "what", "who", "whom", "whose", "when", "where", "why", "how", "do", "does",
                            "did", "can", "could", "should", "would", "will", "may", "might", "must"})
MIN_WORDS = 6  # a question with fewer content words is compared by its stem only
ENDINGS = ("ings", "ing", "ies", "es", "s", "ed", "ly")
MIN_OPTION_WORDS = 3  # shorter options ("Yes", "None of these") may fairly score differently


def _root(word: str) -> str:
    for ending in ENDINGS:
        if word.endswith(ending) and len(word) - len(ending) >= 4:
            return word[: -len(ending)]
    return word


def content_words(texts: list[str]) -> frozenset[str]:
    return frozenset(_root(word) for text in texts for word in plain_words(text)
                     if word not in STOP_WORDS and word not in QUESTION_WORDS)


def similarity(a: frozenset[str], b: frozenset[str]) -> float:
    """Shared content words over all content words of the two (Jaccard)."""
    return len(a & b) / len(a | b) if a | b else 0.0


def _stem_key(item: Asked) -> str:
    return " ".join(question_stem(item.question).split()).casefold().rstrip(" ?.!:")


def near_duplicate_findings(source: CourseSource) -> list[Finding]:
    """Each question that repeats an earlier one, named beside the earlier one most like it."""
    seen: list[tuple[Asked, frozenset[str], str]] = []
    found = []
    for item in course_questions(source):
        words, stem = content_words(question_texts(item.question)), _stem_key(item)
        scored = [(1.0 if stem == other_stem else
                   similarity(words, other_words) if min(len(words), len(other_words)) >= MIN_WORDS else 0.0, other)
                  for other, other_words, other_stem in seen]
        seen.append((item, words, stem))
        best, other = max(scored, key=lambda pair: pair[0], default=(0.0, None))
        if other is None or best < SIMILAR:
            continue
        alike = "asks the same as" if best == 1.0 else f"shares {best:.0%} of its content words with"
        found.append(finding(
            item.loaded.doc, item.stem_loc, "near-duplicate",
            f"{item.name} {alike} {other.name} at {other.place()}",
            "ask each point once; if both stay, make them test different decisions"))
    return found


# ---------------------------------------------------------------- one option, two scores


@dataclass(frozen=True)
class Scored:
    asked: Asked
    loc: Loc  # the option's text
    credit: int | None  # branching points; None for a choice
    correct: bool

    @property
    def earns(self) -> str:
        if self.credit is None:
            return "correct" if self.correct else "wrong"
        return f"worth {self.credit} point{'s' if self.credit != 1 else ''}"

    def differs(self, other: Scored) -> bool:
        if self.credit is not None and other.credit is not None:
            return self.credit != other.credit
        return self.correct != other.correct


def _options(item: Asked) -> list[tuple[str, Scored]]:
    question = item.question
    if isinstance(question, SingleChoice | MultipleResponse):
        return [(choice.text, Scored(item, (*item.loc, "choices", k, "text"), None, choice.correct))
                for k, choice in enumerate(question.choices)]
    if isinstance(question, Branching):
        return [(option.text, Scored(item, (*item.loc, "steps", i, "options", j, "text"), option.points,
                                     option.points > 0))
                for i, step in enumerate(question.steps) for j, option in enumerate(step.options)]
    return []


def scored_differently_findings(source: CourseSource) -> list[Finding]:
    """An option text scored one way in a question and another way in a later one."""
    first: dict[str, list[Scored]] = {}
    found = []
    for item in course_questions(source):
        for text, scored in _options(item):
            if len(plain_words(text)) < MIN_OPTION_WORDS:
                continue
            earlier = first.setdefault(collapsed(text), [])
            clash = next((o for o in earlier if o.asked.question is not item.question and o.differs(scored)), None)
            earlier.append(scored)
            if clash is None:
                continue
            found.append(finding(
                item.loaded.doc, scored.loc, "option-scored-differently",
                f"option {text!r} is {scored.earns} in {item.name} but {clash.earns} in {clash.asked.name} "
                f"at {clash.asked.place(clash.loc)}",
                "one answer, one verdict across the course: reword the option where the situation differs"))
    return found
