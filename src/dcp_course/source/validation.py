"""Turn pydantic validation errors into located SourceErrors with helpful hints."""

from __future__ import annotations

import difflib
import types
import typing
from typing import Any, Union

from pydantic import BaseModel, ValidationError

from .errors import SourceError, field_path
from .model import BLOCK_KINDS, QUESTION_KINDS
from .yamlsource import YamlDocument

_TAGGED_UNIONS: dict[frozenset[type], dict[str, Any]] = {
    frozenset(BLOCK_KINDS.values()): BLOCK_KINDS,
    frozenset(QUESTION_KINDS.values()): QUESTION_KINDS,
}


def _kinds_of(tp: Any) -> dict[str, Any] | None:
    """The kind table when tp is one of our tagged unions (with or without its Annotated wrapper)."""
    if typing.get_origin(tp) is typing.Annotated:
        tp = typing.get_args(tp)[0]
    if typing.get_origin(tp) in (Union, types.UnionType):
        members = frozenset(_strip(a) for a in typing.get_args(tp))
        return _TAGGED_UNIONS.get(members)
    return None


def _strip(tp: Any) -> Any:
    """Remove Annotated and Optional wrappers that add nothing to an error's location."""
    while True:
        origin = typing.get_origin(tp)
        if origin is typing.Annotated:
            tp = typing.get_args(tp)[0]
        elif origin in (Union, types.UnionType):
            members = [a for a in typing.get_args(tp) if a is not type(None)]
            if len(members) != 1:
                return tp
            tp = members[0]
        else:
            return tp


def _keys_of(model: type[BaseModel]) -> list[str]:
    return [info.alias or name for name, info in model.model_fields.items()]


def _field_type(model: type[BaseModel], key: str) -> Any:
    for name, info in model.model_fields.items():
        if key in (name, info.alias):
            return info.annotation
    return None


def resolve_loc(root: type[BaseModel], loc: tuple[str | int, ...]) -> tuple[tuple[str | int, ...], Any]:
    """Map a pydantic error location to the path in the YAML file.

    Returns the YAML path (tagged-union tags removed) and the type found at its parent, so
    an unknown key can be compared with the keys that are allowed there.
    """
    yaml_path: list[str | int] = []
    current: Any = root
    parent: Any = root
    for part in loc:
        kinds = _kinds_of(current)
        current = _strip(current)
        parent = current
        if kinds is not None and isinstance(part, str) and part in kinds:
            current = kinds[part]
            continue
        yaml_path.append(part)
        if isinstance(current, type) and issubclass(current, BaseModel) and isinstance(part, str):
            current = _field_type(current, part)
        elif typing.get_origin(current) is list and isinstance(part, int):
            current = typing.get_args(current)[0]
        else:
            current = None
    return tuple(yaml_path), _strip(parent)


def _hint_for(error: Any, parent: Any, part: str | int | None, data_keys: list[str]) -> str:
    kind = error["type"]
    if kind == "extra_forbidden" and isinstance(part, str):
        allowed = _keys_of(parent) if isinstance(parent, type) and issubclass(parent, BaseModel) else []
        close = difflib.get_close_matches(part, allowed, n=1, cutoff=0.6)
        if close:
            return f"did you mean {close[0]!r}?"
        return "allowed keys: " + ", ".join(allowed) if allowed else ""
    if kind in ("block_kind", "question_kind"):
        kinds = BLOCK_KINDS if kind == "block_kind" else QUESTION_KINDS
        for key in data_keys:
            close = difflib.get_close_matches(key, list(kinds), n=1, cutoff=0.6)
            if close:
                return f"did you mean {close[0]!r}?"
    if kind == "missing":
        return "add this key"
    if kind == "literal_error":
        expected = error.get("ctx", {}).get("expected")
        return f"expected one of {expected}" if expected else ""
    if kind == "string_pattern_mismatch":
        return _pattern_hint(str(error.get("ctx", {}).get("pattern", "")))
    return ""


def _pattern_hint(pattern: str) -> str:
    if "a-z0-9" in pattern and "0-9]{2}" not in pattern:
        return "use lowercase letters, digits and hyphens, e.g. 'my-lesson'"
    if "0-9]{2}" in pattern:
        return "module folders are named NN-slug, e.g. '01-community-policing'"
    if pattern.startswith("^#"):
        return "write a colour as #rrggbb"
    if "https?" in pattern:
        return "write a full http(s) address"
    return f"expected text matching {pattern}"


def _value_at(data: Any, path: tuple[str | int, ...]) -> Any:
    for part in path:
        try:
            data = data[part]
        except (KeyError, IndexError, TypeError):
            return None
    return data


def _message(error: Any) -> str:
    message = str(error["msg"])
    if error["type"] == "extra_forbidden":
        return "unknown key"
    if error["type"] == "missing":
        return "required key is missing"
    return message[:1].lower() + message[1:]


def located_errors(exc: ValidationError, root: type[BaseModel], doc: YamlDocument) -> list[SourceError]:
    found = []
    explained = _missing_keys_explained_by_typos(exc, root)
    for error in exc.errors():
        if error["type"] == "missing" and resolve_loc(root, tuple(error["loc"]))[0] in explained:
            continue
        yaml_path, parent = resolve_loc(root, tuple(error["loc"]))
        value = _value_at(doc.data, yaml_path)
        keys = list(value) if isinstance(value, dict) else []
        hint = _hint_for(error, parent, yaml_path[-1] if yaml_path else None, keys)
        line, column = doc.locate(yaml_path)
        found.append(SourceError(doc.path, line, column, field_path(yaml_path), _message(error), hint))
    return found


def _missing_keys_explained_by_typos(exc: ValidationError, root: type[BaseModel]) -> set[tuple[str | int, ...]]:
    """A misspelt key also makes its correct spelling 'missing'; report the typo only."""
    explained = set()
    for error in exc.errors():
        if error["type"] != "extra_forbidden":
            continue
        yaml_path, parent = resolve_loc(root, tuple(error["loc"]))
        hint = _hint_for(error, parent, yaml_path[-1] if yaml_path else None, [])
        if hint.startswith("did you mean"):
            explained.add((*yaml_path[:-1], hint.split("'")[1]))
    return explained


def validate_document(model: type[BaseModel], doc: YamlDocument) -> tuple[Any, list[SourceError]]:
    if not isinstance(doc.data, dict):
        return None, [SourceError(doc.path, 1, 1, "", "expected a mapping of keys at the top of the file")]
    try:
        return model.model_validate(doc.data), []
    except ValidationError as exc:
        return None, located_errors(exc, model, doc)
