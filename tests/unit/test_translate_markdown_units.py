"""Markdown fields as units: blocks split exactly, inline formatting as tags, Markdown rebuilt exactly.

The property the export/import round trip rests on: for every Markdown text of the real course
and the fixture courses, export -> source copied into target -> import -> build gives the same
Markdown, and each block written out from its tags alone renders the same HTML.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import FIXTURE_COURSE, REPO, TESTS
from hypothesis import given, settings
from hypothesis import strategies as st

from dcp_course.render.markdown import markdown_html
from dcp_course.source.load import load_course
from dcp_course.translate.apply import translated_field
from dcp_course.translate.content import Close, Open, Placeholder
from dcp_course.translate.markdown_units import (
    _parser,
    escape_text,
    inline_content,
    leaf_markdown,
    markdown_leaves,
    markdown_problem,
    rebuilt,
)
from dcp_course.translate.units import course_units, source_documents, walk_model

COURSES = [REPO, FIXTURE_COURSE, TESTS / "fixtures" / "lint" / "clean", TESTS / "fixtures" / "lint" / "flawed"]


def markdown_fields(root: Path) -> list[tuple[str, tuple[str, ...], str]]:
    source = load_course(root, refuse_final=False)  # the flawed fixture's final is flawed on purpose
    return [(file, found.path, found.text) for file, document, where in source_documents(source)
            for found in walk_model(document, (), where) if found.markdown]


def rendered(markdown: str) -> str:
    return re.sub(r"\s+", " ", str(markdown_html(markdown))).strip()


@pytest.mark.parametrize("root", COURSES, ids=lambda root: root.name)
def test_every_markdown_text_comes_back_exactly_through_export_and_import(root: Path) -> None:
    fields = markdown_fields(root)
    assert fields
    units = {unit.id: unit.content for unit in course_units(load_course(root, refuse_final=False))}
    for file, path, text in fields:
        assert markdown_leaves(text) is not None, (file, path)
        missing: list[str] = []
        assert translated_field(file, path, text, units, missing) == text, (file, path)
        assert missing == []


@pytest.mark.parametrize("root", COURSES, ids=lambda root: root.name)
def test_every_block_written_from_its_tags_renders_as_the_source_does(root: Path) -> None:
    for file, path, text in markdown_fields(root):
        leaves = markdown_leaves(text)
        assert leaves is not None
        written = rebuilt(text, leaves, [leaf_markdown(leaf.content, leaf.codes, leaf.in_table) for leaf in leaves])
        assert rendered(written) == rendered(text), (file, path)
        for leaf in leaves:
            assert markdown_problem(leaf.content, leaf.codes, leaf.in_table) is None, (file, path)


def test_blocks_are_split_and_their_syntax_stays_out_of_the_text() -> None:
    text = ("## A *heading*\n\nA paragraph with **bold**, a [link](https://example.org \"T\"), `code`\n"
            "and a line\\\nbreak.\n\n1. First item\n   goes on.\n2. Second\n\n> Quoted\n\n"
            "| Col | Other \\| pipe |\n|---|---|\n| ![alt *x*](m.png) | <https://a.example> |\n\n    code block\n")
    leaves = markdown_leaves(text)
    assert leaves is not None
    assert [(leaf.kind, text[leaf.start:leaf.end]) for leaf in leaves] == [
        ("heading", "A *heading*"),
        ("paragraph", "A paragraph with **bold**, a [link](https://example.org \"T\"), `code`\nand a line\\\nbreak."),
        ("list item", "First item\n   goes on."), ("list item", "Second"), ("quote", "Quoted"),
        ("table cell", "Col"), ("table cell", "Other \\| pipe"), ("table cell", "![alt *x*](m.png)"),
        ("table cell", "<https://a.example>")]
    paragraph = leaves[1]
    assert paragraph.content == ("A paragraph with ", Open("1", "bold"), "bold", Close("1"), ", a ",
                                 Open("2", "link"), "link", Close("2"), ", ", Placeholder("3", "x-code", "`code`"),
                                 " and a line", Placeholder("4", "lb"), "break.")
    assert paragraph.codes["2"].close == '](https://example.org "T")'
    assert leaves[6].content == ("Other | pipe",)
    assert leaves[7].content == (Open("1", "x-image"), "alt ", Open("2", "italic"), "x", Close("2"), Close("1"))
    assert leaves[8].content == (Placeholder("1", "x-autolink", "<https://a.example>"),)


def test_a_translated_block_is_written_on_one_line_in_its_place() -> None:
    text = "1. **One.** The service\n   continues.\n2. Two\n"
    leaves = markdown_leaves(text)
    assert leaves is not None
    german = (Open("1", "bold"), "Eins.", Close("1"), " Der Dienst geht weiter.")
    assert rebuilt(text, leaves, [leaf_markdown(german, leaves[0].codes), None]) == (
        "1. **Eins.** Der Dienst geht weiter.\n2. Two\n")


@pytest.mark.parametrize(("text", "written"), [
    ("1. Not a list", "1\\. Not a list"),
    ("# not a heading", "\\# not a heading"),
    ("- not an item", "\\- not an item"),
    ("*not* [a](link) `code` <b> &amp;", "\\*not\\* \\[a\\](link) \\`code\\` \\<b> \\&amp;"),
])
def test_text_typed_by_a_translator_stays_text(text: str, written: str) -> None:
    assert escape_text(text, at_line_start=True, in_table=False) == written
    assert rendered(written) == rendered("") or rendered(written).startswith("<p>")


_TYPED = st.text(alphabet=st.sampled_from(list("ab *_[]()`<>&#;!|\\-+=~1.)é\t")), min_size=1, max_size=30)


@settings(max_examples=400, deadline=None)
@given(_TYPED, st.booleans())
def test_any_text_a_translator_types_reads_back_as_that_text(text: str, in_table: bool) -> None:
    if not text.strip():
        return
    target = (text, Open("1", "bold"), "fett", Close("1"), "!")
    codes = {"1": markdown_leaves("**x**")[0].codes["1"]}  # type: ignore[index]
    assert markdown_problem((text,), {}, in_table) is None
    if markdown_problem(target, codes, in_table) is None:
        written = leaf_markdown(target, codes, in_table)
        document = f"| {written} |\n|---|\n" if in_table else written
        tokens = _parser().parse(document)
        children = next(token.children or [] for token in tokens if token.type == "inline")
        content, _ = inline_content(children, in_table)
        assert " ".join("".join(p for p in content if isinstance(p, str)).split()) == " ".join(
            (text + "fett!").split())


def test_formatting_markdown_cannot_show_is_refused_not_mangled() -> None:
    codes = {"1": markdown_leaves("**x**")[0].codes["1"]}  # type: ignore[index]
    assert markdown_problem(("a", Open("1", "bold"), "\"quoted\"", Close("1"), "b"), codes, False) == (
        "Markdown cannot show the formatting tags as placed (put a space before a tag that follows a letter, or "
        "move it to whole words)")
    assert markdown_problem(("a ", Open("1", "bold"), "\"quoted\"", Close("1"), " b"), codes, False) is None
