"""Property-based tests of issue 22's promise: what ``lmspack validate`` passes, every later
stage survives; what a later stage could not survive, validate reports, located.

Each test generates one class of hostile input that once passed validate and stopped a
build: text XML cannot hold (in every text field that reaches a package), numbers in every
spelling (all Unicode digits, huge and non-finite values), empty and header-only tables,
long cells. For every example either ``check()`` reports the problem at the right file, or
the build stage that would have died (precompute, the manifests of every package format)
completes.
"""

from __future__ import annotations

import json
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from hypothesis import event, given, settings
from hypothesis import strategies as st
from hypothesis.control import currently_in_test_context

from lmspack import check
from lmspack.build import BuildRequest, build
from lmspack.precompute import precompute
from lmspack.source.xmltext import first_non_xml

# --- text that XML cannot hold ------------------------------------------------------------

NOT_XML = st.one_of(
    st.sampled_from([chr(c) for c in (*range(0x09), 0x0B, 0x0C, *range(0x0E, 0x20))]),
    st.sampled_from([chr(c) for c in range(0xFDD0, 0xFDF0)]),
    st.integers(0, 16).flatmap(lambda plane: st.sampled_from(
        [chr(plane * 0x10000 + 0xFFFE), chr(plane * 0x10000 + 0xFFFF)])),
)
"""Every class of character XML cannot hold that YAML can carry as an escape (YAML refuses
a lone surrogate escape itself, F004; JSON carries one: see the widget-file test)."""

TEXT = st.one_of(
    st.text(st.characters(exclude_categories=["Cs"]), min_size=1, max_size=12),
    st.text(st.characters(categories=["Zs", "Zl", "Zp", "Cc", "Cf"]), min_size=1, max_size=3))
"""Any text, and often text that is only white space, control or format characters."""


def yaml_quoted(text: str) -> str:
    """``text`` as a YAML double-quoted scalar, every non-printable-ASCII character escaped."""
    out = []
    for char in text:
        code = ord(char)
        if char in '"\\':
            out.append("\\" + char)
        elif 0x20 <= code < 0x7F:
            out.append(char)
        else:
            out.append(f"\\x{code:02x}" if code <= 0xFF else
                       f"\\u{code:04x}" if code <= 0xFFFF else f"\\U{code:08x}")
    return '"' + "".join(out) + '"'


FIELDS = {
    # field: (file, template with {v}); every text that reaches a SCORM, TinCan or cmi5
    # manifest (and a quiz bank) is one of these.
    "course title": ("course.yaml", "title: {v}"),
    "course version": ("course.yaml", "version: {v}"),
    "module title": ("course.yaml", "modules:\n  - {{id: m, title: {v}, lessons: [one]}}"),
    "lesson title": ("lessons/one.md", "title: {v}"),
    "goal": ("lessons/one.md", "goals: [{v}]"),
    "question": ("lessons/one.md", "quiz:\n  - {{q: {v}, options: [a, b], answer: 0}}"),
    "option": ("lessons/one.md", "quiz:\n  - {{q: Q, options: [{v}, b], answer: 1}}"),
    "explanation": ("lessons/one.md",
                    "quiz:\n  - {{q: Q, options: [a, b], answer: 0, explain: {v}}}"),
    "flashcard": ("lessons/one.md", "flashcards:\n  - {{{v}: definition}}"),
    "reflection": ("lessons/one.md", "reflection: [{v}]"),
}


@contextmanager
def text_course(field: str, value: str) -> Iterator[Path]:
    """A one-lesson course with ``value`` written (escaped) into ``field``."""
    root = Path(tempfile.mkdtemp(prefix="lmspack-xmltext-"))
    try:
        (root / "lessons").mkdir()
        course = ["id: c", "title: Course", "version: 1.0.0",
                  "base_iri: https://example.org/c"]
        lesson = ["id: one", "title: One", "duration_min: 5"]
        where, template = FIELDS[field]
        line = template.format(v=yaml_quoted(value))
        target = course if where == "course.yaml" else lesson
        name = line.split(":", 1)[0]
        target[:] = [kept for kept in target if not kept.startswith(name + ":")] + [line]
        (root / "course.yaml").write_text("\n".join(course) + "\n", encoding="utf-8")
        (root / "lessons" / "one.md").write_text(
            "---\n" + "\n".join(lesson) + "\n---\n\nText.\n", encoding="utf-8")
        yield root
    finally:
        shutil.rmtree(root, ignore_errors=True)


@settings(max_examples=120)
@given(field=st.sampled_from(sorted(FIELDS)), before=TEXT, bad=NOT_XML, after=TEXT)
def test_text_xml_cannot_hold_is_s006_at_its_field(field: str, before: str, bad: str,
                                                   after: str) -> None:
    with text_course(field, before + bad + after) as root:
        report = check(root)
    s006 = [d for d in report.diagnostics if d.code == "S006"]
    assert s006 and all(d.path == FIELDS[field][0] for d in s006), report.diagnostics
    assert report.errors


