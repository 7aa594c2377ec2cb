"""The pseudo-locale `qps`: every unit transformed, no translation file needed.

Letters are accented and vowels doubled (about 30 % longer), and each unit is wrapped in ⟦…⟧, so
a build in qps shows at a glance any English that does not come from a unit or the interface
catalogue, any text cut off, and any layout that breaks with longer words. Markdown keeps its
structure: markers go around each line's content, after its heading, list or quote syntax.
"""

from __future__ import annotations

import re

from ..source.loaded import CourseSource
from ..source.messages import (
    PSEUDO_CLOSE,
    PSEUDO_LANGUAGE,
    PSEUDO_LANGUAGE_TAG,
    PSEUDO_OPEN,
    pseudo_text,
    pseudo_words,
)
from .apply import Translated, translate_source
from .units import Unit, course_units

# Heading marks, list bullets and numbers, quote marks: Markdown syntax at the start of a line.
LINE_SYNTAX = re.compile(r"^(\s*(?:#{1,6}\s+|[-*+]\s+|\d{1,9}[.)]\s+|>\s?)*)(.*)$")
# Glossary spellings are what lesson text is searched for, so they carry no markers: the linker
# must find them inside the (equally transformed) sentences.
UNMARKED_KEYS = re.compile(r"(^|/)(terms/\d+/(term|aliases/\d+)|glossary/term)$")


def pseudo_markdown(text: str) -> str:
    lines = []
    for line in text.split("\n"):
        match = LINE_SYNTAX.match(line)
        assert match is not None  # the pattern matches every line
        syntax, content = match.groups()
        lines.append(f"{syntax}{PSEUDO_OPEN}{pseudo_words(content)}{PSEUDO_CLOSE}" if content.strip() else line)
    return "\n".join(lines)


def pseudo_unit(unit: Unit) -> str:
    if UNMARKED_KEYS.search(unit.key):
        return pseudo_words(unit.source)
    return pseudo_markdown(unit.source) if unit.markdown else pseudo_text(unit.source)


def pseudo_source(source: CourseSource) -> Translated:
    """The course in the pseudo-locale."""
    targets = {unit.id: pseudo_unit(unit) for unit in course_units(source)}
    return translate_source(source, PSEUDO_LANGUAGE, targets, language_tag=PSEUDO_LANGUAGE_TAG)
