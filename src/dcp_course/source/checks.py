"""Cross-checks that need the whole course: ids, module lists, media, objectives, questions."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from .branding import contrast_failures
from .errors import SourceError, field_path
from .loaded import CourseSource, ModuleSource, safe_relative
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
    for i, font in enumerate(source.course.organisation.fonts):
        if font.src not in source.fonts:
            errors.append(_at(source.doc, ("organisation", "fonts", i, "src"), "font file not found inside course/",
                              "ship the font in the course folder, e.g. fonts/academy-sans.woff2"))
    if source.course.organisation.logo and source.logo is None:
        errors.append(_at(source.doc, ("organisation", "logo"), "logo file not found inside course/",
                          "give a path relative to course/, e.g. media/logo.svg"))
    elif source.course.organisation.logo and source.logo is not None:
        errors += _refused_svg(source.doc, ("organisation", "logo"), source.course.organisation.logo,
                               source.logo)
    return errors


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


# The media block kinds and their fields that name a file in the module folder.
_MEDIA_FIELDS = {"image": ("src",), "video": ("src", "captions"), "audio": ("src", "captions")}


def _check_media(loaded: ModuleSource) -> list[SourceError]:
    errors = []
    for i, lesson in enumerate(loaded.module.lessons):
        for j, block in enumerate(lesson.blocks):
            kind = block_kind(block)  # asking each block for every media kind costs a failed lookup each
            if kind not in _MEDIA_FIELDS:
                continue
            media = getattr(block, kind)
            for name in _MEDIA_FIELDS[kind]:
                reference = getattr(media, name)
                loc: Loc = ("lessons", i, "blocks", j, kind, name)
                content = loaded.media.get(reference, loaded.media.get(_normalised(reference)))
                if content is None:
                    errors.append(_at(loaded.doc, loc,
                                      f"media file {reference!r} not found inside the module folder",
                                      "paths are relative to the module folder, e.g. media/diagram.svg"))
                else:
                    errors += _refused_svg(loaded.doc, loc, reference, content)
            if kind in ("video", "audio") and media and not media.captions.endswith(".vtt"):
                errors.append(_at(loaded.doc, ("lessons", i, "blocks", j, kind, "captions"),
                                  "captions must be a WebVTT file", "use a .vtt file"))
    return errors


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
