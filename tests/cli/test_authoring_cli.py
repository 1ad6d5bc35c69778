"""`lmspack init`, `new lesson`, `graph`, `fix` and `schema` end to end, through the CLI's
entry point on fixture courses (copied to a temporary folder when a command writes)."""

from __future__ import annotations

import json
import re
import shutil
import xml.etree.ElementTree as ET
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import jsonschema
import pytest
import yaml
from tests.cli.conftest import Call

REPO = Path(__file__).resolve().parents[2]
FIXTURES = REPO / "tests" / "fixtures"
SVG = "{http://www.w3.org/2000/svg}"


@dataclass(frozen=True)
class Result:
    """One run of the CLI: exit code, standard output and error (``output``: both)."""

    exit_code: int
    stdout: str
    stderr: str

    @property
    def output(self) -> str:
        return self.stdout + self.stderr


@pytest.fixture
def run(lmspack: Call, monkeypatch: pytest.MonkeyPatch) -> Callable[..., Result]:
    """Invoke the CLI through ``main()`` (exit codes and error lines included) in a folder."""
    monkeypatch.delenv("NO_COLOR", raising=False)

    def invoke(*args: str, cwd: Path = REPO) -> Result:
        return Result(*lmspack(*args, cwd=cwd))
    return invoke


def copy_course(source: Path, tmp_path: Path) -> Path:
    target = tmp_path / source.name
    shutil.copytree(source, target)
    return target


def read(path: Path) -> str:
    with path.open(encoding="utf-8", newline="") as stream:
        return stream.read()


# --- init -------------------------------------------------------------------------------


def test_init_makes_a_course_that_validates_and_builds_clean(run, tmp_path: Path) -> None:
    result = run("init", "my-course", "--title", "My course", cwd=tmp_path)
    assert result.exit_code == 0, result.output
    course = tmp_path / "my-course"
    assert "created my-course/lessons/welcome.md" in result.output
    checked = run("validate", "--strict", cwd=course)
    assert checked.exit_code == 0 and checked.output.startswith("All checks passed: 4 files")
    built = run("precompute", cwd=course)
    assert built.exit_code == 0 and "computed widgets/delivery-drift.json" in built.output
    assert yaml.safe_load((course / "course.yaml").read_text())["title"] == "My course"


def test_init_writes_a_pre_commit_hook_and_a_ci_workflow(run, tmp_path: Path) -> None:
    assert run("init", cwd=tmp_path).exit_code == 0
    config = yaml.safe_load((tmp_path / ".pre-commit-config.yaml").read_text())
    hook = config["repos"][0]["hooks"][0]
    published = yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text())[0]
    assert hook["id"] == published["id"] == "lmspack-validate"
    assert hook["files"] == published["files"] and hook["entry"] == published["entry"]
    for path in ("lessons/a.md", "course.yaml", "widgets/data/x.csv", "widgets/w.json"):
        assert re.search(hook["files"], path)
    assert not re.search(hook["files"], "README.md")
    workflow = yaml.safe_load((tmp_path / ".github" / "workflows" / "course.yml").read_text())
    steps = workflow["jobs"]["lmspack"]["steps"]
    commands = [step.get("run", "") for step in steps]
    assert "lmspack validate --format github" in commands
    assert "lmspack export --all" in commands
    upload = next(s for s in steps if s.get("uses", "").startswith("actions/upload-artifact"))
    assert "dist/*.zip" in upload["with"]["path"]


def test_init_refuses_to_overwrite_and_writes_nothing(run, tmp_path: Path) -> None:
    (tmp_path / "widgets").mkdir()  # not yet a course: no lessons/, no course.yaml
    (tmp_path / "widgets" / "delivery-drift.json").write_text("mine\n")
    result = run("init", cwd=tmp_path)
    assert result.exit_code == 2
    assert "widgets/delivery-drift.json" in result.output and "never overwrites" in result.output
    assert (tmp_path / "widgets" / "delivery-drift.json").read_text() == "mine\n"
    assert sorted(p.name for p in tmp_path.rglob("*")) == ["delivery-drift.json", "widgets"]


