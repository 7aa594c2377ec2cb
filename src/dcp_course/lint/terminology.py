"""Lint against the termbase (course/terminology.yaml), for a course that has one.

`term-uncovered`: a glossary term that no termbase entry links to. Per translated language:
`term-missing`, a text whose English holds a termbase term while its translation holds none of the
approved forms; `term-forbidden`, a translation that uses a variant the termbase forbids.
Text kept in the original language on purpose is left alone: a text whose translation equals its
source (a title with no published translation), italic and quoted titles, glossary aliases, and
the fields that hold names (a quotation's author, a publisher, the organisation).
"""

from __future__ import annotations

from ..source.loaded import CourseSource
from ..source.terminology import TermEntry, Terminology, TermTranslation
from ..terminology.matching import (
    Occurrence,
    approved_forms,
    approved_spans,
    english_occurrences,
    forbidden_pattern,
    has_approved,
    kept_removed,
    translation_of,
)
from ..translate.content import text_of
from ..translate.markdown_units import leaf_markdown
from ..translate.store import stored_entries, target_languages
from ..translate.units import Unit, course_units
from .findings import Finding, finding
from .translation import _documents, _Place

NAME_FIELDS = frozenset({"by", "publisher", "name"})  # fields whose text is a name, kept as it is
FORMS_SHOWN = 3  # listed forms an expectation names before "..."
TERMBASE = "course/terminology.yaml"


def terminology_findings(source: CourseSource) -> list[Finding]:
    terminology = source.terminology
    if terminology is None:
        return []
    found = uncovered_findings(source, terminology)
    languages = target_languages(source)
    if not languages:
        return found
    units = [unit for unit in course_units(source) if checked(unit)]
    documents = _documents(source)
    for language in languages:
        entries = stored_entries(source, language, units)
        for unit in units:
            entry = entries.get(unit.id)
            if entry is None or entry.target is None:
                continue
            target = text_of(entry.target)
            if comparable(text_of(unit.content)) in comparable(target):
                continue  # kept in the original language on purpose (a title, perhaps with a note)
            place = _Place(documents.get(unit.file), source.root / unit.file, unit, language)
            if entry.source_hash == unit.hash:  # a stale one is reported as such, its English having changed
                found += missing_findings(place, terminology, unit, target)
            marked = leaf_markdown(entry.target, unit.codes, unit.in_table) if unit.codes else target
            found += forbidden_findings(place, terminology, kept_removed(marked))
    return found


def comparable(text: str) -> str:
    """Text as a comparison sees it: white space, apostrophes and case left out of account."""
    return " ".join(text.replace("’", "'").split()).casefold()


def checked(unit: Unit) -> bool:
    """Whether a unit's text is held to the termbase (not an alias or a name)."""
    last = next((part for part in reversed(unit.loc) if isinstance(part, str)), "")
    return last not in NAME_FIELDS and "aliases" not in unit.loc


def uncovered_findings(source: CourseSource, terminology: Terminology) -> list[Finding]:
    if source.glossary is None or source.glossary_doc is None:
        return []
    covered = terminology.glossary_terms()
    return [finding(source.glossary_doc, ("terms", i, "term"), "term-uncovered",
                    f"glossary term {item.term!r} has no termbase entry",
                    f"add an entry with glossary: {item.term} to {TERMBASE}, with its approved translations")
            for i, item in enumerate(source.glossary.terms) if item.term not in covered]


def missing_findings(place: _Place, terminology: Terminology, unit: Unit, target: str) -> list[Finding]:
    return [place.finding(
        "term-missing",
        f"{occurrence.text!r} (termbase {occurrence.entry.id}) is not translated with the approved term: "
        f"expected {expectation(translation)}",
        f"use the approved {place.language} term of {TERMBASE}; if this form is right, "
        f"add it to the entry's {place.language} forms")
        for occurrence, translation in missing_terms(terminology, unit.source, target, place.language)]


def missing_terms(terminology: Terminology, english: str, target: str, language: str
                  ) -> list[tuple[Occurrence, TermTranslation]]:
    """Each term of the English (once) whose approved translation the target lacks."""
    missing, seen = [], set()
    for occurrence in english_occurrences(terminology, kept_removed(english)):
        entry = occurrence.entry
        translation = translation_of(entry, language)
        if translation is None or entry.id in seen or has_approved(translation, language, target):
            continue
        if kept_as_name(occurrence.text, entry, target):
            continue
        seen.add(entry.id)
        missing.append((occurrence, translation))
    return missing


def kept_as_name(text: str, entry: TermEntry, target: str) -> bool:
    """A term inside a name, kept as written: "Virtual Community Policing Group" in any language."""
    words = text.split()
    capitalised = len(words) > 1 and all(word[:1].isupper() for word in words)
    return capitalised and text not in entry.english and text in target


def expectation(translation: TermTranslation) -> str:
    forms = translation.forms[:FORMS_SHOWN]
    listed = ", ".join(repr(form) for form in forms) + (", ..." if len(translation.forms) > FORMS_SHOWN else "")
    return f"{translation.term!r}" + (f" or a listed form ({listed})" if forms else "")


def forbidden_findings(place: _Place, terminology: Terminology, target: str) -> list[Finding]:
    used = [(entry, translation, variant) for entry, translation in _translations(terminology, place.language)
            for variant in translation.forbidden if forbidden_pattern(variant).search(target)]
    if not used:
        return []  # most texts: the approved spans below are not needed
    approved = [span for _, translation in _translations(terminology, place.language)
                for span in approved_spans(translation, place.language, target)]
    found, reported = [], set()
    for entry, translation, variant in used:
        inside = next((m for m in forbidden_pattern(variant).finditer(target)
                       if not any(start <= m.start() and m.end() <= end for start, end in approved)), None)
        if inside is None or (entry.id, variant) in reported:
            continue  # only inside approved terms, such as a forbidden short form within one
        reported.add((entry.id, variant))
        found.append(place.finding(
            "term-forbidden",
            f"uses {inside.group()!r}, which the termbase forbids for {entry.term!r} "
            f"(termbase {entry.id}): write {translation.term!r}",
            f"{TERMBASE} lists {variant!r} as forbidden in {place.language}"
            + (f"; approved forms: {', '.join(approved_forms(translation))}" if translation.forms else "")))
    return found


def _translations(terminology: Terminology, language: str) -> list[tuple[TermEntry, TermTranslation]]:
    return [(entry, translation) for entry in terminology.terms
            if (translation := translation_of(entry, language)) is not None]
