"""Property-based tests: whatever an author commits, ``check()`` answers with diagnostics.

Each test starts from a small copy of the example course (one lesson with both widget
kinds that lessons embed, the alert configurator, the course file, CSV files cut to a few
dozen rows) and damages one kind of file the way a careless or hostile contributor might:
front-matter values swapped for other YAML types, tags and odd scalars; Markdown with
pathological markup and paths; widget JSON with fields replaced, removed or duplicated;
CSV headers and values mutated; the course file rewritten. For every example:

* ``check()`` returns (no exception escapes: a traceback is a bug, whatever the input);
* every diagnostic has a known rule code, a course-relative path, a 1-based line and
  column, and a printable message;
* every reporter renders the report, and the machine formats parse (JSON, SARIF, JUnit).

Budget and reproducibility come from the Hypothesis profile in conftest.py.
"""

from __future__ import annotations

import atexit
import json
import shutil
import tempfile
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from pathlib import Path
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from lmspack import RULES, check
from lmspack.diagnostics.reporters import REPORTERS

REPO = Path(__file__).resolve().parents[2]
LESSON = "lessons/ai-builder-ch4-lesson3.md"
WIDGETS = ("widgets/drift_detection.titanic.json", "widgets/model_monitoring.titanic.json",
           "widgets/alert_config.titanic.json")
CSV_FILES = ("widgets/data/titanic_reference.csv", "widgets/data/titanic_current.csv",
             "widgets/data/titanic_prediction_log.csv")
CSV_ROWS = 40

# --- the seed course --------------------------------------------------------------------


@cache
def seed_course() -> Path:
    """A small, valid-shaped course built once per test session (in a temp folder that is
    removed when the session's process ends)."""
    root = Path(tempfile.mkdtemp(prefix="lmspack-seed-"))
    atexit.register(shutil.rmtree, root, ignore_errors=True)
    (root / "lessons").mkdir()
    (root / "widgets" / "data").mkdir(parents=True)
    shutil.copy(REPO / LESSON, root / LESSON)
    for rel in WIDGETS:
        shutil.copy(REPO / rel, root / rel)
    for rel in CSV_FILES:
        lines = (REPO / rel).read_text(encoding="utf-8").splitlines(keepends=True)
        (root / rel).write_text("".join(lines[: CSV_ROWS + 1]), encoding="utf-8")
    (root / "course.yaml").write_text(
        "id: seed\ntitle: Seed course\nversion: 1.0.0\npass_mark: 75\n"
        "lessons:\n  - ai-builder-ch4-lesson3\nrules:\n  T101: warning\n", encoding="utf-8")
    return root


@contextmanager
def course_copy() -> Iterator[Path]:
    with tempfile.TemporaryDirectory(prefix="lmspack-prop-") as folder:
        root = Path(folder) / "course"
        shutil.copytree(seed_course(), root)
        yield root


def assert_checked(root: Path) -> None:
    """The properties every example must have (see the module docstring)."""
    report = check(root)
    files = {p.relative_to(root).as_posix() for p in root.rglob("*")} | {"lessons"}
    for d in report.diagnostics:
        assert d.code in RULES, d
        assert d.path in files, d
        assert isinstance(d.line, int) and isinstance(d.column, int), d
        assert d.line >= 1 and d.column >= 1, d
        assert d.message and not any((c < " " and c != "\t") or c == "\x7f"
                                     for c in d.message), d  # one line, no control codes
    for name, reporter in REPORTERS.items():
        out = reporter([report], root)
        if name in ("json", "sarif"):
            json.loads(out)
        elif name == "junit":
            ET.fromstring(out)


# --- building blocks ----------------------------------------------------------------------

