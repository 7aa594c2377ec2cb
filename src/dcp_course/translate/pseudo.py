"""The pseudo-locale `qps`: every unit transformed, no translation file needed.

Letters are accented and vowels doubled (about 30 % longer), and each unit is wrapped in ⟦…⟧, so
a build in qps shows at a glance any English that does not come from a unit or the interface
catalogue, any text cut off, and any layout that breaks with longer words. Only the text between
a unit's tags changes: every heading, list and link is rebuilt from its tags, as a translation is.
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
from .content import Content, joined
from .units import Unit, course_units

# Glossary spellings are what lesson text is searched for, so they carry no markers: the linker
# must find them inside the (equally transformed) sentences.
UNMARKED_KEYS = re.compile(r"(^|/)(terms/\d+/(term|aliases/\d+)|glossary/term)$")


def pseudo_content(content: Content, marked: bool = True) -> Content:
    """content with the text between its tags transformed, wrapped in markers when marked."""
    pieces = [pseudo_words(piece) if isinstance(piece, str) else piece for piece in content]
    return joined([PSEUDO_OPEN, *pieces, PSEUDO_CLOSE] if marked else pieces)


def pseudo_unit(unit: Unit) -> Content:
    if UNMARKED_KEYS.search(unit.key):
        return pseudo_content(unit.content, marked=False)
    if unit.codes or unit.markdown:
        return pseudo_content(unit.content)
    return (pseudo_text(unit.source),)


def pseudo_source(source: CourseSource) -> Translated:
    """The course in the pseudo-locale."""
    targets = {unit.id: pseudo_unit(unit) for unit in course_units(source)}
    return translate_source(source, PSEUDO_LANGUAGE, targets, language_tag=PSEUDO_LANGUAGE_TAG)
