"""xAPI statements as an LRS returns them: `answered` statements about cmi.interaction activities.

An LRS answers `GET /statements` with `{"statements": [...], "more": "<next page>"}`; a trainer
saves the pages as several files, or one plain array. The course's cmi5 AUs (templates/js/cmi5.js)
send one answered statement per graded answer: object.id is the AU's activity id with `#` and the
question id (the final assessment's prefixed `final-`), result.response is the SCORM 2004 pattern
(a branching path in xAPI's `step[.]option[,]...` form), result.success and result.score.scaled
the outcome, result.duration the time taken, context.registration and contextActivities.parent
the AU session, and contextActivities.grouping the AU's publisher id from cmi5.xml, which names
the course. The actor is turned into a number at once (answers.LearnerIds).
"""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime
from functools import lru_cache
from typing import Any
from urllib.parse import unquote

from .answers import LearnerIds, RecordedAnswer, ResultsFile
from .files import ResultsFileError

ANSWERED = "http://adlnet.gov/expapi/verbs/answered"
VOIDED = "http://adlnet.gov/expapi/verbs/voided"
INTERACTION = "http://adlnet.gov/expapi/activities/cmi.interaction"
IDENTIFIERS = ("mbox", "mbox_sha1sum", "openid", "account")  # xAPI's inverse functional identifiers
_DURATION = re.compile(r"P(?:(\d+(?:\.\d+)?)D)?(?:T(?:(\d+(?:\.\d+)?)H)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)S)?)?")
FILE_POSITIONS = 10_000_000  # statements per file that keep their order within a timestamp
# what an LRS usually returns: UTC with "Z"; such a stamp only needs its fraction padded to sort
_UTC_STAMP = re.compile(r"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(?:\.(\d{1,6}))?Z")


def parse_statements(text: str, name: str) -> list[Any]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ResultsFileError(f"{name}:{exc.lineno}:{exc.colno}: not valid JSON: {exc.msg}") from None
    except RecursionError:
        raise ResultsFileError(f"{name}: JSON nested too deeply; expected xAPI statements") from None
    statements = data.get("statements") if isinstance(data, dict) else None
    if isinstance(statements, list):
        return statements
    if isinstance(data, list):
        return data
    raise ResultsFileError(f"{name}: not xAPI statements; expected an LRS's answer "
                           "{\"statements\": [...], \"more\": ...} or a list of statements")


def duration_seconds(text: object) -> float | None:
    """An ISO 8601 duration as xAPI writes it (PT1M5.2S), in seconds; None when not one."""
    return _duration(text) if isinstance(text, str) else None


@lru_cache(maxsize=65536)  # durations repeat a great deal across 200,000 answers
def _duration(text: str) -> float | None:
    found = _DURATION.fullmatch(text) if text != "P" else None
    if found is None:
        return None
    days, hours, minutes, seconds = (float(part) if part else 0.0 for part in found.groups())
    return ((days * 24 + hours) * 60 + minutes) * 60 + seconds


def sortable_time(text: object) -> str:
    """A timestamp as UTC text that sorts in time order; "" when it is not a timestamp."""
    if not isinstance(text, str):
        return ""
    plain = _UTC_STAMP.fullmatch(text)
    if plain is not None:
        return f"{plain.group(1)}.{(plain.group(2) or '').ljust(6, '0')}Z"
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        return ""
    if moment.tzinfo is None:  # xAPI requires a zone; read one without it as UTC rather than drop it
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def question_id(object_id: str) -> str:
    """The question id at the end of an answered statement's object id (`<AU id>#<question id>`)."""
    tail = object_id.rsplit("#", 1)[-1].rsplit("/", 1)[-1]
    return unquote(tail) if "%" in tail else tail


