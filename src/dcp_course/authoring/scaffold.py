"""Scaffolding: new modules and lessons that validate as written, added without disturbing the author's YAML.

A new list item is spliced into the file's text right after the last item, with the author's own
indentation, so every comment, blank line and quoting choice around it survives byte for byte.
A one-line flow list of plain names (`[a, b]`) gets `, c` after its last item. ruamel.yaml's
round-trip loader tells where the list and its items are. Any other layout (an empty list, quoted
names in a flow list) is rewritten by ruamel's round-trip dumper, which keeps comments but may
respace flow collections. Either way the result is parsed again and must hold exactly the old
data plus the new item before anything is written.
"""

from __future__ import annotations

import io
import json
import os
import re
import tempfile
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import YAMLError

from ..source.errors import BuildError, SourceError
from ..source.load import COURSE_FILE, MODULE_FILE, MODULES_DIR, module_files_on_disk
from ..source.model import slug_from_folder
from ..source.yamlsource import YamlDocument, load_yaml_file, parse_yaml
from .jsonschema import MODULE_SCHEMA, schema_header

MAX_SLUG = 40
_NUMBERED = re.compile(r"^(\d{2})-")
_ITEM_PREFIX = re.compile(r"^( *)- +$")


@dataclass(frozen=True)
class Scaffold:
    """What a `new` command writes: whole files (new or updated) and empty folders to create."""

    files: dict[Path, str] = field(default_factory=dict)
    folders: tuple[Path, ...] = ()
    summary: tuple[str, ...] = ()


# ---------------------------------------------------------------- names


def slugify(title: str) -> str:
    """'Legal & ethical boundaries (2024)' -> 'legal-ethical-boundaries-2024', at most MAX_SLUG long."""
    ascii_text = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    while len(slug) > MAX_SLUG and "-" in slug:
        slug = slug.rsplit("-", 1)[0]
    return slug[:MAX_SLUG].strip("-")


def _checked_slug(title: str, slug: str | None) -> str:
    chosen = slug if slug is not None else slugify(title)
    if not re.fullmatch(r"[a-z0-9][a-z0-9-]*", chosen or ""):
        raise BuildError(f"cannot make a name from {title!r}: give one with --slug, e.g. --slug my-topic"
                         if slug is None else f"--slug {slug!r}: use lowercase letters, digits and hyphens")
    return chosen


def _checked_title(title: str) -> str:
    cleaned = title.strip()
    if not cleaned or "\n" in cleaned or "\r" in cleaned:
        raise BuildError("the title must be one line of text")
    return cleaned


def yaml_text(value: str) -> str:
    """value as a YAML scalar: plain where that reads back the same, double-quoted otherwise."""
    try:
        plain = parse_yaml(f"k: {value}\n", Path("<title>")).data == {"k": value}
    except SourceError:
        plain = False
    return value if plain and value == value.strip() else json.dumps(value, ensure_ascii=False)


# ---------------------------------------------------------------- splicing a list item into YAML text


def _round_trip() -> YAML:
    yaml = YAML(typ="rt", pure=True)
    yaml.preserve_quotes = True
    yaml.width = 4096
    yaml.indent(mapping=2, sequence=4, offset=2)
    return yaml


def source_lines(text: str) -> list[str]:
    """text split, ends kept, where ruamel.yaml counts a new line: at \\n and a lone \\r only.

    str.splitlines also splits at U+2028 and friends, which YAML 1.2 keeps inside a line.
    """
    return [line for line in re.split(r"(?<=\n)|(?<=\r)(?!\n)", text) if line]


def _newline(text: str) -> str:
    return "\r\n" if "\r\n" in text else "\n"


def _is_blank_or_outer_comment(line: str, key_column: int) -> bool:
    stripped = line.strip()
    indent = len(line) - len(line.lstrip(" "))
    return not stripped or (stripped.startswith("#") and indent <= key_column)


