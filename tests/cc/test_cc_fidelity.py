"""The K rules (what a cartridge alters in a quiz): reported by every ``lmspack validate``
with the other formats' limits, alone with ``validate --cc``, not with another format's
option, at the exact positions. tests/fixtures/invalid/cartridge triggers each one for
the fixture-case test; this file checks the mixed cartridge course and the options."""

from __future__ import annotations

from pathlib import Path

import pytest

from lmspack.cli import main
from lmspack.validate import Settings, check

MIXED = Path(__file__).resolve().parents[1] / "fixtures" / "cartridge" / "mixed"
REPO = Path(__file__).resolve().parents[2]


def _found(root: Path, formats: tuple[str, ...] | None = None) -> list[str]:
    report = check(root, Settings(formats=formats))
    return sorted(f"{d.path}:{d.line}:{d.column}: {d.code}" for d in report.diagnostics)


def test_k_rules_at_the_expected_positions() -> None:
    lines = (MIXED / "expected-cc.txt").read_text(encoding="utf-8").split()
    expected = sorted(" ".join(pair) for pair in zip(lines[::2], lines[1::2], strict=True))
    assert _found(MIXED) == expected
    assert _found(MIXED, ("cc11",)) == expected
    assert _found(MIXED, ("scorm12", "xapi")) == []


def test_the_example_course_loses_nothing_in_a_cartridge() -> None:
    assert [line for line in _found(REPO) if " K" in line] == []


def test_validate_cc_on_the_command_line(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", "--cc", "--root", str(MIXED)]) == 0
    out = capsys.readouterr().out
    assert "K101 [warning]" in out and "5 warnings" in out
    assert main(["validate", "--cc", "--strict", "--root", str(MIXED)]) == 1
    capsys.readouterr()
    assert main(["validate", "--scorm", "1.2", "--root", str(MIXED)]) == 0
    assert " K10" not in capsys.readouterr().out
