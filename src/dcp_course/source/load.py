"""Load: find the course's YAML and media on disk and turn them into validated models.

This is the only stage of the pipeline that reads the author's files.
"""

from __future__ import annotations

from collections.abc import Callable
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel

from .. import workers
from .checks import cross_check
from .errors import SourceError, SourceErrors
from .final.problems import final_problems
from .loaded import CourseSource, ModuleSource, safe_relative
from .model import Course, FurtherReading, Glossary, Module
from .terminology import Terminology, terminology_problems
from .validation import validate_document
from .yamlsource import YamlDocument, load_yaml_file

COURSE_FILE = Path("course") / "course.yaml"
GLOSSARY_FILE = Path("course") / "glossary.yaml"
READING_FILE = Path("course") / "further-reading.yaml"
TERMINOLOGY_FILE = Path("course") / "terminology.yaml"
MODULES_DIR = Path("modules")
MODULE_FILE = "module.yaml"
MAX_MEDIA_BYTES = 200_000_000
M = TypeVar("M", bound=BaseModel)
# Below this many module files, a worker process costs more than it saves: one starts in ~5 ms,
# and a file of four ~600-word lessons parses in ~0.55 ms.
PARALLEL_MIN_FILES = 64


def module_files_on_disk(root: Path) -> dict[str, Path]:
    """Module name -> its YAML file, for folders `NN-slug/module.yaml` and files `NN-slug.yaml`."""
    found: dict[str, Path] = {}
    modules_dir = root / MODULES_DIR
    if not modules_dir.is_dir():
        return found
    for entry in sorted(modules_dir.iterdir()):
        if entry.name.startswith((".", "_")):
            continue
        if entry.is_dir() and (entry / MODULE_FILE).is_file():
            found[entry.name] = entry / MODULE_FILE
        elif entry.is_file() and entry.suffix in (".yaml", ".yml"):
            found[entry.stem] = entry
    return found


def read_media(folder: Path, reference: str) -> bytes | None:
    relative = safe_relative(reference)
    if relative is None:
        return None
    target = folder / relative
    try:
        if not target.resolve().is_relative_to(folder.resolve()) or not target.is_file():
            return None
        if target.stat().st_size > MAX_MEDIA_BYTES:
            return None
        return target.read_bytes()
    except OSError:
        return None


def _load_module(name: str, path: Path, errors: list[SourceError],
                 parsed: YamlDocument | None = None) -> ModuleSource | None:
    try:
        doc = parsed if parsed is not None else load_yaml_file(path)
    except SourceError as error:
        errors.append(error)
        return None
    module, problems = validate_document(Module, doc)
    errors.extend(problems)
    if module is None:
        return None
    media: dict[str, bytes] = {}
    if path.name == MODULE_FILE:
        for reference in sorted(media_references(module)):
            content = read_media(path.parent, reference)
            if content is not None:
                media[str(safe_relative(reference))] = content
    return ModuleSource(folder=name, doc=doc, module=module, media=media)


def load_module(name: str, path: Path, errors: list[SourceError]) -> ModuleSource | None:
    """Read and validate one module file and its media; problems are appended to errors."""
    return _load_module(name, path, errors)


def parse_ahead(paths: list[Path]) -> dict[Path, YamlDocument]:
    """A large course's module files parsed on every core; empty for a small course, or where unsafe.

    Parsing is most of loading and needs nothing but the file; validating the plain data into
    models stays here, where pydantic's objects need not travel between processes. A file a
    worker could not parse, or a worker that failed, is left out: this process then parses that
    file itself and reports its problems exactly as a one-process load does.
    """
    cores = workers.usable_cores()
    context = workers.fork_context()
    if len(paths) < PARALLEL_MIN_FILES or cores < 2 or context is None:
        return {}
    shares = [paths[start::cores] for start in range(cores)]  # interleaved: file sizes vary along a course
    started = []
    for share in shares[1:]:
        receiving, sending = context.Pipe(duplex=False)
        process = context.Process(target=_send_parsed, args=(share, sending), daemon=True)
        process.start()
        sending.close()
        started.append((process, receiving, share))
    parsed = _parse_share(shares[0])
    for process, receiving, share in started:
        try:
            parsed += [(path, text, data) for path, (text, data) in zip(share, receiving.recv(), strict=True)
                       if text is not None]
        except (EOFError, OSError, ValueError):
            pass  # this process parses the share itself
        finally:
            receiving.close()
            process.join()
    return {path: YamlDocument(path=path, text=text, data=data) for path, text, data in parsed}


