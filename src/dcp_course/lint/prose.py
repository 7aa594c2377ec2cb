"""Reading Markdown the way the renderer does (paragraphs, sentences, words, links and images),
and the plain-language and alt-text judgements made on what it reads.

Which judgements need English: only GENERIC_ALT, a list of English words. Sentence and paragraph
length, empty alt text and file names as alt text hold in any language, so they run on
translations too (lint/translation.py).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import PurePosixPath

from markdown_it import MarkdownIt
from markdown_it.token import Token

WORDS_PER_MINUTE = 200
MAX_SENTENCE_WORDS = 30
MAX_PARAGRAPH_WORDS = 120
# Keys whose values are names, paths or settings rather than words a learner reads.
NOT_PROSE = frozenset({
    "id", "src", "captions", "url", "assesses", "start", "next", "kind", "scoring", "logo", "colour",
    "accent", "version", "language", "languages", "modules", "exclude", "outputs", "completion", "sco",
    "answers"})
# Words written by someone else, which plain-language advice cannot ask the author to shorten.
QUOTED = frozenset({"quote", "transcript", "sources"})
# English words that say nothing as alt text; other languages have their own, not listed here.
GENERIC_ALT = frozenset({
    "image", "picture", "photo", "photograph", "img", "pic", "graphic", "figure", "fig", "diagram",
    "icon", "illustration", "screenshot", "chart", "logo", "alt", "alt text", "placeholder", "todo",
    "tbd", "untitled", "image of", "picture of", "photo of", "an image", "a picture", "a photo",
    "the image", "the picture", "image here", "insert image",
})
ALT_HINT = "say what the picture shows, as you would to someone on the phone"
_IMAGE_FILE = re.compile(r"[\w\-. ]+\.(png|jpe?g|gif|svg|webp|avif|bmp|tiff?)", re.IGNORECASE)
_CAMERA_NAME = re.compile(r"(img|dsc|dscn|pxl|image|photo|scan)[\s_-]*\d[\d\W_]*|screen ?shot\b.*\d.*",
                          re.IGNORECASE)
_WORD = re.compile(r"\w+(?:['’\-]\w+)*")
# A sentence ends at . ! ? or … followed by space and something that starts a sentence, so
# "e.g. the" and "3.5 km" stay inside one sentence. Quotation marks of German („…“), French
# (« … », with their no-break spaces) and Dutch ('s-morgens, with a typographic apostrophe) close or open one too.
_SENTENCE_END = re.compile(
    r"(?<=[.!?…])(?:\s?[\"'”’“»)\]])*\s+"
    r"(?=[\"'“‘„‚«(\[]?\s?[A-Z0-9À-Ý]|’s\s)")
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
            elif child.type == "image":  # the alt text as the page gives it: escapes resolved
                alt = "".join(part.content for part in child.children or () if part.type in ("text", "code_inline"))
                found.append(Link(str(child.attrs.get("src", "")), line, image=True, alt=alt))
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


def english_language(language: str) -> bool:
    """Whether a BCP 47 tag names English (en, en-GB ...), the language of the word lists."""
    return language.split("-", 1)[0].casefold() == "en"


def alt_problem(alt: str, src: str, english: bool = True) -> str | None:
    """Why alt text tells a screen-reader user nothing about the picture, or None when it is fine.

    english=False leaves out the check against GENERIC_ALT, whose words are English.
    """
    text = " ".join(alt.split())
    letters = " ".join(re.sub(r"[\W_\d]+", " ", text).split()).casefold()
    name = PurePosixPath(src).name
    if len(letters) < 3:
        return f"alt text {alt!r} says nothing about the picture"
    if _IMAGE_FILE.fullmatch(text) or _CAMERA_NAME.fullmatch(text) or (
            name and text.casefold() in (name.casefold(), PurePosixPath(name).stem.casefold())
            and re.search(r"[-_.]", text)):
        return f"alt text {alt!r} is a file name, not a description"
    if english and letters in GENERIC_ALT:
        return f"alt text {alt!r} is a generic word, not a description"
    return None


@dataclass(frozen=True)
class Problem:
    rule: str
    message: str
    hint: str
    line: int  # 0-based line within the Markdown source


def plain_language_problems(markdown: str) -> Iterator[Problem]:
    """Sentences and paragraphs too long for plain language; word counts hold in any language."""
    for chunk, sentence, count in long_sentences(markdown, MAX_SENTENCE_WORDS):
        opening = " ".join(sentence.split()[:6])
        yield Problem("long-sentence", f"sentence of {count} words: {opening!r}...",
                      f"plain language: keep sentences to {MAX_SENTENCE_WORDS} words or fewer; split this one",
                      chunk.line)
    for chunk, count in long_paragraphs(markdown, MAX_PARAGRAPH_WORDS):
        yield Problem("long-paragraph", f"paragraph of {count} words",
                      f"plain language: keep paragraphs to {MAX_PARAGRAPH_WORDS} words or fewer", chunk.line)
