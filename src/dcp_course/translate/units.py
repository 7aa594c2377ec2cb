"""Extraction: every translatable string of a course as units with stable ids.

A field's key is its source file plus the path to the string inside that file, built from item
ids where the item has one (lessons, objectives, questions, branching steps) and list positions
elsewhere: `modules/01-x/module.yaml` + `lessons/what-is/blocks/2/callout/text`. Line numbers never
enter an id, so edits elsewhere in a file leave it alone.

A plain field is one unit under its key. A Markdown field is one unit per heading, paragraph,
list item and table cell (`markdown_units.py`), keyed `<field>/<n>` in order, its formatting as
locked tags; a field whose blocks cannot be placed exactly stays one unit of Markdown source.
Link targets and inline code written into a plain field (a key point may have them) must come
back unchanged; `protected_parts` lists them so import can compare.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Any

from markdown_it import MarkdownIt
from pydantic import BaseModel

from ..source import model as m
from ..source.kinds import KINDS
from ..source.load import READING_FILE
from ..source.loaded import CourseSource
from .content import Code, Content, canonical, plain_content
from .markdown_units import markdown_leaves

# Which fields of each model a translator sees; everything else (ids, media paths, numbers,
# flags, URLs) is structure and stays as written.
TRANSLATABLE: dict[type[BaseModel], tuple[str, ...]] = {
    m.Course: ("title", "description", "audience", "keywords"),
    m.Organisation: ("name",),
    m.FinalAssessment: ("title",),
    m.Module: ("title", "summary"),
    m.Objective: ("text",),
    m.Lesson: ("title",),
    m.Quiz: ("title",),
    m.Source: ("title", "publisher", "note"),
    m.Feedback: ("correct", "incorrect", "partial"),
    m.Choice: ("text", "feedback"),
    m.MatchPair: ("left", "right"),
    m.BranchOption: ("text", "consequence"),
    m.BranchStep: ("situation",),
    **{spec.model: spec.translatable for spec in KINDS.values()},
    m.Callout: ("title", "text"),
    m.Quote: ("text", "by"),
    m.Image: ("alt", "caption"),
    m.Media: ("title", "transcript"),
    m.Checklist: ("title", "items"),
    m.GlossaryTerm: ("term", "definition"),
    m.ScenarioOption: ("text", "consequence"),
    m.Scenario: ("title", "situation", "question"),
    m.TextBlock: ("text",),
    m.KeyPointsBlock: ("keypoints",),
    m.ReflectionBlock: ("reflect",),
    m.GlossaryEntry: ("term", "definition", "aliases"),
    m.FurtherReading: ("title", "intro"),
    m.ReadingSection: ("title",),
}
# Accepted-answer lists: each translated entry may hold several forms (source/kinds.py)
ANSWER_FORMS: dict[type[BaseModel], tuple[str, ...]] = {
    spec.model: spec.answer_forms for spec in KINDS.values() if spec.answer_forms}
# Fields whose text is rendered as Markdown (the others are plain text, escaped as written).
MARKDOWN_FIELDS = frozenset({
    "description", "summary", "text", "feedback", "consequence", "situation", "correct",
    "incorrect", "partial", "transcript", "definition", "reflect", "intro",
    *(name for spec in KINDS.values() for name in spec.markdown),
})
HASH_LENGTH = 16
YamlLoc = tuple[str | int, ...]


@dataclass(frozen=True)
class Unit:
    file: str  # source file relative to the course root, e.g. "modules/01-x/module.yaml"
    key: str  # the field's path in the file, plus /<n> for a block of a Markdown field
    source: str  # the text as written in the source file (a block's Markdown, for a Markdown field)
    content: Content  # what a translator sees: the text with formatting as tags
    where: dict[str, str] = field(compare=False)  # module, lesson, block, field, part (for context)
    markdown: bool = False
    codes: Mapping[str, Code] = field(default_factory=dict, compare=False)  # what each tag stands for
    loc: YamlLoc = field(default=(), compare=False)  # where the source file has it, for lint's messages
    field_key: str = ""  # the field it belongs to; blocks of one Markdown field share it
    in_table: bool = False

    @property
    def id(self) -> str:
        return f"{self.file}#{self.key}"

    @cached_property
    def hash(self) -> str:
        return content_hash(self.content)

    @property
    def note(self) -> str:
        """Where a learner meets it, for messages: module, lesson, block kind, field."""
        parts = [f"{name} {self.where[name]}" for name in ("file", "module", "lesson", "block") if name in self.where]
        return ", ".join([*parts, f"field {self.where.get('field', '')}"])


def text_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:HASH_LENGTH]


def content_hash(content: Content) -> str:
    """The hash of what a translator sees: text and tag positions (not what the tags stand for, so
    a changed link target leaves the translation current)."""
    return text_hash(canonical(content))


def relative_file(source: CourseSource, path: Path) -> str:
    try:
        return path.resolve().relative_to(source.root.resolve()).as_posix()
    except ValueError:
        return path.name


def item_segment(item: Any, index: int) -> str:
    """A list item's path segment: its id when it has one (stable under reordering), else its position."""
    item_id = getattr(item, "id", None)
    return str(item_id) if isinstance(item_id, str) and item_id else str(index)


@dataclass(frozen=True)
class Found:
    """A translatable string as walk_model meets it."""

    path: tuple[str, ...]  # the unit key's segments
    loc: YamlLoc  # where it is written in the YAML file (keys and list positions)
    text: str
    where: dict[str, str]
    markdown: bool


