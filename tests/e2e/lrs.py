"""A stand-in for the LMS side of cmi5: the fetch URL, an LRS with just the parts an AU uses.

It serves, on 127.0.0.1 only:
  POST /fetch/<key>                     the one-time auth token ({"auth-token": ...}, then an error)
  GET|PUT|POST|DELETE /xapi/activities/state   the State API (LMS.LaunchData and the AU's own documents)
  GET /xapi/agents/profile              the Agent Profile API (cmi5LearnerPreferences)
  POST|PUT /xapi/statements             statements, each recorded with the request's headers

Every xAPI request must carry `X-Experience-API-Version: 1.0.x` and `Authorization: Basic <token>`
with a token the fetch URL handed out; the AU runs on another origin, so CORS is answered too.
Everything that arrives is recorded, so a test can check what an AU sent and to where. Like an LMS
that follows cmi5 6.3, it rejects a batch (400) holding a statement that breaks the rules below
(`statement_problems`), so a test that expects statements fails when the AU breaks them.
"""

from __future__ import annotations

import base64
import json
import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Self
from urllib.parse import parse_qs, urlencode, urlsplit

from dcp_course.source.kinds import KINDS

LAUNCH_DATA = "LMS.LaunchData"
PREFERENCES = "cmi5LearnerPreferences"
SESSION_ID = "https://w3id.org/xapi/cmi5/context/extensions/sessionid"
CATEGORY_CMI5 = "https://w3id.org/xapi/cmi5/context/categories/cmi5"
CMI5_DEFINED_VERBS = {
    f"http://adlnet.gov/expapi/verbs/{verb}"
    for verb in ("launched", "initialized", "completed", "passed", "failed", "terminated")
} | {f"https://w3id.org/xapi/adl/verbs/{verb}" for verb in ("abandoned", "waived", "satisfied")}
INTERACTION = "http://adlnet.gov/expapi/activities/cmi.interaction"
# xAPI 1.0.3, Interaction Activities: which component lists each interaction type may carry
INTERACTION_COMPONENTS = {
    "true-false": set(), "fill-in": set(), "long-fill-in": set(), "numeric": set(), "other": set(),
    "choice": {"choices"}, "sequencing": {"choices"}, "likert": {"scale"},
    "matching": {"source", "target"}, "performance": {"steps"},
}
COMPONENT_LISTS = {"choices", "scale", "source", "target", "steps"}
# The types the course's question kinds answer with (src/dcp_course/source/kinds.py): a valid xAPI
# type that no kind has means the AU named an answer wrongly.
KIND_TYPES = {spec.interaction.xapi for spec in KINDS.values()}
ACTOR = {"objectType": "Agent", "account": {"homePage": "https://lms.test.invalid", "name": "learner-42"}}


@dataclass(frozen=True)
class Recorded:
    """One request as the LRS received it."""

    method: str
    path: str
    query: dict[str, str]
    headers: dict[str, str]
    body: bytes
    status: int


@dataclass(frozen=True)
class Statement:
    """One statement and the headers of the request that carried it."""

    data: dict[str, Any]
    headers: dict[str, str]
    session: str  # the session id of the launch whose token sent it

    @property
    def verb(self) -> str:
        return str(self.data["verb"]["id"]).rsplit("/", 1)[-1]


@dataclass
class Launch:
    """One launch of one AU: what the LMS put in the launch URL and in LMS.LaunchData."""

    url: str
    actor: dict[str, Any]
    registration: str
    activity_id: str
    publisher_id: str
    session_id: str
    token: str
    launch_data: dict[str, Any]
    fetches: int = 0


@dataclass
class _Store:
    launches: dict[str, Launch] = field(default_factory=dict)  # fetch key -> launch
    requests: list[Recorded] = field(default_factory=list)
    statements: list[Statement] = field(default_factory=list)
    rejected: list[tuple[dict[str, Any], list[str]]] = field(default_factory=list)
    documents: dict[tuple[str, str, str, str], bytes] = field(default_factory=dict)
    activity_ids: dict[str, str] = field(default_factory=dict)  # publisher id -> LMS activity id


