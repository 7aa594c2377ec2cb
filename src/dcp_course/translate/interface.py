"""The interface words (buttons, labels, feedback) as translation units, for any language.

They travel in the same XLIFF file as the course, in a <file original="interface"> of their own,
one unit per catalogue key (`js/<key>` for the learner-side words) with the English catalogue as
source. `{placeholders}` are locked tags, so they cannot be translated away. A language with a
shipped catalogue (templates/messages/<lang>.json) starts from it: the export offers its words
as the current translation and a build uses them wherever the store has none, so an academy
only changes the words it wants different. A language without one (Greek, Bulgarian…) builds
once every interface unit is translated.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from functools import lru_cache

from ..source.errors import BuildError
from ..source.messages import CATALOGUES_DIR, REFERENCE_LANGUAGE, Messages, read_catalogues
from .content import Code, Content, Placeholder, joined, text_of
from .units import Unit
from .xliff import TRANSLATED, Entry

INTERFACE_FILE = "interface"
_PLACEHOLDER = re.compile(r"\{[A-Za-z_][A-Za-z0-9_]*\}")
# A short English label is a button, link or heading: it gets a length limit of twice its length.
LABEL_LENGTH = 30
MIN_LABEL_WIDTH = 20


@lru_cache(maxsize=1)
def _catalogues() -> dict[str, dict[str, object]]:
    return read_catalogues(CATALOGUES_DIR)


def flat_catalogue(catalogue: Mapping[str, object]) -> dict[str, str]:
    """key -> text, the learner-side section's keys as js/<key>."""
    flat = {key: str(value) for key, value in catalogue.items() if key != "js"}
    js = catalogue.get("js", {})
    if isinstance(js, dict):
        flat |= {f"js/{key}": str(value) for key, value in js.items()}
    return flat


def message_content(text: str) -> tuple[Content, dict[str, Code]]:
    """A message as text with its {placeholders} as <ph> tags."""
    pieces: list[str | Placeholder] = []
    codes: dict[str, Code] = {}
    position = 0
    for match in _PLACEHOLDER.finditer(text):
        tag_id = str(len(codes) + 1)
        pieces += [text[position:match.start()], Placeholder(tag_id, "x-placeholder", match.group(0))]
        codes[tag_id] = Code(match.group(0))
        position = match.end()
    pieces.append(text[position:])
    return joined(pieces), codes


def message_text(content: Content, codes: Mapping[str, Code]) -> str:
    """A translated message back as catalogue text."""
    return "".join(piece if isinstance(piece, str) else codes[piece.id].open if isinstance(piece, Placeholder)
                   else "" for piece in content)


def interface_units() -> list[Unit]:
    """One unit per key of the English catalogue."""
    units = []
    for key, text in flat_catalogue(_catalogues()[REFERENCE_LANGUAGE]).items():
        content, codes = message_content(text)
        where = {"file": "interface", "field": key}
        if key == "language_name":
            where["part"] = "the name of the language you translate into, in that language"
        units.append(Unit(INTERFACE_FILE, key, text, content, where, False, codes, field_key=key))
    return units


def label_width(unit: Unit) -> int | None:
    """The length limit of a short interface label: twice the English, at least MIN_LABEL_WIDTH."""
    if unit.file != INTERFACE_FILE or len(unit.source) > LABEL_LENGTH:
        return None
    return max(MIN_LABEL_WIDTH, 2 * len(unit.source))


def shipped_entries(language: str, units: Sequence[Unit]) -> dict[str, Entry]:
    """The shipped catalogue's words for language as translations of the interface units (none for
    a language without a catalogue)."""
    catalogue = _catalogues().get(language.split("-")[0].lower())
    if catalogue is None or language.split("-")[0].lower() == REFERENCE_LANGUAGE:
        return {}
    words = flat_catalogue(catalogue)
    entries = {}
    for unit in units:
        if unit.file == INTERFACE_FILE and unit.key in words:
            content, _ = message_content(words[unit.key])
            entries[unit.id] = Entry(unit.file, unit.key, unit.content, content, TRANSLATED, unit.hash)
    return entries


def interface_messages(language: str, units: Sequence[Unit], entries: Mapping[str, Entry]) -> Messages:
    """The interface catalogue a build in language uses: translated units, else the shipped words."""
    words: dict[str, str] = {}
    missing = []
    for unit in units:
        if unit.file != INTERFACE_FILE:
            continue
        entry = entries.get(unit.id)
        if entry is None or entry.target is None or not text_of(entry.target).strip() or any(
                isinstance(piece, Placeholder) and piece.id not in unit.codes for piece in entry.target):
            missing.append(unit.key)
            continue
        words[unit.key] = message_text(entry.target, unit.codes)
    if missing:
        raise BuildError(
            f"{language}: {len(missing)} of the interface's {len(missing) + len(words)} words have no translation "
            f"(first: {missing[0]}): translate the <file original=\"{INTERFACE_FILE}\"> of "
            f"`dcp-course translate export --lang {language}` and import it")
    entries_words = {key: text for key, text in words.items() if not key.startswith("js/")}
    js = {key.removeprefix("js/"): text for key, text in words.items() if key.startswith("js/")}
    return Messages(language.split("-")[0].lower(), entries_words, js)

