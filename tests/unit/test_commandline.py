"""The command line as data (lmspack.commandline) and the library functions the commands
call: each runs here without click, printing through a Terminal that collects what it says.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from lmspack.authoring import commands
from lmspack.authoring.changes import diff_role, styled_diff
from lmspack.build import PRECOMPUTE, precompute_only
from lmspack.commandline import (
    Command,
    Option,
    Said,
    Step,
    Terminal,
    counted,
    format_option,
    shown,
)
from lmspack.errors import CourseNotFound, UsageError
from lmspack.formats.registry import command_options, formats_asked, given, keyword, options
from lmspack.stats.drift_report import DRIFT, drift_request
from lmspack.validate.request import ValidateRequest, check_request

REPO = Path(__file__).resolve().parents[2]


class Collected:
    """A Terminal's ``say`` that keeps everything said, in order."""

    def __init__(self) -> None:
        self.said: list[Said] = []

    def __call__(self, said: Said) -> None:
        self.said.append(said)

    def out(self) -> str:
        return "".join(s.text + "\n" * s.nl for s in self.said if not s.err)

    def err(self) -> str:
        return "".join(s.text + "\n" * s.nl for s in self.said if s.err)


def _terminal(cwd: Path, style: bool = False) -> tuple[Terminal, Collected]:
    said = Collected()
    return Terminal(cwd, said, (lambda role, text: f"<{role}>{text}</>") if style else None), said


def test_shown_is_relative_inside_the_folder_and_as_given_outside(tmp_path: Path) -> None:
    assert shown(tmp_path / "a" / "b.txt", tmp_path) == "a/b.txt"
    assert shown(Path("/elsewhere/x"), tmp_path) == "/elsewhere/x"


def test_options_keep_their_choices_lazy_and_format_defaults_to_the_first() -> None:
    asked: list[int] = []

    def choices() -> tuple[str, ...]:
        asked.append(1)
        return ("a", "b")

    lazy = Option(("--x",), choices=choices)
    assert asked == [] and lazy.choice_list() == ["a", "b"] and asked == [1]
    assert Option(("--y",)).choice_list() is None
    fmt = format_option(("svg", "dot"), "How.")
    assert (fmt.flags, fmt.keyword, fmt.default, fmt.show_default) == (("--format",), "fmt",
                                                                       "svg", True)


def test_a_command_s_help_is_its_function_s_docstring() -> None:
    def run(term: Terminal) -> None:
        """Do it."""

    assert Command(("x",), run).help == "Do it."
    assert PRECOMPUTE.help == "Compute every widget's results into OUT/precompute/*.json."
    assert DRIFT.help.startswith("Data drift between two CSV")


def test_format_options_follow_the_registry_and_map_back_by_keyword() -> None:
    export, validate = command_options(export=True), command_options(export=False)
    assert [o.flags[0] for o in export] == [f"--{name}" for name in options()]
    scorm = next(o for o in export if o.flags == ("--scorm",))
    assert scorm.keyword == "format_scorm" and scorm.bare == "" and not scorm.multiple
    assert scorm.choice_list() == ["1.2", "2004"]
    assert next(o for o in validate if o.flags == ("--scorm",)).multiple
    assert next(o for o in export if o.flags == ("--xapi",)).flag
    received = {keyword("scorm"): ("1.2",), keyword("xapi"): True, "root": None}
    assert given(received) == {"scorm": ("1.2",), "xapi": True}
    assert formats_asked(given(received)) == ("scorm12", "xapi")


def test_check_request_groups_paths_by_course_and_narrows_the_formats(tmp_path: Path) -> None:
    [report] = check_request(ValidateRequest((Path("lessons/ai-builder-ch4-lesson1.md"),)),
                             REPO)
    assert report.root == REPO and not report.failed
    with pytest.raises(UsageError, match=r"no such file: nope\.md"):
        check_request(ValidateRequest((Path("nope.md"),)), REPO)
    with pytest.raises(CourseNotFound):
        check_request(ValidateRequest(), tmp_path)


def test_diff_roles_and_styled_diff() -> None:
    patch = "--- a/x\n+++ b/x\n@@ -1 +1 @@\n-old\n+new\n same\n"
    assert [diff_role(line) for line in patch.splitlines()] == [
        "file-old", "file-new", "hunk", "removed", "added", "context"]
    assert styled_diff(patch, lambda role, text: f"<{role}>{text}</>") == (
        "<file-old>--- a/x</>\n<file-new>+++ b/x</>\n<hunk>@@ -1 +1 @@</>\n<removed>-old</>\n"
        "<added>+new</>\n<context> same</>\n")


