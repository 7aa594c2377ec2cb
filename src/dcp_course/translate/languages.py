"""Which languages a build makes, what their outputs are called, and the course in each of them."""

from __future__ import annotations

from collections.abc import Iterable

from ..source.errors import BuildError
from ..source.loaded import CourseSource
from ..source.messages import PSEUDO_LANGUAGE
from .apply import translate_source
from .pseudo import pseudo_source
from .store import stored_targets


def resolve_languages(requested: Iterable[str], source: CourseSource) -> list[str]:
    """The languages to build: those asked for (the pseudo-locale always allowed), else every listed one."""
    listed = source.course.built_languages
    chosen = list(dict.fromkeys(requested)) or listed
    unknown = [lang for lang in chosen if lang not in listed and lang != PSEUDO_LANGUAGE]
    if unknown:
        raise BuildError(f"language {unknown[0]!r} is not in course.yaml's languages ({', '.join(listed)}); "
                         f"add it there, or build the pseudo-locale {PSEUDO_LANGUAGE!r}")
    return chosen


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
    """The course in one language, with the warning about texts left untranslated (if any)."""
    if language == source.course.language:
        return source, None
    if language == PSEUDO_LANGUAGE:
        translated = pseudo_source(source)
    else:
        translated = translate_source(source, language, stored_targets(source, language), strict)
    return translated.source, translated.warning()
