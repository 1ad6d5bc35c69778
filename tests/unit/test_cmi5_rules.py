"""The cmi5 rules check (tests/cmi5_rules.py) passes a good session and fails broken ones:
the browser test relies on it, so each rule it enforces is shown to bite here."""

from __future__ import annotations

import copy
from collections.abc import Callable
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
    s.insert(5, copy.deepcopy(s[2]) | {"id": "again", "timestamp": "2026-11-30T05:00:05.500Z"})


def _passed_twice(s: list[Statement]) -> None:
    s.insert(5, copy.deepcopy(s[4]) | {"id": "again", "timestamp": "2026-11-30T05:00:05.500Z"})


def _statement_after_terminated(s: list[Statement]) -> None:
    s.append(copy.deepcopy(s[1]) | {"id": "late", "timestamp": "2026-11-30T05:00:09.000Z"})


def _answered_before_initialized(s: list[Statement]) -> None:
    s[1]["timestamp"] = "2026-11-30T05:00:00.000Z"


def _no_terminated(s: list[Statement]) -> None:
    del s[-1]


def _object_is_the_au_id(s: list[Statement]) -> None:
    s[4]["object"]["id"] = LAUNCH.au_id


def _no_cmi5_category(s: list[Statement]) -> None:
    s[0]["context"]["contextActivities"]["category"] = []


def _moveon_on_terminated(s: list[Statement]) -> None:
    s[-1]["context"]["contextActivities"]["category"].append({"id": CATEGORY_MOVEON})


def _score_on_completed(s: list[Statement]) -> None:
    s[3]["result"]["score"] = {"scaled": 1.0}


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


BREAKAGES: dict[str, Callable[[list[Statement]], None]] = {
    f.__name__.strip("_"): f for f in (
        _failed_after_passed, _passed_twice, _statement_after_terminated,
        _answered_before_initialized, _no_terminated, _object_is_the_au_id,
        _no_cmi5_category, _moveon_on_terminated, _score_on_completed,
        _passed_below_mastery, _no_mastery_extension, _cmi5_category_on_answered,
        _no_duration_on_terminated, _no_au_id_in_grouping)}


@pytest.mark.parametrize("name", BREAKAGES)
def test_a_broken_session_fails(name: str) -> None:
    statements = good_session()
    BREAKAGES[name](statements)
    assert cmi5_problems(statements, LAUNCH) != []


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
