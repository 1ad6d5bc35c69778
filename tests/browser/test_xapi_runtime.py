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
from tests.browser.loopback_lms import (
    VERBS,
    LoopbackLms,
    MoodleLaunch,
    leave_problems,
    loopback_lms,
)
from tests.browser.ralph_lrs import Ralph, ralph_missing, ralph_venv, start_ralph
from tests.cmi5_rules import Cmi5Launch, cmi5_problems, in_order, verb
from tests.conftest import REPO_ROOT, skip_or_fail

from lmspack.build import BuildRequest, build
from lmspack.packaging.activities import base_iri, lesson_iri, question_iri
from lmspack.packaging.tracking import lesson_quiz

pytestmark = pytest.mark.browser

EPOCH = 1_700_000_000
SETTLE_S = 30.0


@dataclass(frozen=True)
class Record:
    """What one browser run left behind."""

    lms: LoopbackLms
    runs: dict[str, dict[str, Any]]
    blocked: list[str]
    launches: dict[str, Cmi5Launch]
    course: Any
    statements: list[dict[str, Any]]
    moodle: dict[str, MoodleLaunch]


def right(course: Any, lesson_id: str, pattern: str = "rrrr") -> list[list[str]]:
    """Answers by pattern: ``r`` right, ``w`` wrong, in quiz order."""
    quiz = lesson_quiz(course, course.lesson(lesson_id))
    return [[q["id"], q["correct"] if mark == "r" else
             next(o for o in q["options"] if o != q["correct"])]
            for q, mark in zip(quiz, pattern, strict=False)]


def moodle_walks(course: Any, lms: LoopbackLms, leave: str) -> tuple[list[dict[str, Any]],
                                                                   dict[str, MoodleLaunch]]:
    """Learners launched as Moodle's mod_tincanlaunch launches the package (its first
    activity, the course index), walking the lessons through the pages' own links."""
    ids = [entry.id for entry in course.lessons]
    page = [f"lessons/{lesson}.html" for lesson in ids]
    launches = {name: lms.tincanlaunch("xapi", learner, str(uuid.uuid4()))
                for name, learner in (("walker", "learner-walker"), ("halfway", "learner-half"),
                                      ("failer", "learner-failer"))}
    walker = [{"goto": launches["walker"].url}, {"click": page[0]},
              {"answers": right(course, ids[0])}, {"click": ids[1] + ".html"},
              {"answers": right(course, ids[1])}, {"reload": True},
              # the next lesson opened from its address in a new tab
              {"tab": ids[2] + ".html"}, {"answers": right(course, ids[2])},
              {"click": ids[3] + ".html"}, {"answers": right(course, ids[3])},
              {"leave": leave}]
    halfway = [{"goto": launches["halfway"].url}, {"click": page[0]},
               {"answers": right(course, ids[0])}, {"click": ids[1] + ".html"},
               {"answers": right(course, ids[1])}, {"leave": leave}]
    failer = [{"goto": launches["failer"].url}, {"click": page[0]},
              {"answers": right(course, ids[0])}, {"click": ids[1] + ".html"},
              {"answers": right(course, ids[1])}, {"click": ids[2] + ".html"},
              {"answers": right(course, ids[2], "wwww")}, {"click": ids[3] + ".html"},
              {"answers": right(course, ids[3])},
              # back to the index, then the failed lesson again: better, still below 75
              {"click": "../index.html"}, {"click": page[2]}, {"reset": True},
              {"answers": right(course, ids[2], "rrww")}, {"leave": leave}]
    runs = [{"name": f"moodle-{name}", "walk": steps, "leaveTo": leave}
            for name, steps in (("walker", walker), ("halfway", halfway), ("failer", failer))]
    return runs, launches


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