@settings(max_examples=60)
@given(field=st.sampled_from(sorted(FIELDS)), value=TEXT,
       version=st.sampled_from(["1.2", "2004"]))
def test_text_validate_passes_is_text_every_package_writes(field: str, value: str,
                                                           version: str) -> None:
    """Any text at all (control characters and noncharacters included): validate refuses
    it, or every package format is built from it (the manifests parse with lxml)."""
    with text_course(field, value) as root:
        report = check(root)
        if report.errors:
            assert first_non_xml(value) is None or any(
                d.code == "S006" for d in report.diagnostics)
            return
        formats = ("scorm12" if version == "1.2" else "scorm2004", "xapi", "cmi5", "cc11",
                   "moodle_xml", "gift")
        result = build(root, BuildRequest(formats, out_dir=root / "dist", epoch=315532800))
        assert len(result.packages) == len(formats)
        assert first_non_xml(value) is None
        event(f"built ({field})")


# --- numbers, empty tables, long cells: validate passes => precompute computes ----------

DRIFT = """{
  "type": "drift_detection_lab", "title": "Lab",
  "reference": {"csv": "/widgets/data/ref.csv"}, "current": {"csv": "/widgets/data/cur.csv"},
  "features": [{"column": "age", "kind": "numerical"}, {"column": "fare"},
               {"column": "pclass", "kind": "categorical"}],
  "scenarios": [{"id": "a", "title": "A", "transforms": [
      {"op": "shift", "column": "age", "by": 3}, {"op": "scale", "column": "fare", "factor": 2},
      {"op": "resample", "column": "pclass", "shares": {"1": 0.5, "3": 0.5}}]}]
}"""
BOARD = """{
  "type": "model_monitoring_dashboard", "title": "Board",
  "log": {"csv": "/widgets/data/log.csv", "groups": ["sex"]},
  "window": "1D", "baseline": {"windows": 1}
}"""
ALERTS = """{
  "type": "alert_configurator", "title": "Alerts", "dashboard": "/widgets/board.json",
  "rules": [{"id": "r", "metric": "latency_p95_ms", "comparison": ">", "threshold": 50}]
}"""
REF = [["age", "fare", "pclass"], ["30", "7.25", "1"], ["41", "12.5", "3"], ["25", "8", "3"],
       ["52", "30.5", "1"], ["19", "7.75", "2"]]
CUR = [["age", "fare", "pclass"], ["35", "8.25", "1"], ["45", "13.5", "3"], ["28", "9", "2"]]
LOG = [["timestamp", "prediction", "score", "label", "latency_ms", "sex"],
       ["2025-06-02T00:00:00Z", "1", "0.9", "1", "80", "male"],
       ["2025-06-02T06:00:00Z", "0", "0.2", "", "95", "female"],
       ["2025-06-03T00:00:00Z", "1", "0.7", "0", "90", "female"],
       ["2025-06-04T00:00:00Z", "0", "0.2", "0", "70", "male"]]
TABLES = {"ref.csv": REF, "cur.csv": CUR, "log.csv": LOG}


@contextmanager
def data_course(tables: dict[str, list[list[str]]]) -> Iterator[Path]:
    """A one-lesson course with a drift lab, a dashboard and alerts over ``tables``."""
    root = Path(tempfile.mkdtemp(prefix="lmspack-data-"))
    try:
        (root / "lessons").mkdir()
        (root / "widgets" / "data").mkdir(parents=True)
        (root / "lessons" / "one.md").write_text(
            "---\nid: one\ntitle: One\nwidgets:\n"
            "  - {type: drift_detection_lab, data: /widgets/lab.json}\n"
            "  - {type: model_monitoring_dashboard, data: /widgets/board.json}\n"
            "  - {type: alert_configurator, data: /widgets/alerts.json}\n---\n\nText.\n",
            encoding="utf-8")
        for name, text in (("lab.json", DRIFT), ("board.json", BOARD),
                           ("alerts.json", ALERTS)):
            (root / "widgets" / name).write_text(text, encoding="utf-8")
        for name, rows in tables.items():
            (root / "widgets" / "data" / name).write_text(
                "".join(",".join(row) + "\n" for row in rows), encoding="utf-8")
        yield root
    finally:
        shutil.rmtree(root, ignore_errors=True)