def test_init_adopts_an_existing_course_adding_only_the_repository_files(
        run, tmp_path: Path) -> None:
    course = copy_course(FIXTURES / "valid" / "full", tmp_path)
    (course / ".gitignore").write_text("notes/\n")
    before = {p: p.read_bytes() for p in course.rglob("*") if p.is_file()}
    result = run("init", cwd=course)
    assert result.exit_code == 0, result.output
    added = sorted(p.relative_to(course).as_posix() for p in course.rglob("*")
                   if p.is_file() and p not in before)
    assert added == [".github/workflows/course.yml", ".pre-commit-config.yaml"]
    assert all(p.read_bytes() == data for p, data in before.items())
    assert "left as they are" in result.output
    again = run("init", cwd=course)
    assert again.exit_code == 2 and "nothing to add" in again.output


# --- new lesson -------------------------------------------------------------------------


def test_new_lesson_after_is_wired_in_and_the_course_stays_clean(run, tmp_path: Path) -> None:
    course = copy_course(FIXTURES / "valid" / "full", tmp_path)
    before = {p.name: read(p) for p in (course / "lessons").iterdir()}
    before["course.yaml"] = read(course / "course.yaml")
    result = run("new", "lesson", "extra", "--after", "intro", "--title", "Extra: more",
                 cwd=course)
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == [
        "created lessons/extra.md (new lesson)", "updated lessons/intro.md (next -> extra)",
        "updated lessons/details.md (prereqs -> extra)", "updated course.yaml (course order)"]
    assert read(course / "lessons" / "intro.md") == before["intro.md"].replace(
        "next: details", "next: extra")
    assert read(course / "lessons" / "details.md") == before["details.md"].replace(
        "prereqs: [intro]", "prereqs: [intro, extra]")
    assert read(course / "course.yaml") == before["course.yaml"].replace(
        "lessons: [intro, details]", "lessons: [intro, extra, details]")
    assert read(course / "lessons" / "wrap-up.md") == before["wrap-up.md"]
    new = yaml.safe_load(read(course / "lessons" / "extra.md").split("---")[1])
    assert new["title"] == "Extra: more" and new["prereqs"] == ["intro"]
    assert new["next"] == "details"
    assert run("validate", "--strict", cwd=course).exit_code == 0


def test_new_lesson_defaults_to_after_the_last_lesson(run, tmp_path: Path) -> None:
    course = copy_course(FIXTURES / "valid" / "minimal", tmp_path)
    assert run("new", "lesson", "second", cwd=course).exit_code == 0
    assert run("new", "lesson", "third", cwd=course).exit_code == 0
    assert "next: second" in read(course / "lessons" / "intro.md")
    assert "next: third" in read(course / "lessons" / "second.md")
    assert run("validate", "--strict", cwd=course).exit_code == 0
    order = run("graph", "--format", "mermaid", cwd=course).output
    assert '["1. Intro"]' in order or "1. " in order
    assert order.index("2. Second") < order.index("3. Third")


def test_new_lesson_in_a_block_style_course_order(run, tmp_path: Path) -> None:
    assert run("init", cwd=tmp_path).exit_code == 0
    before = read(tmp_path / "course.yaml")
    assert run("new", "lesson", "next-one", cwd=tmp_path).exit_code == 0
    assert read(tmp_path / "course.yaml") == before.replace(
        "  - markdown-tour\n", "  - markdown-tour\n  - next-one\n")
    assert run("validate", "--strict", cwd=tmp_path).exit_code == 0