def splice_item(text: str, key: str, item_lines: list[str]) -> str | None:
    """text with item_lines appended to the block list under the top-level key, or None if it isn't one.

    item_lines are written as for a list at column 0 (`- id: x`, `  title: y`); they are shifted to
    the list's own indentation. Trailing blank lines and comments at the key's own column stay
    with whatever follows the list.
    """
    tree = _round_trip().load(text)
    if not isinstance(tree, CommentedMap) or not isinstance(tree.get(key), CommentedSeq):
        return None
    seq: CommentedSeq = tree[key]
    lines = source_lines(text)
    if seq and seq.fa.flow_style():
        return _splice_flow_item(lines, seq, item_lines)
    if not seq:
        return None
    last_line, last_column = seq.lc.item(len(seq) - 1)
    prefix = _ITEM_PREFIX.match(lines[last_line][:last_column])
    if prefix is None:
        return None
    indent = prefix.group(1)
    key_column = tree.lc.key(key)[1]
    keys = list(tree)
    following = keys[keys.index(key) + 1:]
    end = tree.lc.key(following[0])[0] if following else len(lines)
    while end - 1 > last_line and _is_blank_or_outer_comment(lines[end - 1], key_column):
        end -= 1
    newline = _newline(text)
    spaced = len(seq) > 1 and not lines[seq.lc.item(1)[0] - 1].strip()  # items set apart by blank lines
    addition = ([newline] if spaced else []) + [indent + line + newline for line in item_lines]
    if end > 0 and not lines[end - 1].endswith(("\n", "\r")):
        lines[end - 1] += newline
    return "".join(lines[:end] + addition + lines[end:])


def _splice_flow_item(lines: list[str], seq: CommentedSeq, item_lines: list[str]) -> str | None:
    """`[a, b]` -> `[a, b, c]` in place, for a plain scalar item after a plain last item."""
    last = seq[-1]
    line, column = seq.lc.item(len(seq) - 1)
    if len(item_lines) != 1 or not isinstance(last, str) or not lines[line][column:].startswith(last):
        return None
    end = column + len(last)
    lines[line] = f"{lines[line][:end]}, {item_lines[0].removeprefix('- ')}{lines[line][end:]}"
    return "".join(lines)


def dump_with_item(text: str, key: str, item: Any) -> str:
    """The round-trip fallback: ruamel adds the item and writes the document again."""
    yaml = _round_trip()
    tree = yaml.load(text)
    if not isinstance(tree, CommentedMap):
        raise BuildError(f"expected a mapping of keys at the top of the file, to add to {key}")
    current = tree.get(key)
    if current is None:
        tree[key] = CommentedSeq([item])
    elif isinstance(current, CommentedSeq):
        current.append(item)
    else:
        raise BuildError(f"{key} is not a list")
    out = io.StringIO()
    yaml.dump(tree, out)
    return out.getvalue()


def append_item(doc: YamlDocument, key: str, item: Any, item_lines: list[str]) -> str:
    """The file's new text with item appended to the list under key, checked by parsing it again."""
    try:
        spliced = splice_item(doc.text, key, item_lines)
        new_text = spliced if spliced is not None else dump_with_item(doc.text, key, item)
    except (YAMLError, ValueError) as exc:  # the round-trip reader is stricter than the loader in places
        raise BuildError(f"{doc.path}: could not add to {key} ({exc}); add the new entry by hand") from exc
    expected = dict(doc.data)
    expected[key] = [*(doc.data.get(key) or []), item]
    try:
        reparsed = parse_yaml(new_text, doc.path).data
    except SourceError:
        reparsed = None
    if reparsed != expected:
        raise BuildError(f"{doc.path}: could not add to {key} without changing other content; "
                         "add the new entry by hand")
    return new_text


# ---------------------------------------------------------------- new module


