"""Where a termbase term occurs: in English source text, and in a translation in any of its forms.

English spellings match as whole words in any case, with an English plural ending allowed; one
written all in capitals (an acronym such as RAN) matches only in capitals, so "ran" is not RAN.
Where two terms overlap ("community policing" inside "digital community policing") the longer
one is the term of that place.

An approved translation matches as whole words in any case, each word also with the inflectional
endings of its language (a German adjective's -en, a plural's -s), and, in languages that write
compounds as one word, inside a compound ("Radikalisierungsprozess"). Irregular forms go in the
entry's `forms`. This leans towards accepting: a missed inflection is a false alarm a translator
learns to ignore, which costs more than a rare form let through.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from ..source.terminology import TermEntry, Terminology, TermTranslation

# Endings a word of an approved term may take, longest first (the stem is the word less one of them)
ENDINGS: dict[str, tuple[str, ...]] = {
    "de": ("innen", "nnen", "nen", "ern", "ens", "en", "er", "es", "em", "ns", "e", "n", "s"),
    "fr": ("es", "e", "s", "x"),
    "nl": ("'s", "en", "e", "n", "s"),
}
COMPOUNDING = frozenset({"de", "nl"})  # languages that join nouns into one word
ENGLISH_PLURAL = "(?:s|es)?"
MIN_STEM = 4  # letters a stem keeps: shorter words match only as written (or with an ending)
_WORD = re.compile(r"\w+")
_SPACES = re.compile(r"(\s+)")  # split keeping the runs of white space
_APOSTROPHE = re.compile("['\u2019]")  # a typed apostrophe and a typographic one are the same letter
# Text kept in its own language on purpose: italic titles and quoted titles or phrases
_KEPT = re.compile(r"(?<![\w*])\*(?!\s)[^*\n]+?\*(?![\w*])|(?<!\w)_(?!\s)[^_\n]+?_(?!\w)"
                   r"|“[^”\n]*”|\"[^\"\n]*\"|«[^»\n]*»|„[^“”\n]*[“”]")


def primary(language: str) -> str:
    return language.split("-", 1)[0].lower()


def translation_of(entry: TermEntry, language: str) -> TermTranslation | None:
    """The entry's approved term for a language tag: its own (de-AT) or its language's (de)."""
    return entry.languages.get(language) or entry.languages.get(primary(language))


def kept_removed(markdown: str) -> str:
    """The text with italic and quoted spans blanked out (same length, so places stay)."""
    return _KEPT.sub(lambda match: " " * len(match.group()), markdown)


def _phrase(text: str) -> str:
    """A phrase's regex: its characters as written, white space of any run where it has some."""
    return "".join(r"\s+" if part.isspace() else _APOSTROPHE.sub("['\u2019]", re.escape(part))
                   for part in _SPACES.split(text) if part)


def _acronym(spelling: str) -> bool:
    letters = [c for c in spelling if c.isalpha()]
    return len(letters) >= 2 and all(c.isupper() for c in letters)


@lru_cache(maxsize=4096)
def english_pattern(spelling: str) -> re.Pattern[str]:
    flags = 0 if _acronym(spelling) else re.IGNORECASE
    tail = ENGLISH_PLURAL if spelling[-1:].isalpha() else ""
    return re.compile(rf"(?<!\w){_phrase(spelling)}{tail}(?!\w)", flags)


@dataclass(frozen=True)
class Occurrence:
    entry: TermEntry
    start: int
    end: int
    text: str  # as the English has it


def english_occurrences(terminology: Terminology, text: str) -> list[Occurrence]:
    """Each termbase term in an English text, a term inside a longer one's place left out."""
    lowered = text.casefold()
    found = []
    for entry in terminology.terms:
        for spelling in entry.english:
            if spelling.split(maxsplit=1)[0].casefold() not in lowered:
                continue  # most texts hold few terms: skip the regex where its first word is absent
            found += [Occurrence(entry, m.start(), m.end(), m.group())
                      for m in english_pattern(spelling).finditer(text)]
    return [one for one in found if not any(
        other.entry is not one.entry and other.start <= one.start and one.end <= other.end
        and other.end - other.start > one.end - one.start for other in found)]


def _word_pattern(word: str, endings: tuple[str, ...]) -> str:
    for ending in endings:
        if word.lower().endswith(ending) and len(word) - len(ending) >= MIN_STEM:
            word = word[: -len(ending)]
            break
    alternatives = "|".join(re.escape(ending) for ending in endings)
    return re.escape(word) + (f"(?:{alternatives})?" if alternatives else "")


@lru_cache(maxsize=4096)
def form_pattern(form: str, language: str) -> re.Pattern[str]:
    """A form of an approved (or forbidden) term with its words' inflections, in any case."""
    language = primary(language)
    endings = ENDINGS.get(language, ())
    parts, position = [], 0
    text = form.strip()
    for match in _WORD.finditer(text):
        between = text[position:match.start()]
        parts.append(_phrase(between))
        parts.append(_word_pattern(match.group(), endings) if match.group().isalpha() else re.escape(match.group()))
        position = match.end()
    parts.append(_phrase(text[position:]))
    body = "".join(parts)
    if language in COMPOUNDING:
        return re.compile(rf"{body}", re.IGNORECASE)
    return re.compile(rf"(?<!\w){body}(?!\w)", re.IGNORECASE)


def approved_forms(translation: TermTranslation) -> list[str]:
    return [translation.term, *translation.forms]


def approved_spans(translation: TermTranslation, language: str, text: str) -> list[tuple[int, int]]:
    return [m.span() for form in approved_forms(translation) for m in form_pattern(form, language).finditer(text)]


def has_approved(translation: TermTranslation, language: str, text: str) -> bool:
    return any(form_pattern(form, language).search(text) for form in approved_forms(translation))


@lru_cache(maxsize=4096)
def forbidden_pattern(variant: str) -> re.Pattern[str]:
    """A forbidden variant as whole words in any case (its plural too): no stem of it is guessed."""
    return re.compile(rf"(?<!\w){_phrase(variant)}(?:s|es|en|n|e)?(?!\w)", re.IGNORECASE)
