"""Which questions need the author's attention, each flagged at its line in today's sources.

Thresholds are the usual ones of classical item analysis and are options (model.Thresholds):
facility above 0.95 or below 0.25, an item-rest correlation below 0.2, a negative one (the
learners who do best on the rest of the quiz get this one wrong more often: often a wrong key),
a wrong choice picked by under 5 % of learners, and fewer than 20 responses, below which nothing
else is judged.
"""

from __future__ import annotations

from .course_index import Place
from .formatting import percent
from .model import Flag, ItemReport, Thresholds

RULES = {
    "too-few-responses": "fewer responses than --min-responses; nothing else is judged",
    "too-easy": "facility above --too-easy: nearly everyone gets it right",
    "too-hard": "facility below --too-hard: few get it right",
    "possibly-mis-keyed": "negative item-rest correlation: learners doing well on the rest get it wrong more often",
    "low-discrimination": "item-rest correlation below --min-discrimination: it barely tells learners apart",
    "rare-distractor": "a wrong choice picked by fewer than --rare-distractor of the learners",
    "key-changed": "results recorded by the LMS that today's answer key scores otherwise",
    "responses-not-read": "recorded responses that do not fit today's question",
}


def subject(item: ItemReport) -> str:
    return f"{item.question.id} ({item.quiz.title})"


def item_flags(item: ItemReport, limits: Thresholds) -> tuple[Flag, ...]:
    flags = _data_flags(item)
    if item.responses < limits.min_responses:
        flags.append(_flag(item, "too-few-responses",
                           f"{item.responses} response(s), fewer than {limits.min_responses}: too few to judge"))
        return tuple(flags)
    if item.facility is not None and item.facility > limits.too_easy:
        flags.append(_flag(item, "too-easy", f"facility {item.facility:.2f} is above {limits.too_easy:.2f}: "
                                             "nearly everyone gets it right"))
    if item.facility is not None and item.facility < limits.too_hard:
        flags.append(_flag(item, "too-hard", f"facility {item.facility:.2f} is below {limits.too_hard:.2f}: "
                                             "few get it right"))
    flags += _discrimination_flags(item, limits)
    if item.question.kind in ("single", "multiple"):
        flags += _distractor_flags(item, limits)
    return tuple(flags)


def _flag(item: ItemReport, rule: str, message: str, place: Place | None = None) -> Flag:
    return Flag(place or item.question.place, rule, subject(item), message)


def _data_flags(item: ItemReport) -> list[Flag]:
    flags = []
    if item.disagreements:
        flags.append(_flag(item, "key-changed", f"{item.disagreements} of {item.responses} result(s) the LMS "
                           "recorded are scored otherwise by today's answer key: the key or the question "
                           "changed since these results (the statistics use today's key)"))
    if item.not_understood:
        flags.append(_flag(item, "responses-not-read", f"{item.not_understood} response(s) do not fit today's "
                           "question (changed since these results?); the LMS's own result was used where it recorded one"))
    return flags


def _discrimination_flags(item: ItemReport, limits: Thresholds) -> list[Flag]:
    r = item.discrimination
    if r is None:
        return []
    groups = f", upper-lower D {item.upper_lower:+.2f}" if item.upper_lower is not None else ""
    if r < 0:
        return [_flag(item, "possibly-mis-keyed", f"negative discrimination (item-rest r {r:+.2f}{groups}): "
                      "learners who do well on the rest of the quiz get it wrong more often; check the answer key")]
    if r < limits.min_discrimination:
        return [_flag(item, "low-discrimination", f"discrimination {r:.2f} (item-rest r{groups}) is below "
                      f"{limits.min_discrimination:.2f}: it barely tells stronger from weaker learners")]
    return []


def _distractor_flags(item: ItemReport, limits: Thresholds) -> list[Flag]:
    flags = []
    places = item.question.choice_places
    for position, option in enumerate(item.options):
        if option.correct or option.share >= limits.rare_distractor:
            continue
        place = places[position] if position < len(places) else None
        flags.append(_flag(item, "rare-distractor",
                           f"wrong choice {option.id} \"{option.label}\" picked by {option.chosen} of "
                           f"{item.read} ({percent(option.share)}), under {percent(limits.rare_distractor)}: it distracts "
                           "almost nobody", place))
    return flags
