"""The build's shortcuts give exactly what the long way gives.

The one-pass YAML loader must produce the full loader's data, and leave every document it does
not handle to the full load, whose errors stay as they were. Plain lines skip the Markdown
parser only where the parser would merely escape them.
"""

from __future__ import annotations

import random
import re
import subprocess
import sys
from pathlib import Path

import pytest
from ruamel.yaml import YAML

from dcp_course.render import markdown
from dcp_course.source import yamlsource
from dcp_course.source.errors import SourceError

REPO = Path(__file__).resolve().parents[2]

REGULAR = [
    "",
    "# only a comment\n",
    "a: 1\nb: 1.5\nc: true\nd: null\ne: ~\nf:\ng: 2024-01-02\nh: 2024-01-02T10:00:00Z\ni: yes\n"
    "j: 0o17\nk: 0x1f\nl: .inf\nn: 1e3\no: '1'\np: \"2\"\nq: +12\nr: 1_000\n",
    "- a\n- [b, {c: d}]\n- |\n  block\n  text\n- >\n  folded\n  text\n",
    "x: ünïcödé ✓\n",
    "just a scalar",
    "- - - x\n",
    "'': x\n",
    "a: 13-13-2024\n",
    "a: [1, 2, 3.0, false]\n",
]
IRREGULAR = [
    "a: 1\na: 2\n",  # duplicate key
    "1: x\n",  # key that is not text
    "2024-01-01: x\n",
    "? [a]\n: b\n",
    "base: &b {x: 1}\nuse:\n  <<: *b\n  y: 2\n",  # anchors, aliases, merge keys
    "a: !!str 1\n",
    "a: !custom 1\n",
    "[" * 65 + "]" * 65,
    "a: \"unterminated\n",
    "---\na: 1\n---\nb: 2\n",
    "a: \"\\0x\"\n",
    "a: 2024-13-01\n",
    "=: x\n",  # YAML's value key: text in the end, but left to the full load
]


def full_load(text: str) -> object:
    yaml = YAML(typ="safe")
    yaml.Constructor = yamlsource._LocatingConstructor
    return yamlsource._plain(yaml.load(text), [yamlsource.MAX_NODES])


@pytest.mark.parametrize("text", REGULAR + sorted(str(p) for p in (REPO / "modules").rglob("*.yaml")))
def test_one_pass_matches_the_full_load(text: str) -> None:
    if text.endswith(".yaml"):
        text = Path(text).read_text(encoding="utf-8")
    fast = yamlsource._load_regular(text)
    assert repr(fast) == repr(full_load(text))  # repr: 1 and True and 1.0 must not pass for each other


@pytest.mark.parametrize("text", IRREGULAR)
def test_irregular_documents_go_the_long_way(text: str) -> None:
    with pytest.raises(Exception):  # noqa: B017 - any refusal hands the document on
        yamlsource._load_regular(text)


def test_long_way_still_reports_the_problem() -> None:
    with pytest.raises(SourceError, match="duplicate key"):
        yamlsource.parse_yaml("a: 1\na: 2\n", Path("x.yaml"))
    assert yamlsource.parse_yaml("a: &x 1\nb: *x\n", Path("x.yaml")).data == {"a": 1, "b": 1}


def near_misses() -> list[str]:
    pieces = [*"abcXYZ 09.,;:'\"?()-+#=|/%$@^{}\u00a0é中\t\n\r",
              "\\", "`", "*", "_", "[", "]", "!", "<", ">", "&", "~", "1.", "- ", "# ", "> ", "    ", "&amp;", "***"]
    rng = random.Random(15)
    return ["".join(rng.choice(pieces) for _ in range(rng.randint(1, 10))) for _ in range(5000)]


def test_plain_lines_render_as_the_parser_renders_them() -> None:
    parser = markdown._parser()
    shortcuts = 0
    for text in ["Listening", "Keep promises, explain why.", "Question 3?", "Say \"hello\" (twice)", *near_misses()]:
        for hint in ("", "opens in a new tab"):
            env = markdown.render_env(hint)
            if markdown._PLAIN_LINE.fullmatch(text):
                shortcuts += 1
                assert markdown.markdown_inline(text, hint) == parser.renderInline(text, env), text
            if markdown._PLAIN_PARAGRAPH.fullmatch(text):
                shortcuts += 1
                assert markdown.markdown_html(text, hint) == parser.render(text, env), text
    assert shortcuts > 1000  # the shortcut is taken, not just declined