def _parse_share(paths: list[Path]) -> list[tuple[Path, str, Any]]:
    parsed = []
    for path in paths:
        try:
            doc = load_yaml_file(path)
        except SourceError:
            continue
        parsed.append((path, doc.text, doc.data))
    return parsed


def _send_parsed(paths: list[Path], sending: Connection) -> None:
    """In a worker: (text, plain data) of each file in order, (None, None) for one that did not parse."""
    parsed = {path: (text, data) for path, text, data in _parse_share(paths)}
    sending.send([parsed.get(path, (None, None)) for path in paths])
    sending.close()


# How load_course reads one module: (name in course.yaml, its YAML file, problems found) -> module.
ModuleReader = Callable[[str, Path, list[SourceError]], ModuleSource | None]


def media_references(module: Module) -> set[str]:
    references: set[str] = set()
    for lesson in module.lessons:
        for block in lesson.blocks:
            # Ask the model's fields first: getattr on a field a block lacks costs pydantic an
            # exception, three times for every block of the course.
            fields = type(block).model_fields
            for kind in ("image", "video", "audio"):
                media = getattr(block, kind) if kind in fields else None
                if media is not None:
                    references.add(media.src)
                    if kind != "image":
                        references.add(media.captions)
    return references


def _load_optional(path: Path, model: type[M], errors: list[SourceError]) -> tuple[YamlDocument | None, M | None]:
    """A course-level file the course may do without (glossary, further reading, termbase)."""
    if not path.is_file():
        return None, None
    try:
        doc = load_yaml_file(path)
    except SourceError as error:
        errors.append(error)
        return None, None
    value, problems = validate_document(model, doc)
    errors.extend(problems)
    return doc, value


def load_course(root: Path, read_module: ModuleReader | None = None, refuse_final: bool = True) -> CourseSource:
    """Read, validate and cross-check every source file; raise SourceErrors listing all problems.

    read_module replaces how each module file is read (the preview reuses unchanged modules).
    refuse_final=False lets a final assessment that cannot draw as asked through: lint reports it
    among its findings instead.
    """
    course_path = root / COURSE_FILE
    errors: list[SourceError] = []
    try:
        course_doc = load_yaml_file(course_path)
    except SourceError as error:
        raise SourceErrors([error]) from None
    course, problems = validate_document(Course, course_doc)
    errors.extend(problems)
    if course is None:
        raise SourceErrors(errors)
    on_disk = module_files_on_disk(root)
    listed = [(name, on_disk[name]) for name in course.modules if name in on_disk]
    parsed = {} if read_module else parse_ahead([path for _, path in listed])
    modules = []
    for name, path in listed:
        if read_module:
            loaded = read_module(name, path, errors)
        else:
            loaded = _load_module(name, path, errors, parsed.get(path))
        if loaded is not None:
            modules.append(loaded)
    logo = None
    if course.organisation.logo:
        logo = read_media(course_path.parent, course.organisation.logo)
    fonts = {font.src: content for font in course.organisation.fonts
             if (content := read_media(course_path.parent, font.src)) is not None}
    glossary_doc, glossary = _load_optional(root / GLOSSARY_FILE, Glossary, errors)
    reading_doc, reading = _load_optional(root / READING_FILE, FurtherReading, errors)
    terminology_doc, terminology = _load_optional(root / TERMINOLOGY_FILE, Terminology, errors)
    source = CourseSource(root=root, doc=course_doc, course=course, modules=modules, logo=logo,
                          glossary=glossary, glossary_doc=glossary_doc, reading=reading,
                          reading_doc=reading_doc, fonts=fonts,
                          terminology=terminology, terminology_doc=terminology_doc)
    errors.extend(cross_check(source, on_disk))
    if terminology is not None and terminology_doc is not None:
        errors.extend(terminology_problems(terminology, terminology_doc, glossary))
    if refuse_final and not errors:  # the pool's questions must be sound before they are counted
        errors.extend(final_problems(source))
    if errors:
        raise SourceErrors(errors)
    return source