def statement_problems(data: dict[str, Any], terminated: bool) -> list[str]:
    """Why an LMS would reject this statement from an AU session (empty when it would not)."""
    problems = []
    verb = str(data.get("verb", {}).get("id", ""))
    activities = data.get("context", {}).get("contextActivities", {})
    categories = activities.get("category", [])
    categories = categories if isinstance(categories, list) else [categories]
    if verb not in CMI5_DEFINED_VERBS and any(c.get("id") == CATEGORY_CMI5 for c in categories):
        problems.append("cmi5 7.1.3: a cmi5 allowed statement carries the cmi5 category")
    if terminated:
        problems.append("cmi5 9.3.8: the session has already terminated")
    definition = data.get("object", {}).get("definition") or {}
    if definition.get("type") == INTERACTION:
        problems += interaction_problems(definition)
    return problems


def interaction_problems(definition: dict[str, Any]) -> list[str]:
    """xAPI 1.0.3 interaction activity rules: a known type, only its own components, unique ids."""
    kind = definition.get("interactionType")
    if kind not in INTERACTION_COMPONENTS:
        return [f"xAPI: interactionType {kind!r} is not one of the interaction types"]
    problems = []
    if kind not in KIND_TYPES:
        problems.append(f"interactionType {kind!r} is no question kind's (src/dcp_course/source/kinds.py)")
    patterns = definition.get("correctResponsesPattern", [])
    if not isinstance(patterns, list) or not all(isinstance(p, str) for p in patterns):
        problems.append("xAPI: correctResponsesPattern must be a list of strings")
    for name in COMPONENT_LISTS & set(definition):
        if name not in INTERACTION_COMPONENTS[kind]:
            problems.append(f"xAPI: a {kind} interaction takes no {name}")
        ids = [component.get("id") for component in definition[name]]
        if not all(isinstance(i, str) and i for i in ids) or len(set(ids)) != len(ids):
            problems.append(f"xAPI: {name} need unique ids")
    return problems


def agent_key(text: str) -> str:
    return json.dumps(json.loads(text), sort_keys=True, separators=(",", ":"))


class Lrs:
    """Runs in a background thread; `with Lrs() as lrs:` or start()/stop()."""

    def __init__(self) -> None:
        self.store = _Store()
        self.lock = threading.Lock()
        # seconds a batch without terminated waits before the LRS takes it: a slow network, on
        # which the session's last batch can overtake one sent before it
        self.hold_back = 0.0
        # which statement batches hold_back delays (terminated's never); state writes always wait
        self.hold_back_if: Callable[[list[dict[str, Any]]], bool] = lambda batch: True
        self.batches_held = 0  # batches waiting out hold_back now
        handler = type("LrsHandler", (_Handler,), {"lrs": self})
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    @property
    def origin(self) -> str:
        return f"http://127.0.0.1:{self.httpd.server_address[1]}"

    @property
    def endpoint(self) -> str:
        return f"{self.origin}/xapi/"

    def __enter__(self) -> Self:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()

    # ------------------------------------------------------------ what an LMS does before a launch

    def launch(
        self,
        au_url: str,
        publisher_id: str,
        *,
        registration: str | None = None,
        launch_mode: str = "Normal",
        move_on: str = "Passed",
        mastery_score: float | None = None,
        actor: dict[str, Any] | None = None,
    ) -> Launch:
        """Write LMS.LaunchData for a new session and return the launch URL with its parameters."""
        actor = actor or ACTOR
        registration = registration or str(uuid.uuid4())
        key = uuid.uuid4().hex
        session_id = str(uuid.uuid4())
        with self.lock:
            # cmi5 8.1: the LMS's activity id is its own, never the publisher's, and stays the same
            activity_id = self.store.activity_ids.setdefault(publisher_id, f"urn:uuid:{uuid.uuid4()}")
        launch_data: dict[str, Any] = {
            "contextTemplate": {
                "contextActivities": {"grouping": [{"objectType": "Activity", "id": publisher_id}]},
                "extensions": {SESSION_ID: session_id},
            },
            "launchMode": launch_mode,
            "moveOn": move_on,
            "returnURL": f"{self.origin}/lms/return",
        }
        if mastery_score is not None:
            launch_data["masteryScore"] = mastery_score
        query = {
            "endpoint": self.endpoint,
            "fetch": f"{self.origin}/fetch/{key}",
            "actor": json.dumps(actor),
            "registration": registration,
            "activityId": activity_id,
        }
        token = base64.b64encode(f"au:{key}".encode()).decode()
        launch = Launch(
            f"{au_url}?{urlencode(query)}",
            actor,
            registration,
            activity_id,
            publisher_id,
            session_id,
            token,
            launch_data,
        )
        with self.lock:
            self.store.launches[key] = launch
            self.store.documents[self._doc_key(activity_id, json.dumps(actor), registration, LAUNCH_DATA)] = (
                json.dumps(launch_data).encode()
            )
        return launch

    # ------------------------------------------------------------ what a test reads

    def statements(self, session: Launch | None = None) -> list[Statement]:
        with self.lock:
            found = list(self.store.statements)
        return [s for s in found if session is None or s.session == session.session_id]

    def rejected(self) -> list[tuple[dict[str, Any], list[str]]]:
        """Statements refused with a 400, each with the reasons."""
        with self.lock:
            return list(self.store.rejected)

    def requests(self) -> list[Recorded]:
        with self.lock:
            return list(self.store.requests)

    def document(self, launch: Launch, state_id: str) -> Any:
        key = self._doc_key(launch.activity_id, json.dumps(launch.actor), launch.registration, state_id)
        with self.lock:
            raw = self.store.documents.get(key)
        return None if raw is None else json.loads(raw)

    def wait_for(self, condition: Callable[[], bool], timeout: float = 10.0) -> None:
        deadline = time.monotonic() + timeout
        while not condition():
            if time.monotonic() > deadline:
                raise AssertionError("the LRS did not receive what the test waited for")
            time.sleep(0.05)

    # ------------------------------------------------------------ helpers for the handler

    @staticmethod
    def _doc_key(activity_id: str, agent: str, registration: str, state_id: str) -> tuple[str, str, str, str]:
        return (activity_id, agent_key(agent), registration, state_id)

    def launch_for_token(self, authorization: str) -> Launch | None:
        with self.lock:
            return next(
                (
                    la
                    for la in self.store.launches.values()
                    if authorization == f"Basic {la.token}" and la.fetches > 0
                ),
                None,
            )


