"""The pipeline: load -> plan -> render/emit -> write. The CLI and build.py call build()."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from .plan.site import Granularity, Page, Site, plan_site
from .render.pages import Target, render_page, static_assets
from .source.errors import BuildError
from .source.load import load_course
from .source.loaded import CourseSource
from .source.messages import PSEUDO_LANGUAGE
from .targets import FORMATS
from .targets.package import write_outputs
from .translate.apply import translate_source
from .translate.pseudo import pseudo_source
from .translate.store import stored_targets

ALL_FORMATS = tuple(FORMATS)


@dataclass(frozen=True)
class BuildResult:
    out_dir: Path
    outputs: dict[str, int]  # output name -> number of files (folder) or bytes (zip)
    warnings: tuple[str, ...] = ()  # per language: texts that fell back to the source language


def resolve_formats(requested: Iterable[str], source: CourseSource) -> list[str]:
    chosen = list(requested)
    if not chosen or "all" in chosen:
        return [f for f in ALL_FORMATS if f in source.course.outputs]
    unknown = [f for f in chosen if f not in FORMATS]
    if unknown:
        raise BuildError(f"unknown format {unknown[0]!r}; choose from {', '.join(ALL_FORMATS)} or all")
    return [f for f in ALL_FORMATS if f in chosen]


def produce(source: CourseSource, formats: list[str], granularity: Granularity | None = None,
            progress: Callable[[str], None] = lambda _: None) -> dict[str, dict[str, bytes] | bytes]:
    """Everything a build writes, in memory: output name -> folder contents or zip bytes."""
    site = plan_site(source, granularity)
    assets = static_assets()
    outputs: dict[str, dict[str, bytes] | bytes] = {}
    renderer = SharedPages()
    for name in formats:
        progress(f"rendering {name}")
        output_name, content = FORMATS[name](site, assets, renderer)
        outputs[output_name] = content
    return outputs


class SharedPages:
    """Renders each page once per navigation scope: SCORM 1.2 and 2004 pages are the same bytes."""

    def __init__(self) -> None:
        self.pages: dict[tuple[str, str], bytes] = {}

    def __call__(self, site: Site, target: Target, page: Page) -> bytes:
        key = (target.navigation, page.path)
        if key not in self.pages:
            self.pages[key] = render_page(site, target, page)
        return self.pages[key]


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


def build(root: Path, out_dir: Path | None = None, formats: Iterable[str] = (),
          granularity: Granularity | None = None,
          progress: Callable[[str], None] = lambda _: None,
          languages: Iterable[str] = (), strict: bool = False) -> BuildResult:
    progress("reading sources")
    source = load_course(root)
    chosen = resolve_formats(formats, source)
    chosen_languages = resolve_languages(languages, source)
    outputs: dict[str, dict[str, bytes] | bytes] = {}
    warnings = []
    for language in chosen_languages:
        progress(f"language {language}")
        in_language, warning = source_in(source, language, strict)
        if warning:
            warnings.append(warning)
        produced = produce(in_language, chosen, granularity, progress)
        if localised(source, chosen_languages):
            produced = {language_output_name(name, language): content for name, content in produced.items()}
        outputs.update(produced)
    target = out_dir if out_dir is not None else root / "dist"
    progress(f"writing {target}")
    write_outputs(target, outputs)
    sizes = {name: len(content) for name, content in outputs.items()}  # zip bytes or folder files
    return BuildResult(target, sizes, tuple(warnings))
