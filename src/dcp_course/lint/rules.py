"""The lint rules: checks beyond the schema on a course that already loads and validates."""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote

from pydantic import BaseModel

from ..authoring.jsonschema import (
    COURSE_SCHEMA,
    HEADER_PREFIX,
    MODULE_SCHEMA,
    TERMINOLOGY_SCHEMA,
    schema_header,
)
from ..plan.site import plan_site
from ..source.load import MODULE_FILE, media_references
from ..source.loaded import CourseSource, ModuleSource, safe_relative
from ..source.model import QuestionBase
from ..source.yamlsource import YamlDocument
from .answer_keys import answer_key_findings
from .consistency import consistency_findings
from .final import final_findings
from .findings import Finding, Loc, finding
from .item_writing import item_writing_findings
from .prose import (
    ALT_HINT,
    NOT_PROSE,
    QUOTED,
    alt_problem,
    english_language,
    links,
    markdown_words,
    plain_language_problems,
    reading_minutes,
)
from .similarity import near_duplicate_findings, scored_differently_findings
from .terminology import terminology_findings
from .translation import translation_findings

LESSON_OVERRUN = 1.5  # a lesson may take this many times its minutes before lint says so
ALLOWED_SCHEMES = {"https", "mailto", "tel"}
_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.\-]*):")


@dataclass(frozen=True)
class Place:
    """One YAML file and where its Markdown lands in the output (for resolving relative links)."""

    doc: YamlDocument
    base: str  # output folder of the page the text is rendered on: "" for the site root
    targets: frozenset[str]  # every output path a link may point at
    english: bool = True  # whether rules built on English word lists apply to its text


def lint_course(source: CourseSource) -> list[Finding]:
    """Every finding for a course that loaded cleanly, sorted by file, line and column."""
    site = plan_site(source)
    # With one SCO per module, SCORM packages leave the course home page out.
    scorm_per_module = source.course.sco == "per-module" and any(
        output.startswith("scorm") for output in source.course.outputs)
    pages = [p for p in (*site.pages, *site.reference_pages) if not (p.kind == "home" and scorm_per_module)]
    targets = frozenset({p.path for p in pages} | set(site.media))
    english = english_language(source.course.language)
    findings: list[Finding] = []
    for loaded in source.modules:
        place = Place(loaded.doc, loaded.folder, targets, english)
        findings += text_findings(place, loaded.module)
        findings += lesson_time_findings(loaded)
        findings += assessment_findings(loaded)
        findings += media_findings(loaded, linked_paths(place, loaded.module))
        findings += header_findings(loaded.doc, source.root, MODULE_SCHEMA)
    course_place = Place(source.doc, "", targets, english)
    findings += text_findings(course_place, source.course)
    findings += header_findings(source.doc, source.root, COURSE_SCHEMA)
    if source.glossary is not None and source.glossary_doc is not None:
        findings += text_findings(Place(source.glossary_doc, "", targets, english), source.glossary)
    findings += course_media_findings(source)
    findings += answer_key_findings(source)
    findings += item_writing_findings(source)
    findings += near_duplicate_findings(source)
    findings += scored_differently_findings(source)
    findings += consistency_findings(source)
    findings += final_findings(source)
    findings += translation_findings(source)
    findings += terminology_findings(source)
    if source.terminology_doc is not None:
        findings += header_findings(source.terminology_doc, source.root, TERMINOLOGY_SCHEMA)
    return sorted(findings)


# ---------------------------------------------------------------- walking the text


def strings(model: BaseModel, loc: Loc = ()) -> Iterator[tuple[Loc, str]]:
    """(YAML path, value) of every string the author wrote in model, defaults left out."""
    for name, info in type(model).model_fields.items():
        if name in model.model_fields_set:
            yield from _strings_in(getattr(model, name), (*loc, info.alias or name))


def _strings_in(value: object, loc: Loc) -> Iterator[tuple[Loc, str]]:
    if isinstance(value, BaseModel):
        yield from strings(value, loc)
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from _strings_in(item, (*loc, i))
    elif isinstance(value, str):
        yield loc, value


def _key(loc: Loc) -> str:
    return next((part for part in reversed(loc) if isinstance(part, str)), "")


def prose(model: BaseModel, loc: Loc = ()) -> Iterator[tuple[Loc, str]]:
    return ((where, value) for where, value in strings(model, loc) if _key(where) not in NOT_PROSE)


