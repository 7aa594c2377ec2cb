"""course/terminology.yaml: the termbase. For each concept the English term (and the spellings and
abbreviations that count as the same concept), and per language the approved term, the forms that
count as it, and the variants translators must not use.

Loaded and checked like every source; `terminology/` turns it into TBX, the review pack shows it,
and lint holds translations to it.
"""

from __future__ import annotations

from collections import Counter
from typing import Annotated, Literal

from pydantic import Field

from .base import Slug, StrictModel, Text
from .errors import SourceError, field_path
from .model import Glossary, LanguageCode
from .yamlsource import YamlDocument

Category = Literal["key-concept", "institution", "instrument", "other"]
# TBX-Basic's part-of-speech values, so the export carries them as written
PartOfSpeech = Literal["noun", "verb", "adjective", "adverb", "properNoun", "other"]


class TermTranslation(StrictModel):
    """The approved term in one language."""

    term: Annotated[Text, Field(description="The approved term, as a translator writes it.")]
    forms: Annotated[list[Text], Field(description=(
        "Inflected forms and admitted variants that count as the approved term "
        "(plurals, cases, the short form after first mention)."))] = []
    forbidden: Annotated[list[Text], Field(description="Variants translators must not use.")] = []
    note: Text | None = None


class TermEntry(StrictModel):
    """One concept of the termbase."""

    id: Slug
    term: Annotated[Text, Field(description="The English term as the course uses it.")]
    variants: Annotated[list[Text], Field(description=(
        "Other English spellings and abbreviations of the same concept; one written all in "
        "capitals (an acronym such as RAN) matches only in capitals."))] = []
    category: Category
    part_of_speech: PartOfSpeech | None = None
    glossary: Annotated[Text | None, Field(description="The glossary term (as glossary.yaml writes it).")] = None
    note: Text | None = None
    languages: Annotated[dict[LanguageCode, TermTranslation], Field(
        description="Language code -> the approved term in that language.")] = {}

    @property
    def english(self) -> list[str]:
        """Every English spelling that names this concept, the term first."""
        return [self.term, *self.variants]


class Terminology(StrictModel):
    """course/terminology.yaml: the termbase that translations are held to."""

    terms: Annotated[list[TermEntry], Field(min_length=1)]

    def glossary_terms(self) -> set[str]:
        return {entry.glossary for entry in self.terms if entry.glossary is not None}


def terminology_problems(terminology: Terminology, doc: YamlDocument,
                         glossary: Glossary | None) -> list[SourceError]:
    """Ids used twice, and glossary links that name no glossary term."""
    problems = []
    counts = Counter(entry.id for entry in terminology.terms)
    seen: set[str] = set()
    known = {entry.term for entry in glossary.terms} if glossary is not None else set()
    for i, entry in enumerate(terminology.terms):
        if counts[entry.id] > 1 and entry.id in seen:
            problems.append(_at(doc, ("terms", i, "id"), f"id {entry.id!r} is used by another entry",
                                "give every termbase entry its own id"))
        seen.add(entry.id)
        if entry.glossary is not None and entry.glossary not in known:
            hint = ("write the term exactly as course/glossary.yaml has it" if known
                    else "the course has no course/glossary.yaml; leave glossary out")
            problems.append(_at(doc, ("terms", i, "glossary"),
                                f"{entry.glossary!r} is not a term of the glossary", hint))
    return problems


def _at(doc: YamlDocument, loc: tuple[str | int, ...], message: str, hint: str) -> SourceError:
    line, column = doc.locate(loc)
    return SourceError(doc.path, line, column, field_path(loc), message, hint)
