"""The tracking runtime's TinCan and cmi5 transports, end to end with real parts: the
exported example course in headless Chromium, launched by a loopback test LMS
(``loopback_lms.py``) in front of a real LRS, ralph-malph (``ralph_lrs.py``).

One node process (``xapi_runtime.js``) runs every launch: a learner answers lesson 1's quiz
wrong, then right, and leaves by navigating away. Then every statement must have reached
ralph (HTTP 200, then found again with a GET), pass the pinned npm validator
(``@learninglocker/xapi-validation``) and ralph's plain xAPI statement model, and each cmi5
session must keep the cmi5 rules (``tests/cmi5_rules.py``: order, at most once).
"""

from __future__ import annotations

import json
import subprocess
import time
import uuid
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from tests.browser.conftest import HERE, REQUIRE, require_tools, run_node
from tests.browser.loopback_lms import LoopbackLms, loopback_lms
from tests.browser.ralph_lrs import Ralph, ralph_missing, ralph_venv, start_ralph
from tests.cmi5_rules import Cmi5Launch, cmi5_problems, in_order, verb
from tests.conftest import REPO_ROOT, skip_or_fail

from lmspack.build import BuildRequest, build
from lmspack.packaging.activities import base_iri, lesson_iri, question_iri
from lmspack.packaging.tracking import lesson_quiz

pytestmark = pytest.mark.browser

EPOCH = 1_700_000_000
SETTLE_S = 20.0


@dataclass(frozen=True)
class Record:
    """What one browser run left behind."""

    lms: LoopbackLms
    runs: dict[str, dict[str, Any]]
    blocked: list[str]
    launches: dict[str, Cmi5Launch]
    course: Any
    statements: list[dict[str, Any]]


@pytest.fixture(scope="module")
def ralph(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Ralph]:
    require_tools("playwright-core", "@learninglocker/xapi-validation")
    missing = ralph_missing()
    if missing:
        skip_or_fail(f"the xAPI tests need the ralph LRS: {missing}", REQUIRE)
    server = start_ralph(tmp_path_factory.mktemp("ralph"))
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="module")
def content(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Any]:
    """The example course's xAPI and cmi5 zips, unzipped side by side."""
    work = tmp_path_factory.mktemp("xapi-content")
    result = build(REPO_ROOT, BuildRequest(("xapi", "cmi5"), out_dir=work / "dist", epoch=EPOCH))
    served = work / "served"
    for package in result.packages:
        with zipfile.ZipFile(package.path) as zf:
            zf.extractall(served / package.format)
    return served, result.course


def wrong_then_right(course: Any, lesson_id: str) -> list[list[str]]:
    """Every question answered wrong, then every one right."""
    quiz = lesson_quiz(course, course.lesson(lesson_id))
    wrong = [[q["id"], next(o for o in q["options"] if o != q["correct"])] for q in quiz]
    return wrong + [[q["id"], q["correct"]] for q in quiz]


def _settled(lms: LoopbackLms, expected_terminated: int) -> None:
    deadline = time.monotonic() + SETTLE_S
    while time.monotonic() < deadline:
        if sum(verb(s) == "terminated" for s in lms.all_statements()) >= expected_terminated:
            return
        time.sleep(0.2)