def _settled(lms: LoopbackLms, expected_terminated: int, last_learner: str) -> None:
    """Wait for the statements still on their way: ``expected_terminated`` in all, and the
    slow LRS's learner's ``terminated`` (answered seconds after the page was left)."""
    deadline = time.monotonic() + SETTLE_S
    while time.monotonic() < deadline:
        statements = lms.all_statements()
        if sum(verb(s) == "terminated" for s in statements) >= expected_terminated and any(
                verb(s) == "terminated" and s["actor"].get("name") == last_learner
                for s in statements):
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
        walks, moodle = moodle_walks(course, lms, leave)
        # A deliberately slow LRS for one learner: every statement POST answers after the
        # page is gone (the first one is still in flight when the learner leaves).
        lms.slow_learners.add("learner-slow")
        slow = {"name": "tincan-slow", "url": lms.tincan_launch(f"xapi/{page}", au,
                                                                "learner-slow",
                                                                str(uuid.uuid4())),
                "follow": None, "reload": False, "answers": answers[-4:], "leave": leave}
        config = {"allowed": [lms.content_url, lms.lms_url], "runs": [*runs, *walks, slow],
                  "probe": lms.lms_url + "probe", "lingerMs": 4000}
        printed = run_node("xapi_runtime.js", config, work, timeout=420)
        # 6 + the walks' lesson pages (walker 5 with the reload, halfway 2, failer 5) + slow
        _settled(lms, expected_terminated=19, last_learner="learner-slow")
        facts = {name: Cmi5Launch(launch.activity_id, launch.registration, launch.session_id,
                                  launch.au_id, launch.launch_data["launchMode"], mastery)
                 for name, launch in launches.items()}
        yield Record(lms, {r["name"]: r for r in printed["runs"]}, printed["blocked"], facts,
                     course, lms.all_statements(), moodle)


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
    # 200, or ralph's 204 for a batch sent again whose statements it already holds
    assert [(b.status, b.body) for b in record.lms.forwarded
            if b.status != 200 and not (b.status == 204 and record.lms.resent(b))] == []
    # Found again: one query per learner (a GET per statement id costs a scan of ralph's
    # files each), every statement exactly once, as sent.
    stored: dict[str, list[dict[str, Any]]] = {}
    for actor in {json.dumps(s["actor"], sort_keys=True) for s in record.statements}:
        for found in record.lms.query({"agent": actor}):
            stored.setdefault(found["id"], []).append(found)
    for statement in record.statements:
        assert len(stored.get(statement["id"], [])) == 1, statement["id"]
        found = stored[statement["id"]][0]
        assert found["verb"] == statement["verb"] and found["object"]["id"] == \
            statement["object"]["id"]
    status, one = ralph.get_statement(record.statements[-1]["id"])  # and by its id
    assert status == 200 and one["id"] == record.statements[-1]["id"]


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
    """The TinCan learner's verbs about the lesson, one list per launch (each starts with
    attempted); the course activity's own statements are tested apart."""
    sessions: list[list[str]] = []
    for statement in of_actor(record, "learner-tc"):
        if statement["object"]["id"] == base_iri(record.course):
            continue
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
    statements = [s for s in of_actor(record, "learner-tc") if s["object"]["id"] != base]
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
    assert {k: v for k, v in documents[0].items() if k.startswith("sent ")} == {
        "sent failed": True, "sent completed": True, "sent passed": True}


# --- TinCan launched as Moodle's mod_tincanlaunch launches it --------------------------------


def course_verbs(record: Record, learner: str) -> list[str]:
    """The learner's statements about the course activity (the one Moodle launched)."""
    base = base_iri(record.course)
    return [verb(s) for s in of_actor(record, learner)
            if s["object"]["id"] == base and verb(s) != "launched"]


def lesson_verbs(record: Record, learner: str, lesson_id: str) -> list[str]:
    iri = lesson_iri(base_iri(record.course), lesson_id)
    return [verb(s) for s in of_actor(record, learner) if s["object"]["id"] == iri]


def test_moodle_launches_the_first_activity_of_tincan_xml(record: Record) -> None:
    launch = record.moodle["walker"]
    assert launch.activity_id == base_iri(record.course)
    assert launch.url.split("?")[0].endswith("/xapi/index.html")
    launched = [s for s in of_actor(record, "learner-walker") if verb(s) == "launched"]
    assert [s["object"]["id"] for s in launched] == [launch.activity_id]


@pytest.mark.parametrize("name", ["moodle-walker", "moodle-halfway", "moodle-failer"])
def test_every_page_of_a_walk_is_tracked(record: Record, name: str) -> None:
    run = record.runs[name]
    # every page reached, the index and the lessons, found its launch (the links carry it)
    assert run["ready"] and all(ready is True for _, ready, _ in run["ready"]), run["ready"]
    assert all(errors == [] for errors in run["errors"]), run["errors"]
    assert [m for m in run["console"] if "status of 404" not in m] == []


def test_a_learner_who_walks_the_course_completes_the_moodle_activity(record: Record) -> None:
    launch = record.moodle["walker"]
    assert course_verbs(record, "learner-walker") == ["attempted", "passed", "completed"]
    for related in (False, True):
        assert record.lms.moodle_completes(launch, related=related)
    # a site that completes on "passed" instead completes it too
    assert record.lms.moodle_completes(launch, VERBS + "passed")
    # the gradebook (maximum grade 100): the best scaled score of the completion statements
    assert record.lms.moodle_grade(launch, 100) == 100
    for entry in record.course.lessons:  # the reload and the new tab sent nothing twice
        verbs = lesson_verbs(record, "learner-walker", entry.id)
        assert [v for v in verbs if v in ("passed", "completed")] == ["passed", "completed"]


