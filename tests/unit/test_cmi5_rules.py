"""The cmi5 rules check (tests/cmi5_rules.py) passes a good session and fails broken ones:
the browser test relies on it, so each rule it enforces is shown to bite here."""

from __future__ import annotations

import copy
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from tests.cmi5_rules import (
    CATEGORY_CMI5,
    CATEGORY_MOVEON,
    MASTERY,
    SESSION,
    VERBS,
    Cmi5Launch,
    cmi5_problems,
)

LAUNCH = Cmi5Launch(activity_id="https://lms.example/activities/1",
                    registration="0d4a6f0e-4e27-4c38-9a6c-1d6c2a7b9e10", session_id="s-1",
                    au_id="https://courses.example/c/lessons/a", mastery=0.75)
Statement = dict[str, Any]


def statement(name: str, second: int, result: dict[str, Any] | None = None,
              categories: tuple[str, ...] = (CATEGORY_CMI5,), mastery: bool = False,
              object_id: str = LAUNCH.activity_id) -> Statement:
    context: dict[str, Any] = {
        "registration": LAUNCH.registration,
        "contextActivities": {"grouping": [{"id": LAUNCH.au_id}],
                              "category": [{"id": c} for c in categories]},
        "extensions": {SESSION: LAUNCH.session_id}}
    if mastery:
        context["extensions"][MASTERY] = LAUNCH.mastery
    out: Statement = {"id": f"id-{name}-{second}", "verb": {"id": VERBS + name},
                      "object": {"id": object_id}, "context": context,
                      "timestamp": f"2026-11-30T05:00:{second:02d}.000Z"}
    if result is not None:
        out["result"] = result
    return out


def good_session() -> list[Statement]:
    judged = (CATEGORY_CMI5, CATEGORY_MOVEON)
    return [
        statement("initialized", 1),
        statement("answered", 2, {"success": False, "response": "a"}, categories=(),
                  object_id=LAUNCH.activity_id + "/q1"),
        statement("failed", 3, {"score": {"scaled": 0.5}, "success": False, "duration": "PT2S"},
                  judged, mastery=True),
        statement("completed", 4, {"completion": True, "duration": "PT2S"}, judged),
        statement("passed", 5, {"score": {"scaled": 1.0}, "success": True, "duration": "PT3S"},
                  judged, mastery=True),
        statement("terminated", 6, {"duration": "PT4S"}),
    ]


def test_a_good_session_passes() -> None:
    assert cmi5_problems(good_session(), LAUNCH) == []


def _failed_after_passed(s: list[Statement]) -> None:
    del s[2]  # the failed attempt before the pass: one 'failed' in all, after 'passed'
    s.insert(4, copy.deepcopy(s[3]) | {"id": "again", "timestamp": "2026-11-30T05:00:05.500Z",
                                       "verb": {"id": VERBS + "failed"},
                                       "result": {"score": {"scaled": 0.5}, "success": False,
                                                  "duration": "PT3S"}})


def _passed_twice(s: list[Statement]) -> None:
    s.insert(5, copy.deepcopy(s[4]) | {"id": "again", "timestamp": "2026-11-30T05:00:05.500Z"})


def _statement_after_terminated(s: list[Statement]) -> None:
    s.append(copy.deepcopy(s[1]) | {"id": "late", "timestamp": "2026-11-30T05:00:09.000Z"})


def _answered_before_initialized(s: list[Statement]) -> None:
    s[1]["timestamp"] = "2026-11-30T05:00:00.000Z"


def _initialized_twice(s: list[Statement]) -> None:
    s.insert(1, copy.deepcopy(s[0]) | {"id": "again", "timestamp": "2026-11-30T05:00:01.500Z"})


def _terminated_twice(s: list[Statement]) -> None:
    s.append(copy.deepcopy(s[-1]) | {"id": "again", "timestamp": "2026-11-30T05:00:07.000Z"})


def _no_statement(s: list[Statement]) -> None:
    s.clear()


def _object_is_the_au_id(s: list[Statement]) -> None:
    s[4]["object"]["id"] = LAUNCH.au_id


def _no_cmi5_category(s: list[Statement]) -> None:
    s[0]["context"]["contextActivities"]["category"] = []


def _moveon_on_terminated(s: list[Statement]) -> None:
    s[-1]["context"]["contextActivities"]["category"].append({"id": CATEGORY_MOVEON})


def _score_on_completed(s: list[Statement]) -> None:
    s[3]["result"]["score"] = {"scaled": 1.0}


def _success_on_failed(s: list[Statement]) -> None:
    s[2]["result"]["success"] = True


def _completion_false(s: list[Statement]) -> None:
    s[3]["result"]["completion"] = False


def _passed_below_mastery(s: list[Statement]) -> None:
    s[4]["result"]["score"]["scaled"] = 0.5


def _no_mastery_extension(s: list[Statement]) -> None:
    del s[4]["context"]["extensions"][MASTERY]


