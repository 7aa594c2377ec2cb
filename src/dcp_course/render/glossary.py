"""Link glossary terms in lesson prose to the course glossary page.

Each term is linked at its first use on a page only, never inside an existing link or code,
so prose stays readable and screen-reader users are not flooded with links.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from functools import lru_cache

from markdown_it.token import Token
from markupsafe import Markup

from ..source.model import GlossaryEntry
from .anchors import unique_anchors
from .markdown import _parser, parse_markdown, render_env

_RENDERED: dict[tuple[object, str, frozenset[str]], tuple[Markup, frozenset[str]]] = {}
# A page's second render (SCORM after web) follows its first directly (shared_pages.SharedPages), so the
# cache only needs to span a page or two: a bigger one holds a large course's prose in memory.
_RENDERED_LIMIT = 4_096


# A glossary's anchor by spelling, the pattern that finds its spellings, its number of anchors,
# its spellings in order (for cache keys) and the pattern for ASCII text in lower case (when every
# spelling is ASCII): by its terms and their aliases.
Terms = tuple[dict[str, str], "re.Pattern[str] | None", int, tuple[tuple[str, str], ...], "re.Pattern[str] | None"]
_TERMS: dict[tuple[tuple[str, tuple[str, ...]], ...], Terms] = {}


def _terms(entries: tuple[GlossaryEntry, ...]) -> Terms:
    """Anchor by spelling, the pattern that finds them, how many anchors, and a cache key.

    Every page links the same glossary: built once per glossary, not once per page.
    """
    key = tuple((entry.term, tuple(entry.aliases)) for entry in entries)
    known = _TERMS.get(key)
    if known is None:
        anchor_by_spelling: dict[str, str] = {}
        anchors = term_anchors(entries)
        for term, aliases in key:
            for spelling in (term, *aliases):
                anchor_by_spelling.setdefault(spelling.casefold(), anchors[term])
        spellings = sorted(anchor_by_spelling, key=len, reverse=True)
        # No look-behind for the character before a spelling (see _term_spans): in front, it kept
        # the regular expression engine from skipping to a spelling's first letters.
        pattern = (
            re.compile(r"(?:" + "|".join(re.escape(s) for s in spellings) + r")(?![\w/-])", re.IGNORECASE)
            if spellings else None
        )
        # In ASCII text, the pattern's IGNORECASE finds exactly what the same pattern, matching
        # case, finds in the text in lower case (the spellings are in lower case already).
        lowercase_pattern = (re.compile(pattern.pattern)
                             if pattern is not None and all(s.isascii() for s in spellings) else None)
        if len(_TERMS) >= 8:  # a glossary per language at most
            _TERMS.clear()
        known = _TERMS[key] = (anchor_by_spelling, pattern, len(set(anchor_by_spelling.values())),
                               tuple(sorted(anchor_by_spelling.items())), lowercase_pattern)
    return known


def forget_linked_text() -> None:
    """Drop the kept linked prose: once every page is rendered it only holds memory."""
    _RENDERED.clear()


def term_anchors(entries: Iterable[GlossaryEntry]) -> dict[str, str]:
    """Each term's id on the glossary page, unique within the glossary (render/anchors.py)."""
    return _anchors_of(tuple(entry.term for entry in entries))


@lru_cache(maxsize=8)  # a glossary per language at most; every page asks
def _anchors_of(terms: tuple[str, ...]) -> dict[str, str]:
    return dict(zip(terms, unique_anchors("term", terms), strict=True))


