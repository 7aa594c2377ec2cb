"""Safe YAML reading that remembers where every value came from.

ruamel.yaml's round-trip loader keeps line and column for each key and item. We refuse
explicit tags (nothing may construct objects), bound aliases and total size so a hostile
file cannot explode memory, and hand pydantic plain Python values.
"""

from __future__ import annotations

import datetime
import re
import threading
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.constructor import ConstructorError, SafeConstructor
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.events import (
    AliasEvent,
    CollectionEndEvent,
    CollectionStartEvent,
    DocumentStartEvent,
    MappingEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
    StreamEndEvent,
)
from ruamel.yaml.nodes import ScalarNode

from .errors import SourceError

MAX_FILE_BYTES = 2_000_000
MAX_ALIASES = 100
MAX_NODES = 200_000
MAX_DEPTH = 64
_PLAIN_TAGS = {
    f"tag:yaml.org,2002:{name}"
    for name in ("str", "int", "float", "bool", "null", "seq", "map")
}
_SHORT_PLAIN_TAGS = {f"!!{name}" for name in ("str", "int", "float", "bool", "null", "seq", "map")}
# What XML 1.0 (and so every page and manifest) cannot hold; YAML escapes such as "\0" can write them.
_UNWRITABLE = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


@dataclass(frozen=True)
class YamlDocument:
    path: Path
    text: str
    data: Any  # plain dicts, lists and scalars

    @cached_property
    def tree(self) -> Any:
        """Round-trip nodes that know their line and column, parsed only when an error needs them.

        The fast C loader gives the data; the pure-Python round-trip parse costs several times
        more, so a clean build never pays for it.
        """
        return YAML(typ="rt", pure=True).load(self.text)

    def locate(self, yaml_path: tuple[str | int, ...]) -> tuple[int, int]:
        """1-based line and column of the deepest part of yaml_path present in the file."""
        node = self.tree
        line, column = _start_of(node)
        for part in yaml_path:
            if isinstance(node, CommentedMap) and isinstance(part, str) and part in node:
                line, column = node.lc.key(part)
                line, column = line + 1, column + 1
                node = node[part]
            elif isinstance(node, CommentedSeq) and isinstance(part, int) and 0 <= part < len(node):
                line, column = node.lc.item(part)
                line, column = line + 1, column + 1
                node = node[part]
            else:
                break
        return line, column

    def path_only(self) -> YamlDocument:
        """This document without its text and data, which only loading and checking read.

        A build holds its documents to the end; at 10,000 lessons their texts alone came to
        ~50 MB. Locating a problem in the result is a mistake, so it fails loudly.
        """
        return _PathOnlyDocument(self.path, "", None)


@dataclass(frozen=True)
class _PathOnlyDocument(YamlDocument):
    def locate(self, yaml_path: tuple[str | int, ...]) -> tuple[int, int]:
        raise RuntimeError(f"{self.path}: problems are located while the sources load, not after")


def _start_of(node: Any) -> tuple[int, int]:
    if isinstance(node, CommentedMap | CommentedSeq) and node.lc.line is not None:
        return node.lc.line + 1, node.lc.col + 1
    return 1, 1


def _error(path: Path, line: int, column: int, message: str, hint: str = "") -> SourceError:
    return SourceError(path, line, column, "", message, hint)


def _scan_events(yaml: YAML, text: str, path: Path) -> None:
    aliases = 0
    depth = 0
    for event in yaml.parse(text):
        # Refuse deep nesting before the loader recurses into it (100,000 levels crash Python).
        depth += isinstance(event, CollectionStartEvent) - isinstance(event, CollectionEndEvent)
        if depth > MAX_DEPTH:
            mark = event.start_mark
            raise _error(path, mark.line + 1, mark.column + 1, f"nesting deeper than {MAX_DEPTH} levels")
        unwritable = _UNWRITABLE.search(event.value) if isinstance(event, ScalarEvent) else None
        if unwritable is not None:
            mark = event.start_mark
            raise _error(path, mark.line + 1, mark.column + 1,
                         f"text contains the character U+{ord(unwritable.group()):04X}, which no page can show",
                         "remove the escape that writes it")
        tag = getattr(event, "tag", None)
        if isinstance(event, ScalarEvent | CollectionStartEvent) and tag is not None:
            tag_text = str(getattr(tag, "value", tag))
            if tag_text not in _PLAIN_TAGS and tag_text not in _SHORT_PLAIN_TAGS:
                mark = event.start_mark
                raise (_error(path, mark.line + 1, mark.column + 1,
                                      f"YAML tag {tag_text!r} is not allowed",
                                      "course sources use plain YAML: text, numbers, lists, mappings"))
        if isinstance(event, AliasEvent):
            aliases += 1
            if aliases > MAX_ALIASES:
                mark = event.start_mark
                raise (_error(path, mark.line + 1, mark.column + 1,
                                      f"more than {MAX_ALIASES} YAML aliases",
                                      "write the content out instead of repeating anchors"))


