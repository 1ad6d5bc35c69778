"""A small LMS on loopback, in front of the ralph LRS: what an LMS does that ralph does not.

Two servers on 127.0.0.1 (two origins, as a real LMS serves content and its LRS):

* the **content** server serves the unzipped package (``/``);
* the **LMS** server makes launch URLs (TinCan: ``endpoint``, ``auth``, ``actor``,
  ``registration``, ``activity_id``; cmi5: ``endpoint``, ``fetch``, ``actor``,
  ``registration``, ``activityId``), answers the cmi5 ``fetch`` URL (a token once; the
  spec's error ``1`` after that), keeps the State API (``LMS.LaunchData``, written before a
  cmi5 launch, and the AU's own documents; the AU may not change ``LMS.LaunchData``), the
  learner preferences (agent profile ``cmi5LearnerPreferences``) and, at ``/xapi/statements``,
  checks the launch's Authorization and forwards the statements to ralph, recording ralph's
  answer. For cmi5 it writes the ``launched`` statement to ralph before the launch, as the
  spec asks of an LMS. CORS is answered for the content origin (headers Authorization,
  Content-Type and X-Experience-API-Version need a preflight).

Both servers stop on leaving the context, or by themselves after a while.
"""

from __future__ import annotations

import base64
import json
import secrets
import threading
import time
import uuid
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, quote, urlencode, urlsplit

from lxml import etree
from tests.browser.conftest import serve, serve_handler
from tests.browser.ralph_lrs import Ralph

CMI5 = "https://w3id.org/xapi/cmi5/"
SLOW_READ_S = 6.0  # long enough that a loaded machine still reloads within it
SLOW_STATEMENTS_S = 2.5  # the slow LRS: longer than the page lives after the learner leaves
SESSION_EXTENSION = CMI5 + "context/extensions/sessionid"
VERBS = "http://adlnet.gov/expapi/verbs/"
KEEPALIVE_BYTES = 64 * 1024  # the Fetch standard's limit on keepalive bodies in flight


@dataclass
class Forwarded:
    """One batch of statements the LMS passed on to ralph, and ralph's answer."""

    statements: list[dict[str, Any]]
    status: int
    body: str
    keepalive_hint: str  # the Sec-Fetch-Mode the browser sent (diagnosis only)


@dataclass
class Cmi5Launch:
    """One cmi5 launch the LMS prepared: its session, token and launch data."""

    url: str
    session_id: str
    registration: str
    activity_id: str
    au_id: str
    launch_data: dict[str, Any]
    token: str | None = None


@dataclass(frozen=True)
class MoodleLaunch:
    """One launch of a mod_tincanlaunch activity: its URL and what Moodle tracks."""

    url: str
    activity_id: str
    registration: str
    actor: dict[str, Any]