class GlossaryLinker:
    def __init__(
        self, entries: Iterable[GlossaryEntry], glossary_url: str, new_tab_hint: str = ""
    ) -> None:
        self.glossary_url = glossary_url
        self.new_tab_hint = new_tab_hint  # links to other sites open a new tab (see markdown.py)
        entries = tuple(entries)
        (self.anchor_by_spelling, self.pattern, self.anchor_count, spellings_key,
         self.lowercase_pattern) = _terms(entries)
        self.ascii_spellings = self.lowercase_pattern is not None or not self.anchor_by_spelling
        self.linked: set[str] = set()
        # Pages render once for the web and once for SCORM: the same text, glossary and prior
        # links give the same result, so it is kept for the second render.
        self.cache_key = (glossary_url, new_tab_hint, spellings_key)

    def __call__(self, text: str) -> Markup:
        key = (self.cache_key, text, frozenset(self.linked))
        cached = _RENDERED.get(key)
        if cached is None:
            html = self._render(text)
            if len(_RENDERED) > _RENDERED_LIMIT:
                _RENDERED.clear()
            cached = _RENDERED[key] = (html, frozenset(self.linked))
        self.linked = set(cached[1])
        return cached[0]

    def _render(self, text: str) -> Markup:
        parser = _parser()
        tokens = parse_markdown(text)
        # Once every term is linked on a page, later text blocks render as plain Markdown.
        if self.pattern is not None and len(self.linked) < self.anchor_count:
            for token in tokens:
                if token.type == "inline" and token.children:
                    token.children = self._link_children(token.children)
        return Markup(parser.renderer.render(tokens, parser.options, render_env(self.new_tab_hint)))

    def _link_children(self, children: list[Token]) -> list[Token]:
        result: list[Token] = []
        link_depth = 0
        for child in children:
            if child.type == "link_open":
                link_depth += 1
            elif child.type == "link_close":
                link_depth -= 1
            if child.type == "text" and link_depth == 0:
                result.extend(self._split(child))
            else:
                result.append(child)
        return result

    def may_link(self, content: str) -> bool:
        """False when no term still to link can be in content; the pattern decides the rest.

        Searching ASCII text for ASCII spellings in lower case is exactly what the pattern's
        IGNORECASE does there, and several times quicker than running it on text without terms.
        """
        if not (self.ascii_spellings and content.isascii()):
            return True
        return self._may_link_lowered(content.lower())

    def _may_link_lowered(self, lowered: str) -> bool:
        return any(spelling in lowered for spelling, anchor in self.anchor_by_spelling.items()
                   if anchor not in self.linked)

    def _split(self, child: Token) -> list[Token]:
        """The text token with its first uses of terms linked; the token itself when it has none."""
        assert self.pattern is not None
        content = child.content
        if self.lowercase_pattern is not None and content.isascii():
            lowered = content.lower()
            if not self._may_link_lowered(lowered):
                return [child] if content else []
            spans = _term_spans(self.lowercase_pattern, lowered)
        else:
            spans = _term_spans(self.pattern, content)
        pieces: list[Token] = []
        position = 0
        for start, end in spans:
            spelling = content[start:end]
            anchor = self.anchor_by_spelling[spelling.casefold()]
            if anchor in self.linked:
                continue
            self.linked.add(anchor)
            pieces.append(_text(content[position:start]))
            link = Token("link_open", "a", 1)
            link.attrs = {"href": f"{self.glossary_url}#{anchor}", "class": "glossary-link"}
            pieces += [link, _text(spelling), Token("link_close", "a", -1)]
            position = end
        if not pieces:
            return [child] if content else []
        pieces.append(_text(content[position:]))
        return [p for p in pieces if p.type != "text" or p.content]


_WORD_BEFORE = re.compile(r"[\w/-]")  # a character that would make a spelling part of a longer word


def _term_spans(pattern: re.Pattern[str], text: str) -> Iterator[tuple[int, int]]:
    r"""Where pattern finds a spelling that no word character, "/" or "-" comes before.

    What finditer would give for the pattern with (?<![\w/-]) in front: a spelling found with
    such a character before it is passed over one character on, as that look-behind would.
    """
    position = 0
    while (match := pattern.search(text, position)) is not None:
        start = match.start()
        if start and _WORD_BEFORE.match(text, start - 1):
            position = start + 1
            continue
        yield start, match.end()
        position = match.end()


def _text(content: str) -> Token:
    token = Token("text", "", 0)
    token.content = content
    return token
