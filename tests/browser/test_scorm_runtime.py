"""The tracking runtime against a real SCORM runtime in a real LMS set-up: every SCO of the
exported example course in headless Chromium with JavaScript on, inside a test LMS page
(``tests/browser/scorm_lms.html``) whose API is npm scorm-again configured as an LMS
configures it, for SCORM 1.2 and 2004.

The test LMS is an LMS, not a mock: scorm-again's ``lmsCommitUrl`` points at the loopback
test server (so LMSCommit/Commit is its shipped synchronous POST and LMSFinish/Terminate its
termination beacon), the SCO runs in an iframe that is navigated to the next page when the
learner leaves (or the whole tab is closed), every API call is recorded with the error code
read right after it (during unload too: the page sends its call log by beacon), scorm-again's
logging is on and the console is read. Two more API doubles give other players' documented
commit behaviour over the same scorm-again data model: Moodle's (synchronous, a beacon and a
fake "true" while the page is dismissed) and one that answers 391 to a commit it cannot send.

What the LMS recorded is what the server received: the data of the last commit of a run.
One node process (``scorm_runtime.js``) runs every launch; each test asserts one property.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from lxml import etree
from tests.browser.conftest import (
    HERE,
    NODE_MODULES,
    LmsStore,
    require_tools,
    run_node,
    serve,
)
from tests.conftest import FIXTURES, REPO_ROOT

from lmspack import check
from lmspack.build import BuildRequest, build
from lmspack.model.course import Course
from lmspack.packaging.tracking import encode_state, lesson_quiz, quiz_signature

pytestmark = pytest.mark.browser

EPOCH = 1_700_000_000
VERSIONS = ("1.2", "2004")
SCORM_AGAIN = NODE_MODULES / "scorm-again" / "dist" / "scorm-again.js"

# The spec's formats (stricter than what scorm-again accepts).
TIMESPAN_12 = re.compile(r"\d{2,4}:\d{2}:\d{2}(\.\d{1,2})?")
SESSION_12 = re.compile(r"\d{4}:\d{2}:\d{2}\.\d{2}")
TIME_12 = re.compile(r"([01]\d|2[0-3]):[0-5]\d:[0-5]\d")
DURATION_2004 = re.compile(r"PT(?=\d)(\d+H)?(\d+M)?(\d+(\.\d{1,2})?S)?")
TIMESTAMP_2004 = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{1,2}Z")


@dataclass(frozen=True)
class Launch:
    """One launch of one SCO: which package and lesson, what the learner does, how the LMS
    is set up, and how the learner leaves."""

    name: str
    package: str  # folder of the unzipped package in the served folder
    version: str
    lesson: str
    steps: tuple[tuple[str, ...], ...] = ()  # ("answer", q, value) | ("reset",) | ("hide",)
    resume: str | None = None  # start from what the LMS stored at the end of that run
    keep: str = "all"  # on resume: "all", or "status" (the LMS kept no suspend_data)
    leave: str = "navigate"  # "navigate": the frame goes to the next page; "close": the tab;
    # "bfcache": the SCO's own window goes to the next page and comes back (Back button)
    double: str | None = None  # None: scorm-again itself; "moodle" or "strict391"
    modeless: bool = False  # the LMS never sets the mode or the credit
    mode: str | None = None  # cmi.core.lesson_mode / cmi.mode the LMS sets
    credit: str | None = None  # cmi.core.credit / cmi.credit the LMS sets
    after_restore: tuple[str, ...] | None = None  # leave "bfcache": a step once restored

    @property
    def answers(self) -> tuple[tuple[str, str], ...]:
        """Every answer given, in order (a reset does not remove earlier ones)."""
        return tuple((s[1], s[2]) for s in self.steps if s[0] == "answer")

    @property
    def final_answers(self) -> dict[str, str]:
        """The answers standing when the learner leaves: the last ones after any reset."""
        final: dict[str, str] = {}
        for item in self.steps:
            if item[0] == "reset":
                final = {}
            elif item[0] == "answer":
                final[item[1]] = item[2]
        return final

    @property
    def tag(self) -> str:
        return self.version.replace(".", "")


def answers_for(course: Course, lesson_id: str, pattern: str) -> tuple[tuple[str, ...], ...]:
    """Answer steps from a pattern over the quiz: ``r`` right, ``w`` wrong, ``-`` skipped."""
    quiz = lesson_quiz(course, course.lesson(lesson_id))
    picks = []
    for question, mark in zip(quiz, pattern, strict=False):
        if mark == "-":
            continue
        wrong = next(o for o in question["options"] if o != question["correct"])
        picks.append(("answer", question["id"], question["correct"] if mark == "r" else wrong))
    return tuple(picks)


RESET = (("reset",),)


def launches(example: Course, full: Course, wide: Course) -> list[Launch]:
    ids = [entry.id for entry in example.lessons]
    first = ids[0]

    def on(lesson: str, pattern: str) -> tuple[tuple[str, ...], ...]:
        return answers_for(example, lesson, pattern)

    # Lesson 1 all right, 2 one wrong (75 = the pass mark), 3 half wrong, 4 first wrong then
    # corrected.
    patterns = {ids[0]: "rrrr", ids[1]: "rrrw", ids[2]: "rwrw", ids[3]: "rrrr"}
    out: list[Launch] = []
    for version in VERSIONS:
        tag = version.replace(".", "")
        ex = f"ex{tag}"
        for lesson, pattern in patterns.items():
            steps = on(lesson, pattern)
            if lesson == ids[3]:
                steps = on(lesson, "w") + steps
            out.append(Launch(f"{tag}-{lesson}", ex, version, lesson, steps))
        out += [
            Launch(f"{tag}-resume-1", ex, version, ids[1], on(ids[1], "rw")),
            Launch(f"{tag}-resume-2", ex, version, ids[1], on(ids[1], "--rr"),
                   resume=f"{tag}-resume-1"),
            # intro overrides the course pass mark with 50: 2 of 3 right passes.
            Launch(f"{tag}-intro", f"full{tag}", version, "intro",
                   answers_for(full, "intro", "rrw")),
            Launch(f"{tag}-no-quiz", f"full{tag}", version, "details"),
            # A passed lesson opened again where the LMS kept no answers: still passed.
            Launch(f"{tag}-relaunch", ex, version, first, resume=f"{tag}-{first}",
                   keep="status"),
            # The whole LMS tab is closed instead of the frame being navigated.
            Launch(f"{tag}-close", ex, version, first, on(first, "rrrr"), leave="close"),
            # Other players' commits, and an LMS that never sets the mode or the credit.
            Launch(f"{tag}-moodle", ex, version, ids[1], on(ids[1], "rrrw"), double="moodle"),
            Launch(f"{tag}-391", ex, version, ids[2], on(ids[2], "rwrw"), double="strict391"),
            Launch(f"{tag}-modeless", ex, version, first, on(first, "rrrr"), double="moodle",
                   modeless=True),
            # The tab goes to the background after an answer.
            Launch(f"{tag}-hide", ex, version, ids[1], (*on(ids[1], "r"), ("hide",))),
            # "Clear my answers" after a pass, then leaving, or trying again worse or better.
            Launch(f"{tag}-reset", ex, version, first, on(first, "rrrr") + RESET),
            Launch(f"{tag}-retry-lower", ex, version, first,
                   on(first, "rrrr") + RESET + on(first, "rwww")),
            Launch(f"{tag}-retry-higher", ex, version, first,
                   on(first, "rrww") + RESET + on(first, "rrrr")),
            # Relaunched after the reset: the LMS kept the pass and the (cleared) answers.
            Launch(f"{tag}-relaunch-after-reset", ex, version, first, on(first, "w"),
                   resume=f"{tag}-reset"),
            # LMS modes: review of the passed attempt, browse, and no-credit.
            Launch(f"{tag}-review", ex, version, first, on(first, "wwww"),
                   resume=f"{tag}-{first}", mode="review", credit="no-credit"),
            Launch(f"{tag}-browse", ex, version, ids[1], on(ids[1], "rrrr"), mode="browse",
                   credit="no-credit"),
            Launch(f"{tag}-no-credit", ex, version, ids[1], on(ids[1], "rrrr"),
                   credit="no-credit"),
            # Back to a page the browser kept in its back/forward cache.
            Launch(f"{tag}-bfcache", ex, version, first, on(first, "rr"), leave="bfcache",
                   after_restore=on(first, "--r")[0]),
            # 36 options (the 1.2 maximum) and a question text longer than 2004's 250.
            Launch(f"{tag}-wide", f"wide{tag}", version, "wide",
                   (("answer", "q1", "aj"), ("answer", "q2", "a"))),
        ]
    out.append(Launch("canvas-no-quiz", "canvas2004", "2004", "details"))
    return out


def lms_initial(package: Path, version: str) -> dict[str, dict[str, Any]]:
    """What an LMS takes from the manifest for each launch file: the mastery score."""
    root = etree.parse(str(package / "imsmanifest.xml")).getroot()
    cp = etree.QName(root).namespace
    hrefs = {r.get("identifier"): r.get("href", "") for r in root.iter(f"{{{cp}}}resource")}
    initial: dict[str, dict[str, Any]] = {}
    for item in root.iter(f"{{{cp}}}item"):
        href = hrefs[item.get("identifierref")] or ""
        if version == "1.2":
            score = item.findtext("{http://www.adlnet.org/xsd/adlcp_rootv1p2}masteryscore")
            initial[href] = {"student_data": {"mastery_score": score}} if score else {}
        else:
            measure = item.findtext(".//{http://www.imsglobal.org/xsd/imsss}minNormalizedMeasure")
            initial[href] = {"scaled_passing_score": measure} if measure else {}
    return initial


LONG_QUESTION = ("Which of the thirty-six options below is the one this question asks for? "
                 + "Read every option with care before you choose, " * 5 + "then pick one.")


def wide_course(root: Path) -> Path:
    """A course at SCORM's limits: a question with 36 options (the most a SCORM 1.2 choice
    can take) and a question whose text is longer than a 2004 description can hold."""
    options = ", ".join(f'"Option {n}"' for n in range(36))
    (root / "lessons").mkdir(parents=True)
    (root / "lessons" / "wide.md").write_text(
        f"---\nid: wide\ntitle: Wide\nquiz:\n  - q: Pick the last option\n"
        f"    options: [{options}]\n    answer: 35\n  - q: \"{LONG_QUESTION}\"\n"
        f"    options: [this, that]\n    answer: 0\n---\n\nText.\n", encoding="utf-8")
    (root / "course.yaml").write_text("id: wide-course\ntitle: Wide\nversion: '1'\n",
                                      encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def courses(tmp_path_factory: pytest.TempPathFactory) -> tuple[Course, Course, Course]:
    wide_root = wide_course(tmp_path_factory.mktemp("wide") / "wide")
    found = [check(REPO_ROOT).course, check(FIXTURES / "valid" / "full").course,
             check(wide_root).course]
    assert all(course is not None for course in found)
    example, full, wide = (course for course in found if course is not None)
    return example, full, wide


@pytest.fixture(scope="module")
def served(courses: tuple[Course, Course, Course],
           tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, str, LmsStore]]:
    """The unzipped packages and the test LMS, served from 127.0.0.1."""
    require_tools("playwright-core", "scorm-again")
    example, full, wide = courses
    work = tmp_path_factory.mktemp("scorm")
    root = work / "www"
    builds = [(example, "ex12", "1.2", "generic"), (example, "ex2004", "2004", "generic"),
              (full, "full12", "1.2", "generic"), (full, "full2004", "2004", "generic"),
              (full, "canvas2004", "2004", "canvas"), (wide, "wide12", "1.2", "generic"),
              (wide, "wide2004", "2004", "generic")]
    for course, folder, version, target in builds:
        [package] = build(course, BuildRequest(("scorm" + version.replace(".", ""),), target=target,
                                               out_dir=work / "dist", epoch=EPOCH)).packages
        with zipfile.ZipFile(package.path) as zf:
            zf.extractall(root / folder)
    (root / "lms").mkdir()
    for name in ("scorm_lms.html", "scorm_lms.js"):
        shutil.copy(HERE / name, root / "lms" / name)
    (root / "lms" / "next.html").write_text(
        '<!DOCTYPE html><html lang="en"><meta charset="utf-8"><title>Next</title>'
        "<p>The next activity.</p></html>", encoding="utf-8")
    shutil.copy(SCORM_AGAIN, root / "lms" / "scorm-again.js")
    store = LmsStore()
    with serve(root, store) as url:
        yield root, url, store


@pytest.fixture(scope="module")
def recorded(served: tuple[Path, str, LmsStore], courses: tuple[Course, Course, Course],
             tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    root, base, _ = served
    plan = launches(*courses)
    runs = []
    for launch in plan:
        href = f"lessons/{launch.lesson}.html"
        runs.append({
            "name": launch.name, "version": launch.version,
            "sco": f"../{launch.package}/{href}",
            "initial": lms_initial(root / launch.package, launch.version)[href],
            "resume": launch.resume, "keep": launch.keep, "leave": launch.leave,
            "double": launch.double, "modeless": launch.modeless,
            "mode": launch.mode, "credit": launch.credit,
            "steps": [list(s) for s in launch.steps],
            "afterRestore": list(launch.after_restore) if launch.after_restore else None,
            "pauseMs": 40,
        })
    config = {"lms": base + "lms/scorm_lms.html", "next": base + "lms/next.html",
              "base": base, "allowed": [base], "runs": runs,
              "scormAgain": str(root / "lms" / "scorm-again.js"),
              "lmsScript": str(root / "lms" / "scorm_lms.js")}
    result: dict[str, Any] = run_node("scorm_runtime.js", config,
                                      tmp_path_factory.mktemp("scorm-node"), timeout=400)
    result["base"] = base
    result["plan"] = {launch.name: launch for launch in plan}
    return result


def run_of(recorded: dict[str, Any], name: str) -> tuple[Launch, dict[str, Any]]:
    return recorded["plan"][name], recorded["runs"][name]


def set_values(run: dict[str, Any], phase: str | None = None) -> list[tuple[str, str]]:
    return [(c["args"][0], c["args"][1]) for c in run["calls"]
            if c["fn"] in ("LMSSetValue", "SetValue") and phase in (None, c["phase"])]


def last_set(run: dict[str, Any], element: str) -> str | None:
    values = [value for name, value in set_values(run) if name == element]
    return values[-1] if values else None


def sets_of(run: dict[str, Any], *parts: str) -> list[tuple[str, str]]:
    return [(e, v) for e, v in set_values(run) if any(part in e for part in parts)]


def quiz_runs(recorded: dict[str, Any]) -> list[str]:
    """Runs in normal credit mode whose every answer stands at the end."""
    return [name for name, launch in recorded["plan"].items()
            if launch.answers and launch.resume is None and not name.endswith("resume-1")
            and launch.mode is None and launch.credit is None and ("reset",) not in launch.steps]


def status_of(run: dict[str, Any]) -> tuple[str, ...]:
    """What the LMS recorded: (1.2 status, raw) or (2004 completion, success, scaled, raw)."""
    cmi = run["cmi"]
    if run["version"] == "1.2":
        return cmi["core"]["lesson_status"], cmi["core"]["score"]["raw"]
    return (cmi["completion_status"], cmi["success_status"], cmi["score"]["scaled"],
            cmi["score"]["raw"])


PASSED_100 = {"1.2": ("passed", "100"), "2004": ("completed", "passed", "1", "100")}


# --- the whole record: no error anywhere, leaving, the commit URL ------------------------


def test_every_call_of_every_launch_returned_no_error(recorded: dict[str, Any]) -> None:
    """Every API call, those made while the SCO is dismissed included, returns error 0."""
    assert len(recorded["runs"]) == len(recorded["plan"])
    for name, run in recorded["runs"].items():
        transport = "scorm12" if run["version"] == "1.2" else "scorm2004"
        assert run["before"]["transport"] == transport, name
        assert run["calls"], name
        bad = [c for c in run["calls"] if c["error"] != "0" or c["result"] == "false"]
        assert bad == [], name
        assert run["after"]["runtimeErrors"] == [], name
        assert run["errors"] == [], name


def test_the_call_log_is_complete(recorded: dict[str, Any]) -> None:
    """The harness itself: the server got every call the page recorded, in order."""
    for name, run in recorded["runs"].items():
        assert [c["seq"] for c in run["calls"]] == list(range(len(run["calls"]))), name
        if run["inPage"] is not None:
            assert run["inPage"]["calls"] == len(run["calls"]), name
            assert all(run["inPage"]["beacons"]), name
        posted = [c for c in run["calls"] if re.search("Commit$|^LMSFinish$|^Terminate$",
                                                       c["fn"]) and c["result"] == "true"]
        assert run["commits"] == len(posted), name


@pytest.mark.parametrize("version", VERSIONS)
def test_leaving_sets_the_final_values_and_finishes_once(recorded: dict[str, Any],
                                                         version: str) -> None:
    """While the SCO is dismissed: session time, exit, then LMSFinish/Terminate; no commit
    (the termination commit is the LMS's own, by beacon)."""
    v12 = version == "1.2"
    prefix = "cmi.core." if v12 else "cmi."
    finish = "LMSFinish" if v12 else "Terminate"
    for name, run in recorded["runs"].items():
        if run["version"] != version:
            continue
        leaving = [c for c in run["calls"] if c["phase"] == "leave"]
        assert [(c["fn"], c["args"][:1]) for c in leaving] == [
            ("LMSSetValue" if v12 else "SetValue", [prefix + "session_time"]),
            ("LMSSetValue" if v12 else "SetValue", [prefix + "exit"]),
            (finish, [""]),
        ], name
        assert [c["fn"] for c in run["calls"]].count(finish) == 1, name


def test_no_commit_right_before_finish(recorded: dict[str, Any]) -> None:
    for name, run in recorded["runs"].items():
        fns = [c["fn"] for c in run["calls"]]
        assert fns[-2] not in ("LMSCommit", "Commit"), name
        assert fns[-4] not in ("LMSCommit", "Commit") or \
            run["calls"][-4]["phase"] != "leave", name


@pytest.mark.parametrize("version", VERSIONS)
def test_the_lms_server_received_the_result(recorded: dict[str, Any], version: str) -> None:
    """The last commit the server received holds the pass, the session time and exit."""
    tag = version.replace(".", "")
    for name in (f"{tag}-ai-builder-ch4-lesson1", f"{tag}-close", f"{tag}-modeless"):
        run = recorded["runs"][name]
        assert run["commits"] >= 2, name  # the first commit after Initialize, the last at finish
        assert status_of(run) == PASSED_100[version], name
        exit_value = run["cmi"]["core"]["exit"] if version == "1.2" else run["cmi"]["exit"]
        assert exit_value == last_set(run, "cmi.core.exit" if version == "1.2" else "cmi.exit")


@pytest.mark.parametrize("version", VERSIONS)
def test_closing_the_whole_window(recorded: dict[str, Any], version: str) -> None:
    tag = version.replace(".", "")
    run = recorded["runs"][f"{tag}-close"]
    assert run["inPage"] is None  # nothing was read from the page: it is gone
    assert [c["fn"] for c in run["calls"]][-1] == ("LMSFinish" if version == "1.2"
                                                   else "Terminate")
    assert status_of(run) == PASSED_100[version]


@pytest.mark.parametrize("version", VERSIONS)
def test_other_players_commits(recorded: dict[str, Any], version: str) -> None:
    """Moodle's beacon-and-true player and a 391 player record the same results."""
    tag = version.replace(".", "")
    moodle = recorded["runs"][f"{tag}-moodle"]
    strict = recorded["runs"][f"{tag}-391"]
    if version == "1.2":
        assert status_of(moodle) == ("passed", "75") and status_of(strict) == ("failed", "50")
    else:
        assert status_of(moodle) == ("completed", "passed", "0.75", "75")
        assert status_of(strict) == ("completed", "failed", "0.5", "50")


def test_scorm_again_logs_and_the_console_is_clean(recorded: dict[str, Any]) -> None:
    messages = recorded["console"]
    assert any(m["type"] == "info" for m in messages), "scorm-again's logging is not on"
    bad = [m for m in messages if m["type"] in ("error", "warning")]
    assert bad == []


def test_nothing_leaves_loopback(recorded: dict[str, Any]) -> None:
    assert recorded["blocked"] == []
    assert all(url.startswith(recorded["base"]) for url in recorded["requests"])
    assert any(url.endswith("assets/lmspack-runtime.js") for url in recorded["requests"])


def test_set_up_order_and_a_single_initialize(recorded: dict[str, Any]) -> None:
    for name, run in recorded["runs"].items():
        fns = [c["fn"] for c in run["calls"]]
        v12 = run["version"] == "1.2"
        init = "LMSInitialize" if v12 else "Initialize"
        assert fns[0] == init and fns.count(init) == 1, name
        # Per answer (the calls up to its commit): the interaction, then score and status.
        chunk: list[str] = []
        for call in run["calls"]:
            if call["fn"] in ("LMSCommit", "Commit"):
                kinds = ["interactions" in element for element in chunk]
                assert kinds == sorted(kinds, reverse=True), (name, chunk)
                chunk = []
            elif call["fn"] in ("LMSSetValue", "SetValue"):
                chunk.append(call["args"][0])


@pytest.mark.parametrize("version", VERSIONS)
def test_each_answer_is_committed(recorded: dict[str, Any], version: str) -> None:
    tag = version.replace(".", "")
    launch, run = run_of(recorded, f"{tag}-ai-builder-ch4-lesson1")
    answering = [c["fn"] for c in run["calls"] if c["phase"] == "answer"]
    commit = "LMSCommit" if version == "1.2" else "Commit"
    assert answering.count(commit) == len(launch.answers)


@pytest.mark.parametrize("version", VERSIONS)
def test_a_hidden_tab_commits(recorded: dict[str, Any], version: str) -> None:
    tag = version.replace(".", "")
    _, run = run_of(recorded, f"{tag}-hide")
    hiding = [c["fn"] for c in run["calls"] if c["phase"] == "hide"]
    assert hiding == ["LMSCommit" if version == "1.2" else "Commit"]


# --- status and score --------------------------------------------------------------------

EXPECTED = {  # name suffix -> (1.2 status, 2004 completion, 2004 success, raw, scaled)
    "ai-builder-ch4-lesson1": ("passed", "completed", "passed", "100", "1"),
    # the example course's pass mark is 75: a score equal to it passes
    "ai-builder-ch4-lesson2": ("passed", "completed", "passed", "75", "0.75"),
    "ai-builder-ch4-lesson3": ("failed", "completed", "failed", "50", "0.5"),
    "ai-builder-ch4-lesson4": ("passed", "completed", "passed", "100", "1"),
    "intro": ("passed", "completed", "passed", "66.67", "0.6667"),
    "resume-2": ("passed", "completed", "passed", "75", "0.75"),  # 75 >= pass mark 75
}


@pytest.mark.parametrize("version", VERSIONS)
def test_status_and_score_against_the_mastery_score(recorded: dict[str, Any],
                                                    version: str) -> None:
    tag = version.replace(".", "")
    for suffix, (status, completion, success, raw, scaled) in EXPECTED.items():
        cmi = recorded["runs"][f"{tag}-{suffix}"]["cmi"]
        if version == "1.2":
            assert cmi["core"]["lesson_status"] == status, suffix
            assert cmi["core"]["score"] == {"raw": raw, "min": "0", "max": "100"}, suffix
        else:
            assert (cmi["completion_status"], cmi["success_status"]) == \
                (completion, success), suffix
            assert cmi["score"] == {"scaled": scaled, "raw": raw, "min": "0", "max": "100"}
            assert cmi["progress_measure"] == "1"


def test_mastery_comes_from_the_lms(recorded: dict[str, Any]) -> None:
    reads = {c["args"][0]: c["result"] for c in recorded["runs"]["12-intro"]["calls"]
             if c["fn"] == "LMSGetValue"}
    assert reads["cmi.student_data.mastery_score"] == "50"
    reads = {c["args"][0]: c["result"] for c in recorded["runs"]["2004-intro"]["calls"]
             if c["fn"] == "GetValue"}
    assert reads["cmi.scaled_passing_score"] == "0.5"


def test_lesson_without_a_quiz_is_completed(recorded: dict[str, Any]) -> None:
    v12 = recorded["runs"]["12-no-quiz"]["cmi"]
    assert v12["core"]["lesson_status"] == "completed"
    assert v12["core"]["score"]["raw"] == "" and v12["core"]["exit"] == ""
    v2004 = recorded["runs"]["2004-no-quiz"]["cmi"]
    assert (v2004["completion_status"], v2004["success_status"]) == ("completed", "unknown")
    assert v2004["score"]["scaled"] == "" and v2004["exit"] == "normal"
    assert v2004["suspend_data"] == ""


def test_canvas_preset_reports_a_lesson_without_quiz_as_passed(recorded: dict[str, Any]) -> None:
    cmi = recorded["runs"]["canvas-no-quiz"]["cmi"]
    assert (cmi["completion_status"], cmi["success_status"]) == ("completed", "passed")


# --- earned is kept: reset, retry, relaunch ---------------------------------------------


@pytest.mark.parametrize("version", VERSIONS)
def test_clear_my_answers_after_a_pass_keeps_the_pass(recorded: dict[str, Any],
                                                      version: str) -> None:
    tag = version.replace(".", "")
    _, run = run_of(recorded, f"{tag}-reset")
    assert run["after"]["checked"] == []  # the answers are cleared on the page
    assert status_of(run) == PASSED_100[version]
    # ... and in the resume state, so the next launch starts with an empty quiz.
    assert run["cmi"]["suspend_data"].endswith(":")
    statuses = [v for e, v in sets_of(run, "lesson_status", "success_status",
                                       "completion_status")]
    assert statuses[-1] in ("passed", "completed")
    assert "incomplete" not in statuses[statuses.index("passed"):]
    assert "unknown" not in statuses[statuses.index("passed"):]


@pytest.mark.parametrize("version", VERSIONS)
def test_a_retry_can_only_raise_the_score(recorded: dict[str, Any], version: str) -> None:
    tag = version.replace(".", "")
    _, lower = run_of(recorded, f"{tag}-retry-lower")
    assert status_of(lower) == PASSED_100[version]
    raws = [v for e, v in sets_of(lower, "score.raw")]
    assert raws and all(float(v) >= 100 for v in raws[raws.index("100"):])
    _, higher = run_of(recorded, f"{tag}-retry-higher")
    assert status_of(higher) == PASSED_100[version]
    raws = [v for e, v in sets_of(higher, "score.raw")]
    assert raws[0] == "50" and raws[-1] == "100"
    assert raws == sorted(raws, key=float)


@pytest.mark.parametrize("version", VERSIONS)
def test_relaunch_after_reset_keeps_the_pass(recorded: dict[str, Any], version: str) -> None:
    tag = version.replace(".", "")
    _, run = run_of(recorded, f"{tag}-relaunch-after-reset")
    assert run["initial"]["suspend_data"].endswith(":")
    assert run["before"]["checked"] == []
    assert status_of(run) == PASSED_100[version]


@pytest.mark.parametrize("version", VERSIONS)
def test_relaunch_without_answers_keeps_the_earned_status(recorded: dict[str, Any],
                                                          version: str) -> None:
    tag = version.replace(".", "")
    _, run = run_of(recorded, f"{tag}-relaunch")
    assert "suspend_data" not in run["initial"] and run["before"]["checked"] == []
    assert status_of(run) == PASSED_100[version]
    if version == "1.2":
        assert last_set(run, "cmi.core.lesson_status") is None
    else:
        assert last_set(run, "cmi.completion_status") is None
        assert last_set(run, "cmi.success_status") is None


# --- back/forward cache ------------------------------------------------------------------


@pytest.mark.parametrize("version", VERSIONS)
def test_a_page_restored_from_the_back_forward_cache_stays_read_only(
        recorded: dict[str, Any], version: str) -> None:
    """Leaving finished the session; the restored page makes no API call (the LMS has
    closed the attempt), says so, and the quiz still works as a page."""
    tag = version.replace(".", "")
    launch, run = run_of(recorded, f"{tag}-bfcache")
    restored = run["restored"]
    assert restored["shows"] == [False, True]  # really restored from the cache
    assert [c for c in run["calls"] if c["phase"] == "restored"] == []
    assert restored["notice"] and "LMS" in restored["notice"]
    assert run["after"]["notice"] is None
    assert launch.after_restore is not None
    assert list(launch.after_restore[1:]) in restored["checked"]
    # What the LMS kept is the session before the Back button.
    assert status_of(run)[0] == "incomplete"
    assert (run["cmi"]["core"]["exit"] if version == "1.2" else run["cmi"]["exit"]) == "suspend"


# --- LMS modes ----------------------------------------------------------------------------


@pytest.mark.parametrize("version", VERSIONS)
def test_review_changes_nothing(recorded: dict[str, Any], version: str) -> None:
    tag = version.replace(".", "")
    _, run = run_of(recorded, f"{tag}-review")
    _, earlier = run_of(recorded, f"{tag}-ai-builder-ch4-lesson1")
    # The stored answers are shown; answering again is not recorded.
    assert len(run["before"]["checked"]) == 4
    assert sets_of(run, "status", "score", "interactions", "suspend_data",
                   "progress_measure") == []
    assert status_of(run) == status_of(earlier) == PASSED_100[version]


@pytest.mark.parametrize("version", VERSIONS)
def test_browse_and_no_credit_record_no_status_or_score(recorded: dict[str, Any],
                                                        version: str) -> None:
    tag = version.replace(".", "")
    for kind in ("browse", "no-credit"):
        _, run = run_of(recorded, f"{tag}-{kind}")
        assert sets_of(run, "status", "score", "progress_measure") == [], kind
        if version == "1.2":
            assert run["cmi"]["core"]["score"]["raw"] == "", kind
            assert run["cmi"]["core"]["lesson_status"] in ("not attempted", "browsed"), kind
        else:
            assert run["cmi"]["score"]["scaled"] == "", kind
            assert run["cmi"]["success_status"] == "unknown", kind
            assert run["cmi"]["completion_status"] == "unknown", kind


@pytest.mark.parametrize("version", VERSIONS)
def test_no_credit_still_keeps_the_answers(recorded: dict[str, Any], version: str) -> None:
    tag = version.replace(".", "")
    launch, run = run_of(recorded, f"{tag}-no-credit")
    assert len(run["cmi"]["interactions"]) == len(launch.answers)
    assert run["cmi"]["suspend_data"].count(",") == 3


@pytest.mark.parametrize("version", VERSIONS)
def test_an_lms_that_never_sets_the_mode(recorded: dict[str, Any], version: str) -> None:
    tag = version.replace(".", "")
    _, run = run_of(recorded, f"{tag}-modeless")
    mode = "cmi.core.lesson_mode" if version == "1.2" else "cmi.mode"
    reads = {c["args"][0]: c["result"] for c in run["calls"] if "GetValue" in c["fn"]}
    assert reads.get(mode, "") == ""
    assert status_of(run) == PASSED_100[version]


# --- interactions ------------------------------------------------------------------------


@pytest.mark.parametrize("version", VERSIONS)
def test_one_interaction_per_question_with_result_and_pattern(
        recorded: dict[str, Any], courses: tuple[Course, Course, Course], version: str) -> None:
    example, full, wide = courses
    tag = version.replace(".", "")
    by_package = {"ex": example, "fu": full, "wi": wide}
    for name in [n for n in quiz_runs(recorded) if n.startswith(tag + "-")]:
        launch, run = run_of(recorded, name)
        course = by_package[launch.package[:2]]
        quiz = {q["id"]: q for q in lesson_quiz(course, course.lesson(launch.lesson))}
        final = launch.final_answers  # a changed answer keeps its interaction
        records = run["cmi"]["interactions"]
        assert len(records) == len(final), name
        for record in records.values():
            qid = record["id"] if version == "1.2" else record["id"].rsplit(":", 1)[1]
            question = quiz[qid]
            right = final[qid] == question["correct"]
            assert record["type"] == "choice", name
            if version == "1.2":
                # 1.2 choice responses are single characters: a..z, then 0..9.
                index = question["options"].index(final[qid])
                assert record["student_response"] == "abcdefghijklmnopqrstuvwxyz0123456789"[
                    index], name
                correct = question["options"].index(question["correct"])
                assert record["correct_responses"]["0"]["pattern"] == \
                    "abcdefghijklmnopqrstuvwxyz0123456789"[correct]
                assert record["result"] == ("correct" if right else "wrong")
                assert TIMESPAN_12.fullmatch(record["latency"]), record["latency"]
                assert TIME_12.fullmatch(record["time"]), record["time"]
            else:
                assert record["correct_responses"]["0"]["pattern"] == question["correct"]
                assert record["id"] == \
                    f"urn:lmspack:{course.id}:{launch.lesson}:{qid}"
                assert record["learner_response"] == final[qid]
                assert record["result"] == ("correct" if right else "incorrect")
                assert DURATION_2004.fullmatch(record["latency"]), record["latency"]
                assert TIMESTAMP_2004.fullmatch(record["timestamp"]), record["timestamp"]


def test_2004_descriptions_are_the_question_text_within_250(recorded: dict[str, Any]) -> None:
    records = recorded["runs"]["2004-wide"]["cmi"]["interactions"]
    texts = {r["id"].rsplit(":", 1)[1]: r["description"] for r in records.values()}
    assert texts["q1"] == "Pick the last option"
    assert len(texts["q2"]) == 250 and texts["q2"].endswith("\u2026")
    assert LONG_QUESTION.startswith(texts["q2"][:-1])


def test_a_changed_answer_updates_its_interaction(recorded: dict[str, Any]) -> None:
    for tag in ("12", "2004"):
        run = recorded["runs"][f"{tag}-ai-builder-ch4-lesson4"]
        responses = [v for e, v in set_values(run) if e == "cmi.interactions.0." +
                     ("student_response" if tag == "12" else "learner_response")]
        results = [v for e, v in set_values(run) if e == "cmi.interactions.0.result"]
        assert len(responses) == 2 and responses[0] != responses[1]
        assert results == ["wrong" if tag == "12" else "incorrect", "correct"]


# --- time --------------------------------------------------------------------------------


def test_session_time_in_each_versions_format(recorded: dict[str, Any]) -> None:
    for name, run in recorded["runs"].items():
        if run["version"] == "1.2":
            value = last_set(run, "cmi.core.session_time")
            assert value is not None and SESSION_12.fullmatch(value), (name, value)
        else:
            value = last_set(run, "cmi.session_time")
            assert value is not None and DURATION_2004.fullmatch(value), (name, value)
            assert run["cmi"]["session_time"] == value


# --- resume ------------------------------------------------------------------------------


@pytest.mark.parametrize("version", VERSIONS)
def test_unfinished_quiz_suspends_with_its_answers(recorded: dict[str, Any],
                                                   courses: tuple[Course, Course, Course],
                                                   version: str) -> None:
    example = courses[0]
    tag = version.replace(".", "")
    launch, run = run_of(recorded, f"{tag}-resume-1")
    quiz = lesson_quiz(example, example.lesson(launch.lesson))
    cmi = run["cmi"]
    assert cmi["suspend_data"] == encode_state(quiz, dict(launch.answers))
    assert cmi["suspend_data"].startswith("L1" + quiz_signature(quiz) + ":")
    if version == "1.2":
        assert (cmi["core"]["exit"], cmi["core"]["lesson_status"]) == ("suspend", "incomplete")
        assert cmi["core"]["score"]["raw"] == ""  # no score for half a quiz
    else:
        assert (cmi["exit"], cmi["completion_status"], cmi["success_status"]) == \
            ("suspend", "incomplete", "unknown")
        assert cmi["score"]["scaled"] == ""


@pytest.mark.parametrize("version", VERSIONS)
def test_a_finished_quiz_suspends_too(recorded: dict[str, Any], version: str) -> None:
    """Exit "suspend" after a finished quiz: the LMS keeps the attempt (its answers and its
    status) for the next launch instead of starting a new one."""
    tag = version.replace(".", "")
    cmi = recorded["runs"][f"{tag}-ai-builder-ch4-lesson1"]["cmi"]
    assert (cmi["core"]["exit"] if version == "1.2" else cmi["exit"]) == "suspend"


@pytest.mark.parametrize("version", VERSIONS)
def test_second_launch_restores_the_answers(recorded: dict[str, Any],
                                            version: str) -> None:
    tag = version.replace(".", "")
    first, _ = run_of(recorded, f"{tag}-resume-1")
    launch, run = run_of(recorded, f"{tag}-resume-2")
    assert run["initial"]["suspend_data"] == recorded["runs"][f"{tag}-resume-1"]["cmi"][
        "suspend_data"]
    # Before the learner does anything, the stored answers are checked and their feedback
    # is shown again.
    assert sorted(map(tuple, run["before"]["checked"])) == sorted(first.answers)
    assert run["before"]["feedback"] == len(first.answers)
    assert sorted(map(tuple, run["after"]["checked"])) == \
        sorted(first.answers + launch.answers)
    # Restored answers are not recorded again; only the new ones are.
    records = run["cmi"]["interactions"]
    answered_now = {qid for qid, _ in launch.answers}
    if version == "1.2":
        assert {r["id"] for r in records.values()} == answered_now
    else:
        # 2004 interactions are readable: the earlier ones are kept, new ones appended.
        ids = [r["id"].rsplit(":", 1)[1] for r in records.values()]
        assert ids == [qid for qid, _ in first.answers + launch.answers]


# --- the pure parts, on node's test runner -----------------------------------------------


def test_runtime_helpers_on_nodes_test_runner(courses: tuple[Course, Course, Course],
                                              tmp_path: Path) -> None:
    require_tools(chromium=False)
    cases = []
    for course in courses:
        for entry in course.lessons:
            quiz = lesson_quiz(course, entry)
            picks = [{}, {q["id"]: q["correct"] for q in quiz},
                     {q["id"]: q["options"][-1] for q in quiz[1::2]}]
            cases += [{"quiz": quiz, "answers": answers, "signature": quiz_signature(quiz),
                       "state": encode_state(quiz, answers)} for answers in picks]
    cases_file = tmp_path / "cases.json"
    cases_file.write_text(json.dumps(cases), encoding="utf-8")
    proc = subprocess.run(["node", "--test", "--test-reporter=tap", str(HERE / "runtime.test.js")],
                          cwd=REPO_ROOT,
                          env={**os.environ, "LMSPACK_RUNTIME_CASES": str(cases_file)},
                          capture_output=True, text=True, timeout=120, check=False)
    assert proc.returncode == 0, proc.stdout[-6000:] + proc.stderr[-2000:]
    assert re.search(r"^# fail 0$", proc.stdout, re.M), proc.stdout[-2000:]
    assert re.search(r"^# skipped 0$", proc.stdout, re.M), proc.stdout[-2000:]
