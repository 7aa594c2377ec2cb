"""Numbers as every report shows them: fixed decimals, a dash for none, so output is byte-stable."""

from __future__ import annotations

NONE = "-"


def decimal(value: float | None, places: int = 2) -> str:
    return NONE if value is None else f"{value:.{places}f}"


def signed(value: float | None) -> str:
    return NONE if value is None else f"{value:+.2f}"


def percent(value: float | None) -> str:
    """A share (0-1) as a whole percentage."""
    return NONE if value is None else f"{value * 100:.0f} %"


def seconds(value: float | None) -> str:
    if value is None:
        return NONE
    return f"{value:.0f} s" if value < 120 else f"{value / 60:.1f} min"


def band(index: int, bins: int = 10) -> str:
    """The score band of a histogram bin: 0-9, 10-19, ..., 90-100."""
    width = 100 // bins
    return f"{index * width}-{100 if index == bins - 1 else (index + 1) * width - 1}"