# Constructs that open with a delimiter and run until their closing one; when the closing one is
# missing, the parser only notices at the end of the file, far from the cause.
_OPENED_CONSTRUCTS = {
    "while scanning a quoted scalar": "quoted text",
    "while parsing a flow sequence": "list",
    "while parsing a flow mapping": "mapping",
}
_CLOSING = {"[": "]", "{": "}", '"': '"', "'": "'"}


def _syntax_error(exc: MarkedYAMLError, text: str, path: Path) -> SourceError:
    """A located syntax error; an unclosed quote, '[' or '{' is named where it opens."""
    mark = exc.problem_mark or exc.context_mark
    line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    opened = _unclosed_construct(exc, text)
    if opened is not None and exc.problem_mark is not None:
        at_end = _only_blank_after(text, exc.problem_mark.index)
        return _unclosed_error(path, opened, (line, column), at_end)
    problem = " ".join(str(exc.problem or exc.context or "invalid YAML").split())
    hint = "keys must be unique within a mapping" if "duplicate key" in problem else (
        "quote it to keep it as text" if problem.startswith("cannot read") else
        "check indentation, colons and quotes near this line")
    return _error(path, line, column, f"YAML syntax: {problem}", hint)


def _unclosed_error(path: Path, opened: tuple[str, str, tuple[int, int]], gave_up: tuple[int, int],
                    at_end: bool) -> SourceError:
    what, opener, (open_line, open_column) = opened
    closing = repr(_CLOSING.get(opener, opener))
    opener = repr(opener)
    where_given_up = f"line {gave_up[0]}, column {gave_up[1]}"
    if what == "quoted text":
        # The quote swallows the rest of the file, so only its opening helps the author.
        return _error(path, open_line, open_column,
                      f"YAML syntax: the quoted text opened here with {opener} is never closed; "
                      f"the parser gave up at the end of the file ({where_given_up})",
                      f"add the closing {closing} where the text should end")
    if at_end:
        return _error(path, *gave_up,
                      f"YAML syntax: the {what} opened with {opener} at line {open_line}, column "
                      f"{open_column} is never closed; the parser gave up at the end of the file "
                      f"({where_given_up})", f"add the closing {closing}")
    return _error(path, *gave_up,
                  f"YAML syntax: expected ',' or {closing} in the {what} opened with {opener} at "
                  f"line {open_line}, column {open_column}",
                  f"separate its items with ',' and close it with {closing}")


def _unclosed_construct(exc: MarkedYAMLError, text: str) -> tuple[str, str, tuple[int, int]] | None:
    """What was left open (kind, its opening character, 1-based line and column), if anything.

    A quoted scalar is unclosed only when the scanner ran into the end of the file; an unknown
    escape inside it is a different mistake. A '[' or '{' is unclosed whenever the parser wanted
    its separator or closing bracket and found something else.
    """
    opened_mark, problem_mark = exc.context_mark, exc.problem_mark
    what = _OPENED_CONSTRUCTS.get(str(exc.context or ""))
    if what is None or opened_mark is None or problem_mark is None:
        return None
    problem = str(exc.problem or "")
    if what == "quoted text" and "end of stream" not in problem:
        return None
    if what != "quoted text" and "expected ','" not in problem:
        return None
    lines = text.splitlines()
    opener = (lines[opened_mark.line][opened_mark.column:opened_mark.column + 1]
              if opened_mark.line < len(lines) else "")
    return what, opener, (opened_mark.line + 1, opened_mark.column + 1)