def _cmi5_category_on_answered(s: list[Statement]) -> None:
    s[1]["context"]["contextActivities"]["category"] = [{"id": CATEGORY_CMI5}]


def _no_duration_on_terminated(s: list[Statement]) -> None:
    s[-1]["result"] = {}


def _no_au_id_in_grouping(s: list[Statement]) -> None:
    s[2]["context"]["contextActivities"]["grouping"] = []


def _timestamp_not_utc(s: list[Statement]) -> None:
    s[1]["timestamp"] = "2026-11-30T05:00:02.000+00:00"


BREAKAGES: dict[str, tuple[Callable[[list[Statement]], None], str]] = {
    f.__name__.strip("_"): (f, problem) for f, problem in (
        (_failed_after_passed, "'failed' follows 'passed'"),
        (_passed_twice, "2 'passed' statements in the registration (at most 1)"),
        (_statement_after_terminated, "the last statement is 'answered', not 'terminated'"),
        (_answered_before_initialized, "the first statement is 'answered', not 'initialized'"),
        (_initialized_twice, "2 'initialized' statements in the session, not 1"),
        (_terminated_twice, "2 'terminated' statements in the session, not 1"),
        (_no_statement, "the AU sent no statement in this session"),
        (_object_is_the_au_id, "statement 5 (passed): the object is not the launch's "
                               "activityId"),
        (_no_cmi5_category, "statement 1 (initialized): no cmi5 category"),
        (_moveon_on_terminated, "statement 6 (terminated): the moveon category must be there "
                                "exactly when the result has success or completion"),
        (_score_on_completed, "statement 4 (completed): score only, and always, on "
                              "passed/failed"),
        (_success_on_failed, "statement 3 (failed): success must be true on passed, false on "
                             "failed, absent otherwise"),
        (_completion_false, "statement 4 (completed): completion must be true on completed, "
                            "absent otherwise"),
        (_passed_below_mastery, "statement 5 (passed): score 0.5 does not agree with passed "
                                "at mastery 0.75"),
        (_no_mastery_extension, "statement 5 (passed): no masteryscore extension with the "
                                "LMS's mastery score"),
        (_cmi5_category_on_answered, "statement 2 (answered): a 'cmi5 allowed' statement "
                                     "carries the cmi5 category"),
        (_no_duration_on_terminated, "statement 6 (terminated): no result.duration"),
        (_no_au_id_in_grouping, "statement 3 (failed): the context template's AU id is not in "
                                "contextActivities.grouping"),
        (_timestamp_not_utc, "statement 2 (answered): no UTC timestamp"),
    )}


@pytest.mark.parametrize("name", BREAKAGES)
def test_each_rule_fires_alone_on_its_breakage(name: str) -> None:
    """One breakage, exactly one problem: the rule it breaks (issue 22: asserting only "some
    problem" let one rule pass for another, and 'failed after passed' never showed alone)."""
    statements = good_session()
    breakage, problem = BREAKAGES[name]
    breakage(statements)
    assert cmi5_problems(statements, LAUNCH) == [problem]


def test_every_rule_of_the_check_has_a_breakage() -> None:
    """Each problem the check can word (its message templates in tests/cmi5_rules.py) is
    the lone outcome of some breakage above, or of the launch-mode test below."""
    source = (Path(__file__).resolve().parents[1] / "cmi5_rules.py").read_text("utf-8")
    templates = re.findall(r'problems\.append\(f?"([^"]+)', source) + \
        re.findall(r'\[f?"([^"]+)" for name in OUTCOMES', source) + \
        re.findall(r'return \["([^"]+)"\]', source)
    shown = [problem for _, problem in BREAKAGES.values()] + ["Browse launch sent passed"]
    for template in templates:
        pattern = re.sub(r"\\\{[^}]*\\\}", ".+", re.escape(template.split('"')[0]))
        assert any(re.search(pattern, problem) for problem in shown), template


def test_outcomes_in_a_browse_launch_fail() -> None:
    browse = Cmi5Launch(**{**LAUNCH.__dict__, "launch_mode": "Browse"})
    assert any("Browse launch sent" in p for p in cmi5_problems(good_session(), browse))
    quiet = [s for s in good_session() if s["verb"]["id"].rsplit("/", 1)[1]
             not in ("passed", "failed", "completed")]
    assert cmi5_problems(quiet, browse) == []


def test_a_second_session_of_the_registration_may_not_pass_again() -> None:
    second = Cmi5Launch(**{**LAUNCH.__dict__, "session_id": "s-2"})
    later = copy.deepcopy(good_session()[-2:])  # passed, terminated
    for item in later:
        item["context"]["extensions"][SESSION] = "s-2"
        item["timestamp"] = item["timestamp"].replace(":00:", ":01:")
    opened = statement("initialized", 59)
    opened["timestamp"] = "2026-11-30T05:00:59.500Z"
    opened["context"]["extensions"][SESSION] = "s-2"
    problems = cmi5_problems([*good_session(), opened, *later], second)
    assert problems == ["2 'passed' statements in the registration (at most 1)"]