def module_template(module_id: str, prefix: str, title: str, header: str) -> str:
    quoted = yaml_text(title)
    return f"""\
{header}
# A new module: replace the placeholders, keep what validates. docs/authoring.md lists every
# block and question type; `dcp-course validate` and `dcp-course lint` check your work.
id: {module_id}
title: {quoted}
summary: |                      # Markdown, one short paragraph
  What the learner will be able to do after this module.
minutes: 15                     # the whole module, quiz included
objectives:                     # 3 to 5, measurable ("Explain...", "Identify...", "Choose...")
  - id: {prefix}explain-main-idea
    text: Explain the main idea of this module.
lessons:
  - id: {prefix}introduction
    title: Introduction
    minutes: 5
    blocks:                     # each block is a mapping with one key naming its kind
      - text: |
          Write the lesson here in Markdown. Keep sentences short and plain.
      - keypoints:
          - The first point to remember.
          - The second point to remember.
quiz:
  questions:
    - id: {prefix}q-main-idea
      assesses: [{prefix}explain-main-idea]
      single: Which statement describes the main idea of this module?
      choices:
        - {{ text: "The right answer.", correct: true, feedback: "Say why it is right." }}
        - {{ text: "A likely wrong answer.", feedback: "Say why it is not." }}
sources: []                     # {{ title: "...", publisher: "...", year: 2024, url: "https://..." }}
"""


def _numbers_in_use(root: Path, listed: list[str]) -> list[int]:
    names = list(listed)
    modules_dir = root / MODULES_DIR
    if modules_dir.is_dir():
        names += [entry.name for entry in modules_dir.iterdir()]
    return [int(m.group(1)) for m in map(_NUMBERED.match, names) if m]


def _listed_modules(doc: YamlDocument) -> list[str]:
    if not isinstance(doc.data, dict):
        raise SourceError(doc.path, 1, 1, "", "expected a mapping of keys at the top of the file")
    listed = doc.data.get("modules") or []
    excluded = doc.data.get("exclude") or []
    if not isinstance(listed, list) or not isinstance(excluded, list):
        line, column = doc.locate(("modules",) if not isinstance(listed, list) else ("exclude",))
        raise SourceError(doc.path, line, column, "modules", "expected a list of module folder names")
    return [str(name) for name in (*listed, *excluded)]


def plan_new_module(root: Path, title: str, slug: str | None = None) -> Scaffold:
    """A new modules/NN-slug/ folder and the course.yaml that lists it; nothing is written here."""
    title = _checked_title(title)
    slug = _checked_slug(title, slug)
    course_doc = load_yaml_file(root / COURSE_FILE)
    listed = _listed_modules(course_doc)
    modules_dir = root / MODULES_DIR
    taken = sorted(name for name in {*listed, *(p.stem if p.suffix in (".yaml", ".yml") else p.name
                                                   for p in modules_dir.glob("*"))}
                   if slug_from_folder(name) == slug)
    if taken:
        raise BuildError(f"a module named {slug!r} already exists: {', '.join(taken)} "
                         "(choose another title or --slug)")
    number = max(_numbers_in_use(root, listed), default=0) + 1
    if number > 99:
        raise BuildError("modules are numbered 01 to 99 and 99 is taken")
    folder_name = f"{number:02d}-{slug}"
    folder = modules_dir / folder_name
    if folder.exists():
        raise BuildError(f"{folder} already exists")
    prefix = f"m{number}-"
    module_file = folder / MODULE_FILE
    header = schema_header(module_file, root, MODULE_SCHEMA)
    text = module_template(f"{prefix}{slug}", prefix, title, header)
    course_text = append_item(course_doc, "modules", folder_name, [f"- {folder_name}"])
    return Scaffold(
        files={module_file: text, course_doc.path: course_text},
        folders=(folder / "media",),
        summary=(f"created {module_file}", f"created {folder / 'media'}/",
                 f"added {folder_name} to modules in {course_doc.path}"),
    )


# ---------------------------------------------------------------- new lesson


def find_module(root: Path, wanted: str) -> tuple[str, Path]:
    """The module a person means by its folder name, slug, number or id."""
    on_disk = module_files_on_disk(root)
    for name, path in on_disk.items():
        number = _NUMBERED.match(name)
        if wanted in (name, slug_from_folder(name)) or (
                number and wanted.isdigit() and int(wanted) == int(number.group(1))):
            return name, path
    for name, path in on_disk.items():
        try:
            data = load_yaml_file(path).data
        except SourceError:
            continue
        if isinstance(data, dict) and data.get("id") == wanted:
            return name, path
    known = ", ".join(on_disk) or "none"
    raise BuildError(f"no module {wanted!r} in {root / MODULES_DIR} (known: {known})")


