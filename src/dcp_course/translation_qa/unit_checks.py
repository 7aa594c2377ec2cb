"""Checks on one translated unit against its source: inline tags, text left in the source
language, length, doubled spaces and words."""

from __future__ import annotations

import re

from ..translate.content import Content, Open, Placeholder, tag_names, tags_problem, text_of
from .problem import QaProblem, normal_text

# "More than a few words": shorter texts (names, acronyms, "GAMMMA+") may rightly stay as written.
UNTRANSLATED_MIN_WORDS = 4
# Length of the translation against its source, for sources long enough for a ratio to mean
# something. Agencies' tools flag about half or double; German and French run 15-35 % longer.
LENGTH_MIN_SOURCE_CHARS = 40
LENGTH_RATIO = (0.5, 2.0)
# Words a language rightly writes twice in a row ("die Beamten, die die Schule kennen",
# "vous vous connectez", "dat dat", "wenn Sie sie melden"): a doubled word among these is not a slip.
REPEATABLE_WORDS: dict[str, frozenset[str]] = {
    "de": frozenset({"der", "die", "das", "den", "dem", "des", "sie"}),  # "wenn Sie sie melden"
    "fr": frozenset({"nous", "vous"}),
    "nl": frozenset({"dat", "die", "het"}),  # "omdat het het respect ondermijnt"
    "en": frozenset({"had", "that"}),
}
_WORD = re.compile(r"\w+(?:[-'\u2019]\w+)*")
_DOUBLED_WORD = re.compile(r"(?<![\w-])(\w+)\s+(\1)(?![\w-])", re.IGNORECASE)
_DOUBLED_SPACE = re.compile(r"\S( {2,})\S")


def tag_problems(source: Content, target: Content) -> list[QaProblem]:
    """Tags missing, doubled, unknown or broken in nesting, or one standing for something else
    than in the source (bold turned italic, a placeholder showing other text)."""
    problem = tags_problem(source, target)
    if problem is None:
        problem = _changed_tag(source, target)
    if problem is None:
        return []
    return [QaProblem("translation-tags", problem,
                      "give each tag of the source once, as it is, around the translated words")]


def _changed_tag(source: Content, target: Content) -> str | None:
    names = tag_names(source)
    kinds = {piece.id: piece for piece in source if isinstance(piece, Open | Placeholder)}
    for piece in target:
        if isinstance(piece, Open | Placeholder) and kinds.get(piece.id, piece) != piece:
            return f"tag {names[piece.id]} stands for something else than in the source"
    return None


def untranslated_problems(source: Content, target: Content) -> list[QaProblem]:
    words = _WORD.findall(text_of(source))
    if len(words) < UNTRANSLATED_MIN_WORDS or normal_text(text_of(source)) != normal_text(text_of(target)):
        return []
    return [QaProblem("translation-untranslated", f"the translation is the source text as it stands ({len(words)} words)",
                      "translate it; a title or name kept on purpose belongs in a field that keeps it "
                      "(a source's title), not in running text")]


def length_problems(source: Content, target: Content) -> list[QaProblem]:
    source_text, target_text = normal_text(text_of(source)), normal_text(text_of(target))
    if len(source_text) < LENGTH_MIN_SOURCE_CHARS:
        return []
    ratio = len(target_text) / len(source_text)
    low, high = LENGTH_RATIO
    if low <= ratio <= high:
        return []
    return [QaProblem("translation-length",
                      f"the translation is {ratio:.1f} times as long as the source ({len(target_text)} "
                      f"characters against {len(source_text)}; expected {low}-{high} times)",
                      "check for a missing or repeated part, or text pasted into the wrong unit")]


def doubled_problems(target: Content, language: str) -> list[QaProblem]:
    text = text_of(target)
    problems = []
    if _DOUBLED_SPACE.search(text):
        problems.append(QaProblem("translation-doubled", "two or more spaces in a row",
                                  "write one space between words"))
    repeatable = REPEATABLE_WORDS.get(language.split("-")[0].lower(), frozenset())
    for match in _DOUBLED_WORD.finditer(text):
        word = match.group(1)
        if word.casefold() not in repeatable and not word.isdigit():
            problems.append(QaProblem("translation-doubled", f"word {word!r} twice in a row",
                                      "delete the second one, unless the language needs both"))
            break
    return problems
