"""The CSV check's two passes: column by column when all is well, row by row to locate."""

from __future__ import annotations

from pathlib import Path

import pytest

from lmspack.source import csvfile as csvcheck
from lmspack.source.csvfile import ColumnRule, check_csv
from lmspack.validate import Settings, check

RULES = {
    "t": ColumnRule(csvcheck.timestamp, required=True),
    "p": ColumnRule(csvcheck.probability),
    "g": ColumnRule(),
}


def _slow(text: str) -> tuple[csvcheck.CsvSummary, list[object]]:
    fast = csvcheck._all_fine
    try:
        csvcheck._all_fine = lambda *args: False  # type: ignore[assignment]
        return check_csv("x.csv", text, RULES, collect=("g",))
    finally:
        csvcheck._all_fine = fast


def test_a_clean_file_gives_the_same_summary_on_both_passes() -> None:
    text = "t,p,g\n2025-01-01T00:00:00Z,0.5,a\n1700000000,NA,b\n\n2025-01-02T00:00:00Z,1,a\n"
    summary, problems = check_csv("x.csv", text, RULES, collect=("g",))
    slow_summary, slow_problems = _slow(text)
    assert problems == slow_problems == []
    assert summary == slow_summary and summary.rows == 3 and summary.values == {"g": {"a", "b"}}


@pytest.mark.parametrize(("text", "where"), [
    ("t,p,g\n2025-01-01T00:00:00Z,1.5,a\n", (2, 22)),  # probability out of range
    ("t,p,g\n2025-01-01T00:00:00Z,0.5\n", (2, 1)),  # a short row
    ("t,p,g\n,0.5,a\n", (2, 1)),  # a required cell missing
])
def test_a_problem_still_gets_its_line_and_column(text: str, where: tuple[int, int]) -> None:
    _, problems = check_csv("x.csv", text, RULES)
    assert [(d.line, d.column) for d in problems] == [where]


def test_validate_does_not_keep_the_course_when_told(tmp_path: Path) -> None:
    root = Path(__file__).resolve().parents[2]
    assert check(root).course is not None
    assert check(root, Settings(keep_course=False)).course is None
