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
from .targets import FORMATS
from .targets.package import write_outputs

ALL_FORMATS = tuple(FORMATS)


@dataclass(frozen=True)
class BuildResult:
    out_dir: Path
    outputs: dict[str, int]  # output name -> number of files (folder) or bytes (zip)


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


def build(root: Path, out_dir: Path | None = None, formats: Iterable[str] = (),
          granularity: Granularity | None = None,
          progress: Callable[[str], None] = lambda _: None) -> BuildResult:
    progress("reading sources")
    source = load_course(root)
    chosen = resolve_formats(formats, source)
    outputs = produce(source, chosen, granularity, progress)
    target = out_dir if out_dir is not None else root / "dist"
    progress(f"writing {target}")
    write_outputs(target, outputs)
    sizes = {name: len(content) for name, content in outputs.items()}  # zip bytes or folder files
    return BuildResult(target, sizes)
