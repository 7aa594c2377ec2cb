"""JSON Schemas for editors, generated from the pydantic models so they never drift from the loader.

An editor with the YAML language server (VS Code's YAML extension and others) reads the schema
named in a file's first line, `# yaml-language-server: $schema=../../dcp-course.schema.json`, and
then completes keys, explains them on hover and underlines mistakes while the author types.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from ..source.kinds import KINDS
from ..source.model import Course, Module
from ..source.terminology import Terminology

DIALECT = "https://json-schema.org/draft/2020-12/schema"
MODULE_SCHEMA = "dcp-course.schema.json"
COURSE_SCHEMA = "dcp-course.course.schema.json"
TERMINOLOGY_SCHEMA = "dcp-course.terminology.schema.json"
HEADER_PREFIX = "# yaml-language-server: $schema="

# file name -> (model, title); the files live at the repository root, beside course/ and modules/
SCHEMAS: dict[str, tuple[type[BaseModel], str]] = {
    MODULE_SCHEMA: (Module, "dcp-course module (modules/NN-slug/module.yaml)"),
    COURSE_SCHEMA: (Course, "dcp-course course (course/course.yaml)"),
    TERMINOLOGY_SCHEMA: (Terminology, "dcp-course termbase (course/terminology.yaml)"),
}

# Shown by editors when completing or hovering a block or question (each question kind's own in
# source/kinds.py); docs/authoring.md has the rest.
KIND_DESCRIPTIONS: dict[str, str] = {
    "TextBlock": "Prose in Markdown; raw HTML is not rendered.",
    "KeyPointsBlock": "A short list of the points to remember.",
    "CalloutBlock": "A highlighted tip, warning or note.",
    "QuoteBlock": "A quotation and who said it.",
    "ImageBlock": "A picture from the module's media/ folder, with alt text that says what it shows.",
    "VideoBlock": "A video from media/, with WebVTT captions and a transcript.",
    "AudioBlock": "A recording from media/, with WebVTT captions and a transcript.",
    "ChecklistBlock": "A checklist the learner can tick.",
    "GlossaryBlock": "A term and its definition; it also goes into the course glossary.",
    "ReflectionBlock": "A prompt for the learner to think about; not graded.",
    "ScenarioBlock": "A situation with options and their consequences; at least one option is best.",
    "CheckBlock": "An ungraded knowledge check: any question kind.",
    **{spec.model.__name__: spec.description for spec in KINDS.values()},
}


def schema_for(model: type[BaseModel], title: str) -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) that accepts what the model accepts, with editor hints."""
    schema = model.model_json_schema(by_alias=True, mode="validation")
    for name, definition in schema.get("$defs", {}).items():
        if name in KIND_DESCRIPTIONS:
            definition["description"] = KIND_DESCRIPTIONS[name]
    return {"$schema": DIALECT, "title": title, **{k: v for k, v in schema.items() if k != "title"}}


def schema_files() -> dict[str, str]:
    """File name -> schema text, deterministic so regenerating an unchanged model changes nothing."""
    return {
        name: json.dumps(schema_for(model, title), indent=2, ensure_ascii=False) + "\n"
        for name, (model, title) in sorted(SCHEMAS.items())
    }


def schema_header(yaml_file: Path, root: Path, schema_name: str) -> str:
    """The first line that points an editor from yaml_file to the schema at the root."""
    relative = os.path.relpath((root / schema_name).resolve(), yaml_file.parent.resolve())
    return HEADER_PREFIX + Path(relative).as_posix()