@pytest.fixture(scope="module")
def record(ralph: Ralph, content: tuple[Path, Any], tmp_path_factory: pytest.TempPathFactory
           ) -> Iterator[Record]:
    served, course = content
    lesson = course.lessons[0]
    base = base_iri(course)
    work = tmp_path_factory.mktemp("xapi-run")
    with loopback_lms(ralph, served) as lms:
        mastery = course.pass_mark_for(lesson) / 100
        au = lesson_iri(base, lesson.id)
        page = f"lessons/{lesson.id}.html"
        launches = {
            "cmi5": lms.cmi5_launch(f"cmi5/{page}", au, "learner-cmi5", mastery=mastery,
                                    move_on="Passed"),
            "cmi5-browse": lms.cmi5_launch(f"cmi5/{page}", au, "learner-browse",
                                           mastery=mastery, move_on="Passed",
                                           launch_mode="Browse"),
            "cmi5-reload": lms.cmi5_launch(f"cmi5/{page}", au, "learner-reload",
                                           mastery=mastery, move_on="Passed"),
            "cmi5-early-reload": lms.cmi5_launch(f"cmi5/{page}", au, "learner-early",
                                                 mastery=mastery, move_on="Passed",
                                                 slow_first_read=True),
        }
        leave = lms.lms_url + "returned"
        answers = wrong_then_right(course, lesson.id)
        registration = str(uuid.uuid4())
        runs = [
            # The course activity launches the index; the learner opens lesson 1 from it.
            {"name": "tincan", "url": lms.tincan_launch("xapi/index.html", base, "learner-tc",
                                                        registration),
             "follow": page, "reload": False, "answers": answers, "leave": leave},
            # Later the LMS launches lesson 1's own activity in the same registration.
            {"name": "tincan-again", "url": lms.tincan_launch(f"xapi/{page}", au, "learner-tc",
                                                              registration),
             "follow": None, "reload": False, "answers": [], "leave": leave},
            *({"name": name, "url": launch.url, "follow": None, "reload": name == "cmi5-reload",
               "reloadEarly": name == "cmi5-early-reload", "answers": answers, "leave": leave}
              for name, launch in launches.items()),
        ]
        config = {"allowed": [lms.content_url, lms.lms_url], "runs": runs}
        printed = run_node("xapi_runtime.js", config, work, timeout=420)
        _settled(lms, expected_terminated=6)
        facts = {name: Cmi5Launch(launch.activity_id, launch.registration, launch.session_id,
                                  launch.au_id, launch.launch_data["launchMode"], mastery)
                 for name, launch in launches.items()}
        yield Record(lms, {r["name"]: r for r in printed["runs"]}, printed["blocked"], facts,
                     course, lms.all_statements())


def of_actor(record: Record, learner: str) -> list[dict[str, Any]]:
    return in_order(s for s in record.statements if s["actor"].get("name") == learner)


# --- every statement reached the real LRS, and is valid -----------------------------------


def test_every_run_was_tracked_and_nothing_left_loopback(record: Record) -> None:
    assert record.blocked == []
    assert record.lms.refused == []
    for name in ("tincan", "tincan-again", "cmi5", "cmi5-browse", "cmi5-reload",
                 "cmi5-early-reload"):
        assert record.runs[name]["ready"] is True, record.runs[name]
        # The browser logs every 404; the only ones are state documents not written yet.
        assert [m for m in record.runs[name]["console"] if "status of 404" not in m] == []
    assert [b for b in record.lms.not_found if "activities/state" not in b] == []
    for name in ("tincan", "tincan-again", "cmi5", "cmi5-browse", "cmi5-early-reload"):
        assert record.runs[name]["before"]["errors"] == [], record.runs[name]


def test_every_statement_reached_ralph_and_is_found_again(record: Record,
                                                          ralph: Ralph) -> None:
    assert record.lms.forwarded
    assert [(b.status, b.body) for b in record.lms.forwarded if b.status != 200] == []
    for statement in record.statements:
        status, found = ralph.get_statement(statement["id"])
        assert status == 200, found
        assert found["id"] == statement["id"] and found["verb"] == statement["verb"]


def test_statements_pass_the_npm_xapi_validator(record: Record, tmp_path: Path) -> None:
    broken = dict(record.statements[0], result={"score": {"scaled": 2}})  # the control
    found = run_node("xapi_validate.js", {"statements": [*record.statements, broken]},
                     tmp_path)
    assert found[-1] != [], "the validator accepted a score of 2: it checks nothing"
    problems = {s["id"]: p for s, p in zip(record.statements, found, strict=False) if p}
    assert problems == {}


