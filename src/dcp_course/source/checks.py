"""Cross-checks that need the whole course: ids, module lists, media, objectives, questions."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from .branding import contrast_failures
from .errors import SourceError, field_path
from .loaded import CourseSource, ModuleSource, safe_relative
from .media_files import (
    AUDIO,
    CAPTIONS,
    FONTS,
    IMAGES,
    NAME_HINT,
    VIDEO,
    MediaType,
    content_problem,
    name_problem,
)
from .messages import CATALOGUES_DIR, REFERENCE_LANGUAGE, WORK_LANGUAGE_PREFIX, read_catalogues
from .model import CheckBlock, QuestionBase, block_kind
from .question_rules import Loc, question_problems
from .svg_safety import SVG_HINT, svg_hazards
from .yamlsource import YamlDocument

# Where a module's graded questions stand (the first key of their location), and what they are called.
GRADED_PLACES = {"quiz": "a quiz question", "final_questions": "a final-only question"}


def _at(doc: YamlDocument, loc: Loc, message: str, hint: str = "") -> SourceError:
    line, column = doc.locate(loc)
    return SourceError(doc.path, line, column, field_path(loc), message, hint)


def cross_check(source: CourseSource, on_disk: dict[str, Path]) -> list[SourceError]:
    errors = _check_module_lists(source, on_disk)
    errors += _check_unique_ids(source)
    for loaded in source.modules:
        errors += _check_media(loaded)
        errors += _check_questions(loaded)
        errors += _check_block_ids(loaded)
    errors += _check_glossary(source)
    errors += _check_contrast(source)
    errors += _check_work_languages(source)
    for i, font in enumerate(source.course.organisation.fonts):
        loc: Loc = ("organisation", "fonts", i, "src")
        if (problem := _refused_name(source.doc, loc, font.src)) is not None:
            errors.append(problem)
        elif font.src not in source.fonts:
            errors.append(_at(source.doc, loc, "font file not found inside course/",
                              "ship the font in the course folder, e.g. fonts/academy-sans.woff2"))
        else:
            errors += _refused_content(source.doc, loc, font.src, source.fonts[font.src], FONTS)
    logo = source.course.organisation.logo
    if logo and (problem := _refused_name(source.doc, ("organisation", "logo"), logo)) is not None:
        errors.append(problem)
    elif logo and source.logo is None:
        errors.append(_at(source.doc, ("organisation", "logo"), "logo file not found inside course/",
                          "give a path relative to course/, e.g. media/logo.svg"))
    elif logo and source.logo is not None:
        errors += (_refused_content(source.doc, ("organisation", "logo"), logo, source.logo, IMAGES)
                   or _refused_svg(source.doc, ("organisation", "logo"), logo, source.logo))
    return errors


def _check_work_languages(source: CourseSource) -> list[SourceError]:
    """A cited work's language must have a name in the interface catalogues: pages in other
    languages tell readers which language the work is in."""
    named = {key.removeprefix(WORK_LANGUAGE_PREFIX) for key in read_catalogues(CATALOGUES_DIR)[REFERENCE_LANGUAGE]
             if key.startswith(WORK_LANGUAGE_PREFIX)}
    cited: list[tuple[YamlDocument, Loc, str]] = [
        (loaded.doc, ("sources", i, "language"), work.language)
        for loaded in source.modules for i, work in enumerate(loaded.module.sources) if work.language]
    if source.reading is not None and source.reading_doc is not None:
        cited += [(source.reading_doc, ("sections", s, "items", i, "language"), work.language)
                  for s, section in enumerate(source.reading.sections)
                  for i, work in enumerate(section.items) if work.language]
    return [_at(doc, loc, f"no name for the language {language!r} in the interface catalogues",
                f"use one of {', '.join(sorted(named))}, or add {WORK_LANGUAGE_PREFIX}"
                f"{language.split('-')[0].lower()} to every templates/messages/*.json")
            for doc, loc, language in cited if language.split("-")[0].lower() not in named]


def _check_contrast(source: CourseSource) -> list[SourceError]:
    return [
        _at(source.doc, ("organisation", pair.field),
            f"{pair.foreground} on {pair.background} has contrast {ratio:.2f}:1, below the "
            f"{pair.minimum}:1 that WCAG 2.2 AA needs ({pair.used_for})",
            "choose a darker colour" if pair.foreground == "#ffffff" or pair.background == "#ffffff" else "")
        for pair, ratio in contrast_failures(source.course.organisation)
    ]


def _check_glossary(source: CourseSource) -> list[SourceError]:
    if source.glossary is None or source.glossary_doc is None:
        return []
    errors = []
    seen: set[str] = set()
    for i, entry in enumerate(source.glossary.terms):
        for spelling, loc in ((entry.term, ("terms", i, "term")),
                              *((a, ("terms", i, "aliases", k)) for k, a in enumerate(entry.aliases))):
            if spelling.casefold() in seen:
                errors.append(_at(source.glossary_doc, loc, f"glossary term {spelling!r} is defined twice",
                                  "each term and alias may appear once"))
            seen.add(spelling.casefold())
    return errors


def _check_module_lists(source: CourseSource, on_disk: dict[str, Path]) -> list[SourceError]:
    course, doc = source.course, source.doc
    errors = [
        _at(doc, ("modules", i), f"module {name!r} not found",
            f"expected modules/{name}/module.yaml or modules/{name}.yaml")
        for i, name in enumerate(course.modules) if name not in on_disk
    ]
    for name in sorted(set(on_disk) - set(course.modules) - set(course.exclude)):
        errors.append(_at(doc, ("modules",), f"module {name!r} is on disk but not listed",
                          "add it to modules, or to exclude to leave it out on purpose"))
    return errors


def _ids(loaded: ModuleSource) -> Iterator[tuple[str, str, Loc]]:
    """(kind, id, location) of every id a module declares."""
    module = loaded.module
    yield "module", module.id, ("id",)
    for i, objective in enumerate(module.objectives):
        yield "objective", objective.id, ("objectives", i, "id")
    for i, lesson in enumerate(module.lessons):
        yield "lesson", lesson.id, ("lessons", i, "id")
    for question, loc in questions_with_loc(loaded):
        if question.id is not None:
            yield "question", question.id, (*loc, "id")


def questions_with_loc(loaded: ModuleSource) -> Iterator[tuple[QuestionBase, Loc]]:
    module = loaded.module
    for i, lesson in enumerate(module.lessons):
        for j, block in enumerate(lesson.blocks):
            if isinstance(block, CheckBlock):  # cheaper than a failed getattr on every other block
                yield block.check, ("lessons", i, "blocks", j, "check")
    if module.quiz is not None:
        for k, question in enumerate(module.quiz.questions):
            yield question, ("quiz", "questions", k)
    for k, question in enumerate(module.final_questions):
        yield question, ("final_questions", k)


def _check_unique_ids(source: CourseSource) -> list[SourceError]:
    first_seen: dict[tuple[str, str], tuple[ModuleSource, Loc]] = {}
    errors = []
    for loaded in source.modules:
        for kind, ident, loc in _ids(loaded):
            key = (kind, ident)
            if key in first_seen:
                other, other_loc = first_seen[key]
                line, _ = other.doc.locate(other_loc)
                errors.append(_at(loaded.doc, loc, f"duplicate {kind} id {ident!r}",
                                  f"first used at {other.path.parent.name}/{other.path.name}:{line}"))
            else:
                first_seen[key] = (loaded, loc)
    return errors


def _check_block_ids(loaded: ModuleSource) -> list[SourceError]:
    """Block ids name translation units, so two blocks of one lesson may not share one."""
    errors = []
    for i, lesson in enumerate(loaded.module.lessons):
        first_seen: dict[str, Loc] = {}
        for j, block in enumerate(lesson.blocks):
            block_id = getattr(block, "id", None)
            if block_id is None:
                continue
            loc: Loc = ("lessons", i, "blocks", j, "id")
            if block_id in first_seen:
                line, _ = loaded.doc.locate(first_seen[block_id])
                errors.append(_at(loaded.doc, loc, f"duplicate block id {block_id!r} in lesson {lesson.id!r}",
                                  f"first used at line {line}; give each block of a lesson its own id"))
            else:
                first_seen[block_id] = loc
    return errors


# The media block kinds, their fields that name a file in the module folder, and the types each allows.
_MEDIA_FIELDS: dict[str, dict[str, tuple[MediaType, ...]]] = {
    "image": {"src": IMAGES},
    "video": {"src": VIDEO, "captions": CAPTIONS},
    "audio": {"src": AUDIO, "captions": CAPTIONS},
}


def _check_media(loaded: ModuleSource) -> list[SourceError]:
    errors = []
    for i, lesson in enumerate(loaded.module.lessons):
        for j, block in enumerate(lesson.blocks):
            kind = block_kind(block)  # asking each block for every media kind costs a failed lookup each
            if kind not in _MEDIA_FIELDS:
                continue
            media = getattr(block, kind)
            for name, allowed in _MEDIA_FIELDS[kind].items():
                reference = getattr(media, name)
                loc: Loc = ("lessons", i, "blocks", j, kind, name)
                content = loaded.media.get(reference, loaded.media.get(_normalised(reference)))
                if (problem := _refused_name(loaded.doc, loc, reference)) is not None:
                    errors.append(problem)
                elif content is None:
                    errors.append(_at(loaded.doc, loc,
                                      f"media file {reference!r} not found inside the module folder",
                                      "paths are relative to the module folder, e.g. media/diagram.svg"))
                else:
                    errors += (_refused_content(loaded.doc, loc, reference, content, allowed)
                               or _refused_svg(loaded.doc, loc, reference, content))
    return errors


def _refused_name(doc: YamlDocument, loc: Loc, reference: str) -> SourceError | None:
    problem = name_problem(reference)
    return _at(doc, loc, problem, NAME_HINT) if problem else None


def _refused_content(doc: YamlDocument, loc: Loc, reference: str, content: bytes,
                     allowed: tuple[MediaType, ...]) -> list[SourceError]:
    problem = content_problem(reference, content, allowed)
    if problem is None:
        return []
    return [_at(doc, loc, problem, "export the file again in one of the allowed formats, named with its extension")]


def _normalised(reference: str) -> str:
    relative = safe_relative(reference)
    return str(relative) if relative is not None else reference


def _check_questions(loaded: ModuleSource) -> list[SourceError]:
    module = loaded.module
    objective_ids = {objective.id for objective in module.objectives}
    errors = []
    for question, loc in questions_with_loc(loaded):
        graded = loc[0] in GRADED_PLACES
        if graded and question.id is None:
            errors.append(_at(loaded.doc, loc, f"{GRADED_PLACES[str(loc[0])]} needs an id",
                              "add id: a-short-slug; the LMS reports answers under it"))
        for k, objective in enumerate(question.assesses):
            if objective not in objective_ids:
                errors.append(_at(loaded.doc, (*loc, "assesses", k),
                                  f"objective {objective!r} is not defined in this module",
                                  "known objectives: " + ", ".join(sorted(objective_ids))))
        errors += [_at(loaded.doc, (*loc, *sub), message, hint)
                   for sub, message, hint in question_problems(question)]
    quiz = module.quiz
    if quiz is not None and quiz.draw is not None and quiz.draw > len(quiz.questions):
        errors.append(_at(loaded.doc, ("quiz", "draw"),
                          f"draw {quiz.draw} is more than the {len(quiz.questions)} questions available",
                          "lower draw or add questions"))
    return errors


_MAX_REASONS_SHOWN = 3


def _refused_svg(doc: YamlDocument, loc: Loc, reference: str, content: bytes) -> list[SourceError]:
    """One located error for an SVG holding anything active, naming what and where in the SVG."""
    if not reference.casefold().endswith(".svg"):
        return []
    hazards = svg_hazards(content)
    if not hazards:
        return []
    shown = "; ".join(f"line {line}: {reason}" for line, reason in hazards[:_MAX_REASONS_SHOWN])
    more = len(hazards) - _MAX_REASONS_SHOWN
    shown += f"; and {more} more" if more > 0 else ""
    return [_at(doc, loc, f"media file {reference!r} is refused: {shown}", SVG_HINT)]
