"""Ids made from text (glossary terms): letters of any script kept, never two alike on a page.

An id keeps the letters, marks and digits of every script (Greek, Cyrillic, the accented letters
of the pseudo-locale) in lower case, with a hyphen for each run of anything else: "ÜB
Counter-narrative" gives `term-üb-counter-narrative`, "Κοινοτική αστυνόμευση" gives
`term-κοινοτική-αστυνόμευση`. Two texts that give the same id get `-2`, `-3`… in order, so links
made from the same mapping always find their own target.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

_HYPHENS = re.compile(r"-{2,}")


def anchor_slug(text: str) -> str:
    """text as id characters: letters, marks and digits of any script, hyphens between words."""
    characters = (c if unicodedata.category(c)[0] in "LMN" else "-"
                  for c in unicodedata.normalize("NFKC", text).casefold())
    return _HYPHENS.sub("-", "".join(characters)).strip("-")


def unique_anchors(prefix: str, texts: Iterable[str], fallback: str = "entry") -> list[str]:
    """One id per text, in order: prefix-slug, with a number added where an earlier one has it."""
    taken: set[str] = set()
    anchors = []
    for text in texts:
        base = f"{prefix}-{anchor_slug(text) or fallback}"
        anchor, number = base, 2
        while anchor in taken:
            anchor, number = f"{base}-{number}", number + 1
        taken.add(anchor)
        anchors.append(anchor)
    return anchors