# ---------------------------------------------------------------- links, images, plain language


def text_findings(place: Place, model: BaseModel) -> list[Finding]:
    found: list[Finding] = []
    for loc, value in prose(model):
        found += link_findings(place, loc, value)
        if not QUOTED & {part for part in loc if isinstance(part, str)}:
            found += plain_language_findings(place.doc, loc, value)
    for loc, value in strings(model):
        if _key(loc) == "alt" and len(loc) >= 2 and loc[-2] == "image":
            src = getattr(_model_at(model, loc[:-1]), "src", "")
            problem = alt_problem(value, src, english=place.english)
            if problem:
                found.append(finding(place.doc, loc, "image-alt", problem, ALT_HINT))
        if _key(loc) == "url" and value.lower().startswith("http://"):
            found.append(finding(place.doc, loc, "link-insecure", f"address {value!r} uses http://",
                                 "write https://; learners and LMSs block insecure addresses"))
    return found


def _model_at(model: BaseModel, loc: Loc) -> object:
    node: object = model
    for part in loc:
        if isinstance(part, int) and isinstance(node, list) and 0 <= part < len(node):
            node = node[part]
        elif isinstance(part, str) and isinstance(node, BaseModel):
            name = next((n for n, i in type(node).model_fields.items() if part in (n, i.alias)), part)
            node = getattr(node, name, None)
        else:
            return None
    return node


def link_findings(place: Place, loc: Loc, markdown: str) -> list[Finding]:
    found = []
    for link in links(markdown):
        if link.image:
            problem = alt_problem(link.alt, link.href, english=place.english)
            if problem:
                found.append(finding(place.doc, loc, "image-alt", problem, ALT_HINT, link.line))
        judged = judge_link(link.href, place.base, place.targets)
        if judged is not None:
            rule, message, hint = judged
            found.append(finding(place.doc, loc, rule, message, hint, link.line))
    return found


def judge_link(href: str, base: str, targets: frozenset[str]) -> tuple[str, str, str] | None:
    """(rule, message, hint) for a link the package cannot keep, or None for a good one."""
    href = href.strip()
    shown = unquote(href) if len(href) <= 60 else unquote(href)[:57] + "..."
    if not href or href.startswith(("#", "?")):
        return None
    scheme = _SCHEME.match(href)
    if scheme:
        name = scheme.group(1).lower()
        if name in ALLOWED_SCHEMES:
            return None
        if name == "http":
            return ("link-insecure", f"link {shown!r} uses http://",
                    "write https://; learners and LMSs block insecure addresses")
        if name == "file" or len(name) == 1:
            return ("link-outside", f"link {shown!r} points at a file outside the package",
                    "put the file in the module's media/ folder and use it in a block")
        return ("link-scheme", f"link {shown!r} uses the {name}: scheme",
                "links may be https:, mailto: or tel:, or point at a page of the course")
    if href.startswith("//"):
        return ("link-scheme", f"link {shown!r} has no scheme", "write the full https:// address")
    path = unquote(href.split("#", 1)[0].split("?", 1)[0])
    if not path:
        return None
    target = posixpath.normpath(posixpath.join(base, path)) if "\\" not in path else "../"
    if path.startswith("/") or target == ".." or target.startswith("../"):
        return ("link-outside", f"link {shown!r} leaves the package",
                "link to pages and media of this course with relative paths, e.g. quiz.html")
    if target in targets:
        return None
    if "/media/" in f"/{target}":
        hint = "files in media/ are packaged only when an image, video or audio block uses them"
    elif target == "index.html":
        hint = "SCORM packages with one SCO per module leave out the course home page"
    else:
        hint = ("link to a lesson as LESSON-ID.html, to the module quiz as quiz.html, "
                "to another module as ../NN-slug/index.html")
    return ("link-target", f"link {shown!r} points at nothing in the package", hint)


def linked_paths(place: Place, model: BaseModel) -> set[str]:
    """Paths relative to the module folder that its Markdown links to (e.g. media/handout.pdf)."""
    found = set()
    for _, value in prose(model):
        for link in links(value):
            if _SCHEME.match(link.href) or link.href.startswith(("#", "//", "?")):
                continue
            relative = safe_relative(unquote(link.href.split("#", 1)[0].split("?", 1)[0]))
            if relative is not None:
                found.add(posixpath.normpath(str(relative)))
    return found


