"""The fuzzer (scripts/fuzz.py): its judgement of outcomes, its reproducibility, and a
short seeded run on the example course that must find nothing (the long-run figures are
in the README's robustness section)."""

from __future__ import annotations

import importlib.util
import random
import sys
from pathlib import Path
from types import ModuleType

import pytest

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def fuzz() -> ModuleType:
    spec = importlib.util.spec_from_file_location("fuzz", REPO / "scripts" / "fuzz.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["fuzz"] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


def outcome(fuzz: ModuleType, code: int | None, output: str) -> object:
    return fuzz.Outcome("precompute", code, output, 0.1)


def test_an_internal_error_is_a_crash_at_its_innermost_frame(fuzz: ModuleType) -> None:
    text = ("lmspack precompute: internal error while processing widgets/a.json: ValueError: x"
            "\nTraceback (most recent call last):\n"
            '  File "/r/src/lmspack/precompute.py", line 10, in one\n'
            '  File "/r/src/lmspack/stats/monitoring/windows.py", line 90, in _fixed_windows\n'
            "ValueError: x\n")
    finding = fuzz.judge(outcome(fuzz, 2, text), validated=True)
    assert (finding.kind, finding.site) == (
        "crash", "ValueError at lmspack/stats/monitoring/windows.py:90 _fixed_windows")


def test_exit_2_for_content_is_flagged_unless_the_mutant_expects_it(fuzz: ModuleType) -> None:
    line = "lmspack export: /tmp/x/dist is a file, not a folder: cannot write outputs"
    assert fuzz.judge(outcome(fuzz, 2, line), validated=True).kind == "usage"
    assert fuzz.judge(outcome(fuzz, 2, line), True, "dist is a file, not a folder") is None


def test_validate_pass_then_build_failure_is_a_disagreement(fuzz: ModuleType) -> None:
    line = "lmspack precompute: widgets/a.json:1:1: cannot compute the widget's results: no"
    assert fuzz.judge(outcome(fuzz, 1, line), validated=True).kind == "disagree"
    assert fuzz.judge(outcome(fuzz, 1, line), validated=False) is None
    assert fuzz.judge(outcome(fuzz, 0, "ok"), validated=True) is None


def test_over_budget_is_a_hang_and_odd_exits_are_flagged(fuzz: ModuleType) -> None:
    assert fuzz.judge(outcome(fuzz, None, ""), validated=False).kind == "hang"
    assert fuzz.judge(outcome(fuzz, -1, "Traceback (most recent call last):\nKeyError: 'a'"),
                      validated=False).kind == "crash"
    assert fuzz.judge(outcome(fuzz, 3, ""), validated=False).kind == "exit"


def test_mutants_are_reproducible_from_the_seed(fuzz: ModuleType, tmp_path: Path) -> None:
    base = fuzz.make_base(tmp_path / "base")
    runs = [[fuzz.mutant(base, tmp_path / f"{n}-{i}", rng).steps for i in range(16)]
            for n, rng in enumerate([random.Random(5), random.Random(5)])]
    assert runs[0] == runs[1]
    assert {step.split()[0] for steps in runs[0] for step in steps} >= {"yaml", "json"}


def test_a_short_seeded_run_finds_nothing(fuzz: ModuleType) -> None:
    """20 inputs through validate and, when it passes, precompute and export."""
    tally = fuzz.fuzz(seed=1, count=20, minutes=None, budget=120.0, keep=None,
                      log=lambda line: None)
    assert tally.inputs == 20 and tally.runs["validate"] == 20
    assert tally.passed_validate > 0 and tally.runs["export"] > 0  # the build was reached
    assert tally.findings == {}, fuzz.summary(tally)