def test_statements_pass_ralphs_xapi_statement_model(record: Record) -> None:
    broken = dict(record.statements[0], verb={"id": "not an IRI"})  # the control
    done = subprocess.run([str(ralph_venv() / "bin" / "python"), str(HERE / "ralph_models.py")],
                          input=json.dumps([*record.statements, broken]), text=True,
                          capture_output=True, timeout=120, check=True)
    found = json.loads(done.stdout)
    assert found[-1] != [], "ralph's model accepted a verb that is not an IRI"
    problems = {s["id"]: p for s, p in zip(record.statements, found, strict=False) if p}
    assert problems == {}


# --- TinCan ----------------------------------------------------------------------------------


def tincan_sessions(record: Record) -> list[list[str]]:
    """The TinCan learner's verbs, one list per launch (each starts with attempted)."""
    sessions: list[list[str]] = []
    for statement in of_actor(record, "learner-tc"):
        if verb(statement) == "attempted":
            sessions.append([])
        sessions[-1].append(verb(statement))
    return sessions


def test_tincan_sequence(record: Record) -> None:
    verbs = tincan_sessions(record)[0]
    questions = len(lesson_quiz(record.course, record.course.lessons[0]))
    assert verbs[0] == "attempted" and verbs[-1] == "terminated"
    assert verbs.count("answered") == 2 * questions
    # all wrong: failed and completed once the last is answered; then passed once the
    # right answers reach the mastery score; never failed again
    assert [v for v in verbs if v in ("passed", "failed", "completed")] == \
        ["failed", "completed", "passed"]


def test_tincan_statements_name_the_lesson_and_questions(record: Record) -> None:
    course = record.course
    lesson = course.lessons[0]
    base = base_iri(course)
    statements = of_actor(record, "learner-tc")
    for statement in statements:
        assert statement["context"]["contextActivities"]["grouping"] == [{"id": base}]
        if verb(statement) != "answered":
            assert statement["object"]["id"] == lesson_iri(base, lesson.id)
    answered = [s for s in statements if verb(s) == "answered"]
    first = answered[0]
    assert first["object"]["id"] == question_iri(base, lesson.id, "q1")
    definition = first["object"]["definition"]
    assert definition["name"] == {"en": f"{lesson.lesson.title}: question 1"}  # tincan.xml's
    assert definition["description"] == {"en": lesson.lesson.quiz[0].q}
    assert [c["description"]["en"] for c in definition["choices"]] == \
        lesson.lesson.quiz[0].options
    assert definition["correctResponsesPattern"] == ["abcdefgh"[lesson.lesson.quiz[0].answer]]
    assert first["result"]["success"] is False and answered[-1]["result"]["success"] is True
    passed = next(s for s in statements if verb(s) == "passed")
    assert passed["result"]["score"]["scaled"] >= course.pass_mark_for(lesson) / 100
    assert "registration" in first["context"]


def test_tincan_keeps_the_answers_in_the_state_api(record: Record) -> None:
    documents = [json.loads(v) for k, v in record.lms.state.items()
                 if k[3].endswith("lmspack/state/v1") and "learner-tc" in k[1]]
    assert len(documents) == 1
    assert documents[0]["state"].startswith("L1")
    assert documents[0]["sent"] == {"failed": True, "completed": True, "passed": True}


# --- cmi5 ------------------------------------------------------------------------------------


LEARNERS = {"cmi5": "learner-cmi5", "cmi5-browse": "learner-browse",
            "cmi5-reload": "learner-reload", "cmi5-early-reload": "learner-early"}


@pytest.mark.parametrize("name", list(LEARNERS))
def test_cmi5_rules_hold(record: Record, name: str) -> None:
    learner = LEARNERS[name]
    assert cmi5_problems(of_actor(record, learner), record.launches[name]) == []


