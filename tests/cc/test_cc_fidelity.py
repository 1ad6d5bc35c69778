"""``lmspack validate --cc``: the K rules, at the exact positions, only when asked for."""

from __future__ import annotations

from pathlib import Path

import pytest

from lmspack import RULES
from lmspack.cli import main
from lmspack.validate import Settings, check

MIXED = Path(__file__).resolve().parents[1] / "fixtures" / "cartridge" / "mixed"
REPO = Path(__file__).resolve().parents[2]


def _found(root: Path, cartridge: bool) -> list[str]:
    report = check(root, Settings(cartridge=cartridge))
    return sorted(f"{d.path}:{d.line}:{d.column}: {d.code}" for d in report.diagnostics)


def test_validate_cc_reports_exactly_the_expected_k_rules() -> None:
    lines = (MIXED / "expected-cc.txt").read_text(encoding="utf-8").split()
    expected = sorted(" ".join(pair) for pair in zip(lines[::2], lines[1::2], strict=True))
    assert _found(MIXED, cartridge=True) == expected


def test_every_k_rule_is_triggered_and_only_with_cc() -> None:
    triggered = {line.rsplit(" ", 1)[1] for line in _found(MIXED, cartridge=True)}
    assert triggered == {code for code, rule in RULES.items() if rule.stage == "cartridge"}
    assert _found(MIXED, cartridge=False) == []


def test_the_example_course_loses_nothing_in_a_cartridge() -> None:
    assert _found(REPO, cartridge=True) == []


def test_validate_cc_on_the_command_line(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", "--cc", "--root", str(MIXED)]) == 0
    out = capsys.readouterr().out
    assert "K101 [warning]" in out and "5 warnings" in out
    assert main(["validate", "--cc", "--strict", "--root", str(MIXED)]) == 1
    capsys.readouterr()
    assert main(["validate", "--root", str(MIXED)]) == 0
    assert "K10" not in capsys.readouterr().out
