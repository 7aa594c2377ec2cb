"""Numbers and addresses a translation must carry over unchanged.

A number is compared by its value as written in either language's style: "1,500", "1.500",
"1 500" (thousands) are all 1500, and "0.95" equals "0,95"; "09:00" equals "9 h", "9 Uhr" and
"9.00 uur", and "6 pm" equals "18 h". Dates are compared through their
numbers (the day and year stay; the month is a word and may be translated), article numbers
like "Article 18(1)" or "2017/541" through theirs. URLs and e-mail addresses must come back
character for character.
"""

from __future__ import annotations

import re

from .problem import QaProblem

# digits, with groups joined by a separator: , . or a (narrow) no-break or plain space
_NUMBER = re.compile(r"(?<!\w)\d+(?:[.,\u00a0\u202f ]\d+)*(?:st|nd|rd|th|s|er|re|e|ère|ème|ste|de|te)?(?!\w)")
_SEPARATORS = ".,\u00a0\u202f "
# A time of day in each language's style, read as hours and minutes before any other number:
# "09:00", "9:00 Uhr", "9 Uhr", "9 h", "9 h 30", "9h30", "16.00 uur", "6 pm", "6:30 p.m.".
_TIME = re.compile(
    r"(?<![\w.,:])(?:(\d{1,2})(?::(\d{2}))?\s?([ap])\.?m\.?(?!\w)"
    r"|(\d{1,2}):(\d{2})(?:\s?(?:Uhr|uur|h)\b)?"
    r"|(\d{1,2})(?:\.(\d{2}))?\s?(?:Uhr|uur)\b"
    r"|(\d{1,2})\s?h(?:\s?(\d{2}))?(?![\w]))", re.IGNORECASE)
_URL = re.compile(r"\b(?:https?://|www\.)[^\s<>\"'»“”]+[^\s<>\"'»“”.,;:!?)\]]")
_EMAIL = re.compile(r"\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b")
SHOWN = 3


def number_values(text: str) -> set[str]:
    """Each number's value as digits (and a decimal point where it has a fraction); a time of day
    as its hour on the 24-hour clock (with :minutes unless a full hour)."""
    values = set()
    for match in _TIME.finditer(text):
        values.add(_time_value(match))
    text = _TIME.sub(" ", text)
    for match in _NUMBER.finditer(text):
        values.update(_values_of(match.group()))
    return values


def _time_value(match: re.Match[str]) -> str:
    """"H" for a full hour (so "at 9:00" matches "9 h" and "24 uur" matches "24 hours"), else "H:MM";
    12-hour times on the 24-hour clock."""
    groups = match.groups()
    hours, minutes, half = (groups[0], groups[1], groups[2]) if groups[0] else next(
        (h, m, None) for h, m in zip(groups[3::2], groups[4::2], strict=True) if h)
    hour = int(hours) % 12 + (12 if half and half.lower() == "p" else 0) if half else int(hours)
    return str(hour) if minutes in (None, "00") else f"{hour}:{minutes}"


def _values_of(written: str) -> list[str]:
    digits = re.sub(r"[^\d.,\u00a0\u202f ]", "", written)  # an ordinal's letters go ("1er", "3rd")
    groups = re.split(f"[{_SEPARATORS}]", digits)
    separators = {char for char in digits if char in _SEPARATORS}
    if len(groups) == 1:
        return [_unpadded(groups[0])]
    if len(separators) == 1 and len(groups[0]) <= 3 and all(len(group) == 3 for group in groups[1:]):
        return [_unpadded("".join(groups))]  # thousands, in any language's grouping
    if len(groups) == 2 and separators <= {".", ","}:
        return [f"{_unpadded(groups[0])}.{groups[1]}"]  # a decimal fraction, point or comma
    return [_unpadded(group) for group in groups]  # numbers side by side ("2017, 2018")


def _unpadded(digits: str) -> str:
    return digits.lstrip("0") or "0"


def number_problems(source: str, target: str) -> list[QaProblem]:
    expected, found = number_values(source), number_values(target)
    missing = sorted(expected - found, key=_numeric)
    added = sorted(found - expected, key=_numeric)
    problems = []
    if missing:
        problems.append(QaProblem(
            "translation-number", f"{_noun(missing, 'number')} of the source not in the translation: {_listed(missing)}",
            "carry every number, date, year and article number over (a date may take the language's "
            "form: the day and year stay digits)"))
    if added:
        problems.append(QaProblem(
            "translation-number", f"{_noun(added, 'number')} in the translation but not in the source: {_listed(added)}",
            "write only the numbers the source has; spell out nothing the source gives in digits"))
    return problems


def address_problems(source: str, target: str) -> list[QaProblem]:
    missing = [address for address in dict.fromkeys(_URL.findall(source) + _EMAIL.findall(source))
               if address not in target]
    if not missing:
        return []
    return [QaProblem("translation-address", f"{_noun(missing, 'address', 'addresses')} of the source not in the "
                      f"translation as written: {_listed(missing, quote=True)}", "copy web and e-mail addresses character for character")]


def _noun(values: list[str], one: str, many: str = "") -> str:
    return one if len(values) == 1 else many or f"{one}s"


def _numeric(value: str) -> tuple[float, str]:
    hours, _, minutes = value.partition(":")
    return (float(hours) + float(minutes or 0) / 100, value)


def _listed(values: list[str], quote: bool = False) -> str:
    shown = [repr(value) if quote else value for value in values[:SHOWN]]
    more = f" and {len(values) - SHOWN} more" if len(values) > SHOWN else ""
    return ", ".join(shown) + more