WORKERS_AGAINST_ONE_PROCESS = """
import sys
from pathlib import Path
from dcp_course import build
from dcp_course.render import shared_pages
from dcp_course.source.load import load_course

source = load_course(Path(sys.argv[1]))
formats = ["web", "scorm12", "scorm2004", "cmi5"]
serial = build.produce(source, formats)
shared_pages.PARALLEL_MIN_PAGES = 1
shared_pages.render_workers = lambda: 2
said = []
parallel = build.produce(source, formats, progress=said.append)
print("workers rendered:", any("processes" in line for line in said))
print("same bytes:", parallel == serial)
"""


def test_pages_rendered_in_worker_processes_are_the_same_bytes() -> None:
    # In a fresh interpreter: the build never forks while other threads run, and the test
    # session's own servers and browser keep threads alive.
    result = subprocess.run([sys.executable, "-c", WORKERS_AGAINST_ONE_PROCESS, str(REPO / "tests" / "fixtures" / "course")],
                            capture_output=True, text=True, check=True, timeout=300)
    assert result.stdout.splitlines() == ["workers rendered: True", "same bytes: True"]


@pytest.mark.parametrize("root", [REPO, REPO / "tests" / "fixtures" / "course"])
def test_asset_links_from_the_folder_link_are_the_links_url_gives(root: Path) -> None:
    from dcp_course.plan.site import plan_site
    from dcp_course.render.pages import asset_folder_url, relative_url, static_assets
    from dcp_course.source.load import load_course

    site = plan_site(load_course(root), None)
    paths = [page.path for page in (*site.pages, *site.reference_pages)] + ["index.html", "a/b/c.html"]
    assert len(paths) > 10
    for path in paths:
        for asset in static_assets():
            name = asset.removeprefix("assets/")
            assert asset_folder_url(path) + name == relative_url(path, asset), (path, asset)


def test_glossary_terms_built_once_link_as_terms_built_for_each_page() -> None:
    from dcp_course.render import glossary
    from dcp_course.source.model import GlossaryEntry

    first = [GlossaryEntry(term="Community officer", definition="x", aliases=["officer"]),
             GlossaryEntry(term="P/CVE", definition="y")]
    second = [GlossaryEntry(term="Trust", definition="z", aliases=["trusted", "officer"])]
    text = "An *officer* earns trust; a Community officer is trusted. P/CVE work needs trust."
    glossaries = (first, second, [])
    fresh = []
    for entries in glossaries:
        glossary._TERMS.clear()
        fresh.append(glossary.GlossaryLinker(entries, "g.html", "new tab")._render(text))
    for entries in glossaries:
        glossary.GlossaryLinker(entries, "g.html", "new tab")
    assert len(glossary._TERMS) == len(glossaries)  # every glossary's terms are kept side by side
    for entries, expected in zip(glossaries * 2, fresh * 2, strict=True):
        assert glossary.GlossaryLinker(entries, "g.html", "new tab")._render(text) == expected
    assert "glossary-link" in fresh[0] and fresh[0] != fresh[1] and "glossary-link" not in fresh[2]