ODD_YAML = [
    "!!map [a]", "!!timestamp abc", "0000-01-01", "2001-12-14T25:61:61Z", "[0000-01-01]",
    "[2001-12-14T25:61:61Z]", "!!int x", "!!bool maybe", "!!float one", "!!set x",
    "!!binary ^^^", "!!omap [a]", "!!pairs {a: 1}", "!!str {a: 1}", "!!null x",
    "&a [1, *a]", "*missing", "&b x", "~", "null", "yes", "no", "0x1F", "0o17", "1e400",
    "-.inf", ".nan", "1_000", "2024-05-01", "12:30:00", "{a: 1, a: 2}", "[[[[[[[]]]]]]]",
    "'", '"\\x00"', '"\\ud800"', "|\n  block", ">-\n  folded", "? [a]\n: b",
    "!!python/object/apply:os.system [echo]", "!<tag:example.com,2000:x> y", "!local x",
    "\t", "@at", "`tick", "%", "- a\n- b", "{", "]", ": x", "a: b: c", "[" * 40,
    "x" * 300, "\u202e\u2066rtl", "\ufeffbom", "\x85next-line",
]
MD_TOKENS = [
    "<p ", "<a\t", "<a href=", "<script>", "</script>", "<img src=", " alt=", "onclick=",
    '"', "'", "![", "](", "[", "]", "(", ")", "]:", "%00", "%2e%2e/", "../", "/etc/passwd",
    "javascript:", "java&#x09;script:", "data:text/html,", "file:///", "C:\\", "```", "~~~",
    "`", "\n", "\r\n", "<!--", "-->", "<iframe ", "<style>", "&#0;", "\x00", "\u202e",
    "\ufeff", "a" * 260, "lessons/", "#frag", "<", ">", "=", "/", " ", "\t", "<p " * 200,
]
CSV_VALUES = [
    "", " ", "nan", "NaN", "inf", "-inf", "1e400", "-1", "0", "?", "NA", "null", "abc",
    '"', '"unterminated', "a,b", "2025-13-45T99:00:00Z", "1min", "\t", "é", "\x00",
    "9" * 40, "-0", "0x10", "True",
]


def text_from(tokens: list[str], max_size: int = 30) -> st.SearchStrategy[str]:
    piece = st.sampled_from(tokens) | st.text(max_size=12)
    return st.lists(piece, max_size=max_size).map("".join)


json_values: st.SearchStrategy[Any] = st.recursive(
    st.none() | st.booleans() | st.integers(-2**70, 2**70)
    | st.floats(allow_nan=False, allow_infinity=False) | st.text(max_size=20)
    | st.sampled_from(["", "/widgets/data/\x00.csv", "/widgets/" + "b" * 300 + ".csv",
                       "../../etc/passwd", "drift_detection_lab", "1min", "-1"]),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner,
                                                                max_size=4),
    max_leaves=12)


def mutate_yaml_lines(data: st.DataObject, text: str) -> str:
    """Replace values, whole lines or keys of a YAML document, a few at a time."""
    lines = text.split("\n")
    for _ in range(data.draw(st.integers(1, 4))):
        index = data.draw(st.integers(0, max(len(lines) - 1, 0)))
        line = lines[index] if lines else ""
        how = data.draw(st.sampled_from(["value", "line", "duplicate", "delete", "indent"]))
        if how == "value" and ":" in line:
            key = line.split(":", 1)[0]
            lines[index] = f"{key}: " + data.draw(st.sampled_from(ODD_YAML) | st.text(max_size=15))
        elif how == "line":
            lines[index] = data.draw(text_from([*ODD_YAML, ": ", "- ", "  "], 4))
        elif how == "duplicate" and lines:
            lines.insert(index, line)
        elif how == "delete" and lines:
            del lines[index]
        else:
            lines[index] = data.draw(st.sampled_from(["", " ", "\t", "    "])) + line
    return "\n".join(lines)


def mutate_json(data: st.DataObject, value: Any) -> Any:
    """Replace, remove or add a member somewhere inside a JSON value."""
    if not isinstance(value, (dict, list)) or not value or data.draw(st.integers(0, 3)) == 0:
        return data.draw(json_values)
    if isinstance(value, dict):
        key = data.draw(st.sampled_from(sorted(value)))
        how = data.draw(st.sampled_from(["into", "drop", "add"]))
        if how == "drop":
            return {k: v for k, v in value.items() if k != key}
        if how == "add":
            return {**value, data.draw(st.text(max_size=10)): data.draw(json_values)}
        return {**value, key: mutate_json(data, value[key])}
    index = data.draw(st.integers(0, len(value) - 1))
    return [*value[:index], mutate_json(data, value[index]), *value[index + 1:]]


def write(root: Path, rel: str, text: str, encoding: str = "utf-8") -> None:
    # A lone surrogate drawn by Hypothesis becomes bytes that are not UTF-8: welcome input.
    errors = "surrogatepass" if encoding.startswith("utf") else "replace"
    (root / rel).write_bytes(text.encode(encoding, errors=errors))


def front_matter(root: Path) -> tuple[str, str]:
    text = (root / LESSON).read_text(encoding="utf-8")
    _, fm, body = text.split("---\n", 2)
    return fm, body


# --- the properties -------------------------------------------------------------------------