def _lesson_ids_on_disk(root: Path) -> set[str]:
    ids: set[str] = set()
    for path in module_files_on_disk(root).values():
        try:
            data = load_yaml_file(path).data
        except SourceError:
            continue
        lessons = data.get("lessons") if isinstance(data, dict) else None
        for lesson in lessons if isinstance(lessons, list) else ():
            if isinstance(lesson, dict) and isinstance(lesson.get("id"), str):
                ids.add(lesson["id"])
    return ids


def lesson_lines(lesson_id: str, title: str, minutes: int, list_indent: str) -> list[str]:
    """A lesson as list-item lines at column 0; nested lists follow the author's list indentation."""
    return [
        f"- id: {lesson_id}",
        f"  title: {yaml_text(title)}",
        f"  minutes: {minutes}",
        "  blocks:",
        f"  {list_indent}- text: |",
        f"  {list_indent}    Write the lesson here in Markdown. Keep sentences short and plain.",
    ]


def plan_new_lesson(root: Path, module: str, title: str, slug: str | None = None,
                    minutes: int = 5) -> Scaffold:
    title = _checked_title(title)
    slug = _checked_slug(title, slug)
    name, path = find_module(root, module)
    doc = load_yaml_file(path)
    if not isinstance(doc.data, dict) or not isinstance(doc.data.get("lessons"), list):
        line, column = doc.locate(("lessons",))
        raise SourceError(path, line, column, "lessons", "expected a list of lessons to add to")
    module_id = doc.data.get("id")
    prefix_match = re.match(r"^[a-z]\d+-", module_id) if isinstance(module_id, str) else None
    lesson_id = (prefix_match.group(0) if prefix_match else "") + slug
    if len(lesson_id) > 64:
        raise BuildError(f"lesson id {lesson_id!r} is longer than 64 characters: give a shorter --slug")
    if lesson_id in _lesson_ids_on_disk(root):
        raise BuildError(f"a lesson with the id {lesson_id!r} already exists (choose another title or --slug)")
    list_indent = _list_indent(doc)
    item = {"id": lesson_id, "title": title, "minutes": minutes,
            "blocks": [{"text": "Write the lesson here in Markdown. Keep sentences short and plain.\n"}]}
    new_text = append_item(doc, "lessons", item, lesson_lines(lesson_id, title, minutes, list_indent))
    return Scaffold(files={path: new_text}, summary=(f"added lesson {lesson_id} to {name} ({path})",))


def _list_indent(doc: YamlDocument) -> str:
    """How far this author indents a list under its key: '' for `key:\\n- a`, '  ' for `key:\\n  - a`."""
    tree = doc.tree
    if isinstance(tree, CommentedMap) and isinstance(tree.get("lessons"), CommentedSeq) and tree["lessons"]:
        key_column: int = tree.lc.key("lessons")[1]
        line, column = tree["lessons"].lc.item(0)
        prefix = _ITEM_PREFIX.match(source_lines(doc.text)[line][:column])
        if prefix is not None:
            return " " * max(0, len(prefix.group(1)) - key_column)
    return "  "


# ---------------------------------------------------------------- writing


def write_scaffold(scaffold: Scaffold) -> None:
    """Create the folders, then each file through a temporary file so none is left half-written."""
    for folder in scaffold.folders:
        folder.mkdir(parents=True, exist_ok=True)
    for path, text in scaffold.files.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
        try:
            with os.fdopen(handle, "w", encoding="utf-8", newline="") as out:
                out.write(text)
            if path.exists():
                os.chmod(temporary, path.stat().st_mode & 0o777)
            else:
                os.chmod(temporary, 0o644)
            os.replace(temporary, path)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
