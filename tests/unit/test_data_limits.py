"""Issue 22: documented data limits are diagnostics (D012), and memory does not depend on
the longest cell."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from lmspack.source import csvfile
from lmspack.source.csvfile import ColumnRule, check_csv, size_problem

REPO = Path(__file__).resolve().parents[2]


def test_a_file_over_the_size_limit_is_d012() -> None:
    assert size_problem("a.csv", csvfile.MAX_CSV_BYTES) is None
    problem = size_problem("a.csv", csvfile.MAX_CSV_BYTES + 1)
    assert problem is not None and problem.code == "D012" and "1 GiB" in problem.message


def test_more_rows_than_the_limit_is_d012_and_the_limit_itself_is_fine(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(csvfile, "MAX_CSV_ROWS", 3)
    columns = {"x": ColumnRule(csvfile.numeric)}
    _, fine = check_csv("a.csv", "x\n1\n2\n3\n", columns)
    _, fine_no_newline = check_csv("a.csv", "x\n1\n2\n3", columns)
    _, over = check_csv("a.csv", "x\n1\n2\n3\n4\n", columns)
    assert fine == [] and fine_no_newline == []
    assert [(d.code, d.line) for d in over] == [("D012", 5)]


def test_precompute_memory_does_not_depend_on_the_longest_cell(tmp_path: Path) -> None:
    """A prediction log of 8,404 rows whose one group name is 1,000,000 characters is read
    within 3 GiB of address space: a fixed-width str array made of it needed 8,404 x 4 MB
    (33 GB; the 100,000-character cell of the issue, 3.1 GiB)."""
    script = f"""
import resource, sys
sys.path.insert(0, {str(REPO / 'src')!r})
from lmspack.stats.monitoring.log import PredictionLog
n = 8404
columns = {{"timestamp": [1.7e9 + 60 * i for i in range(n)],
           "prediction": [i % 2 for i in range(n)],
           "score": [0.5] * n, "label": [i % 2 for i in range(n)], "latency_ms": [10.0] * n,
           "sex": ["x" * 1_000_000] + ["male", "female"] * ((n - 1) // 2) + ["male"]}}
resource.setrlimit(resource.RLIMIT_AS, (3 << 30, 3 << 30))
log, problems = PredictionLog.from_columns(columns, ["sex"])
assert not problems and len(log) == n
print("ok")
"""
    proc = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                          timeout=120)
    assert proc.stdout.strip() == "ok", proc.stderr[-2000:]


def test_a_lesson_widget_or_course_file_over_the_limit_is_f009(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from lmspack import check
    from lmspack.source import files

    (tmp_path / "lessons").mkdir()
    (tmp_path / "widgets").mkdir()
    lesson = "---\nid: a\ntitle: A\n---\n" + "Text. " * 40
    (tmp_path / "lessons" / "a.md").write_text(lesson, encoding="utf-8")
    (tmp_path / "lessons" / "b.md").write_text("---\nid: b\ntitle: B\n---\n", encoding="utf-8")
    (tmp_path / "widgets" / "w.json").write_text('{"type": "x", "pad": "' + "y" * 300 + '"}',
                                                 encoding="utf-8")
    (tmp_path / "course.yaml").write_text("title: C\n# " + "z" * 300 + "\n", encoding="utf-8")
    monkeypatch.setattr(files, "MAX_SOURCE_BYTES", 200)
    found = {(d.path, d.code) for d in check(tmp_path).diagnostics if d.code == "F009"}
    assert found == {("lessons/a.md", "F009"), ("widgets/w.json", "F009"),
                     ("course.yaml", "F009")}
