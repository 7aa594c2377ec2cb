"""The interface's words in the course language, from one JSON catalogue per language.

Templates call `t("key", name=value)`; the learner-side JavaScript gets the catalogue's `js`
section. A course whose language has no catalogue, or a catalogue missing a key that the
English one has, fails the build: an interface is never half translated.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from .errors import BuildError

REFERENCE_LANGUAGE = "en"
# The built-in pseudo-locale: every word of the English catalogue accented, vowels doubled and
# the whole wrapped in markers, so untranslated text, truncation and cramped layouts stand out.
PSEUDO_LANGUAGE = "qps"
# Its pages' lang attribute: "qps" is no registered language, which accessibility checkers (rightly)
# reject; Chrome and Android call the same accented-English pseudo-locale en-XA (XA: a private-use region).
PSEUDO_LANGUAGE_TAG = "en-XA"
PSEUDO_OPEN, PSEUDO_CLOSE = "\u27e6", "\u27e7"  # ⟦ ⟧
_PSEUDO_LETTERS = str.maketrans(
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ",
    "åƀçđéƒĝĥîĵķĺɱñöþǫŕšţûṽŵẋýžÅƁÇĐÉƑĜĤÎĴĶĹṀÑÖÞǪŔŠŢÛṼŴẊÝŽ",
)
_DOUBLED_VOWELS = re.compile("([åéîöûýÅÉÎÖÛÝ])")
# What must survive pseudo-localisation unchanged: {placeholders}, `code`, link targets,
# autolinks and HTML entities.
PSEUDO_PROTECTED = re.compile(r"\{[A-Za-z_][A-Za-z0-9_]*\}|`[^`]*`|\]\([^)]*\)|<[A-Za-z][A-Za-z0-9+.-]*:[^>]*>|&#?\w+;")
CATALOGUES_DIR = Path(__file__).resolve().parents[3] / "templates" / "messages"
# work_language_<primary subtag>: a language's name as a cited work's language ("in Finnish")
WORK_LANGUAGE_PREFIX = "work_language_"


@dataclass(frozen=True)
class Messages:
    language: str
    entries: dict[str, str]
    js: dict[str, str] = field(default_factory=dict)

    def __call__(self, key: str, **params: object) -> str:
        try:
            text = self.entries[key]
        except KeyError:
            raise BuildError(f"no interface message {key!r} in the {self.language!r} catalogue") from None
        return text.format_map(params) if params else text


def read_catalogues(folder: Path) -> dict[str, dict[str, object]]:
    """Every catalogue in folder, by language code (the file name)."""
    return {path.stem: json.loads(path.read_text(encoding="utf-8")) for path in sorted(folder.glob("*.json"))}


def _missing(reference: dict[str, object], catalogue: dict[str, object]) -> list[str]:
    missing = [key for key in reference if key not in catalogue]
    reference_js, catalogue_js = reference.get("js", {}), catalogue.get("js", {})
    if isinstance(reference_js, dict) and isinstance(catalogue_js, dict):
        missing += [f"js.{key}" for key in reference_js if key not in catalogue_js]
    return missing


def messages_for(language: str, catalogues: dict[str, dict[str, object]]) -> Messages:
    primary = language.split("-")[0].lower()
    if primary not in catalogues:
        shipped = ", ".join(sorted(catalogues))
        raise BuildError(f"no interface catalogue for language {language!r}; shipped: {shipped} "
                         f"(add templates/messages/{primary}.json)")
    catalogue = catalogues[primary]
    missing = _missing(catalogues.get(REFERENCE_LANGUAGE, catalogue), catalogue)
    if missing:
        raise BuildError(f"the {primary!r} interface catalogue lacks: {', '.join(missing)}")
    entries = {key: str(value) for key, value in catalogue.items() if key != "js"}
    js = catalogue.get("js", {})
    return Messages(primary, entries, {str(k): str(v) for k, v in js.items()} if isinstance(js, dict) else {})


def pseudo_words(text: str) -> str:
    """text with every letter outside protected parts accented and every vowel doubled (~30 % longer)."""
    pieces, position = [], 0
    for match in PSEUDO_PROTECTED.finditer(text):
        pieces.append(_pseudo_plain(text[position:match.start()]))
        pieces.append(match.group(0))
        position = match.end()
    pieces.append(_pseudo_plain(text[position:]))
    return "".join(pieces)


def _pseudo_plain(text: str) -> str:
    return _DOUBLED_VOWELS.sub(r"\1\1", text.translate(_PSEUDO_LETTERS))


def pseudo_text(text: str) -> str:
    """One interface message or plain-text string in the pseudo-locale, wrapped in markers."""
    return f"{PSEUDO_OPEN}{pseudo_words(text)}{PSEUDO_CLOSE}" if text.strip() else text


def pseudo_catalogue(reference: dict[str, object]) -> dict[str, object]:
    """The qps catalogue: the English one transformed entry by entry (`language_name` included)."""
    derived: dict[str, object] = {key: pseudo_text(str(value)) for key, value in reference.items() if key != "js"}
    js = reference.get("js", {})
    if isinstance(js, dict):
        derived["js"] = {key: pseudo_text(str(value)) for key, value in js.items()}
    return derived


@lru_cache(maxsize=8)
def shipped_messages(language: str) -> Messages:
    """The catalogue shipped in templates/messages/ for a language (read once per process)."""
    catalogues = read_catalogues(CATALOGUES_DIR)
    if language in (PSEUDO_LANGUAGE, PSEUDO_LANGUAGE_TAG):
        catalogues[PSEUDO_LANGUAGE] = pseudo_catalogue(catalogues[REFERENCE_LANGUAGE])
        return messages_for(PSEUDO_LANGUAGE, catalogues)
    return messages_for(language, catalogues)
