"""Units of the authoring commands: byte-preserving YAML edits, the incremental preview
build, and the colour/progress decisions."""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import pytest

from lmspack.authoring.preview import PreviewSite
from lmspack.authoring.yamledit import YamlRegion, apply_edits, front_matter, scalar
from lmspack.console import color_enabled, progress, progress_enabled

REPO = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize(("value", "text"), [
    ("intro", "intro"), ("on", '"on"'), ("1.5", '"1.5"'), ("a: b", '"a: b"'),
    ("yes", '"yes"'), ("null", '"null"'),
])
def test_new_values_are_quoted_only_when_plain_yaml_would_misread_them(value: str,
                                                                       text: str) -> None:
    assert scalar(value) == text


def test_edits_keep_comments_quotes_and_line_endings() -> None:
    text = ("---\r\nid: a   # the id\r\nprereqs: ['x', 'y']  # two\r\nlist:\r\n"
            "    -   one\r\n    -   two # c\r\nnext: \"b\"\r\n---\r\nbody\r\n")
    region = front_matter(text)
    assert region is not None
    prereqs, items, following = region.get("prereqs"), region.get("list"), region.get("next")
    assert prereqs is not None and items is not None and following is not None
    edited = apply_edits(text, [region.append_item(prereqs, "z"),
                                region.append_item(items, "three"),
                                region.set_scalar(following, "c"),
                                region.add_top_key("tags", "[t]")])
    assert edited == ("---\r\nid: a   # the id\r\nprereqs: ['x', 'y', 'z']  # two\r\nlist:\r\n"
                      "    -   one\r\n    -   two # c\r\n    -   three\r\nnext: \"c\"\r\n"
                      "tags: [t]\r\n---\r\nbody\r\n")


def test_insert_after_an_item_and_into_an_empty_list() -> None:
    text = "lessons: [a, b]\nmodules:\n  - id: m\n    lessons: []\n"
    region = YamlRegion(text)
    lessons, empty = region.get("lessons"), region.get("modules", "0", "lessons")
    assert lessons is not None and empty is not None
    first = lessons.value[0]  # type: ignore[attr-defined]
    assert apply_edits(text, [region.insert_after(lessons, first, "new"),
                              region.append_item(empty, "c")]) == \
        "lessons: [a, new, b]\nmodules:\n  - id: m\n    lessons: [c]\n"


def test_a_layout_that_cannot_be_edited_exactly_is_refused() -> None:
    text = "prereqs: {a: 1}\nlist:\n- - a\n"
    region = YamlRegion(text)
    prereqs, nested = region.get("prereqs"), region.get("list", "0")
    assert prereqs is not None and nested is not None
    with pytest.raises(ValueError, match="not a list"):
        region.append_item(prereqs, "b")
    with pytest.raises(ValueError, match="unusual list layout"):
        region.append_item(nested, "b")


def test_front_matter_needs_both_fences() -> None:
    assert front_matter("no fences\n") is None
    assert front_matter("---\nid: a\n") is None
    assert front_matter("---\n- a list\n---\n") is None


@pytest.fixture
def course(tmp_path: Path) -> Path:
    root = tmp_path / "course"
    shutil.copytree(REPO / "tests" / "fixtures" / "valid" / "full", root)
    return root


def test_preview_rebuilds_only_the_pages_whose_inputs_changed(course: Path,
                                                             tmp_path: Path) -> None:
    site = PreviewSite(course, tmp_path / "cache")
    first = site.rebuild()
    assert first.ok and set(first.rendered) == {"index.html", "lessons/intro.html",
                                                "lessons/details.html", "lessons/wrap-up.html"}
    assert site.rebuild().rendered == () and site.rebuild().changed == ()
    details = course / "lessons" / "details.md"
    details.write_text(details.read_text().replace("Some text.", "Other text."))
    body = site.rebuild()
    assert body.rendered == ("lessons/details.html",) and body.changed == body.rendered
    details.write_text(details.read_text().replace("title: Details", "title: Particulars"))
    title = site.rebuild()  # the neighbours' previous/next links and the index show titles
    assert set(title.rendered) == set(first.rendered)
    assert b"Particulars" in site.files["lessons/intro.html"]