@pytest.mark.parametrize("name", ["cmi5", "cmi5-early-reload"])
def test_cmi5_normal_launch_sequence(record: Record, name: str) -> None:
    launch = record.launches[name]
    statements = [s for s in of_actor(record, LEARNERS[name]) if verb(s) != "launched"]
    verbs = [verb(s) for s in statements]
    assert verbs[0] == "initialized" and verbs[-1] == "terminated"
    assert [v for v in verbs if v in ("passed", "failed", "completed")] == \
        ["failed", "completed", "passed"]
    for statement in statements:
        # the LMS's activityId, never the AU id of cmi5.xml (cmi5 8.1.5)
        if verb(statement) != "answered":
            assert statement["object"]["id"] == launch.activity_id != launch.au_id
        else:
            assert statement["context"]["contextActivities"]["parent"] == \
                [{"id": launch.activity_id}]
    assert statements[-1]["result"]["duration"].startswith("PT")


def test_cmi5_browse_sends_no_outcome(record: Record) -> None:
    # Browse (like Review) is not a normal launch: the core reports no answers, score or
    # status, so the session is initialized and terminated only, never passed/failed/completed.
    verbs = [verb(s) for s in of_actor(record, "learner-browse") if verb(s) != "launched"]
    assert verbs == ["initialized", "terminated"]


def test_cmi5_fetch_url_is_posted_once_even_across_a_reload(record: Record) -> None:
    assert sorted(record.lms.fetch_posts.values()) == [1] * len(record.lms.cmi5)
    early = record.runs["cmi5-early-reload"]
    # reloaded after the token came and before the runtime was ready: the kept token is used
    assert early["readyBeforeReload"] is False and early["ready"] is True


def test_cmi5_reload_after_terminated_stays_untracked(record: Record) -> None:
    run = record.runs["cmi5-reload"]
    # The reload's pagehide sent terminated; a page reloaded after that stays untracked
    # (nothing may follow terminated) and says why.
    assert run["readyAfterReload"] is False
    verbs = [verb(s) for s in of_actor(record, "learner-reload") if verb(s) != "launched"]
    assert verbs == ["initialized", "terminated"]
    assert run["before"]["errors"] == [
        {"call": "session", "code": "terminated: launch again from the LMS"}]


def test_cmi5_launch_data_is_read_not_written(record: Record) -> None:
    assert not [r for r in record.lms.refused if "LaunchData" in r]
    assert any(k[3] == "LMS.LaunchData" for k in record.lms.state)


def test_runtime_derives_the_same_activity_ids_as_the_packager() -> None:
    require_tools(chromium=False)
    cases = [("https://x.org/c", "intro", None), ("urn:lmspack:ai-builder-ch4", "l-1", "q12"),
             ("https://x.org/c", "a b/c", "q1")]
    script = ("const r = require('./src/lmspack/packaging/runtime/lmspack-runtime.js');"
              f"const cases = {json.dumps(cases)};"
              "process.stdout.write(JSON.stringify(cases.map(([b, l, q]) =>"
              " q === null ? r.activityIri(b, l) : r.activityIri(b, l, q))));")
    done = subprocess.run(["node", "-e", script], cwd=REPO_ROOT, capture_output=True,
                          text=True, timeout=60, check=True)
    expected = [lesson_iri(base, lesson) if q is None else question_iri(base, lesson, q)
                for base, lesson, q in cases]
    assert json.loads(done.stdout) == expected


def test_tincan_relaunch_resumes_and_sends_no_outcome_twice(record: Record) -> None:
    first, again = record.runs["tincan"], record.runs["tincan-again"]
    assert again["ready"] is True
    # the answers the learner left with are back on the page
    assert sorted(again["atReady"]["checked"]) == sorted(first["before"]["checked"])
    assert again["atReady"]["result"]["passed"] is True
    assert tincan_sessions(record)[1] == ["attempted", "terminated"]
