"""Anchors: where in the sources a thing shown to reviewers comes from, and how to know it again.

An anchor names the YAML file and path of the commented value, the identities on that path (each
lesson, question or step `id`, glossary `term`, outermost first), a digest of the value's own text
and, when the value is known only by its position in a list (a block, a choice, an option), the
short digests of the other values of that kind in the same item. Resolving later (resolve.py)
finds each identity inside the one before it, recognises the text by its digest, and tells a
reworded value from a neighbour that slid into its place because the neighbour's text is one of
those other digests.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from ..render.markdown import parse_markdown
from ..source.loaded import CourseSource
from ..source.yamlsource import YamlDocument

YamlPath = tuple[str | int, ...]
IDENTITY_KEYS = ("id", "term")  # what makes a mapping an item that can be found again after edits
CONTEXT_CHARACTERS = 200  # of the commented text, kept in the anchor to show and compare later
LABEL_CHARACTERS = 80  # of its plain text, shown to reviewers beside their comment
DIGEST_CHARACTERS = 16
OTHER_DIGEST_CHARACTERS = 8  # enough to tell apart the few values of one kind in one item
# values that are not what a reviewer reads: the text is taken from the fields around them
NOT_TEXT_KEYS = frozenset({"id", "assesses", "weight", "correct", "points", "next", "start", "src", "captions",
                           "kind", "answer", "scoring", "case_sensitive", "max_length", "best", "minutes",
                           "scored"})

# What reviewers comment on inside a question of each kind, beside the question itself and its
# general feedback (QUESTION_FEEDBACK): paths inside the question, "[]" standing for every item of
# a list. One table, so that a registry of question kinds can supply it; the review templates put
# a Comment button on each, and tests/unit/test_comments.py holds them to it.
QUESTION_PARTS: dict[str, tuple[str, ...]] = {
    "single": ("choices[]", "choices[].feedback"),
    "multiple": ("choices[]", "choices[].feedback"),
    "truefalse": ("if_true", "if_false"),
    "match": ("pairs[]",),
    "order": ("items[]",),
    "fill": (),
    "numeric": (),
    "task": ("model_answer", "checklist[]"),
    "branching": ("steps[]", "steps[].options[]"),
}
QUESTION_FEEDBACK = ("feedback.correct", "feedback.partial", "feedback.incorrect")


@dataclass(frozen=True)
class Identity:
    depth: int  # how many parts of the anchor's path lead to the item
    key: str  # "id" or "term"
    value: str


@dataclass(frozen=True)
class Anchor:
    file: str  # relative to the course root, with forward slashes
    path: YamlPath
    ids: tuple[Identity, ...]  # outermost first
    context: str  # the start of the commented text, whitespace folded
    digest: str  # of the whole commented text; "" for anchors of the first file format (text only)
    others: tuple[str, ...] = ()  # short digests of the other values of its kind in the same item
    label: str = ""  # the commented text as a reviewer reads it (Markdown removed), cut short

    @property
    def item_depth(self) -> int:
        """Where the innermost identity sits on the path; what follows it is found by position or key."""
        return self.ids[-1].depth if self.ids else 0

    def as_dict(self) -> dict[str, Any]:
        return {"file": self.file, "path": list(self.path),
                "ids": [{"depth": i.depth, "key": i.key, "value": i.value} for i in self.ids],
                "context": self.context, "digest": self.digest, "others": list(self.others), "label": self.label}

    def as_json(self) -> str:
        return json.dumps(self.as_dict(), ensure_ascii=False, separators=(",", ":"))


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


def folded(text: str) -> str:
    """Whitespace folded: re-wrapping a YAML paragraph does not change what it says."""
    return " ".join(text.split())


def _all_texts(node: Any) -> Iterator[str]:
    if isinstance(node, str):
        yield node
    elif isinstance(node, dict):
        for key, value in node.items():
            if key not in NOT_TEXT_KEYS:
                yield from _all_texts(value)
    elif isinstance(node, list):
        for value in node:
            yield from _all_texts(value)


def own_text(node: Any) -> str:
    """The text a comment on node is about, folded: its own fields, not the parts commented apart.

    A choice is its text and feedback, a lesson its title, a question its stem, a step its
    situation; a block's one body ({callout: {…}}) stands for the block; a value with no text of
    its own (a checklist without a title) is all the text inside it.
    """
    if isinstance(node, str):
        return folded(node)
    if isinstance(node, dict):
        direct = [value for key, value in node.items() if key not in NOT_TEXT_KEYS and isinstance(value, str)]
        if direct:
            return folded(" ".join(direct))
        bodies = [value for key, value in node.items() if key not in NOT_TEXT_KEYS and isinstance(value, dict)]
        if len(bodies) == 1:
            return own_text(bodies[0])
    return folded(" ".join(_all_texts(node)))


def text_digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:DIGEST_CHARACTERS]


def context_of(text: str) -> str:
    return text[:CONTEXT_CHARACTERS]


def plain_label(text: str) -> str:
    """Markdown as the words a reader sees (`## Three *linked* elements` → `Three linked elements`)."""
    words: list[str] = []
    for token in parse_markdown(text):
        for child in token.children or ():
            if child.type in ("text", "code_inline"):
                words.append(child.content)
            elif child.type in ("softbreak", "hardbreak"):
                words.append(" ")
            elif child.type == "image":
                words.append(child.content)
        if token.type.endswith("_close") and token.block:
            words.append(" ")
    shown = folded("".join(words)) or folded(text)
    return shown if len(shown) <= LABEL_CHARACTERS else shown[:LABEL_CHARACTERS - 1].rstrip() + "…"


def identities(data: Any, path: YamlPath) -> tuple[Identity, ...]:
    """Every mapping on path (the value itself included) that has an id or a term, outermost first.

    The file's own id (a module's) is left out: the file is already the outermost item.
    """
    found: list[Identity] = []
    node = data
    for depth in range(len(path) + 1):
        if isinstance(node, dict) and depth > 0:
            key = next((k for k in IDENTITY_KEYS if isinstance(node.get(k), str) and node[k]), None)
            if key is not None:
                found.append(Identity(depth, key, node[key]))
        if depth == len(path):
            break
        exists, node = node_at(node, path[depth:depth + 1])
        if not exists:
            break
    return tuple(found)


def shape(path: YamlPath) -> tuple[str, ...]:
    """The path with its list positions left open: the kind of value it leads to."""
    return tuple("[]" if isinstance(part, int) else part for part in path)


def paths_like(data: Any, pattern: tuple[str, ...], at: YamlPath = ()) -> Iterator[tuple[YamlPath, Any]]:
    """(path, value) of every value below data whose path has the given shape, in document order."""
    if not pattern:
        yield at, data
        return
    part, rest = pattern[0], pattern[1:]
    if part == "[]" and isinstance(data, list):
        for index, child in enumerate(data):
            yield from paths_like(child, rest, (*at, index))
    elif part != "[]" and isinstance(data, dict) and part in data:
        yield from paths_like(data[part], rest, (*at, part))


def is_positional(path: YamlPath) -> bool:
    return any(isinstance(part, int) for part in path)


def anchor_for(doc: YamlDocument, file: str, path: YamlPath) -> Anchor:
    ids = identities(doc.data, path)
    node = node_at(doc.data, path)[1]
    text = own_text(node)
    item_depth = ids[-1].depth if ids else 0
    others: tuple[str, ...] = ()
    if is_positional(path[item_depth:]):
        item = node_at(doc.data, path[:item_depth])[1]
        others = tuple(sorted({text_digest(own_text(value))[:OTHER_DIGEST_CHARACTERS]
                               for where, value in paths_like(item, shape(path[item_depth:]), path[:item_depth])
                               if where != path}))
    return Anchor(file, path, ids, context_of(text), text_digest(text), others, plain_label(text))


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

    def term_anchor(self, term: str, *inside: str) -> Anchor | None:
        """A glossary entry by its term (the course glossary's, or the lesson block defining it);
        `inside` is "term" or "definition", each commented on apart."""
        place = self._terms.get(term.casefold())
        if place is None:
            return None
        doc, file, path = place
        return anchor_for(doc, file, (*path, *inside))
