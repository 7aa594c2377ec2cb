"""Find where each comment's anchor sits in the current sources: file, line and column."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from ..source.loaded import CourseSource
from ..source.yamlsource import YamlDocument
from .anchors import YamlPath, context_text, node_at, relative_file
from .model import Comment, CommentsFile, ExportedAnchor


@dataclass(frozen=True)
class Located:
    file: str
    line: int
    column: int
    label: str  # the item and the path inside it, e.g. "m6-q-illegal choices[1].feedback"
    module: str  # module id, or "course" for the course file and the glossary


@dataclass(frozen=True)
class ResolvedComment:
    reviewer: str
    comment: Comment
    where: Located | None  # None: orphaned, the target no longer exists

    @property
    def label(self) -> str:
        """Where the comment points; for an orphan, where it pointed when it was made."""
        if self.where is not None:
            return self.where.label
        anchor = self.comment.anchor
        return path_label(anchor.item, tuple(anchor.path), anchor.item_depth)


def path_label(item: str | None, path: YamlPath, item_depth: int) -> str:
    inside = path[item_depth:] if item is not None else path
    shown = ""
    for part in inside:
        shown += f"[{part}]" if isinstance(part, int) else (f".{part}" if shown else part)
    return " ".join(part for part in (item or "", shown) if part) or "(whole file)"


class SourceIndex:
    """The current source documents, by file relative to the course root."""

    def __init__(self, source: CourseSource) -> None:
        self.documents: dict[str, YamlDocument] = {}
        self.modules: dict[str, str] = {}
        for doc, module in [(source.doc, "course"),
                            *([(source.glossary_doc, "course")] if source.glossary_doc else []),
                            *[(loaded.doc, loaded.module.id) for loaded in source.modules]]:
            file = relative_file(source, doc)
            self.documents[file] = doc
            self.modules[file] = module

    def resolve(self, anchor: ExportedAnchor) -> Located | None:
        # the file the anchor names first: an item rarely moves to another module, but it may
        files = sorted(self.documents, key=lambda name: (name != anchor.file, name))
        for file in files:
            doc = self.documents[file]
            for path in self._candidates(anchor, doc, file):
                line, column = doc.locate(path)
                item = anchor.item if anchor.item is not None else None
                return Located(file, line, column, path_label(item, path, anchor.item_depth), self.modules[file])
        return None

    def _candidates(self, anchor: ExportedAnchor, doc: YamlDocument, file: str) -> Iterator[YamlPath]:
        wanted: YamlPath = tuple(anchor.path)
        if anchor.item is None:
            if file == anchor.file and node_at(doc.data, wanted)[0]:
                yield _settle(doc, wanted, 0, anchor.context)
            return
        prefix, inside = wanted[:anchor.item_depth], wanted[anchor.item_depth:]
        for found in _items(doc.data, prefix, anchor.item_key, anchor.item):
            target = _settle(doc, (*found, *inside), len(found), anchor.context)
            if node_at(doc.data, target)[0]:
                yield target


def _items(node: object, pattern: YamlPath, key: str, identity: str, at: YamlPath = ()) -> Iterator[YamlPath]:
    """Paths shaped like pattern (any list index) that lead to a mapping whose key is identity."""
    if not pattern:
        if isinstance(node, dict) and node.get(key) == identity:
            yield at
        return
    part, rest = pattern[0], pattern[1:]
    if isinstance(part, int) and isinstance(node, list):
        for index, child in enumerate(node):
            yield from _items(child, rest, key, identity, (*at, index))
    elif isinstance(part, str) and isinstance(node, dict) and part in node:
        yield from _items(node[part], rest, key, identity, (*at, part))


def _settle(doc: YamlDocument, path: YamlPath, fixed: int, context: str) -> YamlPath:
    """The path itself when its text still matches; else a sibling holding exactly that text.

    A block inserted above a commented one shifts its index; the commented text is still there.
    When no sibling matches either (the author rewrote the text), the path as given stands.
    """
    exists, node = node_at(doc.data, path)
    if not context or (exists and context_text(node) == context):
        return path
    for position in range(len(path) - 1, fixed - 1, -1):
        if not isinstance(path[position], int):
            continue
        exists, siblings = node_at(doc.data, path[:position])
        if not exists or not isinstance(siblings, list):
            continue
        for index in range(len(siblings)):
            moved = (*path[:position], index, *path[position + 1:])
            found, value = node_at(doc.data, moved)
            if found and context_text(value) == context:
                return moved
    return path


def resolve_all(index: SourceIndex, files: list[CommentsFile]) -> list[ResolvedComment]:
    """Every comment of every file, each once (the same export given twice counts once)."""
    seen: set[tuple[str, str]] = set()
    resolved = []
    for exported in files:
        for comment in exported.comments:
            if (exported.reviewer, comment.id) in seen:
                continue
            seen.add((exported.reviewer, comment.id))
            resolved.append(ResolvedComment(exported.reviewer, comment, index.resolve(comment.anchor)))
    return resolved
