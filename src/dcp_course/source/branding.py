"""Academy branding that stays accessible: the build refuses colour pairs below WCAG AA."""

from __future__ import annotations

from dataclasses import dataclass

from .model import Organisation

WHITE = "#ffffff"
TEXT_AA = 4.5


@dataclass(frozen=True)
class ColourPair:
    field: str  # the organisation field that sets the foreground or background
    foreground: str
    background: str
    used_for: str
    minimum: float = TEXT_AA


def relative_luminance(colour: str) -> float:
    channels = [int(colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast_ratio(first: str, second: str) -> float:
    lighter, darker = sorted((relative_luminance(first), relative_luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def colour_pairs(organisation: Organisation) -> list[ColourPair]:
    """Every place the templates put a brand colour next to another colour."""
    return [
        ColourPair("colour", WHITE, organisation.colour, "header text and primary buttons on the brand colour"),
        ColourPair("colour", organisation.colour, WHITE, "links, headings and buttons in the brand colour"),
        ColourPair("accent", organisation.accent, WHITE, "link hover and warning markers in the accent colour"),
    ]


def contrast_failures(organisation: Organisation) -> list[tuple[ColourPair, float]]:
    failures = []
    for pair in colour_pairs(organisation):
        ratio = contrast_ratio(pair.foreground, pair.background)
        if ratio < pair.minimum:
            failures.append((pair, ratio))
    return failures
