"""`lmspack export` writes dist/accessibility.json and dist/accessibility.md beside every
package (issue 18), the same whatever is exported."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from lmspack.cli import main

REPO = Path(__file__).resolve().parents[2]


def test_export_writes_the_accessibility_report(tmp_path: Path) -> None:
    course = tmp_path / "course"
    shutil.copytree(REPO / "tests" / "fixtures" / "real-world", course)
    assert main(["export", "--root", str(course), "--scorm", "1.2", "--out",
                 str(tmp_path / "a")]) == 0
    assert main(["export", "--root", str(course), "--html", "--out", str(tmp_path / "b")]) == 0
    first = (tmp_path / "a" / "accessibility.json").read_bytes()
    assert first == (tmp_path / "b" / "accessibility.json").read_bytes()
    document = json.loads(first)
    assert document["course"]["id"] == "real-world" and len(document["criteria"]) == 50
    by_id = {c["id"]: c for c in document["criteria"]}
    results = {r["lesson"]: r["result"] for r in by_id["2.4.4"]["lessons"]}
    assert results == {"readme-style": "fail", "notes-style": "pass", "auf-deutsch": "pass"}
    assert [r["result"] for r in by_id["1.2.2"]["lessons"]] == ["pass"]  # captions declared
    text = (tmp_path / "a" / "accessibility.md").read_text(encoding="utf-8")
    assert text.startswith("# Accessibility report: Real-world Markdown\n")
    assert "Criteria with findings: 1.3.1, 2.4.4." in text
