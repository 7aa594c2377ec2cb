"""The pipeline: load -> plan -> render/emit -> write. The CLI and build.py call build()."""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path

from .plan.site import Granularity, plan_site
from .render.pages import static_assets
from .render.shared_pages import SharedPages
from .source.errors import BuildError
from .source.load import load_course
from .source.loaded import CourseSource
from .targets import FORMAT_TARGETS, FORMATS
from .targets.package import CompressedContents, compressing_once, write_outputs
from .translate.languages import language_output_name, localised, resolve_languages, source_in

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
    contents = CompressedContents()
    renderer = SharedPages(contents)
    with _long_lived(), compressing_once(contents):
        renderer.render_ahead(site, [FORMAT_TARGETS[name] for name in formats if name in FORMAT_TARGETS], progress)
        for name in formats:
            progress(f"rendering {name}")
            output_name, content = FORMATS[name](site, assets, renderer)
            outputs[output_name] = content
    return outputs


def without_plain_data(source: CourseSource) -> CourseSource:
    """The sources without each module file's plain data and text, which only loading reads.

    The models hold everything a build uses; the plain dicts and lists beside them came to
    ~47 MB at 10,000 lessons and the texts to ~50 MB, held to the end of the build. Problems
    are found and located while the sources load, before this.
    """
    modules = [replace(loaded, doc=loaded.doc.path_only()) for loaded in source.modules]
    return replace(source, modules=modules)


@contextmanager
def _long_lived() -> Iterator[None]:
    """The sources and plan live for the whole build: the garbage collector need not walk them.

    Each full collection otherwise walks every loaded module again, which made a course of
    thousands of modules slower per page than a small one; forked workers share them unchanged.
    """
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()


def build(root: Path, out_dir: Path | None = None, formats: Iterable[str] = (),
          granularity: Granularity | None = None,
          progress: Callable[[str], None] = lambda _: None,
          languages: Iterable[str] = (), strict: bool = False) -> BuildResult:
    progress("reading sources")
    source = without_plain_data(load_course(root))
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