def _only_blank_after(text: str, index: int) -> bool:
    """Whether nothing but blank lines and comments follows a character index."""
    return all(not rest.strip() or rest.lstrip().startswith("#") for rest in text[index:].splitlines())


class _LocatingConstructor(SafeConstructor):
    """Turn a value Python cannot hold (a 13th month, a 5,000-digit number) into a located error."""

    def construct_non_recursive_object(self, node: Any, tag: str | None = None) -> Any:
        try:
            return super().construct_non_recursive_object(node, tag)
        except (ValueError, OverflowError) as exc:
            shown = str(node.value)[:40]
            raise ConstructorError(None, None, f"cannot read {shown!r}: {exc}", node.start_mark) from exc


class _Unusable(Exception):
    """A value the loader built but the sources may not hold; located once the document exists."""

    def __init__(self, where: tuple[str | int, ...], message: str, hint: str = "") -> None:
        self.where, self.message, self.hint = where, message, hint


def _plain(node: Any, budget: list[int], where: tuple[str | int, ...] = ()) -> Any:
    """The loaded document as built-in types, refusing what alias expansion could blow up."""
    budget[0] -= 1
    if budget[0] < 0:
        raise _Unusable((), f"the document expands to more than {MAX_NODES} values",
                        "split it up or remove repeated aliases")
    if len(where) > MAX_DEPTH:  # aliases can nest deeper than the text itself does
        raise _Unusable(where, f"nesting deeper than {MAX_DEPTH} levels")
    if isinstance(node, dict):
        result = {}
        for key, value in node.items():
            if not isinstance(key, str):
                raise _Unusable(where, f"mapping key {key!r} must be text", "quote the key")
            result[key] = _plain(value, budget, (*where, key))
        return result
    if isinstance(node, list):
        return [_plain(item, budget, (*where, i)) for i, item in enumerate(node)]
    if isinstance(node, bool) or node is None:
        return node
    if isinstance(node, int):
        return int(node)
    if isinstance(node, float):
        return float(node)
    if isinstance(node, datetime.date):
        return node.isoformat()
    return str(node)


class _Irregular(Exception):
    """Something the one-pass loader leaves to the full load, which reports it with its location."""


_STR_TAG = "tag:yaml.org,2002:str"
_per_thread = threading.local()
# Unquoted scalars that could be more than text ("true", "5", "title") -> (not text?, plain value);
# the same few recur in every module file.
_PLAIN_SCALARS: dict[str, tuple[bool, Any]] = {}
_PLAIN_SCALARS_LIMIT = 50_000


def _load_regular(text: str) -> Any:
    """The plain data of a document without anchors, tags or anything to refuse, in one pass.

    LibYAML's events build the data directly: no second scan, no node tree, no constructor
    except for the few plain scalars that are not text (numbers, booleans, dates, null).
    Anything unusual raises _Irregular, and the full load then accepts it or reports it.
    """
    if _UNWRITABLE.search(text):  # only a double-quoted escape can add such a character
        raise _Irregular
    yaml = getattr(_per_thread, "yaml", None)
    if yaml is None:  # setting one up looks for plug-ins on disk: once per thread, not per file
        yaml = _per_thread.yaml = YAML(typ="safe")
        yaml.allow_duplicate_keys = False
        yaml.Constructor = _LocatingConstructor
    loader, parser = yaml.get_constructor_parser(text)
    try:
        return _build_from_events(loader, parser)
    finally:
        parser.dispose()


class _OpenMapping:
    __slots__ = ("items", "key")

    def __init__(self, items: dict[str, Any]) -> None:
        self.items, self.key = items, None  # key: read, waiting for its value


def _resolve_plain(loader: Any, event: ScalarEvent) -> tuple[bool, Any]:
    """(whether an unquoted scalar is something other than text, its plain value)."""
    tag = loader.resolve(ScalarNode, event.value, event.implicit)
    if tag == _STR_TAG:
        return False, event.value
    node = ScalarNode(tag, event.value, event.start_mark, event.end_mark, event.style)
    return True, _plain(loader.construct_object(node, deep=True), [1])


