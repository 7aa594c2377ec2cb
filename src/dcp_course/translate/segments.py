"""Sentences of a unit, for `<seg-source>`: what translation memories match and CAT tools show.

sentencex (Wikimedia's segmenter, with rules for about 300 languages) finds the sentence
boundaries with the rules of the source language: its abbreviation lists keep "e.g.", "Art. 5",
"No. 3" (and German "z. B.", "Nr.") in one sentence. It runs in a few microseconds a paragraph,
where pysbd, also tried, took half a millisecond and made an export of this course slower than
a second. A boundary is used only where no
formatting pair is open, since a `<mrk>` may not cut through a `<g>`; sentences that a pair
spans stay one segment.
"""

from __future__ import annotations

import re
from functools import lru_cache

import sentencex

from .content import Close, Content, Open, Placeholder, joined

# Text that can hold two sentences: an end mark, maybe closing quotes or brackets, then a space
# and more text. Most units (titles, list items, choices) cannot, and skip the segmenter.
_POSSIBLE_BOUNDARY = re.compile(r"[.!?\u2026\u3002][\"'\u201d\u2019)\]]*\s+\S")


@lru_cache(maxsize=16_384)
def sentence_starts(text: str, language: str) -> tuple[int, ...]:
    """Where each sentence after the first starts in text (sentencex falls back to English rules
    for a language it has none for)."""
    if not _POSSIBLE_BOUNDARY.search(text):
        return ()
    starts, position = [], 0
    sentences: list[str] = list(sentencex.segment(language.split("-")[0].lower(), text))
    for sentence in sentences:
        words = sentence.strip()
        found = text.find(words, position) if words else -1
        if found < 0:
            continue
        if found > 0:
            starts.append(found)
        position = found + len(words)
    return tuple(starts)


def segmented(content: Content, language: str) -> tuple[Content, ...]:
    """content cut into sentences (their concatenation is content); one segment when it is one."""
    plain = "".join(piece if isinstance(piece, str) else (piece.shown or " ") if isinstance(piece, Placeholder)
                    else "" for piece in content)
    starts = set(sentence_starts(plain, language))
    if not starts:
        return (content,) if content else ()
    segments: list[Content] = []
    current: list[str | Open | Close | Placeholder] = []
    offset = depth = 0
    for piece in content:
        if isinstance(piece, str):
            cut = offset
            for start in sorted(s for s in starts if offset < s < offset + len(piece)):
                if depth == 0:
                    current.append(piece[cut - offset:start - offset])
                    segments.append(joined(current))
                    current, cut = [], start
            current.append(piece[cut - offset:])
            offset += len(piece)
            continue
        if offset in starts and depth == 0 and current and not isinstance(piece, Close):
            segments.append(joined(current))
            current = []
        current.append(piece)
        depth += 1 if isinstance(piece, Open) else -1 if isinstance(piece, Close) else 0
        offset += len(piece.shown or " ") if isinstance(piece, Placeholder) else 0
    segments.append(joined(current))
    return tuple(segment for segment in segments if segment)
