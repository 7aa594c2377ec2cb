"""The same source text translated in two ways: a translator's tool shows it as an inconsistency
(one term, one phrasing), and the learner meets two words for one thing."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from ..translate.content import Content, text_of
from .problem import QaProblem, normal_text


@dataclass(frozen=True)
class Translated:
    unit_id: str
    source: Content
    target: Content


def inconsistent(translations: Iterable[Translated]) -> dict[str, QaProblem]:
    """unit id -> the problem, for each unit whose source an earlier unit (in course order) has
    translated otherwise. Comparison ignores case and runs of white space, not punctuation."""
    first: dict[str, Translated] = {}
    problems: dict[str, QaProblem] = {}
    for item in translations:
        key = normal_text(text_of(item.source))
        if not key:
            continue
        earlier = first.setdefault(key, item)
        if earlier is item or normal_text(text_of(earlier.target)) == normal_text(text_of(item.target)):
            continue
        problems[item.unit_id] = QaProblem(
            "translation-inconsistent",
            f"the same source as {earlier.unit_id} is translated otherwise: "
            f"{_short(text_of(earlier.target))!r} there, {_short(text_of(item.target))!r} here",
            "translate the same text the same way, or reword one source if the two places need different words")
    return problems


def _short(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit - 1] + "…"
