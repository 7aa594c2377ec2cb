"""Every place that must know each question kind, and what each one lacks.

ARCHITECTURE.md ("A new question type") lists these places in order; `missing_places` walks the
kinds of source/kinds.py through all of them and returns one line per gap, "kind: place: what",
so that a new kind's author sees every missing piece at once instead of one failing test at a
time. The learner scripts are run under Node to read their per-kind tables; the templates are
parsed to find the kinds they branch on. Paths and tables can be swapped for copies, so a test can
take one entry away and see that exactly that gap is reported.
"""

from __future__ import annotations

import json
import subprocess
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from jinja2 import Environment, nodes

from dcp_course.authoring.jsonschema import MODULE_SCHEMA
from dcp_course.exports import gift, moodle_xml, qti21
from dcp_course.exports.bank import NOT_EXPORTED
from dcp_course.render.questions import ANSWER_DATA
from dcp_course.results.kinds import RESPONSE_READERS
from dcp_course.source.kinds import KINDS, KindSpec
from dcp_course.source.yamlsource import load_yaml_file
from dcp_course.translate.units import MARKDOWN_FIELDS, TRANSLATABLE

TESTS = Path(__file__).resolve().parent
REPO = TESTS.parent

# What Node prints: each learner script's per-kind table, and the simulator's SCORM vocabularies.
READ_SCRIPTS = """
global.window = { crypto: require("crypto").webcrypto };
const [templates] = process.argv.slice(1);
for (const name of ["text", "scoring", "question", "tracker"]) require(`${templates}/js/${name}.js`);
require(`${templates}/preview/lms-model.js`);
const DCP = window.DCP;
const model = window.DCP_LMS_MODEL.MODEL;
process.stdout.write(JSON.stringify({
  "templates/js/scoring.js (RULES)": Object.keys(DCP.scoring.rules),
  "templates/js/question.js (CONTROLS)": Object.keys(DCP.Question.controls),
  "templates/js/tracker.js (PATTERNS_OF_KIND)": Object.keys(DCP.interactionPatterns.kinds),
  scorm12: model["1.2"]["cmi.interactions.n.type"].vocab,
  scorm2004: model["2004"]["cmi.interactions.n.type"].vocab,
}));
"""

# The learner's markup and the reviewer's answer key branch on `kind` in one template each.
KIND_TEMPLATES = ("partials/questions.html", "review/answer-key.html")


@dataclass
class Places:
    """Where the checks look; a test replaces one of them with a copy that lacks an entry."""

    repo: Path = REPO
    templates: Path = REPO / "templates"
    fixture: Path = TESTS / "fixtures" / "course"
    node: str = "node"
    exporters: Mapping[str, Mapping[str, Any]] = field(default_factory=lambda: {
        "src/dcp_course/exports/gift.py": gift.WRITERS,
        "src/dcp_course/exports/moodle_xml.py": moodle_xml.WRITERS,
        "src/dcp_course/exports/qti21.py": qti21.WRITERS,
    })


def missing_places(places: Places | None = None) -> list[str]:
    """One line per place that lacks a kind, in ARCHITECTURE.md's order, kind by kind."""
    places = places or Places()
    scripts = _script_tables(places)
    branches = {name: _template_branches(places.templates / name) for name in KIND_TEMPLATES}
    catalogues = {path: json.loads(path.read_text(encoding="utf-8"))
                  for path in sorted((places.templates / "messages").glob("*.json"))}
    schema = json.loads((places.repo / MODULE_SCHEMA).read_text(encoding="utf-8")).get("$defs", {})
    in_fixture = _fixture_quiz_kinds(places.fixture)
    authoring = (places.repo / "docs" / "authoring.md").read_text(encoding="utf-8")
    lrs_types = _lrs_interaction_types()
    gaps: list[str] = []
    for key, spec in KINDS.items():
        gaps += [f"{key}: {gap}" for gap in _registry_entry(spec)]
        gaps += [f"{key}: {gap}" for gap in _python_tables(key, spec, places)]
        gaps += [f"{key}: {name}: no entry" for name, kinds in scripts.items()
                 if name.startswith("templates/") and key not in kinds]
        gaps += [f"{key}: templates/{name}: no branch for kind == {key!r}"
                 for name, kinds in branches.items() if key not in kinds]
        gaps += [f"{key}: {path.relative_to(places.templates.parent)}: no {spec.label_key!r}"
                 for path, words in catalogues.items() if spec.label_key not in words]
        gaps += [f"{key}: {gap}" for gap in _standards(spec, scripts, lrs_types)]
        description = schema.get(spec.model.__name__, {}).get("description")
        if description != spec.description:
            gaps.append(f"{key}: {MODULE_SCHEMA}: {spec.model.__name__} missing or out of date "
                        "(run dcp-course schema)")
        if key not in in_fixture:
            gaps.append(f"{key}: tests/fixtures/course: no quiz question of this kind")
        if f"{key}:" not in authoring:
            gaps.append(f"{key}: docs/authoring.md: no example with `{key}:`")
    return gaps


