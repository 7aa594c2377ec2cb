"""Applying: a CourseSource plus {unit id: target content} -> the same course in another language.

Only the strings `units.TRANSLATABLE` names change; every id (modules, lessons, objectives,
questions, steps) stays as written, so quiz, objective and interaction ids line up in LMS reports
across languages. A Markdown field is rebuilt block by block (`markdown_units.py`): each block
with a target gets its Markdown, the others keep their source text and are reported as missing.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, TypeVar

from pydantic import BaseModel

from ..source.errors import BuildError
from ..source.kinds import ANSWER_FORMS_SEPARATOR
from ..source.loaded import CourseSource
from .content import Content, Open, Placeholder, text_of
from .markdown_units import markdown_leaves, rebuilt, target_markdown
from .units import ANSWER_FORMS, MARKDOWN_FIELDS, TRANSLATABLE, item_segment, source_documents

M = TypeVar("M", bound=BaseModel)
Lookup = Callable[[tuple[str, ...], str], str]


@dataclass(frozen=True)
class Translated:
    source: CourseSource  # the course in the target language
    language: str
    missing: tuple[str, ...]  # unit ids that fell back to the source text

    def warning(self) -> str | None:
        if not self.missing:
            return None
        return (f"{self.language}: {len(self.missing)} of the course's texts have no translation and stay "
                f"in the source language (first: {self.missing[0]}); run `dcp-course translate status`")


def translate_model(value: M, path: tuple[str, ...], lookup: Lookup) -> M:
    """value rebuilt with every translatable string replaced by lookup(path, source text)."""
    translatable = TRANSLATABLE.get(type(value), ())
    update: dict[str, Any] = {}
    for name in type(value).model_fields:
        field_value = getattr(value, name)
        field_path = (*path, name)
        if name in translatable:
            if isinstance(field_value, str):
                update[name] = lookup(field_path, field_value)
            elif isinstance(field_value, list):
                update[name] = [lookup((*field_path, str(i)), text) if isinstance(text, str) else text
                                for i, text in enumerate(field_value)]
                if name in ANSWER_FORMS.get(type(value), ()):
                    update[name] = answer_forms(update[name])
        elif isinstance(field_value, BaseModel):
            update[name] = translate_model(field_value, field_path, lookup)
        elif isinstance(field_value, list) and any(isinstance(item, BaseModel) for item in field_value):
            update[name] = [translate_model(item, (*field_path, item_segment(item, i)), lookup)
                            if isinstance(item, BaseModel) else item for i, item in enumerate(field_value)]
    return value.model_copy(update=update)


def answer_forms(answers: list[str]) -> list[str]:
    """Accepted answers with each entry split into the forms a translator gave for it, in order,
    each once: "Polizei | die Polizei" accepts both (a language inflects or adds articles)."""
    forms: dict[str, None] = {}
    for answer in answers:
        for form in answer.split(ANSWER_FORMS_SEPARATOR):
            if form.strip():
                forms.setdefault(" ".join(form.split()), None)
    return list(forms)


def _usable(target: Content | None, codes: Mapping[str, object]) -> bool:
    """A target with words whose every tag the source still has (a stale one may have others)."""
    return target is not None and bool(text_of(target).strip()) and all(
        piece.id in codes for piece in target if isinstance(piece, Open | Placeholder))


def translated_field(file: str, path: tuple[str, ...], text: str, targets: Mapping[str, Content],
                     missing: list[str]) -> str:
    """One field in the target language; ids of units without a usable target go to missing."""
    key = f"{file}#{'/'.join(path)}"
    leaves = markdown_leaves(text) if path[-1] in MARKDOWN_FIELDS else None
    if leaves is None:
        target = targets.get(key)
        if target is None or not text_of(target).strip() or any(not isinstance(p, str) for p in target):
            missing.append(key)
            return text
        return text_of(target)
    markdown: list[str | None] = []
    for index, leaf in enumerate(leaves):
        target = targets.get(f"{key}/{index}")
        if target is None or not _usable(target, leaf.codes):
            missing.append(f"{key}/{index}")
            markdown.append(None)
        else:
            markdown.append(target_markdown(leaf, target, text))
    return rebuilt(text, leaves, markdown)


def translate_source(source: CourseSource, language: str, targets: Mapping[str, Content],
                     strict: bool = False, language_tag: str | None = None) -> Translated:
    """The course in language; targets maps unit ids to translated content.

    language_tag, when given, is what pages and manifests declare instead of language.
    """
    missing: list[str] = []

    def lookup_in(file: str) -> Lookup:
        return lambda path, text: translated_field(file, path, text, targets, missing)

    documents = {id(document): file for file, document, _ in source_documents(source)}
    course = translate_model(source.course, (), lookup_in(documents[id(source.course)]))
    course = course.model_copy(update={"language": language_tag or language})
    glossary = source.glossary
    if glossary is not None and id(glossary) in documents:
        glossary = translate_model(glossary, (), lookup_in(documents[id(glossary)]))
    reading = source.reading
    if reading is not None:
        reading = translate_model(reading, (), lookup_in(documents[id(reading)]))
    modules = [dataclasses.replace(loaded, module=translate_model(loaded.module, (),
                                                                  lookup_in(documents[id(loaded.module)])))
               for loaded in source.modules]
    if strict and missing:
        raise BuildError(f"{language}: {len(missing)} text(s) have no translation (first: {missing[0]}); "
                         "translate them or build without --strict")
    translated = dataclasses.replace(source, course=course, glossary=glossary, reading=reading, modules=modules)
    return Translated(translated, language, tuple(missing))
