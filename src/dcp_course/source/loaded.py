"""What loading produces: a course's validated models with the documents they came from.

Kept apart from `load` so that the cross-checks, which run inside loading, can name these types
without importing the loader.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from .messages import Messages
from .model import Course, FurtherReading, Glossary, Module
from .terminology import Terminology
from .yamlsource import YamlDocument


@dataclass(frozen=True)
class ModuleSource:
    folder: str  # the name listed in course.yaml, e.g. "01-community-policing"
    doc: YamlDocument
    module: Module
    media: dict[str, bytes] = field(default_factory=dict)  # "media/x.svg" -> content

    @property
    def path(self) -> Path:
        return self.doc.path


@dataclass(frozen=True)
class CourseSource:
    root: Path
    doc: YamlDocument
    course: Course
    modules: list[ModuleSource]
    logo: bytes | None = None
    glossary: Glossary | None = None
    glossary_doc: YamlDocument | None = None
    reading: FurtherReading | None = None
    reading_doc: YamlDocument | None = None
    terminology: Terminology | None = None  # course/terminology.yaml, the termbase
    terminology_doc: YamlDocument | None = None
    fonts: dict[str, bytes] = field(default_factory=dict)  # organisation.fonts src -> file content
    # a translation no academy has signed off yet: every page says so in one sentence
    translation_notice: bool = False
    # the interface words of a translation (None: the shipped catalogue of course.language)
    messages: Messages | None = None


def safe_relative(reference: str) -> PurePosixPath | None:
    """A media reference as a clean relative path, or None if it could leave its folder."""
    if "\\" in reference or ":" in reference:
        return None
    path = PurePosixPath(reference)
    if path.is_absolute() or ".." in path.parts or not path.parts:
        return None
    return path