def validate_then_precompute(tables: dict[str, list[list[str]]]) -> str:
    """``check()``; when it finds no error, precompute every widget (a warning numpy
    prints is an error under pytest's settings). Returns "refused" or "computed"."""
    with data_course(tables) as root:
        report = check(root)
        if report.errors:
            for code in sorted({d.code for d in report.diagnostics if d.severity == "error"}):
                if currently_in_test_context():  # a statistic of Hypothesis runs only
                    event(f"refused: {code}")
            assert all(d.path.startswith("widgets/") for d in report.diagnostics
                       if d.severity == "error"), report.diagnostics
            return "refused"
        assert report.course is not None
        precompute(report.course, root / "dist")
        return "computed"


def _unicode_digits() -> st.SearchStrategy[str]:
    return st.text(st.characters(categories=["Nd"]), min_size=1, max_size=3)


NUMBER_TEXT = st.one_of(
    _unicode_digits(),  # every Unicode digit: ١٢, ১, ９ ...
    st.floats(allow_nan=True, allow_infinity=True).map(repr),  # inf, nan, 1e+308, 5e-324
    st.floats(min_value=-1e60, max_value=1e60).map(lambda x: f"{x:e}"),
    st.integers(-(10**70), 10**70).map(str),
    st.sampled_from(["1E+999", "-1e308", "1_0", "0x10", "Infinity", "-inf", "+.5", "5.",
                     " 7 ", "\t3", "1e50", "1e51", "-1e50", "NaN", "", "NA",
                     "1748822665", "1.7488e9", "2025-06-02T00:00:00Z",  # timestamps too
                     "\u00a01.5", "2\u00a0", "\x1c", "\u3000", "\x0b3", " \t", "\u2028"]),
    st.text(st.sampled_from("0123456789+-.eE _"), min_size=1, max_size=6),
)
"""Numbers in every spelling: other scripts' digits, huge, tiny, non-finite, odd forms."""

CELLS = [(name, row, col) for name, rows in TABLES.items()
         for row in range(1, len(rows)) for col in range(len(rows[0]))
         if (name, rows[0][col]) != ("log.csv", "sex")]


@settings(max_examples=150)
@given(cells=st.lists(st.tuples(st.sampled_from(CELLS), NUMBER_TEXT), min_size=1, max_size=3))
def test_a_number_validate_passes_is_one_every_computation_reads(
        cells: list[tuple[tuple[str, int, int], str]]) -> None:
    tables = {name: [row[:] for row in rows] for name, rows in TABLES.items()}
    for (name, row, col), text in cells:
        tables[name][row][col] = text
    event(validate_then_precompute(tables))


@settings(max_examples=150)
@given(keep=st.fixed_dictionaries({name: st.lists(st.integers(1, len(rows) - 1), max_size=4)
                                   for name, rows in TABLES.items()}),
       blank=st.booleans(), missing=st.sampled_from(["", "NA", "nan", " "]),
       wipe=st.lists(st.sampled_from(CELLS), max_size=4))
def test_empty_and_thin_tables_are_refused_or_computed(
        keep: dict[str, list[int]], blank: bool, missing: str,
        wipe: list[tuple[str, int, int]]) -> None:
    """Header-only tables, a single row, blank lines, missing cells in any column."""
    tables = {name: [row[:] for row in rows] for name, rows in TABLES.items()}
    for name, row, col in wipe:
        tables[name][row][col] = missing
    if keep["ref.csv"]:  # the categories the lab resamples to, so that it can
        keep["ref.csv"] += [1, 2]
    tables = {name: [rows[0], *(rows[i] for i in keep[name])] + ([[""]] if blank else [])
              for name, rows in tables.items()}
    event(validate_then_precompute(tables))


@settings(max_examples=30)
@given(cell=st.sampled_from([c for c in CELLS if c[0] == "ref.csv"] +
                            [("log.csv", r, 5) for r in range(1, len(LOG))]),
       length=st.sampled_from([9_999, 10_000, 10_001, 100_000]),
       char=st.sampled_from(["x", "7", "é"]))
def test_long_cells_are_d012_or_computed(cell: tuple[str, int, int], length: int,
                                         char: str) -> None:
    name, row, col = cell
    tables = {n: [r[:] for r in rows] for n, rows in TABLES.items()}
    tables[name][row][col] = char * length
    with data_course(tables) as root:
        codes = {d.code for d in check(root).diagnostics}
    assert ("D012" in codes) == (length > 10_000)
    if length <= 10_000:
        event(validate_then_precompute(tables))


# --- symbolic links: chains, rings, links to themselves and to nothing ---------------------

LINKABLE = ["lessons/a.md", "lessons/b.md", "lessons/pic.png", "widgets/lab.json",
            "widgets/other.json", "widgets/data/ref.csv", "widgets/data/cur.csv",
            "course.yaml"]
TARGETS = [*LINKABLE, "lessons/missing.md", "widgets/gone.json", "widgets/data/none.csv"]


