"""The tracking runtime against a real SCORM runtime: every SCO of the exported example course
in headless Chromium with JavaScript on, inside a test LMS page whose API is npm
scorm-again (``tests/browser/scorm_lms.html``), for SCORM 1.2 and 2004.

The packages are unzipped into a folder served from 127.0.0.1 (the server stops with the
module, or by itself after a while). One node process (``scorm_runtime.js``) runs every
launch in one browser: it answers the quiz, removes the SCO's frame as an LMS does when the
learner leaves, and prints every API call with the error code read right after it, plus
the CMI data scorm-again kept. Each test asserts one property of that record.
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
    require_tools,
    run_node,
    serve,
)
from tests.conftest import FIXTURES, REPO_ROOT

from lmspack import check
from lmspack.build import export_course
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
    """One launch of one SCO: which package, which lesson, what the learner picks."""

    name: str
    package: str  # folder of the unzipped package in the served folder
    version: str
    lesson: str
    answers: tuple[tuple[str, str], ...]
    resume: str | None = None
    forget_answers: bool = False  # on resume, the LMS kept the status but no suspend_data


def answers_for(course: Course, lesson_id: str, pattern: str) -> tuple[tuple[str, str], ...]:
    """Answers from a pattern over the quiz: ``r`` right, ``w`` wrong, ``-`` skipped."""
    quiz = lesson_quiz(course, course.lesson(lesson_id))
    picks = []
    for question, mark in zip(quiz, pattern, strict=False):
        if mark == "-":
            continue
        wrong = next(o for o in question["options"] if o != question["correct"])
        picks.append((question["id"], question["correct"] if mark == "r" else wrong))
    return tuple(picks)


def launches(example: Course, full: Course) -> list[Launch]:
    ids = [entry.id for entry in example.lessons]
    # Lesson 1 all right, 2 one wrong (75 < 80), 3 half wrong, 4 first wrong then corrected.
    patterns = {ids[0]: "rrrr", ids[1]: "rrrw", ids[2]: "rwrw", ids[3]: "rrrr"}
    out: list[Launch] = []
    for version in VERSIONS:
        tag = version.replace(".", "")
        for lesson, pattern in patterns.items():
            picks = answers_for(example, lesson, pattern)
            if lesson == ids[3]:
                picks = answers_for(example, lesson, "w") + picks
            out.append(Launch(f"{tag}-{lesson}", f"ex{tag}", version, lesson, picks))
        out += [
            Launch(f"{tag}-resume-1", f"ex{tag}", version, ids[1],
                   answers_for(example, ids[1], "rw")),
            Launch(f"{tag}-resume-2", f"ex{tag}", version, ids[1],
                   answers_for(example, ids[1], "--rr"), resume=f"{tag}-resume-1"),
            # intro overrides the course pass mark with 50: 2 of 3 right passes.
            Launch(f"{tag}-intro", f"full{tag}", version, "intro",
                   answers_for(full, "intro", "rrw")),
            Launch(f"{tag}-no-quiz", f"full{tag}", version, "details", ()),
            # A passed lesson opened again where the LMS kept no answers: still passed.
            Launch(f"{tag}-relaunch", f"ex{tag}", version, ids[0], (),
                   resume=f"{tag}-{ids[0]}", forget_answers=True),
        ]
    out.append(Launch("canvas-no-quiz", "canvas2004", "2004", "details", ()))
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


@pytest.fixture(scope="module")
def courses() -> tuple[Course, Course]:
    example, full = check(REPO_ROOT).course, check(FIXTURES / "valid" / "full").course
    assert example is not None and full is not None
    return example, full


@pytest.fixture(scope="module")
def served(courses: tuple[Course, Course],
           tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, str]]:
    """The unzipped packages and the test LMS page, served from 127.0.0.1."""
    require_tools("playwright-core", "scorm-again")
    example, full = courses
    work = tmp_path_factory.mktemp("scorm")
    root = work / "www"
    builds = [(example, "ex12", "1.2", "generic"), (example, "ex2004", "2004", "generic"),
              (full, "full12", "1.2", "generic"), (full, "full2004", "2004", "generic"),
              (full, "canvas2004", "2004", "canvas")]
    for course, folder, version, target in builds:
        [package] = export_course(course, work / "dist", scorm=version, target=target,
                                  epoch=EPOCH).packages
        with zipfile.ZipFile(package.path) as zf:
            zf.extractall(root / folder)
    (root / "lms").mkdir()
    for name in ("scorm_lms.html", "scorm_lms.js"):
        shutil.copy(HERE / name, root / "lms" / name)
    shutil.copy(SCORM_AGAIN, root / "lms" / "scorm-again.js")
    with serve(root) as url:
        yield root, url


@pytest.fixture(scope="module")
def recorded(served: tuple[Path, str], courses: tuple[Course, Course],
             tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    root, base = served
    plan = launches(*courses)
    runs = []
    for launch in plan:
        href = f"lessons/{launch.lesson}.html"
        runs.append({
            "name": launch.name, "version": launch.version,
            "sco": f"../{launch.package}/{href}",
            "initial": lms_initial(root / launch.package, launch.version)[href],
            "resume": launch.resume, "forgetAnswers": launch.forget_answers,
            "answers": [list(a) for a in launch.answers],
            "pauseMs": 60,
        })
    config = {"lms": base + "lms/scorm_lms.html", "allowed": [base], "runs": runs}
    result: dict[str, Any] = run_node("scorm_runtime.js", config,
                                      tmp_path_factory.mktemp("scorm-node"))
    result["base"] = base
    result["plan"] = {launch.name: launch for launch in plan}
    return result


def run_of(recorded: dict[str, Any], name: str) -> tuple[Launch, dict[str, Any]]:
    return recorded["plan"][name], recorded["runs"][name]


def set_values(run: dict[str, Any]) -> list[tuple[str, str]]:
    return [(c["args"][0], c["args"][1]) for c in run["calls"]
            if c["fn"] in ("LMSSetValue", "SetValue")]


def last_set(run: dict[str, Any], element: str) -> str | None:
    values = [value for name, value in set_values(run) if name == element]
    return values[-1] if values else None


def quiz_runs(recorded: dict[str, Any]) -> list[str]:
    return [name for name, launch in recorded["plan"].items()
            if launch.answers and launch.resume is None and not name.endswith("resume-1")]


# --- the whole record --------------------------------------------------------------------


def test_every_launch_found_the_api_and_no_call_returned_an_error(
        recorded: dict[str, Any]) -> None:
    assert len(recorded["runs"]) == len(recorded["plan"])
    for name, run in recorded["runs"].items():
        transport = "scorm12" if run["version"] == "1.2" else "scorm2004"
        assert run["before"]["transport"] == transport, name
        assert run["calls"], name
        bad = [c for c in run["calls"] if c["error"] != "0" or c["result"] == "false"]
        assert bad == [], name
        assert run["after"]["runtimeErrors"] == [], name


@pytest.mark.parametrize("version", VERSIONS)
def test_relaunch_without_answers_keeps_the_earned_status(recorded: dict[str, Any],
                                                          version: str) -> None:
    tag = version.replace(".", "")
    _, run = run_of(recorded, f"{tag}-relaunch")
    assert "suspend_data" not in run["initial"] and run["before"]["checked"] == []
    if version == "1.2":
        assert run["cmi"]["core"]["lesson_status"] == "passed"
        assert last_set(run, "cmi.core.lesson_status") is None
    else:
        assert (run["cmi"]["completion_status"], run["cmi"]["success_status"]) == \
            ("completed", "passed")
        assert last_set(run, "cmi.completion_status") is None
        assert last_set(run, "cmi.success_status") is None


def test_no_script_error_and_nothing_leaves_loopback(recorded: dict[str, Any]) -> None:
    assert recorded["errors"] == []
    assert recorded["blocked"] == []
    assert all(url.startswith(recorded["base"]) for url in recorded["requests"])
    assert any(url.endswith("assets/lmspack-runtime.js") for url in recorded["requests"])


def test_set_up_order_and_a_single_finish(recorded: dict[str, Any]) -> None:
    for name, run in recorded["runs"].items():
        fns = [c["fn"] for c in run["calls"]]
        v12 = run["version"] == "1.2"
        init, finish = ("LMSInitialize", "LMSFinish") if v12 else ("Initialize", "Terminate")
        commit = "LMSCommit" if v12 else "Commit"
        assert fns[0] == init and fns.count(init) == 1, name
        assert fns[-1] == finish and fns.count(finish) == 1, name
        ends = [e for e, _ in set_values(run)][-2:]
        prefix = "cmi.core." if v12 else "cmi."
        assert ends == [prefix + "session_time", prefix + "exit"], name
        assert fns[-2] == commit, name
        # Per answer: the interaction, then score (when reported), then status.
        elements = [e for e, _ in set_values(run)]
        for index, element in enumerate(elements):
            if element.endswith(".latency"):
                status = elements.index(prefix + ("lesson_status" if v12 else
                                                  "completion_status"), index)
                between = elements[index + 1:status]
                assert all("interactions" not in e for e in between), name


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


# --- interactions ------------------------------------------------------------------------


@pytest.mark.parametrize("version", VERSIONS)
def test_one_interaction_per_question_with_result_and_pattern(
        recorded: dict[str, Any], courses: tuple[Course, Course], version: str) -> None:
    example, full = courses
    tag = version.replace(".", "")
    for name in [n for n in quiz_runs(recorded) if n.startswith(tag + "-")]:
        launch, run = run_of(recorded, name)
        course = full if launch.package.startswith("full") else example
        quiz = {q["id"]: q for q in lesson_quiz(course, course.lesson(launch.lesson))}
        final = dict(launch.answers)  # a changed answer keeps its interaction
        records = run["cmi"]["interactions"]
        assert len(records) == len(final), name
        for record in records.values():
            qid = record["id"] if version == "1.2" else record["id"].rsplit(":", 1)[1]
            question = quiz[qid]
            right = final[qid] == question["correct"]
            assert record["type"] == "choice"
            assert record["correct_responses"]["0"]["pattern"] == question["correct"]
            if version == "1.2":
                assert record["student_response"] == final[qid]
                assert record["result"] == ("correct" if right else "wrong")
                assert TIMESPAN_12.fullmatch(record["latency"]), record["latency"]
                assert TIME_12.fullmatch(record["time"]), record["time"]
            else:
                assert record["id"] == \
                    f"urn:lmspack:{course.id}:{launch.lesson}:{qid}"
                assert record["learner_response"] == final[qid]
                assert record["result"] == ("correct" if right else "incorrect")
                assert DURATION_2004.fullmatch(record["latency"]), record["latency"]
                assert TIMESTAMP_2004.fullmatch(record["timestamp"]), record["timestamp"]


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
                                                   courses: tuple[Course, Course],
                                                   version: str) -> None:
    example, _ = courses
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


def test_runtime_helpers_on_nodes_test_runner(courses: tuple[Course, Course],
                                              tmp_path: Path) -> None:
    require_tools(chromium=False)
    example, full = courses
    cases = []
    for course in (example, full):
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
