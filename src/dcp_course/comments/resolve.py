"""Where each comment's anchor is in today's sources, and how sure that is.

Four answers, each honest about what it knows:

- here: the anchor's items are found by their ids and the text is the one commented on;
- moved: that same text is found elsewhere in the same file (another position in its item, a
  renamed step, another lesson); the old place is shown beside the new one;
- changed: the same anchor, but its text was edited since the comment (old and new text shown);
- orphaned: the anchor is gone and nothing matches with confidence; the original text is shown.

A value known only by its position (a block, a choice, an option) is "changed" only when the text
at that position reads like a rewording of the commented one and is none of the texts its
neighbours had when the comment was made: a neighbour that slid into a deleted value's place is
never taken for it. Ids are looked up only inside the file and the item they came from.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from ..source.loaded import CourseSource
from ..source.yamlsource import YamlDocument
from .anchors import (
    CONTEXT_CHARACTERS,
    OTHER_DIGEST_CHARACTERS,
    Anchor,
    Identity,
    YamlPath,
    identities,
    is_positional,
    node_at,
    own_text,
    paths_like,
    relative_file,
    shape,
    text_digest,
)
from .model import Comment, CommentsFile

HERE, MOVED, CHANGED, ORPHANED = "here", "moved", "changed", "orphaned"
CATEGORIES = (HERE, MOVED, CHANGED, ORPHANED)
# How alike (0-1, by words) a text must be to the commented one to count as a rewording of it,
# once the neighbours' texts at the time of the comment are ruled out; elsewhere in the commented
# item the one candidate must also be the only one that alike. Replacing one word of two scores
# 0.5, one of four 0.75; two unrelated sentences of the real course rarely reach 0.4, and the
# neighbours that do (sibling feedback lines differing by one word) are ruled out by their digests.
REWORDED = 0.5
DISTINCTIVE_WORDS = 3  # a text found outside its own item must be at least this long to count
_WORD = re.compile(r"\w+")


@dataclass(frozen=True)
class Match:
    category: str
    path: YamlPath | None  # where in the file; None when orphaned
    text: str = ""  # the text there now, folded


@dataclass(frozen=True)
class _Candidate:
    path: YamlPath
    text: str
    digest: str


def words(text: str) -> list[str]:
    return _WORD.findall(text.casefold())


def similarity(commented: str, now: str) -> float:
    """How alike two texts are by their words, 0 to 1; a context cut short is compared as far as it goes."""
    if len(commented) >= CONTEXT_CHARACTERS:
        now = now[:CONTEXT_CHARACTERS]
    return difflib.SequenceMatcher(None, words(commented), words(now), autojunk=False).ratio()


def _candidate(path: YamlPath, value: Any) -> _Candidate:
    text = own_text(value)
    return _Candidate(path, text, text_digest(text))


def _values_like(data: Any, anchor: Anchor, inside: YamlPath) -> Iterator[_Candidate]:
    """Every value of the anchor's kind inside the item at `inside` (the whole file for ())."""
    exists, item = node_at(data, inside)
    if exists:
        for path, value in paths_like(item, shape(anchor.path[len(inside):]), inside):
            yield _candidate(path, value)


def find_items(data: Any, anchor: Anchor) -> tuple[YamlPath, int, bool]:
    """Follow the anchor's ids, each inside the item found before it.

    Returns the path of the innermost item found, how much of the anchor's path it stands for,
    and whether every id was found (once: an id found twice is not found).
    """
    at: YamlPath = ()
    depth = 0
    for identity in anchor.ids:
        between = shape(anchor.path[depth:identity.depth])
        exists, item = node_at(data, at)
        found = [path for path, value in paths_like(item, between, at) if exists
                 and isinstance(value, dict) and value.get(identity.key) == identity.value]
        if len(found) != 1:
            return at, depth, False
        at, depth = found[0], identity.depth
    return at, depth, True


def match_anchor(data: Any, anchor: Anchor) -> Match:
    """Where the anchor's text is in one file's plain YAML data, and which of the four answers that is."""
    if not anchor.digest:
        return _match_by_context(data, anchor)
    item, depth, complete = find_items(data, anchor)
    inside = anchor.path[depth:]
    home = (*item, *inside) if complete else None
    at_home = node_at(data, home)[0] if home is not None else False
    here = _candidate(home, node_at(data, home)[1]) if home is not None and at_home else None
    if here is not None and here.digest == anchor.digest:
        return Match(HERE, here.path, here.text)
    in_item = list(_values_like(data, anchor, item))
    same = [c for c in in_item if c.digest == anchor.digest]
    if len(same) == 1:
        return Match(MOVED, same[0].path, same[0].text)
    if here is not None and (not is_positional(inside) or _reworded(anchor, here)):
        return Match(CHANGED, here.path, here.text)
    if item:
        in_file = [c for c in _values_like(data, anchor, ()) if c.digest == anchor.digest]
        if len(in_file) == 1 and len(words(anchor.context)) >= DISTINCTIVE_WORDS:
            return Match(MOVED, in_file[0].path, in_file[0].text)
    if item or not anchor.ids:
        alike = [c for c in in_item if _reworded(anchor, c)]
        if len(alike) == 1:
            return Match(CHANGED, alike[0].path, alike[0].text)
    return Match(ORPHANED, None)