@pytest.mark.parametrize(("args", "message"), [
    (("Bad Id",), "not a valid lesson id"),
    (("intro",), "lesson 'intro' already exists"),
    (("x", "--after", "intr"), "did you mean 'intro'?"),
])
def test_new_lesson_usage_errors(run, tmp_path: Path, args: tuple[str, ...],
                                 message: str) -> None:
    course = copy_course(FIXTURES / "valid" / "full", tmp_path)
    result = run("new", "lesson", *args, cwd=course)
    assert result.exit_code == 2 and message in result.output
    assert sorted(p.name for p in (course / "lessons").iterdir()) == [
        "details.md", "intro.md", "wrap-up.md"]


# --- graph ------------------------------------------------------------------------------


def test_graph_svg_marks_cycles_unreachable_and_unknown_without_script(run) -> None:
    result = run("graph", cwd=FIXTURES / "invalid" / "links")
    assert result.exit_code == 0
    svg = ET.fromstring(result.output)
    elements = list(svg.iter())
    assert not [e for e in elements if e.tag in (f"{SVG}script", f"{SVG}foreignObject")]
    assert not [a for e in elements for a in e.attrib if a.lower().startswith("on")]
    nodes = {g.findtext(f"{SVG}text[@class='id']"): g.get("class")
             for g in svg.iter(f"{SVG}g")}
    assert nodes["#6  loop-a"] == nodes["#7  loop-b"] == "node cycle"
    assert nodes["#5  behind"] == "node unreachable"
    assert nodes["#1  left"] == "node ok"
    assert nodes["not a lesson of this course"] == "node unknown"
    cycle_edges = [p for p in svg.iter(f"{SVG}path") if "cycle" in p.get("class", "")]
    assert len(cycle_edges) == 3
    text = " ".join(t for t in svg.itertext())
    assert "Prerequisite cycle: loop-a -> loop-b -> loop-c -> loop-a" in text
    assert "Unreachable (behind a cycle): behind" in text
    assert "Not a lesson of this course: strat, finsh" in text


def test_graph_mermaid_and_dot_of_the_example_course(run, tmp_path: Path) -> None:
    mermaid = run("graph", "--format", "mermaid").output
    assert mermaid.splitlines()[:2] == [
        "flowchart LR",
        '  n0["1. From Notebook to Service: Packaging and Serving ML Models"]:::ok']
    assert "  n2 --> n3" in mermaid and "linkStyle" not in mermaid
    result = run("graph", "--format", "dot", "-o", str(tmp_path / "g.dot"))
    assert result.exit_code == 0
    dot = (tmp_path / "g.dot").read_text()
    assert dot.startswith("digraph lessons {")
    assert '"ai-builder-ch4-lesson3" -> "ai-builder-ch4-lesson4";' in dot


def test_graph_dot_and_mermaid_mark_the_cycle(run) -> None:
    links = FIXTURES / "invalid" / "links"
    assert "linkStyle 3,4,5 stroke:#b00020" in run("graph", "--format", "mermaid",
                                                   cwd=links).output
    dot = run("graph", "--format", "dot", cwd=links).output
    assert dot.count('[color="#b00020" penwidth=2.5]') == 3
    assert '"behind" [label="5. Behind" style="filled,dashed"' in dot


# --- fix --------------------------------------------------------------------------------


@pytest.mark.shared
def test_fix_on_the_seed_changes_only_the_mojibake(run, tmp_path: Path,
                                                   seed_lesson: Path) -> None:
    (tmp_path / "lessons").mkdir()
    lesson = tmp_path / "lessons" / seed_lesson.name
    shutil.copy(seed_lesson, lesson)
    original = seed_lesson.read_bytes()
    checked = run("fix", "--check", cwd=tmp_path)
    assert checked.exit_code == 1
    assert "-  - RMSE, MAE, RÂ² for regression\n+  - RMSE, MAE, R² for regression\n" in \
        checked.output
    assert "1 problem in 1 file would be fixed" in checked.output
    assert lesson.read_bytes() == original  # --check writes nothing
    fixed = run("fix", cwd=tmp_path)
    assert fixed.exit_code == 0 and "Fixed 1 problem in 1 file." in fixed.output
    expected = original.replace("RÂ²".encode(), "R²".encode())
    assert expected != original and lesson.read_bytes() == expected
    again = run("fix", "--check", cwd=tmp_path)
    assert again.exit_code == 0 and "Nothing to fix." in again.output