@dataclass
class LoopbackLms:
    ralph: Ralph
    content_dir: Path = Path()
    content_url: str = ""
    lms_url: str = ""
    forwarded: list[Forwarded] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)
    not_found: list[str] = field(default_factory=list)
    fetch_posts: Counter[str] = field(default_factory=Counter)
    state: dict[tuple[str, str, str, str], bytes] = field(default_factory=dict)
    tincan_auth: str = ""
    cmi5: dict[str, Cmi5Launch] = field(default_factory=dict)
    slow: set[str] = field(default_factory=set)  # activity ids whose first LaunchData read lags
    slow_learners: set[str] = field(default_factory=set)  # their statement POSTs answer late
    probes: list[dict[str, Any]] = field(default_factory=list)  # the pages' fetch probe reports
    answers: dict[str, tuple[int, list[dict[str, Any]]]] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)

    # --- launches ----------------------------------------------------------------------

    def actor(self, name: str) -> dict[str, Any]:
        return {"objectType": "Agent", "name": name,
                "account": {"homePage": self.lms_url, "name": name}}

    def tincan_launch(self, page: str, activity_id: str, learner: str,
                      registration: str) -> str:
        """The URL an LMS opens for the TinCan activity ``activity_id`` launching ``page``."""
        query = {"endpoint": self.lms_url + "xapi/", "auth": self.tincan_auth,
                 "actor": json.dumps(self.actor(learner)), "registration": registration,
                 "activity_id": activity_id}
        return f"{self.content_url}{page}?{urlencode(query)}"

    def cmi5_launch(self, au_url: str, au_id: str, learner: str, *, mastery: float | None,
                    move_on: str, launch_mode: str = "Normal",
                    slow_first_read: bool = False) -> Cmi5Launch:
        """Register ``learner``, write ``LMS.LaunchData`` and ``launched``, return the URL.
        ``slow_first_read``: the first read of ``LMS.LaunchData`` answers after a delay (a
        test reloads the page in that window, after the token was fetched)."""
        session, registration = str(uuid.uuid4()), str(uuid.uuid4())
        activity_id = f"{self.lms_url}activities/{uuid.uuid4()}"  # not the AU id (8.1.5)
        actor = self.actor(learner)
        template = {"contextActivities": {"grouping": [{"id": au_id}]},
                    "extensions": {SESSION_EXTENSION: session}}
        data: dict[str, Any] = {"contextTemplate": template, "launchMode": launch_mode,
                                "launchMethod": "AnyWindow", "moveOn": move_on,
                                "returnURL": self.lms_url + "returned"}
        if mastery is not None:
            data["masteryScore"] = mastery
        key = (activity_id, _agent_key(actor), registration, "LMS.LaunchData")
        self.state[key] = json.dumps(data).encode()
        query = {"endpoint": self.lms_url + "xapi/", "fetch": f"{self.lms_url}fetch/{session}",
                 "actor": json.dumps(actor), "registration": registration,
                 "activityId": activity_id}
        launch = Cmi5Launch(f"{self.content_url}{au_url}?{urlencode(query)}", session,
                            registration, activity_id, au_id, data)
        self.cmi5[session] = launch
        if slow_first_read:
            self.slow.add(activity_id)
        self._launched(launch, actor)
        return launch

    def _launched(self, launch: Cmi5Launch, actor: dict[str, Any]) -> None:
        context = json.loads(json.dumps(launch.launch_data["contextTemplate"]))
        context["registration"] = launch.registration
        context["contextActivities"]["category"] = [{"id": CMI5 + "context/categories/cmi5"}]
        context["extensions"].update({
            CMI5 + "context/extensions/launchmode": launch.launch_data["launchMode"],
            CMI5 + "context/extensions/launchurl": launch.url.split("?")[0],
            CMI5 + "context/extensions/moveon": launch.launch_data["moveOn"]})
        statement = {"id": str(uuid.uuid4()), "actor": actor,
                     "verb": {"id": "http://adlnet.gov/expapi/verbs/launched",
                              "display": {"en-US": "launched"}},
                     "object": {"objectType": "Activity", "id": launch.activity_id},
                     "timestamp": datetime.now(UTC).isoformat(timespec="milliseconds")
                     .replace("+00:00", "Z"),
                     "context": context}
        status, body = self.ralph.post_statements([statement])
        self.forwarded.append(Forwarded([statement], status, body.decode(), "lms"))

    # --- Moodle's xAPI Launch Link (mod_tincanlaunch) ------------------------------------
    # Read from davidpesce/moodle-mod_tincanlaunch @5953ce2 (read, not copied):
    # lib.php:613-632 takes the FIRST <activity> of tincan.xml (tincan > activities >
    # activity[0]): its id is the activity id Moodle tracks, its <launch> the launch URL;
    # locallib.php:134-200 opens that URL with endpoint, auth ("Basic ..."), actor (JSON),
    # registration and activity_id, RFC 3986 encoded; locallib.php:39-125 first sends
    # "launched" for that activity (context: registration, the Moodle course as parent, the
    # site as grouping, the moodle.org source category); lib.php:688-731 queries statements
    # by agent, verb, activity with related_activities=false (ids format), following "more"
    # (moodle_statements: ralph answers the agent part, the rest is applied here);
    # classes/completion/custom_completion.php:99-118 then completes the Moodle activity
    # only if one of them has the launched activity id as object (objectType Activity).
    # classes/task/check_completion.php:227-266 grades from the same statements: the best
    # result.score.scaled (negatives as 0) times the activity's maximum grade.

    def tincanlaunch(self, package: str, learner: str, registration: str) -> MoodleLaunch:
        """Launch the TinCan package served at ``package/`` as mod_tincanlaunch does."""
        manifest = etree.parse(str(self.content_dir / package / "tincan.xml")).getroot()
        first = manifest[0][0]  # tincan > activities > the first activity
        activity_id = first.get("id", "")
        launch = next(child.text or "" for child in first
                      if etree.QName(child).localname == "launch")
        actor = self.actor(learner)
        query = {"endpoint": self.lms_url + "xapi/", "auth": self.tincan_auth,
                 "actor": json.dumps(actor, separators=(",", ":")),
                 "registration": registration, "activity_id": activity_id}
        url = f"{self.content_url}{package}/{launch}?{urlencode(query, quote_via=quote)}"
        statement = {"id": str(uuid.uuid4()), "actor": actor,
                     "verb": {"id": VERBS + "launched", "display": {"en-US": "launched"}},
                     "object": {"id": activity_id, "objectType": "Activity"},
                     "context": {"registration": registration, "contextActivities": {
                         "parent": [{"id": self.lms_url + "course/view.php?id=2",
                                     "objectType": "Activity"}],
                         "grouping": [{"id": self.lms_url, "objectType": "Activity"}],
                         "category": [{"id": "https://moodle.org", "objectType": "Activity",
                                       "definition": {"type": "http://id.tincanapi.com/"
                                                              "activitytype/source"}}]},
                         "language": "en"},
                     "timestamp": datetime.now(UTC).isoformat(timespec="seconds")}
        status, body = self.ralph.post_statements([statement])
        self.forwarded.append(Forwarded([statement], status, body.decode(), "lms"))
        return MoodleLaunch(url, activity_id, registration, actor)

    def moodle_statements(self, launch: MoodleLaunch, verb: str, *,
                          related: bool) -> list[dict[str, Any]]:
        """The statements mod_tincanlaunch's query returns (every page of them).

        ralph is asked for the agent's statements; the verb and activity filters are
        applied here, by the xAPI 1.0.3 rules (Communication 2.1.3: ``activity`` matches the
        object, and with ``related_activities`` also any context activity and the
        objects of sub-statements). ralph 5.1's file backend would return nothing for them:
        it compares its parsed ``IRI`` parameter objects with the stored strings (tried).
        """
        def related_ids(statement: dict[str, Any]) -> set[str]:
            found = {statement.get("object", {}).get("id", "")}
            for group in statement.get("context", {}).get("contextActivities", {}).values():
                found |= {a.get("id", "") for a in (group if isinstance(group, list)
                                                     else [group])}
            if statement.get("object", {}).get("objectType") == "SubStatement":
                found |= related_ids(statement["object"])
            return found

        def matches(statement: dict[str, Any]) -> bool:
            if statement.get("verb", {}).get("id") != verb:
                return False
            if related:
                return launch.activity_id in related_ids(statement)
            return bool(statement.get("object", {}).get("id") == launch.activity_id)

        return [s for s in self.query({"agent": json.dumps(launch.actor, sort_keys=True)})
                if matches(s)]

    def query(self, params: dict[str, str]) -> list[dict[str, Any]]:
        """Every statement ralph returns for ``params``, following ``more`` to the end (kept
        until the LMS forwards statements again: ralph's file backend reads every file)."""
        key = json.dumps(params, sort_keys=True)
        if key in self.answers and self.answers[key][0] == len(self.forwarded):
            return self.answers[key][1]
        found: list[dict[str, Any]] = []
        path = f"statements?{urlencode(params)}"
        while path:
            resource, _, query = path.partition("?")
            status, body = self.ralph.request("GET", resource, params=query)
            assert status == 200, body
            page = json.loads(body)
            found += page["statements"]
            more = page.get("more") or ""
            path = more.split("/xAPI/", 1)[1] if "/xAPI/" in more and page["statements"] else ""
        self.answers[key] = (len(self.forwarded), found)
        return found

    def moodle_completes(self, launch: MoodleLaunch, verb: str = VERBS + "completed", *,
                         related: bool = False) -> bool:
        """custom_completion.php's rule: a statement of the verb whose object is the launched
        activity (``related``: the query with related_activities=true, same rule after it)."""
        return any(s["object"].get("objectType", "Activity") == "Activity"
                   and s["object"]["id"] == launch.activity_id
                   for s in self.moodle_statements(launch, verb, related=related))

    def moodle_grade(self, launch: MoodleLaunch, grade_max: float,
                     verb: str = VERBS + "completed") -> float | None:
        """check_completion.php's grade: the best scaled score of the completion-verb
        statements found, times the maximum grade; None when none carries a score."""
        scores = [max(0.0, float(s["result"]["score"]["scaled"]))
                  for s in self.moodle_statements(launch, verb, related=False)
                  if s["object"]["id"] == launch.activity_id
                  and "scaled" in s.get("result", {}).get("score", {})]
        return max(scores) * grade_max if scores else None

    # --- what the servers do -----------------------------------------------------------

    def authorized(self, header: str | None) -> bool:
        if header == self.tincan_auth:
            return True
        tokens = {f"Basic {launch.token}" for launch in self.cmi5.values() if launch.token}
        return header in tokens

    def fetch(self, session: str) -> dict[str, Any]:
        with self.lock:
            self.fetch_posts[session] += 1
            launch = self.cmi5.get(session)
            if launch is None:
                return {"error-code": "3", "error-text": "unknown session"}
            if launch.token is not None:
                return {"error-code": "1", "error-text": "the fetch URL answers only once"}
            launch.token = base64.b64encode(secrets.token_bytes(24)).decode()
            return {"auth-token": launch.token}

    def statements(self, body: bytes, mode: str) -> tuple[int, bytes]:
        try:
            parsed = json.loads(body)
        except ValueError:
            return 400, b'{"error": "not JSON"}'
        batch = parsed if isinstance(parsed, list) else [parsed]
        status, answer = self.ralph.post_statements(parsed)
        self.forwarded.append(Forwarded(batch, status, answer.decode(errors="replace"), mode))
        return status, answer

    def all_statements(self) -> list[dict[str, Any]]:
        """Every statement the LRS holds, once per id. A page may send a batch again when
        its request failed from the page's view (a navigation rejects the promise of a
        keepalive request that still arrives); xAPI statement ids make that harmless, and
        the LRS keeps one statement per id (test_every_statement_reached_ralph checks)."""
        seen: dict[str, dict[str, Any]] = {}
        for batch in self.forwarded:
            for statement in batch.statements:
                seen.setdefault(statement["id"], statement)
        return list(seen.values())

    def resent(self, batch: Forwarded) -> bool:
        """Whether every statement of ``batch`` reached the LRS in an earlier batch."""
        index = self.forwarded.index(batch)
        earlier = {s["id"] for b in self.forwarded[:index] for s in b.statements}
        return all(s["id"] in earlier for s in batch.statements)