def test_init_then_new_lesson_then_graph_say_what_they_did(tmp_path: Path) -> None:
    term, said = _terminal(tmp_path)
    commands.init(term, tmp_path / "c", "T", "lmspack==1.0")
    assert said.out().splitlines()[0] == "created c/course.yaml"
    assert said.out().endswith("Next: cd c && lmspack validate && lmspack serve\n")
    assert said.err() == ""  # an install spec was given: no placeholder note
    course = tmp_path / "c"
    term, said = _terminal(course)
    commands.new_lesson(term, "second", None, "Second", None)
    assert "created lessons/second.md (" in said.out()
    term, said = _terminal(course)
    commands.graph(term, None, "mermaid", course / "g.mmd")
    assert said.out() == "wrote g.mmd\n" and "3. Second" in (course / "g.mmd").read_text()


def test_fix_says_the_styled_diff_and_reports_what_check_would_fix(tmp_path: Path) -> None:
    lesson = tmp_path / "lessons" / "a.md"
    lesson.parent.mkdir()
    lesson.write_text("---\nid: a\ntitle: A\nduration: 5\n---\nRÂ² and more\n", encoding="utf-8")
    term, said = _terminal(tmp_path, style=True)
    assert commands.fix(term, (), None, True) is True
    [patch, summary] = said.said
    assert patch.color is True and not patch.nl
    assert "<removed>-RÂ² and more</>\n<added>+R² and more</>\n" in patch.text
    assert summary.text.startswith("1 problem in 1 file would be fixed")
    assert "RÂ²" in lesson.read_text(encoding="utf-8")  # check only: nothing written
    term, said = _terminal(tmp_path)
    assert commands.fix(term, (), None, False) is False
    assert said.said[0].color is False and "\x1b" not in said.out()
    assert lesson.read_text(encoding="utf-8").endswith("R² and more\n")


def test_precompute_only_shows_progress_with_the_widget_count(tmp_path: Path) -> None:
    plain, _ = _terminal(tmp_path)
    commands.init(plain, tmp_path, "T", "lmspack==1.0")
    shown_progress: list[tuple[str, int | None]] = []
    steps: list[str] = []

    @contextmanager
    def progress(label: str, total: int | None) -> Iterator[Step]:
        shown_progress.append((label, total))
        yield steps.append

    said = Collected()
    precompute_only(Terminal(tmp_path, said, None, progress), None, tmp_path / "out", False)
    assert shown_progress == [("computing", 1)] and len(steps) == 1
    assert said.out() == ("computed widgets/delivery-drift.json -> "
                          "out/precompute/delivery-drift.json\n"
                          "1 widget result in out/precompute\n")


def test_drift_request_and_command(tmp_path: Path) -> None:
    ref, cur = tmp_path / "ref.csv", tmp_path / "cur.csv"
    ref.write_text("x\n" + "".join(f"{i}\n" for i in range(50)), encoding="utf-8")
    cur.write_text("x\n" + "".join(f"{i + 100}\n" for i in range(49)) + "oops,1\n",
                   encoding="utf-8")
    values = {"reference": ref, "current": cur, "columns": (), "methods": ("ks",),
              "kinds": ("x=numerical",), "thresholds": ("ks=0.01",), "drift_share": 0.5}
    request = drift_request(**values)
    assert (request.columns, request.kinds, request.thresholds) == (None, {"x": "numerical"},
                                                                    {"ks": 0.01})
    with pytest.raises(UsageError, match="--kind expects NAME=VALUE"):
        drift_request(**{**values, "kinds": ("x",)})
    term, said = _terminal(tmp_path)
    assert DRIFT.run(term, "text", **values) is True  # the bad row
    assert said.err().startswith(f"{cur}:51: ") and "DRIFT" in said.out()



def test_counts_take_the_number_of_their_noun() -> None:
    assert [counted(n, "file") for n in (0, 1, 2, 1000)] == \
        ["0 files", "1 file", "2 files", "1000 files"]
    assert counted(1, "widget result") == "1 widget result"
    assert counted(3, "analysis", "analyses") == "3 analyses"
