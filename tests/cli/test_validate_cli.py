"""`lmspack validate`, `rules` and `rule` end to end, through the real entry point."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import sysconfig
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
FIXTURES = REPO / "tests" / "fixtures"


def test_example_course_is_clean(lmspack) -> None:
    code, out, _ = lmspack("validate")
    assert code == 0, out
    assert out.startswith("All checks passed:")


def test_untouched_seed_reports_mojibake_and_answer_position(lmspack, example_course: Path,
                                                             seed_lesson: Path) -> None:
    shutil.copy(seed_lesson, example_course / "lessons" / seed_lesson.name)
    code, out, _ = lmspack("validate", cwd=example_course)
    lines = [line for line in out.splitlines() if not line.startswith(" ")]
    assert lines[:-1] == [
        ("lessons/ai-builder-ch4-lesson3.md:24:1: Q101 [warning] all 4 quiz answers are at "
        "option position 1 (option 2): learners can game the quiz"),
        ("lessons/ai-builder-ch4-lesson3.md:69:17: T101 [warning] 'RÂ²' looks like mojibake: "
        "it should read 'R²'"),
    ]
    assert code == 0  # warnings only
    assert lmspack("validate", "--strict", cwd=example_course)[0] == 1


def test_errors_exit_1_with_positions(lmspack) -> None:
    code, out, _ = lmspack("validate", cwd=FIXTURES / "invalid" / "quiz")
    assert code == 1
    assert "lessons/quiz.md:7:13: Q001 [error] answer 3 is out of range" in out
    assert out.rstrip().endswith("Found 4 errors, 1 warning in 2 files checked.")


def test_subfolder_finds_course_root(lmspack) -> None:
    code, out, _ = lmspack("validate", cwd=FIXTURES / "invalid" / "quiz" / "lessons")
    assert code == 1
    assert "quiz.md:7:13: Q001" in out  # paths shown relative to the current folder


@pytest.mark.parametrize("args", [("validate", "--format", "nope"), ("rule", "Z999"),
                                  ("validate", "no/such/file.md"), ("frobnicate",)])
def test_usage_errors_exit_2(lmspack, args: tuple[str, ...]) -> None:
    assert lmspack(*args)[0] == 2


def test_no_course_exits_2_with_a_message(lmspack, tmp_path: Path) -> None:
    code, _, err = lmspack("validate", cwd=tmp_path)
    assert code == 2
    assert "no course found" in err


def test_garbage_content_never_shows_a_traceback(lmspack, tmp_path: Path) -> None:
    lessons = tmp_path / "lessons"
    lessons.mkdir()
    (lessons / "a.md").write_bytes(b"---\n\xff\xfe: [\n---\n")
    (lessons / "b.md").write_text("---\n!!python/object:os.system x\n---\n", encoding="utf-8")
    (lessons / "c.md").write_text("---\n" + "[" * 5000 + "\n---\n", encoding="utf-8")
    (lessons / "d.md").write_text("---\n? [a, b]\n: c\nid: d\n---\n", encoding="utf-8")
    code, out, err = lmspack("validate", cwd=tmp_path)
    assert code == 1
    assert "Traceback" not in out + err
    assert {"F001", "F004"} <= {line.split(": ")[1].split()[0] for line in out.splitlines()
                                if line.count(":") >= 3 and not line.startswith(" ")}


def test_json_format(lmspack) -> None:
    code, out, _ = lmspack("validate", "--format", "json", cwd=FIXTURES / "invalid" / "video")
    document = json.loads(out)
    assert code == 1
    assert document["version"] == 1
    assert document["summary"] == {"errors": 1, "warnings": 1, "files_checked": 2}
    first = document["diagnostics"][0]
    assert first == {"path": "lessons/backwards.md", "line": 8, "column": 8, "code": "V001",
                     "rule": "video-range", "severity": "error", "pointer": "/video/end",
                     "message": "video end (120 s) must be after its start (300 s)",
                     "hint": None}


def test_github_format(lmspack) -> None:
    _, out, _ = lmspack("validate", "--format", "github", cwd=FIXTURES / "invalid" / "video")
    assert out.splitlines()[0] == (
        "::error file=lessons/backwards.md,line=8,col=8,title=V001 video-range::"
        "video end (120 s) must be after its start (300 s)")


def test_junit_format_is_xml(lmspack) -> None:
    _, out, _ = lmspack("validate", "--format", "junit", cwd=FIXTURES / "invalid" / "quiz")
    suite = ET.fromstring(out).find("testsuite")
    assert suite is not None and suite.get("failures") == "5"
    assert {f.get("type") for f in suite.iter("failure")} == {"Q001", "Q002", "Q003", "Q004",
                                                               "Q101"}


def test_sarif_format(lmspack) -> None:
    _, out, _ = lmspack("validate", "--format", "sarif", cwd=FIXTURES / "invalid" / "text")
    run = json.loads(out)["runs"][0]
    assert run["tool"]["driver"]["rules"][0]["id"] == "T101"
    region = run["results"][0]["locations"][0]["physicalLocation"]["region"]
    assert region == {"startLine": 4, "startColumn": 20}
    assert run["results"][0]["level"] == "warning"


def test_output_file(lmspack, tmp_path: Path) -> None:
    target = tmp_path / "report.json"
    code, out, _ = lmspack("validate", "--format", "json", "-o", str(target),
                           cwd=FIXTURES / "invalid" / "text")
    assert (code, out) == (0, "")
    assert json.loads(target.read_text(encoding="utf-8"))["summary"]["warnings"] == 2


def test_paths_limit_per_file_diagnostics_but_keep_course_wide_ones(lmspack) -> None:
    links = FIXTURES / "invalid" / "links"
    code, out, _ = lmspack("validate", "lessons/loop-c.md", cwd=links)
    codes = sorted(line.split(": ")[1].split()[0] for line in out.splitlines()
                   if line.startswith("lessons/"))
    # L004 (self-link) is about loop-c itself; the L00x/L10x course-wide problems of other
    # files are still reported; L103 (a per-file warning of copy.md) is not.
    assert "L004" in codes and "L002" in codes and "L005" in codes
    assert "L103" not in codes
    assert code == 1


def test_renamed_id_breaks_another_lesson_and_is_reported(lmspack, example_course: Path) -> None:
    lesson = example_course / "lessons" / "ai-builder-ch4-lesson1.md"
    lesson.write_text(lesson.read_text(encoding="utf-8").replace(
        "id: ai-builder-ch4-lesson1", "id: ai-builder-ch4-intro"), encoding="utf-8")
    code, out, _ = lmspack("validate", "lessons/ai-builder-ch4-lesson1.md", cwd=example_course)
    assert code == 1
    assert "lessons/ai-builder-ch4-lesson2.md" in out and "L002" in out


def test_course_file_can_change_severity(lmspack, example_course: Path,
                                         seed_lesson: Path) -> None:
    shutil.copy(seed_lesson, example_course / "lessons" / seed_lesson.name)
    (example_course / "course.yaml").write_text("rules:\n  Q101: error\n  T101: off\n",
                                                encoding="utf-8")
    code, out, _ = lmspack("validate", cwd=example_course)
    assert code == 1
    assert "Q101 [error]" in out and "T101" not in out


def test_rules_and_rule_commands(lmspack) -> None:
    code, out, _ = lmspack("rules")
    assert code == 0 and "Q101  answers-same-position" in out
    code, out, _ = lmspack("rule", "mojibake")
    assert code == 0 and out.startswith("T101 mojibake (warning, per file)")
    assert lmspack("rule", "l002")[1].startswith("L002 unknown-prereq (error, course-wide")


def test_module_and_console_script_entry_points() -> None:
    # The console script is installed beside the interpreter that runs the tests (.venv/bin
    # in CI, which is not on PATH): look for it there, and never skip when it is missing.
    script = Path(sysconfig.get_path("scripts")) / ("lmspack.exe" if os.name == "nt"
                                                    else "lmspack")
    assert script.is_file(), f"console script not installed at {script}"
    for command in ([sys.executable, "-m", "lmspack", "--version"], [str(script), "--version"]):
        proc = subprocess.run(command, capture_output=True, text=True, check=False)
        assert proc.returncode == 0 and proc.stdout.startswith("lmspack"), (command, proc)