def _registry_entry(spec: KindSpec) -> list[str]:
    fields = spec.model.model_fields
    where = "src/dcp_course/source/kinds.py"
    gaps = [f"{where}: translatable field {name!r} is not a field of {spec.model.__name__}"
            for name in spec.translatable if name not in fields]
    if spec.key not in fields or spec.translatable[:1] != (spec.key,):
        gaps.append(f"{where}: the stem field {spec.key!r} must come first in translatable")
    gaps += [f"{where}: Markdown field {name!r} is not translatable" for name in spec.markdown
             if name not in spec.translatable]
    return gaps


def _python_tables(key: str, spec: KindSpec, places: Places) -> list[str]:
    gaps = []
    if key not in ANSWER_DATA:
        gaps.append("src/dcp_course/render/questions.py (ANSWER_DATA): no entry")
    if key not in RESPONSE_READERS:
        gaps.append("src/dcp_course/results/kinds.py (RESPONSE_READERS): no entry")
    if TRANSLATABLE.get(spec.model) != spec.translatable or not set(spec.markdown) <= MARKDOWN_FIELDS:
        gaps.append("src/dcp_course/translate/units.py: fields not taken from the registry")
    for path, writers in places.exporters.items():
        if key not in writers and key not in NOT_EXPORTED:
            gaps.append(f"{path} (WRITERS): no entry, and exports/bank.py's NOT_EXPORTED does not "
                        "leave the kind out with a warning")
    return gaps


def _standards(spec: KindSpec, scripts: Mapping[str, list[str]], lrs_types: Iterable[str]) -> list[str]:
    """The interaction types must be the standards' own words, as the LMS stand-ins know them."""
    interaction = spec.interaction
    gaps = []
    for version, value in (("scorm12", interaction.scorm12), ("scorm2004", interaction.scorm2004)):
        if value not in scripts[version]:
            gaps.append(f"src/dcp_course/source/kinds.py: {value!r} is not a SCORM {version[5:]} interaction "
                        "type (templates/preview/lms-model.js)")
    if interaction.xapi not in lrs_types:
        gaps.append(f"src/dcp_course/source/kinds.py: {interaction.xapi!r} is not an xAPI interaction type "
                    "(tests/e2e/lrs.py)")
    return gaps


def _script_tables(places: Places) -> dict[str, list[str]]:
    result = subprocess.run([places.node, "-e", READ_SCRIPTS, str(places.templates)],
                            capture_output=True, text=True, check=True, timeout=60)
    tables: dict[str, list[str]] = json.loads(result.stdout)
    return tables


def _template_branches(path: Path) -> set[str]:
    """The kinds a template compares `kind` with (`kind == "fill"`, `kind in ("single", ...)`)."""
    tree = Environment().parse(path.read_text(encoding="utf-8"))
    found: set[str] = set()
    for compare in tree.find_all(nodes.Compare):
        if not (isinstance(compare.expr, nodes.Name) and compare.expr.name == "kind"):
            continue
        for operand in compare.ops:
            if operand.op in ("eq", "in") and isinstance(operand.expr, nodes.Const | nodes.Tuple | nodes.List):
                found |= set(_constants(operand.expr))
    return found


def _constants(expression: nodes.Expr) -> list[str]:
    if isinstance(expression, nodes.Const):
        return [expression.value] if isinstance(expression.value, str) else []
    if isinstance(expression, nodes.Tuple | nodes.List):
        return [item.value for item in expression.items if isinstance(item, nodes.Const)]
    return []


def _fixture_quiz_kinds(fixture: Path) -> set[str]:
    kinds: set[str] = set()
    for module in sorted((fixture / "modules").glob("*/module.yaml")):
        quiz = load_yaml_file(module).data.get("quiz") or {}
        kinds |= {key for question in quiz.get("questions", []) for key in question if key in KINDS}
    return kinds


def _lrs_interaction_types() -> set[str]:
    from e2e.lrs import INTERACTION_COMPONENTS

    return set(INTERACTION_COMPONENTS)
