"""Reading Markdown the way the renderer does: paragraphs, sentences, words, links and images."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

from markdown_it import MarkdownIt
from markdown_it.token import Token

WORDS_PER_MINUTE = 200
_WORD = re.compile(r"\w+(?:['’\-]\w+)*")
# A sentence ends at . ! ? or … followed by space and something that starts a sentence, so
# "e.g. the" and "3.5 km" stay inside one sentence.
_SENTENCE_END = re.compile(r"(?<=[.!?…])[\"'”’)\]]*\s+(?=[\"'“‘(\[]?[A-Z0-9À-Ý])")
_CHUNK_OPENERS = {"paragraph_open", "heading_open", "th_open", "td_open"}


@dataclass(frozen=True)
class Chunk:
    """One paragraph, heading, list-item paragraph or table cell, as plain text."""

    text: str
    line: int  # 0-based line within the Markdown source


@dataclass(frozen=True)
class Link:
    href: str
    line: int  # 0-based line within the Markdown source
    image: bool = False
    alt: str = ""


@lru_cache(maxsize=1)
def _parser() -> MarkdownIt:
    # The renderer's settings (markdown.py); links are kept whatever their scheme, so that lint can
    # report a javascript: link that the renderer would silently show as plain text.
    parser = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False}).enable("table")
    parser.validateLink = lambda url: True  # type: ignore[method-assign]
    return parser


@lru_cache(maxsize=8192)
def _tokens(markdown: str) -> tuple[Token, ...]:
    return tuple(_parser().parse(markdown))


def _inline_text(token: Token) -> str:
    parts = []
    for child in token.children or ():
        if child.type in ("text", "code_inline", "image"):
            parts.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            parts.append(" ")
    return " ".join("".join(parts).split())


def chunks(markdown: str) -> list[Chunk]:
    tokens = _tokens(markdown)
    found = []
    for previous, token in zip((None, *tokens), tokens, strict=False):
        if token.type == "inline" and previous is not None and previous.type in _CHUNK_OPENERS:
            line = token.map[0] if token.map else (previous.map[0] if previous.map else 0)
            found.append(Chunk(_inline_text(token), line))
    return found


def links(markdown: str) -> list[Link]:
    found = []
    for token in _tokens(markdown):
        if token.type != "inline":
            continue
        line = token.map[0] if token.map else 0
        for child in token.children or ():
            if child.type in ("softbreak", "hardbreak"):
                line += 1
            elif child.type == "link_open":
                found.append(Link(str(child.attrs.get("href", "")), line))
            elif child.type == "image":
                found.append(Link(str(child.attrs.get("src", "")), line, image=True, alt=child.content))
    return found


def words(text: str) -> int:
    return len(_WORD.findall(text))


def sentences(text: str) -> list[str]:
    return [s for s in _SENTENCE_END.split(text) if s.strip()]


def reading_minutes(word_count: int) -> float:
    return word_count / WORDS_PER_MINUTE


def markdown_words(markdown: str) -> int:
    return sum(words(chunk.text) for chunk in chunks(markdown))


def long_sentences(markdown: str, limit: int) -> Iterator[tuple[Chunk, str, int]]:
    for chunk in chunks(markdown):
        for sentence in sentences(chunk.text):
            count = words(sentence)
            if count > limit:
                yield chunk, sentence, count


def long_paragraphs(markdown: str, limit: int) -> Iterator[tuple[Chunk, int]]:
    for chunk in chunks(markdown):
        count = words(chunk.text)
        if count > limit:
            yield chunk, count