@settings(max_examples=100)
@given(links=st.dictionaries(st.sampled_from(LINKABLE), st.sampled_from(TARGETS), max_size=6))
def test_link_loops_and_links_to_nothing_are_reported_never_raised(
        links: dict[str, str]) -> None:
    """Any graph of symbolic links over the course's files: ``check()`` returns, and each
    lesson, widget or course file that reaches no file is F008 at that file."""
    with data_course(TABLES) as root:
        (root / "lessons" / "a.md").write_text(
            "---\nid: a\ntitle: A\nwidgets:\n"
            "  - {type: drift_detection_lab, data: /widgets/lab.json}\n---\n\n![p](pic.png)\n",
            encoding="utf-8")
        (root / "lessons" / "b.md").write_text("---\nid: b\ntitle: B\n---\n", encoding="utf-8")
        (root / "lessons" / "pic.png").write_bytes(b"\x89PNG")
        (root / "widgets" / "other.json").write_text("{}", encoding="utf-8")
        (root / "course.yaml").write_text("title: C\n", encoding="utf-8")
        for name, target in links.items():
            (root / name).unlink()
            relative = Path(*[".."] * (name.count("/"))) / target
            (root / name).symlink_to(relative)
        report = check(root)
        reaches_nothing = {name for name in links if not (root / name).exists()}
    f008 = {d.path for d in report.diagnostics if d.code == "F008"}
    assert f008 == {n for n in reaches_nothing if n.endswith((".md", ".json", ".yaml"))}
    event(f"{len(reaches_nothing)} reach nothing")


@settings(max_examples=40)
@given(forms=st.lists(st.sampled_from(["iso", "int", "float", "exponent", "offset"]),
                      min_size=len(LOG) - 1, max_size=len(LOG) - 1))
def test_timestamps_in_every_form_validate_accepts_are_read_by_the_dashboard(
        forms: list[str]) -> None:
    """ISO 8601 with Z or an offset, or epoch seconds written as an integer, a decimal or
    with an exponent: the validator accepts each, so the dashboard must read each."""
    from datetime import datetime

    log = [row[:] for row in LOG]
    for row, form in zip(log[1:], forms, strict=True):
        seconds = datetime.fromisoformat(row[0].replace("Z", "+00:00")).timestamp()
        row[0] = {"iso": row[0], "int": str(int(seconds)), "float": f"{seconds:.1f}",
                  "exponent": f"{seconds:.9e}",
                  "offset": row[0].replace("Z", "+00:00")}[form]
    assert validate_then_precompute({**TABLES, "log.csv": log}) == "computed"


ODD_SPACE = ["\u00a01.5", "2\u00a0", "\x1c", "\u3000", "\x0b3", " \t", "\u2028", "\t4\t",
             "\x1c0.5", "1\x1f"]


@pytest.mark.parametrize("cell", [("ref.csv", 2, 0), ("cur.csv", 1, 1), ("log.csv", 2, 2),
                                  ("log.csv", 1, 4), ("log.csv", 3, 3)],
                         ids=lambda c: f"{c[0]}:{c[1]}:{c[2]}")
def test_space_characters_around_a_cell_mean_the_same_to_validate_and_compute(
        cell: tuple[str, int, int]) -> None:
    """Only spaces and tabs are stripped, by every reader: Python's ``str.strip()`` (the
    validator's) took a no-break space or U+001C off a number that polars then read as text."""
    name, row, col = cell
    for text in ODD_SPACE:
        tables = {n: [r[:] for r in rows] for n, rows in TABLES.items()}
        tables[name][row][col] = text
        validate_then_precompute(tables)


@pytest.mark.parametrize(("written", "share"), [
    (" 3", "3"), ("3.0", "3"), ("3", "3.0"), (" male", "male"), ("male\t", "male"),
    ("\u00a03", "3"), ("3e0", "3"), ("+3", "3"), ("03", "3"), ("x", "x ")])
def test_a_resampled_category_is_found_by_validate_exactly_when_compute_finds_it(
        written: str, share: str) -> None:
    """The resample's category keys against the reference's cells as written: validate
    reads them as the drift engine labels them (a number by its value, text as written)."""
    tables = {n: [r[:] for r in rows] for n, rows in TABLES.items()}
    for rows in (tables["ref.csv"], tables["cur.csv"]):
        for row in rows[1:]:
            row[2] = written if row[2] == "3" else row[2]
    lab = DRIFT.replace('{"1": 0.5, "3": 0.5}', json.dumps({"1": 0.5, share: 0.5}))
    with data_course(tables) as root:
        (root / "widgets" / "lab.json").write_text(lab, encoding="utf-8")
        report = check(root)
        if report.errors:
            assert {d.code for d in report.diagnostics if d.severity == "error"} == {"D006"}
            return
        assert report.course is not None
        precompute(report.course, root / "dist")
