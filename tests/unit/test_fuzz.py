"""Robustness: whatever the YAML, load and build end cleanly or with located errors, never a crash or a hang.

Hypothesis feeds random text, random structures dumped as YAML, and mutations of the fixture
course (lines deleted, duplicated, swapped, re-indented; values replaced by other types; hostile
snippets: deep nesting, alias bombs, tags, control characters) through load_course and build.
Every failure must be SourceErrors whose errors name a file of the course, or a BuildError.
Runs are derandomized and bounded so CI sees the same examples in the same time on every run.
"""

from __future__ import annotations

import contextlib
import copy
import io
import shutil
import signal
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from conftest import FIXTURE_COURSE
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import BaseModel
from ruamel.yaml import YAML

import dcp_course.source.model as model_module
from dcp_course.build import build
from dcp_course.source.errors import BuildError, SourceError, SourceErrors
from dcp_course.source.load import load_course
from dcp_course.source.yamlsource import parse_yaml

FILES = ("course/course.yaml", "modules/01-basics/module.yaml", "modules/02-questions/module.yaml")
ORIGINALS = {name: (FIXTURE_COURSE / name).read_text() for name in FILES}
HANG_SECONDS = 20  # far beyond any honest example; only a loop that never ends gets here
FUZZ = settings(deadline=timedelta(seconds=5), derandomize=True, database=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

KNOWN_KEYS = sorted({
    info.alias or name
    for cls in vars(model_module).values()
    if isinstance(cls, type) and issubclass(cls, BaseModel)
    for name, info in cls.model_fields.items()
})
TRICKY_TEXT = [
    "", " ", "~", "media/diagram.svg", "media/clip.vtt", "../../etc/passwd", "/etc/passwd", "C:\\x",
    "https://example.org", "http://example.org", "javascript:alert(1)", "01-basics", "02-questions",
    "know-blocks", "use-blocks", "basics-q1", "s1", "<script>alert(1)</script>", "{{ x }}", "{% if %}",
    "]]>", "\u202e", "é", "😀", "a" * 300, "#ffffff", "1.0.0", "per-course", "web", "scorm12", "tip",
    "partial", "[x](javascript:alert(1))", "![](media/diagram.svg)", "| a |\n|---|\n| b |",
]


class Hang(BaseException):
    """Raised from a timer so a loop that never ends fails the test instead of stalling CI."""


@contextlib.contextmanager
def time_limit(seconds: float) -> Iterator[None]:
    def hang(signum: int, frame: Any) -> None:
        raise Hang(f"no result within {seconds} s")

    previous = signal.signal(signal.SIGALRM, hang)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


@pytest.fixture(scope="module")
def workspace(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("fuzz") / "course"
    shutil.copytree(FIXTURE_COURSE, root)
    return root


def assert_located(error: SourceError, root: Path) -> None:
    assert isinstance(error.path, Path) and error.path.is_relative_to(root), error
    assert error.message, error
    assert error.line >= 0 and error.column >= 0, error
    if error.line and error.path.is_file():
        assert error.line <= error.path.read_bytes().count(b"\n") + 2, error
    assert error.render(root).startswith(error.path.relative_to(root).as_posix()), error


def load_and_build(root: Path) -> None:
    """The property: a course either builds or fails with located SourceErrors / a BuildError."""
    with time_limit(HANG_SECONDS):
        try:
            load_course(root)
            build(root, root.parent / "out")
        except SourceErrors as exc:
            assert exc.errors
            for error in exc.errors:
                assert_located(error, root)
        except SourceError as exc:
            assert_located(exc, root)
        except BuildError as exc:
            assert str(exc)


def check_with(root: Path, changes: dict[str, str | bytes]) -> None:
    try:
        for name, content in changes.items():
            target = root / name
            target.write_bytes(content.encode("utf-8", "surrogatepass") if isinstance(content, str) else content)
        load_and_build(root)
    finally:
        for name in changes:
            (root / name).write_text(ORIGINALS[name])


def dump(data: Any) -> str:
    yaml = YAML(typ="safe", pure=True)
    yaml.allow_unicode = True
    yaml.default_flow_style = False  # ruamel writes `[https://x]` in flow style but cannot read it back
    out = io.StringIO()
    yaml.dump(data, out)
    return out.getvalue()


# ---------------------------------------------------------------- strategies

scalars = st.one_of(
    st.none(), st.booleans(), st.integers(-(10**6), 10**6), st.integers(), st.floats(),
    st.text(max_size=30), st.sampled_from(TRICKY_TEXT),
)
keys = st.one_of(st.sampled_from(KNOWN_KEYS), st.text(max_size=12))
structures = st.recursive(
    scalars, lambda inner: st.lists(inner, max_size=4) | st.dictionaries(keys, inner, max_size=5),
    max_leaves=25)

HOSTILE = [
    "x: " + "[" * 70 + "]" * 70,
    "x: " + "[" * 100_000 + "]" * 100_000,  # crashed the interpreter before the loader counted depth
    "".join(" " * i + "k:\n" for i in range(80)),
    "\n".join([f"a0: &a0 [{', '.join(['x'] * 9)}]"]
              + [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]" for i in range(1, 9)]),
    "\n".join(f"x{i}: *a" if i else "x0: &a [1]" for i in range(150)),
    "x: &a [*a]",
    "<<: {title: merged}",
    "x: !!python/object/apply:os.system ['echo hi']",
    "x: !custom thing",
    "%YAML 1.1\n---",
    "---\nother: document",
    'x: "\\x00\\x01 control"',
    'x: "\\ud800"',
    "? [a, b]\n: c",
    "1: numeric key",
    "x: 2024-02-30",
    "x: 2024-13-01 25:00:00",
    "n: " + "9" * 5000,
    "n: 0x" + "f" * 5000,
    "\t- tab",
    "x: 'unterminated",
    "x: |\n bad\n  indent\n bad",
    "title: " + "long " * 4000,
    "\ufeffx: bom",
]


@st.composite
def line_mutations(draw: st.DrawFn) -> tuple[str, str]:
    name = draw(st.sampled_from(FILES))
    lines = ORIGINALS[name].splitlines()
    for _ in range(draw(st.integers(1, 4))):
        if not lines:
            lines = [""]
        i = draw(st.integers(0, len(lines) - 1))
        op = draw(st.sampled_from(["delete", "duplicate", "swap", "indent", "dedent", "value", "hostile"]))
        if op == "delete":
            del lines[i]
        elif op == "duplicate":
            lines.insert(i, lines[i])
        elif op == "swap":
            j = draw(st.integers(0, len(lines) - 1))
            lines[i], lines[j] = lines[j], lines[i]
        elif op == "indent":
            lines[i] = "  " + lines[i]
        elif op == "dedent":
            lines[i] = lines[i][2:] if lines[i].startswith("  ") else lines[i].lstrip()
        elif op == "value" and ":" in lines[i]:
            key, _, _ = lines[i].partition(":")
            value = draw(st.one_of(st.sampled_from(["", "~", "[]", "{}", "-1", "0", "1e999", "true", "|",
                                                    ">-", "*nothing", "&a", "[", "{", "'x", "\"x"]),
                                   st.text(max_size=20).map(lambda t: t.replace("\n", " "))))
            lines[i] = f"{key}: {value}"
        elif op == "hostile":
            lines.insert(i, draw(st.sampled_from(HOSTILE)))
    return name, "\n".join(lines) + "\n"


def _paths(data: Any, prefix: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    yield prefix
    if isinstance(data, dict):
        for key, value in data.items():
            yield from _paths(value, (*prefix, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from _paths(value, (*prefix, index))


@st.composite
def data_mutations(draw: st.DrawFn) -> tuple[str, str]:
    """The fixture's data with values swapped for others, keys deleted or list items repeated."""
    name = draw(st.sampled_from(FILES))
    data = copy.deepcopy(parse_yaml(ORIGINALS[name], Path(name)).data)
    for _ in range(draw(st.integers(1, 3))):
        path = draw(st.sampled_from(sorted((p for p in _paths(data) if p), key=repr)))
        parent = data
        for part in path[:-1]:
            parent = parent[part]
        op = draw(st.sampled_from(["scalar", "structure", "delete", "duplicate"]))
        if op == "delete":
            del parent[path[-1]]
        elif op == "duplicate" and isinstance(parent, list):
            parent.insert(path[-1], copy.deepcopy(parent[path[-1]]))
        else:
            parent[path[-1]] = draw(scalars if op == "scalar" else structures)
    return name, dump(data)


NAMES = {"id", "src", "captions", "start", "next", "assesses", "modules", "exclude", "version", "language",
         "colour", "accent", "logo", "kind", "scoring", "outputs", "completion", "sco", "url"}
words = st.text(st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=60)


@st.composite
def text_mutations(draw: st.DrawFn) -> tuple[str, str]:
    """New words in the fixture's prose: the course still validates, so render and package see them."""
    name = draw(st.sampled_from(FILES))
    data = copy.deepcopy(parse_yaml(ORIGINALS[name], Path(name)).data)
    prose = sorted((p for p in _paths(data) if p and isinstance(_at(data, p), str)
                    and not NAMES & {part for part in p if isinstance(part, str)}), key=repr)
    for _ in range(draw(st.integers(1, 4))):
        path = draw(st.sampled_from(prose))
        _at(data, path[:-1])[path[-1]] = draw(st.one_of(st.sampled_from(TRICKY_TEXT[4:]), words))
    return name, dump(data)


def _at(data: Any, path: tuple[Any, ...]) -> Any:
    for part in path:
        data = data[part]
    return data


# ---------------------------------------------------------------- the properties


@settings(FUZZ, max_examples=60)
@given(name=st.sampled_from(FILES), content=st.one_of(st.text(max_size=400), st.binary(max_size=200)))
def test_random_text(workspace: Path, name: str, content: str | bytes) -> None:
    check_with(workspace, {name: content})


@settings(FUZZ, max_examples=60)
@given(name=st.sampled_from(FILES), data=st.one_of(st.dictionaries(keys, structures, max_size=8), structures))
def test_random_structures(workspace: Path, name: str, data: Any) -> None:
    check_with(workspace, {name: dump(data)})


@settings(FUZZ, max_examples=100)
@given(mutation=line_mutations())
def test_line_mutations_of_the_fixture(workspace: Path, mutation: tuple[str, str]) -> None:
    name, text = mutation
    check_with(workspace, {name: text})


@settings(FUZZ, max_examples=80)
@given(mutation=data_mutations())
def test_data_mutations_of_the_fixture(workspace: Path, mutation: tuple[str, str]) -> None:
    name, text = mutation
    check_with(workspace, {name: text})


@settings(FUZZ, max_examples=80)
@given(mutation=text_mutations())
def test_text_mutations_of_the_fixture(workspace: Path, mutation: tuple[str, str]) -> None:
    name, text = mutation
    check_with(workspace, {name: text})


@pytest.mark.parametrize("name", FILES)
@pytest.mark.parametrize("snippet", HOSTILE, ids=lambda s: repr(s[:24]))
def test_hostile_snippets(workspace: Path, name: str, snippet: str) -> None:
    for text in (snippet + "\n" + ORIGINALS[name], ORIGINALS[name] + snippet + "\n"):
        check_with(workspace, {name: text})


@pytest.mark.parametrize(("text", "where", "message"), [
    ("a: " + "[" * 100_000 + "]" * 100_000, (1, 67), "nesting deeper than 64 levels"),
    ('a: b\nc: "x\\0y"', (2, 4), "text contains the character U+0000, which no page can show"),
    ("a: 2024-02-30", (1, 4), "YAML syntax: cannot read '2024-02-30': day is out of range for month"),
    ("a: " + "9" * 5000, (1, 4), "YAML syntax: cannot read '" + "9" * 40 + "': Exceeds the limit"),
])
def test_what_used_to_crash_the_loader_is_now_located(text: str, where: tuple[int, int], message: str) -> None:
    with pytest.raises(SourceError) as caught:
        parse_yaml(text, Path("x.yaml"))
    assert (caught.value.line, caught.value.column) == where
    assert caught.value.message.startswith(message)


def test_the_fixture_itself_builds(workspace: Path) -> None:
    """The property holds vacuously if nothing ever builds; the unmutated fixture must."""
    load_course(workspace)
    build(workspace, workspace.parent / "out")
    assert (workspace.parent / "out").is_dir()
