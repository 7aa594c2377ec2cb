"""Language tags by BCP 47: which of the course's languages a tag from outside means.

CAT tools and converters write regional tags (`de-DE`, `en-US`, `de_de`), while a course usually
lists plain languages (`de`). A tag matches a course language when it says at least as much:
`de-DE`, `de-de` and `de` all match `de`. When the course lists regional variants (`de-AT` and
`de-CH`), `de-DE` matches neither and plain `de` is ambiguous: both are refused, naming the tag
and what the course lists. Tags are read and compared by langcodes, never by string prefixes.
"""

from __future__ import annotations

from collections.abc import Sequence

import langcodes

from ..source.errors import BuildError

_SUBTAGS = ("language", "script", "territory", "variants")


class LanguageTagError(BuildError):
    """A tag that names none of the course's languages, or more than one."""


def _parsed(tag: str) -> langcodes.Language | None:
    try:
        return langcodes.Language.get(tag.strip(), normalize=True) if langcodes.tag_is_valid(tag.strip()) else None
    except (ValueError, LookupError):
        return None


def refines(tag: langcodes.Language, listed: langcodes.Language) -> bool:
    """Whether tag says everything listed says (and perhaps more): `de-DE` refines `de`."""
    return all(getattr(listed, part) in (None, getattr(tag, part)) for part in _SUBTAGS)


def _specificity(tag: langcodes.Language) -> int:
    return sum(getattr(tag, part) is not None for part in _SUBTAGS)


def matching_language(tag: str, listed: Sequence[str]) -> str | None:
    """The listed language a tag means, or None; LanguageTagError when it is invalid or ambiguous."""
    parsed = _parsed(tag)
    if parsed is None:
        raise LanguageTagError(f"{tag!r} is not a valid BCP 47 language tag")
    languages = [(code, lang) for code in listed if (lang := _parsed(code)) is not None]
    exact = [code for code, lang in languages if lang == parsed]
    if exact:
        return exact[0]
    refined = [(code, lang) for code, lang in languages if refines(parsed, lang)]
    if refined:  # the most specific listed language the tag refines: de-CH-1996 -> de-CH before de
        return max(refined, key=lambda pair: _specificity(pair[1]))[0]
    broader = [code for code, lang in languages if refines(lang, parsed)]
    if len(broader) > 1:
        raise LanguageTagError(f"{tag!r} could mean any of {', '.join(broader)}; name one of them exactly")
    return broader[0] if broader else None


def same_language(tag: str, listed: str) -> bool:
    """Whether two tags can name the same language: one refines the other (`en-US` and `en`)."""
    parsed, other = _parsed(tag), _parsed(listed)
    return parsed is not None and other is not None and (refines(parsed, other) or refines(other, parsed))


def standard_form(tag: str) -> str | None:
    """The tag as BCP 47 writes it (`de-DE` for `de-de`), or None when it is not a valid tag."""
    return langcodes.standardize_tag(tag) if _parsed(tag) is not None else None