def test_a_learner_who_stops_halfway_does_not_complete_it(record: Record) -> None:
    launch = record.moodle["halfway"]
    assert course_verbs(record, "learner-half") == ["attempted"]
    assert not record.lms.moodle_completes(launch)
    # related_activities=true finds the lessons' "completed" (the course is their grouping),
    # and mod_tincanlaunch's object rule rejects them: the rule, not the query, decides
    related = record.lms.moodle_statements(launch, VERBS + "completed", related=True)
    assert len(related) == 2
    assert not record.lms.moodle_completes(launch, related=True)
    assert record.lms.moodle_grade(launch, 100) is None


def test_a_failed_course_stays_failed_after_a_better_failing_retry(record: Record) -> None:
    launch = record.moodle["failer"]
    failed_lesson = record.course.lessons[2].id
    verbs = course_verbs(record, "learner-failer")
    course_doc = {k[3]: v for k, v in record.lms.state.items() if "learner-failer" in k[1]
                  and k[3].endswith("course-state/v1")}
    batches = [(b.status, [(verb(s), s["object"]["id"][-8:]) for s in b.statements])
               for b in record.lms.forwarded
               if any(s["actor"].get("name") == "learner-failer" for s in b.statements)]
    assert verbs == ["attempted", "failed", "completed"], (course_doc, batches,
                                                            record.runs["moodle-failer"])
    assert [v for v in lesson_verbs(record, "learner-failer", failed_lesson)
            if v in ("passed", "failed")] == ["failed"]
    # completion by the default verb: every lesson was completed; by "passed": never
    assert record.lms.moodle_completes(launch)
    assert not record.lms.moodle_completes(launch, VERBS + "passed")
    # the course state in the LRS holds the retry's better score, still failed
    documents = [json.loads(v) for k, v in record.lms.state.items()
                 if k[3].endswith("course-state/v1") and "learner-failer" in k[1]]
    assert len(documents) == 1
    keys = sorted(k for k in documents[0] if k.startswith(f"lesson {failed_lesson} "))
    assert keys == [f"lesson {failed_lesson} {k}" for k in
                    ("completed", "failed", "score 0", "score 0.5")]
    completed = next(s for s in of_actor(record, "learner-failer")
                     if verb(s) == "completed" and s["object"]["id"] == launch.activity_id)
    assert completed["result"]["success"] is False
    assert completed["result"]["score"]["scaled"] == 0.75  # (1 + 1 + 0 + 1) / 4 then


# --- the leave path: keepalive, a slow LRS ---------------------------------------------------


def test_every_request_made_while_leaving_carries_keepalive(record: Record) -> None:
    probes = record.lms.probes
    assert leave_problems(probes) == []
    # each lesson page left sent at least its "terminated" then: TinCan and cmi5 alike
    leaving = [p for p in probes if p["url"].endswith("/statements") and p["method"] == "POST"]
    assert {p["page"].split("/")[1] for p in leaving} == {"xapi", "cmi5"}
    assert len(leaving) >= 19


def test_the_leave_check_finds_a_request_that_could_be_lost() -> None:
    """leave_problems on reports a broken page would make."""
    sound = {"page": "/p", "url": "/statements", "method": "POST", "keepalive": True,
             "bytes": 900, "phase": "pagehide"}
    assert leave_problems([sound]) == []
    assert leave_problems([dict(sound, keepalive=False)]) == [
        "POST /statements from /p after pagehide: no keepalive"]
    assert len(leave_problems([dict(sound, bytes=70_000, phase="hidden")])) == 1


def test_a_slow_lrs_still_gets_every_statement(record: Record) -> None:
    # The LRS answers each POST after the page is gone; nothing made before leaving is lost.
    verbs = lesson_verbs(record, "learner-slow", record.course.lessons[0].id)
    assert verbs == ["attempted", "passed", "completed", "terminated"]
    answered = [s for s in of_actor(record, "learner-slow") if verb(s) == "answered"]
    assert len(answered) == 4
    slow = [b for b in record.lms.forwarded if any(
        s["actor"].get("name") == "learner-slow" for s in b.statements)]
    assert all(b.status == 200 or (b.status == 204 and record.lms.resent(b)) for b in slow)


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