ENCODINGS = ["utf-8", "utf-8-sig", "utf-16", "latin-1"]


@given(st.data())
def test_front_matter(data: st.DataObject) -> None:
    with course_copy() as root:
        fm, body = front_matter(root)
        fm = mutate_yaml_lines(data, fm)
        write(root, LESSON, f"---\n{fm}---\n{body}")
        assert_checked(root)


@given(st.data())
def test_markdown_body(data: st.DataObject) -> None:
    with course_copy() as root:
        fm, body = front_matter(root)
        cut = data.draw(st.integers(0, len(body)))
        body = body[:cut] + data.draw(text_from(MD_TOKENS)) + body[cut:]
        text = f"---\n{fm}---\n{body}"
        if data.draw(st.booleans()):
            text = text.replace("\n", data.draw(st.sampled_from(["\r\n", "\r"])))
        encoding = data.draw(st.sampled_from(ENCODINGS))
        write(root, LESSON, text, encoding)
        assert_checked(root)


@given(st.data(), st.sampled_from(WIDGETS))
def test_widget_json(data: st.DataObject, rel: str) -> None:
    with course_copy() as root:
        document = json.loads((root / rel).read_text(encoding="utf-8"))
        for _ in range(data.draw(st.integers(1, 3))):
            document = mutate_json(data, document)
        text = json.dumps(document, indent=1, ensure_ascii=data.draw(st.booleans()))
        how = data.draw(st.sampled_from(["as is", "duplicate key", "truncate", "insert"]))
        if how == "duplicate key" and text.startswith("{\n"):
            text = "{\n" + data.draw(st.sampled_from(['"type": [1],', '"type": 3,',
                                                      '"title": {},'])) + text[1:]
        elif how == "truncate":
            text = text[: data.draw(st.integers(0, len(text)))]
        elif how == "insert":
            at = data.draw(st.integers(0, len(text)))
            text = text[:at] + data.draw(text_from(['"', "{", "}", "[", "]", ",", ":", "\\",
                                                    "NaN", "1e999"], 5)) + text[at:]
        write(root, rel, text)
        assert_checked(root)


@given(st.data(), st.sampled_from(CSV_FILES))
def test_csv(data: st.DataObject, rel: str) -> None:
    with course_copy() as root:
        rows = [line.split(",") for line in (root / rel).read_text(encoding="utf-8").split("\n")]
        for _ in range(data.draw(st.integers(1, 5))):
            how = data.draw(st.sampled_from(["header", "swap", "cell", "cells", "row"]))
            header = rows[0]
            if how == "header":
                i = data.draw(st.integers(0, len(header) - 1))
                header[i] = data.draw(st.sampled_from(
                    [header[i] + " ", header[i] + "\t", " " + header[i], "", header[0],
                     header[i].upper(), "\ufeff" + header[i]]))
            elif how == "swap" and len(header) > 1:
                i, j = data.draw(st.lists(st.integers(0, len(header) - 1), min_size=2,
                                          max_size=2, unique=True))
                header[i], header[j] = header[j], header[i]
            elif how in ("cell", "cells"):
                row = rows[data.draw(st.integers(1, len(rows) - 1))]
                if not row:  # an empty row inserted by an earlier step
                    row.append("")
                i = data.draw(st.integers(0, len(row) - 1))
                row[i] = data.draw(st.sampled_from(CSV_VALUES) | st.text(max_size=8))
                if how == "cells":
                    row.append(data.draw(st.sampled_from(CSV_VALUES)))
            else:
                rows.insert(data.draw(st.integers(1, len(rows))),
                            data.draw(st.lists(st.sampled_from(CSV_VALUES), max_size=8)))
        write(root, rel, "\n".join(",".join(r) for r in rows),
              data.draw(st.sampled_from(ENCODINGS)))
        assert_checked(root)


COURSE_KEYS = ["id", "title", "version", "language", "pass_mark", "lessons", "modules",
               "rules", "unknown"]


@given(st.data())
def test_course_file(data: st.DataObject) -> None:
    with course_copy() as root:
        text = (root / "course.yaml").read_text(encoding="utf-8")
        if data.draw(st.booleans()):
            text = mutate_yaml_lines(data, text)
        else:
            value = st.sampled_from(ODD_YAML) | json_values.map(json.dumps)
            entries = data.draw(st.lists(st.tuples(st.sampled_from(COURSE_KEYS), value),
                                         max_size=6))
            text = "".join(f"{key}: {item}\n" for key, item in entries)
        write(root, "course.yaml", text)
        assert_checked(root)