def test_templates_from_the_bytecode_cache_render_what_freshly_compiled_ones_render(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from jinja2 import FileSystemBytecodeCache

    from dcp_course.plan.site import plan_site
    from dcp_course.render import pages
    from dcp_course.source.load import load_course
    from dcp_course.targets import FORMAT_TARGETS

    site = plan_site(load_course(REPO / "tests" / "fixtures" / "course"), None)

    def render_everything() -> list[bytes]:
        pages.environment.cache_clear()  # a new environment: templates come from source or the cache
        return [pages.render_page(site, target, page)
                for target in FORMAT_TARGETS.values() for page in (*site.pages, *site.reference_pages)]

    try:
        monkeypatch.setattr(pages, "FileSystemBytecodeCache", lambda: None)
        compiled = render_everything()
        monkeypatch.setattr(pages, "FileSystemBytecodeCache", lambda: FileSystemBytecodeCache(str(tmp_path)))
        assert render_everything() == compiled  # compiled, and the cache filled
        assert len(list(tmp_path.iterdir())) > 5
        assert render_everything() == compiled  # every template from the cache
    finally:
        pages.environment.cache_clear()


def test_text_skipped_by_the_glossary_prefilter_links_as_the_pattern_would(monkeypatch: pytest.MonkeyPatch) -> None:
    from dcp_course.render import glossary
    from dcp_course.source.model import GlossaryEntry

    entries = [GlossaryEntry(term="Community officer", definition="x", aliases=["officer", "Bürger"]),
               GlossaryEntry(term="online patrol", definition="y"), GlossaryEntry(term="P/CVE", definition="z")]
    ascii_only = [entry for entry in entries if entry.term != "Community officer"]
    pieces = ["community", "Officer", "OFFICERS", "online", "patrol", "Online Patrol", "p/cve", "P/CVEs", "*officer*",
              "[officer](x.html)", "`officer`", "officer-led", "/officer", "Bürger", "BÜRGER", "\u017f", "\u212a", "and", "\n\n", ","]
    rng = random.Random(15)
    texts = [" ".join(rng.choice(pieces) for _ in range(rng.randint(1, 12))) for _ in range(1500)]
    skipped = 0
    for glossary_entries in (entries, ascii_only):
        linker = glossary.GlossaryLinker(glossary_entries, "g.html")
        quick = []
        for text in texts:
            linker.linked = set()
            skipped += sum(not linker.may_link(part) for part in text.split("*"))
            quick.append(linker._render(text))
        monkeypatch.setattr(glossary.GlossaryLinker, "may_link", lambda self, content: True)
        for text, expected in zip(texts, quick, strict=True):
            linker.linked = set()
            assert linker._render(text) == expected, text
        monkeypatch.undo()
    assert skipped > 100  # the prefilter really skips text


def test_a_build_without_the_plain_data_writes_what_the_full_sources_write() -> None:
    from dcp_course import build
    from dcp_course.source.load import load_course

    source = load_course(REPO / "tests" / "fixtures" / "course")
    lean = build.without_plain_data(source)
    assert all(loaded.doc.data is None and not loaded.doc.text for loaded in lean.modules) and lean.modules
    with pytest.raises(RuntimeError, match="located while the sources load"):
        lean.modules[0].doc.locate(("lessons",))
    assert all(loaded.doc.data is not None for loaded in source.modules)  # the loaded sources stay whole
    formats = ["web", "scorm12", "scorm2004", "cmi5"]
    assert build.produce(lean, formats) == build.produce(source, formats)


def test_term_spans_are_what_the_look_behind_pattern_finds() -> None:
    from dcp_course.render import glossary
    from dcp_course.source.model import GlossaryEntry

    entries = [GlossaryEntry(term="Community officer", definition="x", aliases=["officer", "Bürger"]),
               GlossaryEntry(term="online patrol", definition="y"), GlossaryEntry(term="P/CVE", definition="z"),
               GlossaryEntry(term="co", definition="w")]
    pieces = ["community", "Officer", "OFFICERS", "xcommunity officer", "online", "patrol", "p/cve", "/officer",
              "officer-led", "-co", "co", "Co-op", "_officer", "3officer", "éofficer", "Bürger", "BÜRGER", "\u212a",
              "\u017f", " ", " ", "\n", ",", "."]
    rng = random.Random(15)
    texts = ["".join(rng.choice(pieces) for _ in range(rng.randint(1, 14))) for _ in range(3000)]
    ascii_only = [entry for entry in entries if entry.term != "Community officer"]
    lowercase_checked = 0
    for linker in (glossary.GlossaryLinker(entries, "g.html"), glossary.GlossaryLinker(ascii_only, "g.html")):
        assert linker.pattern is not None
        spellings = sorted(linker.anchor_by_spelling, key=len, reverse=True)
        look_behind = re.compile(r"(?<![\w/-])(" + "|".join(map(re.escape, spellings)) + r")(?![\w/-])",
                                 re.IGNORECASE)
        for text in texts:
            expected = [match.span(1) for match in look_behind.finditer(text)]
            assert list(glossary._term_spans(linker.pattern, text)) == expected, text
            if text.isascii() and linker.lowercase_pattern is not None:
                lowercase_checked += 1
                assert list(glossary._term_spans(linker.lowercase_pattern, text.lower())) == expected, text
    assert lowercase_checked > 500  # the ASCII glossary takes the lower-case path


def _prose_of(root: Path) -> list[str]:
    from dcp_course.source.load import load_course

    def strings(value: object) -> list[str]:
        if isinstance(value, str):
            return [value]
        if isinstance(value, dict):
            return [text for item in value.values() for text in strings(item)]
        if isinstance(value, list | tuple):
            return [text for item in value for text in strings(item)]
        if hasattr(value, "model_dump"):
            return strings(value.model_dump())
        return []

    return strings([loaded.module for loaded in load_course(root).modules])


def test_paragraphs_parsed_without_the_block_parser_are_the_tokens_it_makes() -> None:
    from dcp_course.render import markdown

    rng = random.Random(15)
    pieces = ["Word", "word", "*em*", "**strong**", " ", "  ", "\t", "\n", "\n\n", "\n \n", "\n\t\n", "- item", "1. one",
              "# head", "> quote", "    code", "```", "a | b", "|---|", "---", "===", "<b>", "[x]: /u", "[x]", "&amp;",
              "\\*", "`c`", "Ünïcode", "9 lives", "_u_", "\r", "\u00a0", "https://example.org", "[l](https://e.org)"]
    texts = ["".join(rng.choice(pieces) for _ in range(rng.randint(0, 16))) for _ in range(4000)]
    texts += _prose_of(REPO) + _prose_of(REPO / "tests" / "fixtures" / "course")
    quick = 0
    for text in texts:
        expected = markdown._parser().parse(text, markdown.render_env("new tab"))
        assert markdown.parse_markdown(text, markdown.render_env("new tab")) == expected, repr(text)
        quick += markdown._paragraph_lines(text) is not None
    assert 800 < quick < len(texts) - 800  # both ways are taken, many times


PARSED_AHEAD_AGAINST_ONE_PROCESS = """
import os, sys
from pathlib import Path
from dcp_course import workers
from dcp_course.source import load
from dcp_course.source.errors import SourceErrors

def loaded(root):
    try:
        return load.load_course(Path(root))
    except SourceErrors as problems:
        return [error.render() for error in problems.errors]

for root in sys.argv[1:]:
    serial = loaded(root)
    load.PARALLEL_MIN_FILES = 1
    workers.usable_cores = lambda: 2
    ahead = load.parse_ahead
    parsed_ahead = []
    load.parse_ahead = lambda paths: parsed_ahead.append(ahead(paths)) or parsed_ahead[-1]
    print("parsed in workers:", len(parsed_ahead[-1]) if loaded(root) == serial and parsed_ahead else "differs")
    send = load._send_parsed
    load._send_parsed = lambda paths, sending: os._exit(3)  # a worker that dies before it answers
    print("without the worker:", loaded(root) == serial)
    load._send_parsed, load.parse_ahead, load.PARALLEL_MIN_FILES = send, ahead, 10**6
"""


def test_module_files_parsed_in_worker_processes_load_as_in_one_process(course_copy: Path) -> None:
    # The copy has one module that does not parse and one that does not validate: the problems
    # reported are the one-process load's, word for word.
    (course_copy / "modules" / "02-questions" / "module.yaml").write_text("title: [unclosed\n", encoding="utf-8")
    module = course_copy / "modules" / "01-basics" / "module.yaml"
    module.write_text(module.read_text(encoding="utf-8").replace("minutes: ", "minutes: many ", 1), encoding="utf-8")
    result = subprocess.run([sys.executable, "-c", PARSED_AHEAD_AGAINST_ONE_PROCESS, str(REPO), str(course_copy)],
                            capture_output=True, text=True, check=True, timeout=300)
    modules = len(list((REPO / "modules").iterdir()))
    assert result.stdout.splitlines() == [f"parsed in workers: {modules}", "without the worker: True",
                                          "parsed in workers: 1", "without the worker: True"]