def test_preview_keeps_the_last_good_site_when_validation_fails(course: Path,
                                                                tmp_path: Path) -> None:
    site = PreviewSite(course, tmp_path / "cache")
    site.rebuild()
    before = dict(site.files)
    details = course / "lessons" / "details.md"
    details.write_text(details.read_text().replace("prereqs: [intro]", "prereqs: [nope]"))
    failed = site.rebuild()
    assert not failed.ok and failed.rendered == () and site.files == before
    assert [d.code for d in failed.report.diagnostics] == ["L002", "L101"]


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.mark.parametrize(("choice", "env", "tty", "expected"), [
    ("auto", {}, True, True), ("auto", {}, False, False),
    ("auto", {"NO_COLOR": "1"}, True, False), ("auto", {"NO_COLOR": ""}, True, True),
    ("auto", {"TERM": "dumb"}, True, False), ("always", {"NO_COLOR": "1"}, False, True),
    ("never", {}, True, False),
])
def test_colour_follows_the_option_no_color_and_the_terminal(choice: str, env: dict[str, str],
                                                             tty: bool, expected: bool) -> None:
    stream = _Terminal() if tty else io.StringIO()
    assert color_enabled(choice, stream, env) is expected


def test_progress_only_on_a_terminal_outside_ci() -> None:
    assert progress_enabled(_Terminal(), {}) is True
    assert progress_enabled(_Terminal(), {"CI": "true"}) is False
    assert progress_enabled(io.StringIO(), {}) is False


def test_progress_draws_on_a_terminal_and_is_silent_otherwise() -> None:
    terminal, pipe = _Terminal(), io.StringIO()
    with progress("computing", 2, terminal, color=False, enabled=True) as step:
        step("widgets/a.json")
        step("widgets/b.json")
    drawn = terminal.getvalue()
    assert "computing widgets/b.json" in drawn and "2/2" in drawn  # the last frame
    with progress("computing", 2, pipe, color=False) as step:
        step("widgets/a.json")
    assert pipe.getvalue() == ""


def test_preview_recomputes_a_widget_only_when_its_data_changes(tmp_path: Path) -> None:
    from lmspack.authoring.scaffold import init_course

    root = tmp_path / "course"
    init_course(root)
    (root / "lessons" / "plain.md").write_text(
        "---\nid: plain\ntitle: Plain\nprereqs: [welcome]\n---\nNo widget here.\n")
    site = PreviewSite(root, tmp_path / "cache")
    assert site.rebuild().computed == ("widgets/delivery-drift.json",)
    csv = root / "widgets" / "data" / "deliveries_current.csv"
    assert site.rebuild().computed == ()
    csv.write_text(csv.read_text().replace("\n18,", "\n95,", 1))
    changed = site.rebuild()
    assert changed.computed == ("widgets/delivery-drift.json",)
    assert changed.rendered == ("lessons/welcome.html",)  # the page showing that widget


def test_the_tour_lesson_keeps_its_tex_and_holds_no_control_character() -> None:
    """The lesson init writes quotes TeX so YAML keeps it: in a double-quoted scalar
    ``"$\\frac{3}{4}$"`` is a form feed and 'rac', which no XML package can hold (seen as an
    internal error of ``export --all`` once the cartridge joined it)."""
    import yaml

    from lmspack.authoring.tour import tour_lesson

    text = tour_lesson("welcome")
    front = yaml.safe_load(text.split("---\n")[1])

    def strings(value: object) -> list[str]:
        if isinstance(value, str):
            return [value]
        if isinstance(value, dict):
            return [s for k, v in value.items() for s in (*strings(k), *strings(v))]
        if isinstance(value, list):
            return [s for item in value for s in strings(item)]
        return []

    found = strings(front)
    assert [s for s in found if any(ord(c) < 32 and c not in "\t\n" for c in s)] == []
    assert "$\\frac{3}{4}$" in front["quiz"][1]["options"]