def walk_model(value: BaseModel, path: tuple[str, ...], where: dict[str, str], loc: YamlLoc = ()
               ) -> Iterator[Found]:
    """Every translatable string under value, in the order the file has them."""
    where = _where(value, path, where)
    translatable = TRANSLATABLE.get(type(value), ())
    for name, info in type(value).model_fields.items():
        field_value = getattr(value, name)
        field_path, field_loc = (*path, name), (*loc, info.alias or name)
        if name in translatable:
            if isinstance(field_value, str):
                yield Found(field_path, field_loc, field_value, where, name in MARKDOWN_FIELDS)
            elif isinstance(field_value, list):
                forms = {"answer forms": "yes"} if name in ANSWER_FORMS.get(type(value), ()) else {}
                for index, text in enumerate(field_value):
                    if isinstance(text, str):
                        yield Found((*field_path, str(index)), (*field_loc, index), text, where | forms, False)
        elif isinstance(field_value, BaseModel):
            yield from walk_model(field_value, field_path, where, field_loc)
        elif isinstance(field_value, list):
            for index, item in enumerate(field_value):
                if isinstance(item, BaseModel):
                    yield from walk_model(item, (*field_path, item_segment(item, index)), where,
                                          (*field_loc, index))


def _where(value: BaseModel, path: tuple[str, ...], where: dict[str, str]) -> dict[str, str]:
    if isinstance(value, m.Module):
        return {"module": value.id, "module title": value.title}
    if isinstance(value, m.Lesson):
        return where | {"lesson": value.id, "lesson title": value.title}
    if isinstance(value, m.Quiz):
        return where | {"lesson": "quiz"}
    if isinstance(value, m.StrictModel) and type(value) in m.BLOCK_KINDS.values():
        position = path[-1] if path and path[-1].isdigit() else None
        return where | {"block": m.block_kind(value)} | (
            {"block number": str(int(position) + 1)} if position is not None else {})
    if isinstance(value, m.Source) and value.language:
        return where | {"work language": value.language}
    if isinstance(value, m.QuestionBase) and "block" not in where:
        return where | {"block": f"question {m.question_kind(value)}"}
    return where


def source_documents(source: CourseSource) -> Iterator[tuple[str, BaseModel, dict[str, str]]]:
    """Each translatable document with its file name, in a fixed order."""
    yield relative_file(source, source.doc.path), source.course, {"file": "course"}
    if source.glossary is not None and source.glossary_doc is not None:
        yield relative_file(source, source.glossary_doc.path), source.glossary, {"file": "glossary"}
    if source.reading is not None:
        yield relative_file(source, source.root / READING_FILE), source.reading, \
            {"file": "further reading"}
    for loaded in source.modules:
        yield relative_file(source, loaded.path), loaded.module, {}


def course_units(source: CourseSource) -> list[Unit]:
    """Every unit of the course, in source order."""
    units: list[Unit] = []
    for file, document, where in source_documents(source):
        for found in walk_model(document, (), where):
            units += field_units(file, found)
    return units


def field_units(file: str, found: Found) -> list[Unit]:
    """One field's units: the field itself, or each block of a Markdown field."""
    key = "/".join(found.path)
    field_name = next((p for p in reversed(found.path) if not p.isdigit()), found.path[-1])
    where = found.where | {"field": field_name}
    leaves = markdown_leaves(found.text) if found.markdown else None
    if leaves is None:
        return [Unit(file, key, found.text, plain_content(found.text), where, found.markdown,
                     loc=found.loc, field_key=key)]
    counts = Counter(leaf.kind for leaf in leaves)
    seen: Counter[str] = Counter()
    units = []
    for index, leaf in enumerate(leaves):
        seen[leaf.kind] += 1
        part = leaf.kind + (f" {seen[leaf.kind]} of {counts[leaf.kind]}" if counts[leaf.kind] > 1 else "")
        units.append(Unit(file, f"{key}/{index}", found.text[leaf.start:leaf.end], leaf.content,
                          where | {"part": part}, True, leaf.codes, found.loc, key, leaf.in_table))
    return units


@lru_cache(maxsize=1)
def _inline_parser() -> MarkdownIt:
    return MarkdownIt("commonmark", {"html": False}).enable("table")


# Text without these has no link, code span or code block, and skips the parser.
_MAY_PROTECT = re.compile(r"[`\[<~]|\n {4}|^ {4}")


def protected_parts(text: str) -> Counter[str]:
    """Link targets and inline code in a Markdown string: what translation must not change."""
    found: Counter[str] = Counter()
    if not _MAY_PROTECT.search(text):
        return found
    for token in _inline_parser().parse(text):
        for child in token.children or ():
            if child.type == "link_open":
                found[f"link target {child.attrGet('href')}"] += 1
            elif child.type == "code_inline":
                found[f"inline code `{child.content}`"] += 1
        if token.type in ("code_block", "fence"):
            found[f"code block {token.content.strip()}"] += 1
    return found


def protected_difference(source: str, target: str) -> str | None:
    """How target's protected parts differ from source's, or None when they agree."""
    expected, found = protected_parts(source), protected_parts(target)
    if expected == found:
        return None
    missing = sorted((expected - found).elements())
    added = sorted((found - expected).elements())
    changes = [f"missing {part}" for part in missing] + [f"unexpected {part}" for part in added]
    return "; ".join(changes)