def _course(root: Path, files: dict[str, str]) -> Path:
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("w", encoding="utf-8", newline="") as stream:
            stream.write(text)
    return root


LINKED = {
    "lessons/start.md": "---\r\nid: start   # first\r\ntitle: 'Start'\r\nnext: \"follow\"\r\n"
                        "---\r\nBody\r\n",
    "lessons/follow.md": "---\n# comments stay\ntitle: Follow\nid: follow\nprereqs:\n"
                         '  - "other"   # a comment\nnext: last\n---\n',
    "lessons/other.md": "---\nid: other\ntitle: Other\nnext: follow\n---\n",
    "lessons/misnamed.md": "---\nid: last\ntitle: Last\nprereqs: [follow, other]\n---\n",
}


def test_fix_next_prereqs_and_file_names_keeps_everything_else(run, tmp_path: Path) -> None:
    course = _course(tmp_path, LINKED)
    assert run("validate", cwd=course).output.count("L101") == 1
    result = run("fix", cwd=course)
    assert result.exit_code == 0, result.output
    assert "Fixed 2 problems in 2 files." in result.output
    assert "rename from lessons/misnamed.md\nrename to lessons/last.md\n" in result.output
    assert read(course / "lessons" / "follow.md") == LINKED["lessons/follow.md"].replace(
        '  - "other"   # a comment\n', '  - "other"   # a comment\n  - "start"\n')
    assert read(course / "lessons" / "last.md") == LINKED["lessons/misnamed.md"]
    assert not (course / "lessons" / "misnamed.md").exists()
    assert read(course / "lessons" / "start.md") == LINKED["lessons/start.md"]  # CRLF kept
    assert run("validate", "--strict", cwd=course).exit_code == 0


def test_fix_holds_back_where_it_is_not_certain(run, tmp_path: Path) -> None:
    course = _course(tmp_path, {
        **LINKED,
        "lessons/last.md": "---\nid: taken\ntitle: Taken\nprereqs: [follow]\n---\n",
        "lessons/x.md": "---\nid: x\ntitle: X\nprereqs: [y]\nnext: y\n---\n",
        "lessons/y.md": "---\nid: y\ntitle: Y\n---\n",
    })
    result = run("fix", "--check", cwd=course)
    assert "lessons/misnamed.md:2:5: L103 lessons/last.md already exists" in result.stderr
    assert "lessons/x.md:5:7: L101 'x' itself requires 'y': adding the prerequisite would " \
        "make a cycle" in result.stderr
    assert result.exit_code == 1  # the L101 of start -> follow is still fixable


def test_fix_with_paths_and_rules_turned_off(run, tmp_path: Path) -> None:
    course = _course(tmp_path, {**LINKED, "course.yaml": "rules: {L103: off}\n"})
    only_start = run("fix", "--check", "lessons/start.md", cwd=course)
    assert only_start.exit_code == 1 and "misnamed" not in only_start.output
    assert "+  - \"start\"" in only_start.output
    assert run("fix", "--check", "lessons/other.md", cwd=course).exit_code == 0
    assert run("fix", cwd=course).exit_code == 0
    assert (course / "lessons" / "misnamed.md").exists()  # L103 is off: not "fixed"


# --- schema -----------------------------------------------------------------------------


def test_schema_writes_every_schema_and_prints_editor_settings(run, tmp_path: Path) -> None:
    course = copy_course(FIXTURES / "valid" / "full", tmp_path)
    result = run("schema", cwd=course)
    assert result.exit_code == 0
    names = sorted(p.name for p in (course / "schemas").iterdir())
    assert names == ["course.schema.json", "lesson.schema.json",
                     "widget-alert-configurator.schema.json",
                     "widget-drift-detection-lab.schema.json",
                     "widget-model-monitoring-dashboard.schema.json", "widget.schema.json"]
    settings = json.loads(result.output[result.output.index("{"):])
    assert settings["yaml.schemas"] == {"./schemas/course.schema.json": "course.yaml"}
    assert settings["json.schemas"][0]["url"] == "./schemas/widget.schema.json"
    for name in names:
        schema = json.loads((course / "schemas" / name).read_text())
        jsonschema.Draft202012Validator.check_schema(schema)


