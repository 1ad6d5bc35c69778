"""The K rules (what a cartridge alters in a quiz): reported by ``lmspack validate --cc``
(and for the formats named in ``Settings.formats``), never by a plain ``lmspack validate``
(the cartridge is not checked by default), at the exact positions."""

from __future__ import annotations

from pathlib import Path

import pytest

from lmspack.cli import main
from lmspack.validate import Settings, check

MIXED = Path(__file__).resolve().parents[1] / "fixtures" / "cartridge" / "mixed"
K_RULES = MIXED.parent / "k-rules"
REPO = Path(__file__).resolve().parents[2]


def _found(root: Path, formats: tuple[str, ...] | None = None) -> list[str]:
    report = check(root, Settings(formats=formats))
    return sorted(f"{d.path}:{d.line}:{d.column}: {d.code}" for d in report.diagnostics)


def _expected(path: Path) -> list[str]:
    lines = [line for line in path.read_text(encoding="utf-8").splitlines()
             if line.strip() and not line.startswith("#")]
    return sorted(lines)


@pytest.mark.parametrize("case", [MIXED / "expected-cc.txt", K_RULES / "expected.txt"],
                         ids=["mixed", "k-rules"])
def test_k_rules_at_the_expected_positions_only_when_asked(case: Path) -> None:
    assert _found(case.parent, ("cc11",)) == _expected(case)
    assert [line for line in _found(case.parent) if ": K" in line] == []
    assert _found(case.parent, ("scorm12", "xapi")) == []


def test_every_k_rule_is_triggered() -> None:
    from lmspack import RULES

    triggered = {line.rsplit(" ", 1)[1] for line in _expected(K_RULES / "expected.txt")}
    assert triggered == {code for code, rule in RULES.items() if rule.stage == "format"}


def test_the_example_course_loses_nothing_in_a_cartridge() -> None:
    assert _found(REPO, ("cc11",)) == []


def test_validate_cc_on_the_command_line(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", "--cc", "--root", str(MIXED)]) == 0
    out = capsys.readouterr().out
    assert "K101 [warning]" in out and "5 warnings" in out
    assert main(["validate", "--cc", "--strict", "--root", str(MIXED)]) == 1
    capsys.readouterr()
    assert main(["validate", "--root", str(MIXED)]) == 0
    assert " K10" not in capsys.readouterr().out
