"""`dcp-course schema`: valid JSON Schemas, in step with the models, that accept the real sources."""

from __future__ import annotations

import functools
import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from conftest import FIXTURE_COURSE, REPO, TESTS, require

from dcp_course.authoring.jsonschema import COURSE_SCHEMA, MODULE_SCHEMA, TERMINOLOGY_SCHEMA, schema_files
from dcp_course.cli import main
from dcp_course.source.model import BLOCK_KINDS, QUESTION_KINDS
from dcp_course.source.yamlsource import load_yaml_file

try:
    import jsonschema
except ImportError:  # pragma: no cover - installed by the test extra
    jsonschema = None

COURSE_ROOTS = [REPO, FIXTURE_COURSE, TESTS / "fixtures" / "lint" / "clean", TESTS / "fixtures" / "lint" / "flawed"]


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


def validator(name: str) -> Any:
    require(jsonschema is not None, "jsonschema (pip install -e '.[test]')")
    return _validator(name)


@functools.lru_cache(maxsize=3)
def _validator(name: str) -> Any:
    schema = json.loads(schema_files()[name])
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


def problems(name: str, data: Any) -> list[str]:
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator(name).iter_errors(data)]


def module_files() -> list[Path]:
    return sorted(path for root in COURSE_ROOTS for path in (root / "modules").glob("*/module.yaml"))


def test_schema_writes_every_file_and_reports_unchanged_ones(tmp_path: Path) -> None:
    code, out, _ = run("schema", "--out", str(tmp_path))
    assert code == 0
    assert out.splitlines() == [f"wrote {tmp_path / COURSE_SCHEMA}", f"wrote {tmp_path / MODULE_SCHEMA}",
                                f"wrote {tmp_path / TERMINOLOGY_SCHEMA}"]
    for name in (COURSE_SCHEMA, MODULE_SCHEMA, TERMINOLOGY_SCHEMA):
        schema = json.loads((tmp_path / name).read_text())
        assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    code, out, _ = run("schema", "--out", str(tmp_path))
    assert (code, out.count("unchanged")) == (0, 3)


def test_check_fails_on_a_stale_schema(tmp_path: Path) -> None:
    run("schema", "--out", str(tmp_path))
    assert run("schema", "--out", str(tmp_path), "--check")[0] == 0
    (tmp_path / MODULE_SCHEMA).write_text("{}\n")
    code, _, err = run("schema", "--out", str(tmp_path), "--check")
    assert code == 1 and f"out of date in {tmp_path}: {MODULE_SCHEMA}" in err
    assert (tmp_path / MODULE_SCHEMA).read_text() == "{}\n"


def test_committed_schemas_match_the_models() -> None:
    code, _, err = run("--root", str(REPO), "schema", "--check")
    assert code == 0, err + " (regenerate with: dcp-course schema)"


@pytest.mark.parametrize("name", [MODULE_SCHEMA, COURSE_SCHEMA, TERMINOLOGY_SCHEMA])
def test_schemas_are_valid_json_schema(name: str) -> None:
    validator(name)


@pytest.mark.parametrize("path", module_files(), ids=lambda p: f"{p.parent.parent.parent.name}/{p.parent.name}")
def test_module_files_validate_against_the_schema(path: Path) -> None:
    assert problems(MODULE_SCHEMA, load_yaml_file(path).data) == []


@pytest.mark.parametrize("root", COURSE_ROOTS, ids=lambda p: p.name)
def test_course_files_validate_against_the_course_schema(root: Path) -> None:
    assert problems(COURSE_SCHEMA, load_yaml_file(root / "course" / "course.yaml").data) == []


@pytest.mark.parametrize("path", [REPO / "course" / "terminology.yaml", TESTS / "fixtures" / "terms" / "terminology.yaml"],
                         ids=lambda p: p.parent.parent.name)
def test_termbases_validate_against_the_terminology_schema(path: Path) -> None:
    assert problems(TERMINOLOGY_SCHEMA, load_yaml_file(path).data) == []


def test_the_terminology_schema_rejects_an_unknown_category() -> None:
    data = load_yaml_file(REPO / "course" / "terminology.yaml").data
    data["terms"][0]["category"] = "gadget"
    assert [p.split(":")[0] for p in problems(TERMINOLOGY_SCHEMA, data)] == ["terms/0/category"]


def test_real_modules_are_checked() -> None:
    assert any(path.is_relative_to(REPO / "modules") for path in module_files())


@pytest.mark.parametrize(("change", "where"), [
    (lambda m: m.update(sumary=m.pop("summary")), ""),
    (lambda m: m["lessons"][0]["blocks"].append({"txt": "typo"}), "lessons/0/blocks/"),
    (lambda m: m["lessons"][0]["blocks"].append({"text": "a", "keypoints": ["b"]}), "lessons/0/blocks/"),
    (lambda m: m["lessons"][0]["blocks"].append({"callout": {"kind": "danger", "text": "x"}}), "lessons/0/blocks/"),
    (lambda m: m["quiz"]["questions"][0].update(weight=0), "quiz"),
    (lambda m: m.update(id="Not A Slug"), "id"),
    (lambda m: m.update(minutes="ten"), "minutes"),
])
def test_the_schema_rejects_what_the_loader_rejects(change: Any, where: str) -> None:
    module = load_yaml_file(FIXTURE_COURSE / "modules" / "01-basics" / "module.yaml").data
    change(module)
    found = problems(MODULE_SCHEMA, module)
    assert found and any(p.startswith(where) for p in found), found


def test_every_block_and_question_kind_is_described_for_editors() -> None:
    definitions = json.loads(schema_files()[MODULE_SCHEMA])["$defs"]
    for cls in (*BLOCK_KINDS.values(), *QUESTION_KINDS.values()):
        assert definitions[cls.__name__].get("description"), cls.__name__


def test_source_headers_name_these_schemas() -> None:
    first_line = (FIXTURE_COURSE.parent / "lint" / "clean" / "modules" / "01-clean" / "module.yaml").read_text()
    assert first_line.startswith(f"# yaml-language-server: $schema=../../{MODULE_SCHEMA}\n")
    course = (TESTS / "fixtures" / "lint" / "clean" / "course" / "course.yaml").read_text()
    assert course.startswith(f"# yaml-language-server: $schema=../{COURSE_SCHEMA}\n")