def _reworded(anchor: Anchor, candidate: _Candidate) -> bool:
    """A text that reads like a rewording of the commented one and was not a neighbour's when commented."""
    if candidate.digest[:OTHER_DIGEST_CHARACTERS] in anchor.others:
        return False
    return similarity(anchor.context, candidate.text) >= REWORDED


def _match_by_context(data: Any, anchor: Anchor) -> Match:
    """Anchors of the first file format carry the start of their text only: they are placed where
    that text still is, never guessed."""
    exists, value = node_at(data, anchor.path)
    if exists and _first_text(value) == anchor.context:
        return Match(HERE, anchor.path, own_text(value))
    found = [(path, value) for path, value in paths_like(data, shape(anchor.path))
             if _first_text(value) == anchor.context]
    if len(found) == 1:
        return Match(MOVED, found[0][0], own_text(found[0][1]))
    return Match(ORPHANED, None)


def _first_text(node: Any) -> str:
    """What the first review packs kept of a value: its first text, folded, 160 characters."""
    if isinstance(node, str):
        return " ".join(node.split())[:160]
    values = node.items() if isinstance(node, dict) else enumerate(node) if isinstance(node, list) else ()
    for key, value in values:
        if key in _FIRST_FORMAT_SKIPPED:
            continue
        text = _first_text(value)
        if text:
            return text
    return ""


_FIRST_FORMAT_SKIPPED = frozenset({"id", "assesses", "weight", "correct", "points", "next", "start", "src",
                                   "captions", "kind", "answer", "scoring", "case_sensitive", "max_length"})


def word_diff(old: str, new: str, around: int = 4) -> str:
    """The changed words, git's --word-diff style ([-old-]{+new+}), with a few words around each change."""
    before, after = old.split(), new.split()
    if len(old) >= CONTEXT_CHARACTERS:  # only the start of the old text is known: compare that much
        after = new[:CONTEXT_CHARACTERS].split()
    shown: list[str] = []
    opcodes = difflib.SequenceMatcher(None, before, after, autojunk=False).get_opcodes()
    for number, (tag, i1, i2, j1, j2) in enumerate(opcodes):
        if tag == "equal":
            kept = before[i1:i2]
            first, last = number == 0, number == len(opcodes) - 1
            if len(kept) > around * 2 or (first and len(kept) > around) or (last and len(kept) > around):
                head = [] if first else kept[:around]
                tail = [] if last else kept[-around:]
                kept = [*head, "…", *tail]
            shown += kept
            continue
        if i2 > i1:
            shown.append("[-" + " ".join(before[i1:i2]) + "-]")
        if j2 > j1:
            shown.append("{+" + " ".join(after[j1:j2]) + "+}")
    return " ".join(shown)


# ---------------------------------------------------------------- in today's sources


@dataclass(frozen=True)
class Located:
    file: str
    line: int
    column: int
    label: str  # the items and the path inside them, e.g. "m5-q-message s1 options[1]"
    module: str  # module id, or "course" for the course file and the glossary


@dataclass(frozen=True)
class ResolvedComment:
    comment: Comment
    category: str
    where: Located | None  # None: orphaned
    text_now: str = ""  # the text at `where` today

    @property
    def reviewer(self) -> str:
        return self.comment.reviewer

    @property
    def label(self) -> str:
        """Where the comment points; for an orphan, where it pointed when it was made."""
        return self.where.label if self.where is not None else self.commented_label

    @property
    def commented_label(self) -> str:
        anchor = self.comment.anchor
        return path_label(anchor.ids, anchor.path)


def path_label(ids: tuple[Identity, ...], path: YamlPath) -> str:
    inside = path[ids[-1].depth:] if ids else path
    shown = ""
    for part in inside:
        shown += f"[{part}]" if isinstance(part, int) else (f".{part}" if shown else part)
    return " ".join(part for part in (*(i.value for i in ids), shown) if part) or "(whole file)"


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

    def resolve(self, comment: Comment) -> ResolvedComment:
        """The comment's place: only ever in the file it was made on."""
        doc = self.documents.get(comment.anchor.file)
        match = match_anchor(doc.data, comment.anchor) if doc is not None else Match(ORPHANED, None)
        if doc is None or match.path is None:
            return ResolvedComment(comment, ORPHANED, None)
        line, column = doc.locate(match.path)
        label = path_label(identities(doc.data, match.path), match.path)
        where = Located(comment.anchor.file, line, column, label, self.modules[comment.anchor.file])
        return ResolvedComment(comment, match.category, where, match.text)


def resolve_all(index: SourceIndex, files: list[CommentsFile]) -> list[ResolvedComment]:
    """Every comment of every file, each once (the same comment in two files counts once)."""
    seen: set[tuple[str, str]] = set()
    resolved = []
    for exported in files:
        for comment in exported.comments:
            if (comment.reviewer, comment.id) in seen:
                continue
            seen.add((comment.reviewer, comment.id))
            resolved.append(index.resolve(comment))
    return resolved