def test_the_any_widget_schema_checks_every_widget_kind(run, tmp_path: Path) -> None:
    assert run("schema", str(tmp_path / "out")).exit_code == 0
    schema = json.loads((tmp_path / "out" / "widget.schema.json").read_text())
    validator = jsonschema.Draft202012Validator(schema)
    widgets = sorted((REPO / "widgets").glob("*.json"))
    kinds = set()
    for path in widgets:
        data = json.loads(path.read_text())
        kinds.add(data["type"])
        assert not list(validator.iter_errors(data)), path
        data["unexpected"] = 1
        assert list(validator.iter_errors(data)), path
    assert len(kinds) == 3
    assert list(validator.iter_errors({"type": "no_such_widget"}))


# --- colour and progress ----------------------------------------------------------------


def test_colour_on_request_and_never_in_a_pipe(run, monkeypatch: pytest.MonkeyPatch) -> None:
    quiz = FIXTURES / "invalid" / "quiz"
    coloured = run("--color", "always", "validate", cwd=quiz)
    assert coloured.exit_code == 1
    assert "\x1b[31m\x1b[1m[error]\x1b[0m" in coloured.output
    assert "\x1b[33m[warning]\x1b[0m" in coloured.output
    plain = run("validate", cwd=quiz)  # captured output is not a terminal
    assert "\x1b[" not in plain.output and "[error]" in plain.output
    assert "\x1b[" not in run("--color", "never", "validate", cwd=quiz).output
    monkeypatch.setenv("NO_COLOR", "1")
    assert "\x1b[" not in run("--color", "auto", "validate", cwd=quiz).output
    json_report = run("--color", "always", "validate", "--format", "json", cwd=quiz)
    assert "\x1b[" not in json_report.output  # machine formats are never coloured


def test_fix_diff_is_coloured_only_on_request(run, tmp_path: Path) -> None:
    course = _course(tmp_path, LINKED)
    assert "\x1b[" not in run("fix", "--check", cwd=course).output
    assert "\x1b[32m+" in run("--color", "always", "fix", "--check", cwd=course).output


def test_long_commands_print_no_progress_when_piped(run, tmp_path: Path) -> None:
    assert run("init", cwd=tmp_path).exit_code == 0
    result = run("export", "--html", cwd=tmp_path)
    assert result.exit_code == 0 and result.stderr == ""
    assert result.output == "wrote dist/site/ (4 files)\n"  # index, 2 lessons, stylesheet


def test_fix_mojibake_in_front_matter_and_body(run, tmp_path: Path) -> None:
    text = ('---\nid: cafe\ntitle: "CafÃ© lesson"   # keep me\n---\n\nThe cafÃ© serves '
            "crÃ¨me.\n")
    course = _course(tmp_path, {"lessons/cafe.md": text})
    assert run("fix", cwd=course).exit_code == 0
    assert read(course / "lessons" / "cafe.md") == text.replace("Ã©", "é").replace("Ã¨", "è")



# --- serve: the ways it does not start (the running server: test_serve_cli.py) -----------


def test_serve_refuses_a_course_with_errors(run) -> None:
    result = run("serve", "--port", "0", cwd=FIXTURES / "invalid" / "quiz")
    assert result.exit_code == 1
    assert "Q001" in result.stderr and "not started" in result.stderr


def test_serve_reports_a_taken_port(run, tmp_path: Path) -> None:
    import socket

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = run("serve", "--port", str(port), cwd=FIXTURES / "valid" / "full")
    assert result.exit_code == 2
    assert f"cannot listen on 127.0.0.1:{port}" in result.output