class _Handler(BaseHTTPRequestHandler):
    lrs: Lrs
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: Any) -> None:
        pass

    # ------------------------------------------------------------ plumbing

    def _body(self) -> bytes:
        length = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(length) if length else b""

    def _reply(self, status: int, payload: Any = None, record: bytes = b"") -> None:
        data = b"" if payload is None else json.dumps(payload).encode()
        self.send_response(status)
        self.send_header("Access-Control-Allow-Origin", "*")
        self.send_header("Cache-Control", "no-store")
        if payload is not None:
            self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        if data:
            self.wfile.write(data)
        parts = urlsplit(self.path)
        query = {k: v[-1] for k, v in parse_qs(parts.query).items()}
        with self.lrs.lock:
            self.lrs.store.requests.append(
                Recorded(self.command, parts.path, query, dict(self.headers.items()), record, status)
            )

    def do_OPTIONS(self) -> None:
        self.send_response(204)
        self.send_header("Access-Control-Allow-Origin", "*")
        self.send_header("Access-Control-Allow-Methods", "GET, PUT, POST, DELETE, OPTIONS")
        self.send_header(
            "Access-Control-Allow-Headers", "Authorization, Content-Type, X-Experience-API-Version"
        )
        self.send_header("Access-Control-Max-Age", "600")
        self.send_header("Content-Length", "0")
        self.end_headers()

    def do_GET(self) -> None:
        self._xapi(b"")

    def do_PUT(self) -> None:
        self._xapi(self._body())

    def do_DELETE(self) -> None:
        self._xapi(self._body())

    def do_POST(self) -> None:
        body = self._body()
        path = urlsplit(self.path).path
        if path.startswith("/fetch/"):
            self._fetch(path.removeprefix("/fetch/"), body)
        else:
            self._xapi(body)

    # ------------------------------------------------------------ the fetch URL

    def _fetch(self, key: str, body: bytes) -> None:
        with self.lrs.lock:
            launch = self.lrs.store.launches.get(key)
            if launch is not None:
                launch.fetches += 1
        if launch is None:
            self._reply(200, {"error-code": "2", "error-text": "unknown fetch URL"}, body)
        elif launch.fetches > 1:
            self._reply(
                200,
                {"error-code": "1", "error-text": "The authorization token has already been returned."},
                body,
            )
        else:
            self._reply(200, {"auth-token": launch.token}, body)

    # ------------------------------------------------------------ xAPI

    def _xapi(self, body: bytes) -> None:
        parts = urlsplit(self.path)
        query = {k: v[-1] for k, v in parse_qs(parts.query).items()}
        if not (self.headers.get("X-Experience-API-Version") or "").startswith("1.0"):
            return self._reply(400, {"error": "X-Experience-API-Version missing"}, body)
        launch = self.lrs.launch_for_token(self.headers.get("Authorization") or "")
        if launch is None:
            return self._reply(401, {"error": "no valid token"}, body)
        resource = parts.path.removeprefix("/xapi/")
        if resource == "activities/state":
            return self._state(query, body)
        if resource == "agents/profile" and self.command == "GET":
            if query.get("profileId") != PREFERENCES:
                return self._reply(404, None, body)
            return self._reply(200, {"languagePreference": "en-US", "audioPreference": "on"}, body)
        if resource == "statements" and self.command in ("POST", "PUT"):
            return self._statements(launch, query, body)
        return self._reply(404, {"error": f"{self.command} {resource} is not part of this stand-in"}, body)

    def _state(self, query: dict[str, str], body: bytes) -> None:
        if not all(query.get(name) for name in ("activityId", "agent", "stateId")):
            return self._reply(400, {"error": "activityId, agent and stateId are required"}, body)
        key = Lrs._doc_key(
            query["activityId"], query["agent"], query.get("registration", ""), query["stateId"]
        )
        if self.command != "GET":
            self._held_back()  # a slow network delays the AU's saves as much as its statements
        with self.lrs.lock:
            documents = self.lrs.store.documents
            if self.command == "GET":
                found = documents.get(key)
            elif self.command == "PUT":
                documents[key] = body
            elif self.command == "POST":  # xAPI: merge JSON objects
                merged = json.loads(documents.get(key, b"{}")) | json.loads(body or b"{}")
                documents[key] = json.dumps(merged).encode()
            else:
                documents.pop(key, None)
        if self.command != "GET":
            return self._reply(204, None, body)
        if found is None:
            return self._reply(404, None, body)
        return self._reply(200, json.loads(found), body)

    def _held_back(self) -> None:
        """Wait out hold_back, counted in batches_held meanwhile."""
        if not self.lrs.hold_back:
            return
        with self.lrs.lock:
            self.lrs.batches_held += 1
        time.sleep(self.lrs.hold_back)
        with self.lrs.lock:
            self.lrs.batches_held -= 1

    def _statements(self, launch: Launch, query: dict[str, str], body: bytes) -> None:
        try:
            parsed = json.loads(body)
        except ValueError:
            return self._reply(400, {"error": "not JSON"}, body)
        batch = parsed if isinstance(parsed, list) else [parsed]
        if self.command == "PUT":
            if len(batch) != 1 or not query.get("statementId"):
                return self._reply(400, {"error": "PUT takes one statement and a statementId"}, body)
            batch[0].setdefault("id", query["statementId"])
        headers = dict(self.headers.items())
        if (not any(str(d.get("verb", {}).get("id", "")).endswith("/terminated") for d in batch)
                and self.lrs.hold_back_if(batch)):
            self._held_back()
        posted = list(batch)
        with self.lrs.lock:
            # xAPI 1.0.3: a statement id the LRS already holds changes nothing when the statement is
            # the same, and is a conflict when it is not
            known = {s.data["id"]: s.data for s in self.lrs.store.statements}
            if any(data.get("id") in known and known[data["id"]] != data for data in batch):
                return self._reply(409, {"error": "a statement id is already used by another statement"}, body)
            batch = [data for data in batch if data.get("id") not in known]
            terminated = any(
                s.session == launch.session_id and s.verb == "terminated" for s in self.lrs.store.statements
            )
            # a batch is all or nothing, and a terminated inside it closes the session for what follows
            judged = []
            for data in batch:
                judged.append((data, statement_problems(data, terminated)))
                terminated = terminated or str(data.get("verb", {}).get("id", "")).endswith("/terminated")
            refused = [(data, problems) for data, problems in judged if problems]
            if refused:
                self.lrs.store.rejected.extend(refused)
            else:
                for data in batch:
                    data.setdefault("id", str(uuid.uuid4()))
                    self.lrs.store.statements.append(Statement(data, headers, launch.session_id))
        if refused:
            return self._reply(400, {"error": [problems for _, problems in refused]}, body)
        if self.command == "PUT":
            return self._reply(204, None, body)
        return self._reply(200, [data["id"] for data in posted], body)