def leave_problems(probes: list[dict[str, Any]]) -> list[str]:
    """Each request a page made while being left (fetch_probe.js's reports) that could be
    lost with the page: one without keepalive, or a keepalive body over the 64 KiB limit."""
    problems = []
    for probe in probes:
        where = f"{probe['method']} {probe['url']} from {probe['page']} after {probe['phase']}"
        if not probe["keepalive"]:
            problems.append(f"{where}: no keepalive")
        elif probe["bytes"] > KEEPALIVE_BYTES:
            problems.append(f"{where}: {probe['bytes']} bytes, over the keepalive limit")
    return problems


def _agent_key(agent: Any) -> str:
    return json.dumps(agent, sort_keys=True)


def _state_key(query: dict[str, list[str]]) -> tuple[str, str, str, str]:
    def one(name: str) -> str:
        return query.get(name, [""])[0]
    agent = one("agent")
    try:
        agent = _agent_key(json.loads(agent))
    except ValueError:
        pass
    return one("activityId"), agent, one("registration"), one("stateId")


class _LmsHandler(BaseHTTPRequestHandler):
    lms: LoopbackLms

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def _send(self, status: int, body: bytes = b"", kind: str = "application/json") -> None:
        self.send_response(status)
        self.send_header("Access-Control-Allow-Origin", "*")
        self.send_header("X-Experience-API-Version", "1.0.3")
        if body:
            self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        try:
            self.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):
            pass  # a keepalive request from a page that is gone: the work is done already

    def _body(self) -> bytes:
        return self.rfile.read(int(self.headers.get("Content-Length") or 0))

    def do_OPTIONS(self) -> None:
        self.send_response(204)
        self.send_header("Access-Control-Allow-Origin", "*")
        self.send_header("Access-Control-Allow-Methods", "GET, PUT, POST, OPTIONS")
        self.send_header("Access-Control-Allow-Headers",
                         "Authorization, Content-Type, X-Experience-API-Version")
        self.send_header("Access-Control-Max-Age", "600")
        self.send_header("Content-Length", "0")
        self.end_headers()

    def _xapi(self) -> tuple[str, dict[str, list[str]]] | None:
        parts = urlsplit(self.path)
        if not parts.path.startswith("/xapi/"):
            self._send(404)
            return None
        if not self.lms.authorized(self.headers.get("Authorization")):
            self.lms.refused.append(f"{self.command} {parts.path}: bad Authorization")
            self._send(401, b'{"error": "unauthorized"}')
            return None
        if not self.headers.get("X-Experience-API-Version", "").startswith("1.0"):
            self.lms.refused.append(f"{self.command} {parts.path}: no xAPI version header")
            self._send(400, b'{"error": "X-Experience-API-Version missing"}')
            return None
        return parts.path[len("/xapi/"):], parse_qs(parts.query)

    def do_POST(self) -> None:
        path = urlsplit(self.path).path
        if path.startswith("/fetch/"):
            self._body()
            self._send(200, json.dumps(self.lms.fetch(path[len("/fetch/"):])).encode())
            return
        if path == "/probe":  # the fetch probe's beacons (tests/browser/fetch_probe.js)
            self.lms.probes.append(json.loads(self._body()))
            self._send(204)
            return
        found = self._xapi()
        if found is None:
            return
        resource, query = found
        body = self._body()
        if resource == "activities/state":
            self._merge_state(query, body)
            return
        if resource != "statements":
            self._send(405)
            return
        if any(f'"name": "{name}"' in body.decode(errors="replace") or
               f'"name":"{name}"' in body.decode(errors="replace")
               for name in self.lms.slow_learners):
            # A deliberately slow LRS: the page is gone long before this answer; the
            # statements must still be stored (the request outlives the page: keepalive).
            time.sleep(SLOW_STATEMENTS_S)
        status, answer = self.lms.statements(body, self.headers.get("Sec-Fetch-Mode", ""))
        self._send(status, answer)

    def _merge_state(self, query: dict[str, list[str]], body: bytes) -> None:
        """State API POST (xAPI 1.0.3 part 3, 2.3): JSON objects merge their top-level keys."""
        key = _state_key(query)
        if not key[3] or key[3] == "LMS.LaunchData":
            self._send(403 if key[3] else 405)
            return
        try:
            update = json.loads(body)
            with self.lms.lock:
                current = json.loads(self.lms.state.get(key, b"{}"))
                if not isinstance(update, dict) or not isinstance(current, dict):
                    raise ValueError("not a JSON object")
                self.lms.state[key] = json.dumps({**current, **update}).encode()
        except ValueError:
            self._send(400, b'{"error": "POST merges JSON objects only"}')
            return
        self._send(204)

    def do_GET(self) -> None:
        if urlsplit(self.path).path == "/returned":  # the returnURL, where learners leave to
            self._send(200, b"<!DOCTYPE html><title>LMS</title><p>Back in the LMS.</p>",
                       "text/html; charset=utf-8")
            return
        found = self._xapi()
        if found is None:
            return
        resource, query = found
        if resource == "activities/state":
            key = _state_key(query)
            if key[3] == "LMS.LaunchData" and key[0] in self.lms.slow:
                self.lms.slow.discard(key[0])
                time.sleep(SLOW_READ_S)
            document = self.lms.state.get(key)
            if document is None:
                self.lms.not_found.append(f"GET {resource} {_state_key(query)[3]}")
                self._send(404)
            else:
                self._send(200, document)
        elif resource == "agents/profile" and query.get("profileId") == ["cmi5LearnerPreferences"]:
            self._send(200, b'{"languagePreference": "en-US", "audioPreference": "on"}')
        else:
            self.lms.not_found.append(f"GET {resource}")
            self._send(404)

    def do_PUT(self) -> None:
        found = self._xapi()
        if found is None:
            return
        resource, query = found
        body = self._body()
        key = _state_key(query)
        if resource != "activities/state" or not key[3]:
            self._send(405)
        elif key[3] == "LMS.LaunchData":
            self.lms.refused.append("PUT LMS.LaunchData: the AU must not change it")
            self._send(403)
        else:
            self.lms.state[key] = body
            self._send(204)


@contextmanager
def loopback_lms(ralph: Ralph, content: Path) -> Iterator[LoopbackLms]:
    """The content server for ``content`` and the LMS server, both on 127.0.0.1."""
    lms = LoopbackLms(ralph, content)
    lms.tincan_auth = "Basic " + base64.b64encode(
        f"tincan:{secrets.token_urlsafe(12)}".encode()).decode()
    handler = type("Handler", (_LmsHandler,), {"lms": lms})
    with serve(content) as content_url, serve_handler(handler) as lms_url:
        lms.content_url, lms.lms_url = content_url, lms_url
        yield lms
