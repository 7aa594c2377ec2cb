"""Lint for every language the course lists besides its own: what is missing, what is stale, and
the language-neutral prose rules run on the translated text.

A finding about a translation stands at the source string it translates (file:line in the YAML),
and its message names the language and the unit id a translator finds in the XLIFF file.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..source.loaded import CourseSource
from ..source.yamlsource import YamlDocument
from ..translate.content import text_of
from ..translate.markdown_units import leaf_markdown
from ..translate.store import stored_entries, target_languages
from ..translate.units import Unit, course_units, relative_file
from ..translate.xliff import Entry
from ..translation_qa.problem import QaProblem
from .findings import Finding, finding
from .prose import ALT_HINT, NOT_PROSE, QUOTED, alt_problem, links, plain_language_problems
from .translation_qa import PlaceFinding, qa_findings

MISSING_SHOWN = 3  # unit ids a missing-translation finding names before "and N more"


def translation_findings(source: CourseSource) -> list[Finding]:
    languages = target_languages(source)
    if not languages:
        return []
    units = course_units(source)
    documents = _documents(source)
    found: list[Finding] = []
    for language in languages:
        entries = stored_entries(source, language, units)
        found += _missing_findings(source, language, units, entries)
        for unit in units:
            entry = entries.get(unit.id)
            if entry is None or entry.target is None:
                continue
            place = _Place(documents.get(unit.file), source.root / unit.file, unit, language)
            if entry.source_hash != unit.hash:
                found.append(place.finding(
                    "translation-stale", "was translated from a text that has changed since",
                    f"run `dcp-course translate export --lang {language}`; the translator reviews the units "
                    "marked needs-review-translation, then `dcp-course translate import` the file"))
            text = leaf_markdown(entry.target, unit.codes, unit.in_table) if unit.codes else text_of(entry.target)
            found += neutral_findings(place, text)
        found += qa_findings(units, entries, language, _qa_place(source, documents, language))
    return found


def _qa_place(source: CourseSource, documents: dict[str, YamlDocument], language: str) -> PlaceFinding:
    def found_at(unit: Unit, problem: QaProblem) -> Finding:
        place = _Place(documents.get(unit.file), source.root / unit.file, unit, language)
        return place.finding(problem.rule, problem.message, problem.hint)
    return found_at


def _documents(source: CourseSource) -> dict[str, YamlDocument]:
    """The YAML document of each file that units come from, by the file name units carry."""
    documents = [source.doc, *(loaded.doc for loaded in source.modules)]
    if source.glossary_doc is not None:
        documents.append(source.glossary_doc)
    return {relative_file(source, doc.path): doc for doc in documents}


def _missing_findings(source: CourseSource, language: str, units: list[Unit],
                      entries: dict[str, Entry]) -> list[Finding]:
    missing = [unit.id for unit in units if unit.id not in entries]
    if not missing:
        return []
    shown = ", ".join(missing[:MISSING_SHOWN])
    more = f" and {len(missing) - MISSING_SHOWN} more" if len(missing) > MISSING_SHOWN else ""
    return [finding(source.doc, ("languages",), "translation-missing",
                    f"{language}: {len(missing)} of {len(units)} texts have no translation: {shown}{more}",
                    f"run `dcp-course translate export --lang {language}`, have it translated, then "
                    "`dcp-course translate import` it; until then these texts stay in "
                    f"{source.course.language!r}")]


@dataclass(frozen=True)
class _Place:
    """Where a translated text's findings stand: its source string, named for the translator."""

    doc: YamlDocument | None
    path: Path
    unit: Unit
    language: str

    def finding(self, rule: str, message: str, hint: str = "") -> Finding:
        text = f"{self.language} translation of {self.unit.id}: {message}"
        if self.doc is None:  # further-reading.yaml keeps no document to locate within
            return Finding(self.path, 0, 0, rule, self.unit.key, text, hint)
        return finding(self.doc, self.unit.loc, rule, text, hint)


def neutral_findings(place: _Place, text: str) -> list[Finding]:
    """The rules that hold in any language, run on a translated text: alt text that is empty or a
    file name, sentence and paragraph length. Rules built on English word lists are left out."""
    keys = {part for part in place.unit.loc if isinstance(part, str)}
    last_key = next((part for part in reversed(place.unit.loc) if isinstance(part, str)), "")
    if last_key in NOT_PROSE:
        return []
    if last_key == "alt":
        problem = alt_problem(text, "", english=False)
        return [place.finding("image-alt", problem, ALT_HINT)] if problem else []
    found = [place.finding("image-alt", problem, ALT_HINT) for link in links(text)
             if link.image and (problem := alt_problem(link.alt, link.href, english=False))]
    if not QUOTED & keys:
        found += [place.finding(problem.rule, problem.message, problem.hint)
                  for problem in plain_language_problems(text)]
    return found