def _build_from_events(loader: Any, parser: Any) -> Any:
    typed_starts = {first for first in loader.versioned_resolver if first}
    if None in loader.versioned_resolver or getattr(loader, "yaml_path_resolvers", None):
        raise _Irregular
    plain_scalars = _PLAIN_SCALARS
    if len(plain_scalars) > _PLAIN_SCALARS_LIMIT:
        plain_scalars.clear()
    stack: list[list[Any] | _OpenMapping] = []  # the collections still open, innermost last
    document: Any = None
    values = 0
    documents = 0
    while True:
        event = parser.get_event()
        kind = type(event)
        if kind is ScalarEvent:
            if event.anchor is not None or event.ctag is not None:
                raise _Irregular
            value: Any = event.value
            typed = False
            if event.style == '"' and _UNWRITABLE.search(value):
                raise _Irregular
            if event.implicit[0] and (not value or value[0] in typed_starts):
                resolved = plain_scalars.get(value)
                if resolved is None:
                    resolved = plain_scalars[value] = _resolve_plain(loader, event)
                typed, value = resolved
        elif kind is MappingStartEvent or kind is SequenceStartEvent:
            typed = True
            if event.anchor is not None or event.ctag is not None or len(stack) >= MAX_DEPTH:
                raise _Irregular
            value = {} if kind is MappingStartEvent else []
        elif kind is MappingEndEvent or kind is SequenceEndEvent:
            stack.pop()
            continue
        elif kind is DocumentStartEvent:
            documents += 1
            if documents > 1 or event.version is not None or event.tags:
                raise _Irregular
            continue
        elif kind is StreamEndEvent:
            return document
        elif kind is AliasEvent:
            raise _Irregular
        else:
            continue
        # place a new value: in its parent collection, or as the document itself
        if stack:
            parent = stack[-1]
            if isinstance(parent, list):
                parent.append(value)
                values += 1
            elif parent.key is None:
                if typed or value in parent.items:  # a key that is not text, or a duplicate
                    raise _Irregular
                parent.key = value
            else:
                parent.items[parent.key] = value
                parent.key = None
                values += 1
        else:
            document = value
            values += 1
        if values > MAX_NODES:
            raise _Irregular
        if kind is not ScalarEvent:
            stack.append(_OpenMapping(value) if kind is MappingStartEvent else value)


def parse_yaml(text: str, path: Path) -> YamlDocument:
    """Parse one YAML document; raise SourceError for bad syntax or refused constructs."""
    try:
        return YamlDocument(path=path, text=text, data=_load_regular(text))
    except Exception:  # noqa: BLE001 - the full load below decides, and reports any problem
        pass
    yaml = YAML(typ="safe")  # LibYAML through ruamel.yaml.clib when installed
    yaml.allow_duplicate_keys = False
    yaml.Constructor = _LocatingConstructor
    try:
        _scan_events(yaml, text, path)
        loaded = yaml.load(text)
    except SourceError:
        raise
    except MarkedYAMLError as exc:
        raise _syntax_error(exc, text, path) from exc
    except YAMLError as exc:
        raise _error(path, 1, 1, f"YAML syntax: {' '.join(str(exc).split())}") from exc
    try:
        data = _plain(loaded, [MAX_NODES])
    except _Unusable as unusable:
        line, column = YamlDocument(path=path, text=text, data=None).locate(unusable.where)
        raise _error(path, line, column, unusable.message, unusable.hint) from None
    return YamlDocument(path=path, text=text, data=data)


def load_yaml_file(path: Path) -> YamlDocument:
    """Read and parse a YAML source file; raise SourceError for anything unusable."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise SourceError(path, 0, 0, "", f"cannot read file: {exc.strerror}") from exc
    if len(raw) > MAX_FILE_BYTES:
        raise SourceError(path, 0, 0, "", f"file is larger than {MAX_FILE_BYTES} bytes")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise SourceError(path, 0, 0, "", "file is not valid UTF-8 text") from exc
    return parse_yaml(text, path)