def plain_language_findings(doc: YamlDocument, loc: Loc, markdown: str) -> list[Finding]:
    return [finding(doc, loc, problem.rule, problem.message, problem.hint, problem.line)
            for problem in plain_language_problems(markdown)]


# ---------------------------------------------------------------- lessons, objectives, questions


def lesson_words(loaded: ModuleSource, index: int) -> int:
    lesson = loaded.module.lessons[index]
    return sum(markdown_words(value) for loc, value in prose(lesson) if _key(loc) != "transcript")


def lesson_time_findings(loaded: ModuleSource) -> list[Finding]:
    found = []
    for i, lesson in enumerate(loaded.module.lessons):
        if lesson.minutes is None:
            continue
        count = lesson_words(loaded, i)
        needed = reading_minutes(count)
        if needed > LESSON_OVERRUN * lesson.minutes:
            found.append(finding(
                loaded.doc, ("lessons", i, "minutes"), "lesson-too-long",
                f"about {count} words take {needed:.0f} minutes to read, but minutes is {lesson.minutes}",
                f"raise minutes to about {round(needed)} or split the lesson"))
    return found


def assessment_findings(loaded: ModuleSource) -> list[Finding]:
    module = loaded.module
    quiz_questions: list[QuestionBase] = list(module.quiz.questions) if module.quiz is not None else []
    assessed = {objective for question in quiz_questions for objective in question.assesses}
    found = [
        finding(loaded.doc, ("objectives", i, "id"), "objective-unassessed",
                f"objective {objective.id!r} is not assessed by any quiz question",
                "add a quiz question with assesses: [" + objective.id + "]")
        for i, objective in enumerate(module.objectives) if objective.id not in assessed
    ]
    found += [
        finding(loaded.doc, ("quiz", "questions", k), "question-unassessed",
                f"quiz question {question.id or k!r} assesses no objective",
                "add assesses: [objective-id]; the course reports mastery per objective")
        for k, question in enumerate(quiz_questions) if not question.assesses
    ]
    final_only: list[QuestionBase] = list(module.final_questions)
    found += [
        finding(loaded.doc, ("final_questions", k), "question-unassessed",
                f"final-only question {question.id or k!r} assesses no objective",
                "add assesses: [objective-id]; the course reports mastery per objective")
        for k, question in enumerate(final_only) if not question.assesses
    ]
    return found


# ---------------------------------------------------------------- files


def _files_under(folder: Path) -> list[Path]:
    if not folder.is_dir():
        return []
    return sorted(path for path in folder.rglob("*") if path.is_file()
                  and not any(part.startswith(".") for part in path.relative_to(folder).parts))


def media_findings(loaded: ModuleSource, linked: set[str]) -> list[Finding]:
    if loaded.path.name != MODULE_FILE:
        return []
    folder = loaded.path.parent
    used = set(loaded.media) | linked | {
        posixpath.normpath(str(r)) for r in map(safe_relative, media_references(loaded.module)) if r}
    return [
        Finding(path, 0, 0, "media-unused", "",
                f"{path.relative_to(folder).as_posix()} is not used by any block or link",
                "use it in an image, video or audio block, or delete it")
        for path in _files_under(folder / "media") if path.relative_to(folder).as_posix() not in used
    ]


def course_media_findings(source: CourseSource) -> list[Finding]:
    folder = source.doc.path.parent
    logo = safe_relative(source.course.organisation.logo or "")
    used = {posixpath.normpath(str(logo))} if logo is not None else set()
    return [
        Finding(path, 0, 0, "media-unused", "",
                f"{path.relative_to(folder).as_posix()} is not used by the course",
                "use it as organisation.logo, or delete it")
        for path in _files_under(folder / "media") if path.relative_to(folder).as_posix() not in used
    ]


def header_findings(doc: YamlDocument, root: Path, schema_name: str) -> list[Finding]:
    first = doc.text.split("\n", 1)[0].rstrip("\r")
    if not first.startswith(HEADER_PREFIX):
        return []
    expected = schema_header(doc.path, root, schema_name)
    if first.strip() == expected:
        return []
    return [Finding(doc.path, 1, 1, "schema-header", "",
                    f"the editor header points at {first[len(HEADER_PREFIX):].strip()!r}",
                    f"write: {expected}")]
