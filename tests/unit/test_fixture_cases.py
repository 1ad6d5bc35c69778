"""Every fixture course under tests/fixtures/{valid,invalid}/ is checked by folder listing.

An invalid case stores ``expected.txt`` beside its input: one ``path:line:col: CODE`` per
expected diagnostic. The whole set must match exactly: a missing diagnostic, an extra one,
or one at another position fails.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from lmspack import RULES, check

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
VALID = sorted(p for p in (FIXTURES / "valid").iterdir() if p.is_dir())
INVALID = sorted(p for p in (FIXTURES / "invalid").iterdir() if p.is_dir())


def found(case: Path) -> list[str]:
    report = check(case)
    return [f"{d.path}:{d.line}:{d.column}: {d.code}" for d in report.diagnostics]


def expected(case: Path) -> list[str]:
    lines = (case / "expected.txt").read_text(encoding="utf-8").splitlines()
    return [line for line in lines if line.strip() and not line.startswith("#")]


@pytest.mark.parametrize("case", VALID, ids=lambda p: p.name)
def test_valid_case_has_no_diagnostics(case: Path) -> None:
    assert found(case) == []


@pytest.mark.parametrize("case", INVALID, ids=lambda p: p.name)
def test_invalid_case_reports_exactly_the_expected_diagnostics(case: Path) -> None:
    assert sorted(found(case)) == sorted(expected(case))


# A rule whose fixture would be too big for the repository, and the test that triggers it
# with its limit lowered instead.
TOO_BIG_FOR_A_FIXTURE = {"F009": "tests/unit/test_data_limits.py"}


def test_every_rule_has_a_fixture_that_triggers_it() -> None:
    """Export-stage rules are triggered by an export: tests/unit/test_xapi_packages.py;
    rules of a format not checked by default (K: ``validate --cc``) by
    tests/cc/test_cc_fidelity.py."""
    triggered = {line.rsplit(" ", 1)[1] for case in INVALID for line in expected(case)}
    checked_by_validate = {code for code, rule in RULES.items() if rule.stage == "validate"}
    assert sorted(checked_by_validate - triggered) == sorted(TOO_BIG_FOR_A_FIXTURE)
    root = FIXTURES.parents[1]
    for code, test in TOO_BIG_FOR_A_FIXTURE.items():
        assert f'"{code}"' in (root / test).read_text(encoding="utf-8"), code
    assert {code for code, rule in RULES.items() if rule.stage == "export"} == {"C101"}


def test_every_rule_is_documented() -> None:
    for rule in RULES.values():
        assert rule.summary.endswith("."), rule.code
        assert "Fix" in rule.explanation or "fix" in rule.explanation, rule.code
        assert rule.name == rule.name.lower() and " " not in rule.name, rule.code
