"""Which languages a build makes, what their outputs are called, and the course in each of them."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable

from ..source.errors import BuildError
from ..source.loaded import CourseSource
from ..source.messages import PSEUDO_LANGUAGE
from .apply import translate_source
from .interface import interface_messages
from .pseudo import pseudo_source
from .status import language_status
from .tags import matching_language
from .translations import available_entries, translation_units


def resolve_languages(requested: Iterable[str], source: CourseSource) -> list[str]:
    """The languages to build, as course.yaml lists them: those asked for by any BCP 47 tag that means
    one (`de-DE` for `de`; the pseudo-locale always allowed), else every listed one."""
    listed = source.course.built_languages
    chosen = []
    for tag in dict.fromkeys(requested):
        language = PSEUDO_LANGUAGE if tag == PSEUDO_LANGUAGE else matching_language(tag, listed)
        if language is None:
            raise BuildError(f"language {tag!r} is not in course.yaml's languages ({', '.join(listed)}); "
                             f"add it there, or build the pseudo-locale {PSEUDO_LANGUAGE!r}")
        chosen.append(language)
    return list(dict.fromkeys(chosen)) or listed


def localised(source: CourseSource, languages: list[str]) -> bool:
    """Whether output names carry the language: a single-language course keeps its plain names."""
    return len(source.course.built_languages) > 1 or languages != [source.course.language]


def language_output_name(name: str, language: str) -> str:
    """`web` -> `web/de`; `id-1.0.0-scorm12.zip` -> `id-1.0.0-de-scorm12.zip`."""
    if name == "web":
        return f"web/{language}"
    stem, _, kind = name.removesuffix(".zip").rpartition("-")
    return f"{stem}-{language}-{kind}.zip"


def source_in(source: CourseSource, language: str, strict: bool = False) -> tuple[CourseSource, str | None]:
    """The course in one language, with what a build says about it once (stale and missing texts).

    strict: stale or missing texts are an error instead. A translation that is not fully reviewed
    (and not signed off in course.yaml's reviewed_languages) says so on every page.
    """
    if language == source.course.language:
        return source, None
    if language == PSEUDO_LANGUAGE:
        return pseudo_source(source).source, None
    units = translation_units(source)
    stored = available_entries(source, language, units)
    status = language_status(source, language, units, stored)
    warning = status.build_warning()
    if strict and warning:
        raise BuildError(f"{warning} (--strict: every text must have a current translation)")
    targets = {unit_id: entry.target for unit_id, entry in stored.items() if entry.target is not None}
    translated = translate_source(source, language, targets).source
    notice = language not in source.course.reviewed_languages and not status.fully_reviewed
    messages = interface_messages(language, units, stored)
    return dataclasses.replace(translated, translation_notice=notice, messages=messages), warning
