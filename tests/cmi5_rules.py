"""Our own check of the cmi5 rules an AU's statements must keep (cmi5 "Quartz", sections
9.3-9.6), which no validator checks: the xAPI validators look at one statement at a time.

:func:`cmi5_problems` takes every statement of one registration (as the LRS stored them)
and the facts of one launch (the LMS's ``activityId``, the session id, the AU id, the launch
mode and mastery score), and returns every broken rule, in words. ``tests/unit/
test_cmi5_rules.py`` shows it failing on broken sequences; the browser test runs it on what
the runtime sent to ralph.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

VERBS = "http://adlnet.gov/expapi/verbs/"
CMI5 = "https://w3id.org/xapi/cmi5/"
CATEGORY_CMI5 = CMI5 + "context/categories/cmi5"
CATEGORY_MOVEON = CMI5 + "context/categories/moveon"
SESSION = CMI5 + "context/extensions/sessionid"
MASTERY = CMI5 + "context/extensions/masteryscore"
AU_DEFINED = ("initialized", "completed", "passed", "failed", "terminated")
LMS_VERBS = ("launched", "abandoned", "waived", "satisfied")
OUTCOMES = ("passed", "failed", "completed")

Statement = Mapping[str, Any]


@dataclass(frozen=True)
class Cmi5Launch:
    """What the LMS told the AU at launch."""

    activity_id: str
    registration: str
    session_id: str
    au_id: str
    launch_mode: str = "Normal"
    mastery: float | None = None


def verb(statement: Statement) -> str:
    """The verb's last path segment (``passed`` for ``.../verbs/passed``)."""
    return str(statement.get("verb", {}).get("id", "")).rsplit("/", 1)[-1]


def _categories(statement: Statement) -> set[str]:
    activities = statement.get("context", {}).get("contextActivities", {})
    return {a.get("id") for a in activities.get("category", [])}


def _session(statement: Statement) -> Any:
    return statement.get("context", {}).get("extensions", {}).get(SESSION)


def in_order(statements: Iterable[Statement]) -> list[Statement]:
    """By timestamp (the AU's clock), ties kept in the order given."""
    return sorted(statements, key=lambda s: str(s.get("timestamp", "")))


def cmi5_problems(statements: Sequence[Statement], launch: Cmi5Launch) -> list[str]:
    """Every cmi5 rule the AU statements of ``launch``'s session break (empty: none).
    ``statements`` may hold the whole registration: outcomes count per registration."""
    registration = [s for s in statements
                    if s.get("context", {}).get("registration") == launch.registration]
    own = in_order(s for s in registration if verb(s) not in LMS_VERBS
                   and _session(s) == launch.session_id)
    problems = _order_problems(own) + _once_problems(registration, launch)
    for number, statement in enumerate(own, start=1):
        where = f"statement {number} ({verb(statement)})"
        problems += [f"{where}: {p}" for p in _statement_problems(statement, launch)]
    return problems


def _order_problems(own: Sequence[Statement]) -> list[str]:
    verbs = [verb(s) for s in own]
    if not verbs:
        return ["the AU sent no statement in this session"]
    problems = []
    if verbs[0] != "initialized":
        problems.append(f"the first statement is {verbs[0]!r}, not 'initialized'")
    if verbs[-1] != "terminated":
        problems.append(f"the last statement is {verbs[-1]!r}, not 'terminated'")
    for name in ("initialized", "terminated"):
        if verbs.count(name) != 1:
            problems.append(f"{verbs.count(name)} {name!r} statements in the session, not 1")
    return problems


def _once_problems(registration: Sequence[Statement], launch: Cmi5Launch) -> list[str]:
    outcomes = [verb(s) for s in in_order(registration) if verb(s) in OUTCOMES
                and s.get("object", {}).get("id") == launch.activity_id]
    problems = [f"{outcomes.count(name)} {name!r} statements in the registration (at most 1)"
                for name in OUTCOMES if outcomes.count(name) > 1]
    if "passed" in outcomes and "failed" in outcomes[outcomes.index("passed"):]:
        problems.append("'failed' follows 'passed'")
    if launch.launch_mode != "Normal" and outcomes:
        problems.append(f"{launch.launch_mode} launch sent {', '.join(outcomes)}")
    return problems


def _statement_problems(statement: Statement, launch: Cmi5Launch) -> list[str]:
    name, result = verb(statement), statement.get("result", {})
    context = statement.get("context", {})
    problems = []
    grouping = {a.get("id") for a in context.get("contextActivities", {}).get("grouping", [])}
    if launch.au_id not in grouping:
        problems.append("the context template's AU id is not in contextActivities.grouping")
    if not str(statement.get("timestamp", "")).endswith("Z"):
        problems.append("no UTC timestamp")
    if name not in AU_DEFINED:
        if CATEGORY_CMI5 in _categories(statement):
            problems.append("a 'cmi5 allowed' statement carries the cmi5 category")
        return problems
    if statement.get("object", {}).get("id") != launch.activity_id:
        problems.append("the object is not the launch's activityId")
    problems += _category_problems(statement, result)
    problems += _result_problems(name, result, context, launch)
    return problems


def _category_problems(statement: Statement, result: Mapping[str, Any]) -> list[str]:
    categories = _categories(statement)
    problems = [] if CATEGORY_CMI5 in categories else ["no cmi5 category"]
    judged = "success" in result or "completion" in result
    if judged != (CATEGORY_MOVEON in categories):
        problems.append("the moveon category must be there exactly when the result has "
                        "success or completion")
    return problems


def _result_problems(name: str, result: Mapping[str, Any], context: Mapping[str, Any],
                     launch: Cmi5Launch) -> list[str]:
    problems = []
    if name in ("completed", "passed", "failed", "terminated") and "duration" not in result:
        problems.append("no result.duration")
    if ("score" in result) != (name in ("passed", "failed")):
        problems.append("score only, and always, on passed/failed")
    if ("success" in result) != (name in ("passed", "failed")) or \
            result.get("success", name == "passed") != (name == "passed"):
        problems.append("success must be true on passed, false on failed, absent otherwise")
    if ("completion" in result) != (name == "completed") or \
            result.get("completion", True) is not True:
        problems.append("completion must be true on completed, absent otherwise")
    if name in ("passed", "failed") and launch.mastery is not None:
        scaled = result.get("score", {}).get("scaled")
        if context.get("extensions", {}).get(MASTERY) != launch.mastery:
            problems.append("no masteryscore extension with the LMS's mastery score")
        if scaled is None or (scaled >= launch.mastery) != (name == "passed"):
            problems.append(f"score {scaled} does not agree with {name} at mastery "
                            f"{launch.mastery}")
    return problems