def learner_identity(actor: object) -> tuple[str, ...] | None:
    if not isinstance(actor, dict):
        return None
    for key in IDENTIFIERS:
        value = actor.get(key)
        if isinstance(value, str) and value:
            return (key, value)
        if key == "account" and isinstance(value, dict):
            home, name = value.get("homePage"), value.get("name")
            if isinstance(home, str) and isinstance(name, str) and name:
                return (key, home, name)
    return None


def _activity_ids(value: object) -> list[str]:
    listed = value if isinstance(value, list) else [value]
    return [item["id"] for item in listed if isinstance(item, dict) and isinstance(item.get("id"), str)]


_NOTHING: dict[str, Any] = {}


def _fields(value: object) -> dict[str, Any]:
    """value when it is a JSON object, else an empty one: a statement's parts are read without
    asking at every step what a hostile file put there."""
    return value if type(value) is dict else _NOTHING


def _score(result: dict[str, Any]) -> float | None:
    scaled = _fields(result.get("score")).get("scaled")
    if isinstance(scaled, int | float) and not isinstance(scaled, bool) and 0 <= scaled <= 1:
        return float(scaled)
    return None


class _Reader:
    """One file's statements; learners are looked up once per actor seen in the file."""

    def __init__(self, learners: LearnerIds) -> None:
        self.learners = learners
        self.numbers: dict[tuple[str, ...], int] = {}  # identity -> learner number; dropped with the reader

    def learner(self, actor: object) -> int | None:
        identity = learner_identity(actor)
        if identity is None:
            return None
        if identity not in self.numbers:
            self.numbers[identity] = self.learners.number(identity)
        return self.numbers[identity]

    def answer(self, statement: dict[str, Any], position: int) -> RecordedAnswer | None:
        learner = self.learner(statement.get("actor"))
        activity = _fields(statement.get("object"))
        object_id = activity.get("id")
        kind = _fields(activity.get("definition")).get("type")
        if learner is None or not isinstance(object_id, str) or kind not in (None, INTERACTION):
            return None
        result = _fields(statement.get("result"))
        response = result.get("response")
        success = result.get("success")
        context = _fields(statement.get("context"))
        registration = context.get("registration")
        parent = _activity_ids(_fields(context.get("contextActivities")).get("parent"))
        record_id = statement.get("id")
        return RecordedAnswer(
            learner=learner,
            session=f"{registration if isinstance(registration, str) else ''}|{parent[0] if parent else ''}",
            order=(sortable_time(statement.get("timestamp")), position),
            interaction_id=question_id(object_id),
            response=response if isinstance(response, str) else None,
            recorded_correct=success if isinstance(success, bool) else None,
            recorded_score=_score(result),
            latency=duration_seconds(result.get("duration")),
            record_id=record_id if isinstance(record_id, str) else "",
        )


def read_xapi(text: str, name: str, file_index: int, learners: LearnerIds) -> ResultsFile:
    read = ResultsFile(name, "xapi")
    reader = _Reader(learners)
    other_verbs = not_understood = 0
    groupings: set[str] = set()
    for i, statement in enumerate(parse_statements(text, name)):
        fields = _fields(statement)
        verb = _fields(fields.get("verb")).get("id")
        if verb == VOIDED and isinstance(_fields(fields.get("object")).get("id"), str):
            read.voided.add(fields["object"]["id"])
            continue
        if verb != ANSWERED:
            other_verbs += 1
            continue
        answer = reader.answer(fields, file_index * FILE_POSITIONS + i)
        if answer is None:
            not_understood += 1
            continue
        read.answers.append(answer)
        activities = _fields(_fields(fields.get("context")).get("contextActivities"))
        groupings.update(_activity_ids(activities.get("grouping")))
    read.containers = sorted(groupings)
    if not_understood:
        read.notes.append(f"{name}: {not_understood} answered statement(s) without a learner, an activity id "
                          "or with another activity type were left out")
    if not read.answers:
        read.notes.append(f"{name}: no answered statements ({other_verbs} other statement(s))")
    return read
