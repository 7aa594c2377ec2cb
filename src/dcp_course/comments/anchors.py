"""Anchors: where in the sources a thing shown to reviewers comes from, robust to later edits.

An anchor names the YAML file and path of the commented value, and the nearest enclosing item
that has an identity of its own (a lesson, question or step `id`, a glossary `term`). Resolving
later looks the item up by that identity first, so inserting a lesson or reordering questions
does not lose a comment; `context` (the start of the commented text) finds a block that moved
inside its lesson and is shown for comments whose target is gone.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from ..source.loaded import CourseSource
from ..source.yamlsource import YamlDocument

YamlPath = tuple[str | int, ...]
IDENTITY_KEYS = ("id", "term")  # what makes a mapping an item that can be found again after edits
CONTEXT_CHARACTERS = 160
# values that are not what a reviewer reads: the context is taken from the text around them
_NOT_TEXT_KEYS = frozenset({"id", "assesses", "weight", "correct", "points", "next", "start", "src",
                            "captions", "kind", "answer", "scoring", "case_sensitive", "max_length"})


@dataclass(frozen=True)
class Anchor:
    file: str  # relative to the course root, with forward slashes
    path: YamlPath
    item: str | None  # the identity of the nearest enclosing item, or None when nothing has one
    item_key: str  # "id" or "term"
    item_depth: int  # how many leading parts of path lead to the item
    context: str

    def as_json(self) -> str:
        return json.dumps({"file": self.file, "path": list(self.path), "item": self.item,
                           "item_key": self.item_key, "item_depth": self.item_depth,
                           "context": self.context}, ensure_ascii=False, separators=(",", ":"))


def node_at(data: Any, path: YamlPath) -> tuple[bool, Any]:
    """(True, value) when path exists in the plain YAML data, else (False, None)."""
    node = data
    for part in path:
        in_mapping = isinstance(node, dict) and isinstance(part, str) and part in node
        in_list = (isinstance(node, list) and isinstance(part, int) and not isinstance(part, bool)
                   and 0 <= part < len(node))
        if not (in_mapping or in_list):
            return False, None
        node = node[part]
    return True, node


def context_text(node: Any) -> str:
    """The first text a reviewer reads in a value, whitespace folded and cut short."""
    for text in _texts(node):
        folded = " ".join(text.split())
        if folded:
            return folded[:CONTEXT_CHARACTERS]
    return ""


def _texts(node: Any) -> Iterator[str]:
    if isinstance(node, str):
        yield node
    elif isinstance(node, dict):
        for key, value in node.items():
            if key not in _NOT_TEXT_KEYS:
                yield from _texts(value)
    elif isinstance(node, list):
        for value in node:
            yield from _texts(value)


def nearest_item(data: Any, path: YamlPath) -> tuple[str | None, str, int]:
    """(identity, key, depth) of the deepest mapping on path that has an id or a term."""
    found: tuple[str | None, str, int] = (None, "", 0)
    node = data
    for depth in range(len(path) + 1):
        if isinstance(node, dict):
            for key in IDENTITY_KEYS:
                if isinstance(node.get(key), str):
                    found = (node[key], key, depth)
                    break
        if depth == len(path):
            break
        exists, node = node_at(node, path[depth:depth + 1])
        if not exists:
            break
    return found


def anchor_for(doc: YamlDocument, file: str, path: YamlPath) -> Anchor:
    item, key, depth = nearest_item(doc.data, path)
    return Anchor(file, path, item, key, depth, context_text(node_at(doc.data, path)[1]))


def relative_file(source: CourseSource, doc: YamlDocument) -> str:
    try:
        return doc.path.relative_to(source.root).as_posix()
    except ValueError:
        return Path(doc.path).name


class AnchorIndex:
    """Every model object of a loaded course with the YAML path it was read from.

    Templates hold model objects, not paths; this finds the path of any block, question, choice or
    glossary entry by the object's identity while the course is being rendered.
    """

    def __init__(self, source: CourseSource) -> None:
        self._places: dict[int, tuple[YamlDocument, str, YamlPath]] = {}
        self._terms: dict[str, tuple[YamlDocument, str, YamlPath]] = {}
        self._keep: list[object] = []  # the indexed objects stay alive, so their ids stay unique
        # the course glossary first: its entry wins over a lesson's definition of the same term
        if source.glossary is not None and source.glossary_doc is not None:
            doc = source.glossary_doc
            self._walk(source.glossary, doc.data, (doc, relative_file(source, doc)), ())
        for loaded in source.modules:
            self._walk(loaded.module, loaded.doc.data, (loaded.doc, relative_file(source, loaded.doc)), ())

    def _walk(self, model: BaseModel, data: Any, where: tuple[YamlDocument, str], path: YamlPath) -> None:
        doc, file = where
        self._places[id(model)] = (doc, file, path)
        self._keep.append(model)
        term = getattr(model, "term", None)
        if isinstance(term, str) and isinstance(getattr(model, "definition", None), str):
            self._terms.setdefault(term.casefold(), (doc, file, path))
        if not isinstance(data, dict):
            return
        for name, info in type(model).model_fields.items():
            key = info.alias or name
            if key not in data:
                continue
            value = getattr(model, name)
            if isinstance(value, BaseModel):
                self._walk(value, data[key], where, (*path, key))
            elif isinstance(value, list) and isinstance(data[key], list):
                for index, (item, raw) in enumerate(zip(value, data[key], strict=False)):
                    if isinstance(item, BaseModel):
                        self._walk(item, raw, where, (*path, key, index))

    def anchor(self, model: object, *inside: str | int) -> Anchor | None:
        """The anchor of a model object, or of a value inside it (`inside` continues its path)."""
        place = self._places.get(id(model))
        if place is None:
            return None
        doc, file, path = place
        return anchor_for(doc, file, (*path, *inside))

    def term_anchor(self, term: str) -> Anchor | None:
        """A glossary entry by its term: the course glossary's, or the lesson block defining it."""
        place = self._terms.get(term.casefold())
        if place is None:
            return None
        doc, file, path = place
        return anchor_for(doc, file, path)
