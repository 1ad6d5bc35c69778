"""Position-aware YAML and JSON loading."""

from __future__ import annotations

import datetime

from lmspack.diagnostics import Position
from lmspack.source import jsonpos, yamlpos

YAML = """id: a
quiz:
  - q: one
    options: [x, "y"]
  - q: two
    q: again
when: 2024-05-01
"""


def test_yaml_values_keys_and_offsets() -> None:
    doc = yamlpos.load(YAML, line_offset=1)
    assert isinstance(doc, yamlpos.YamlDocument)
    assert doc.data["when"] == datetime.date(2024, 5, 1)
    assert doc.position("/quiz/0/options/1") == Position(5, 18)
    assert doc.position("/quiz/1/q", key=True) == Position(6, 5)  # first of the two keys
    assert doc.position("/quiz/9/q") == Position(4, 3)  # deepest existing ancestor
    assert doc.position("/missing") == Position(2, 1)


def test_yaml_duplicate_keys_are_recorded_with_both_positions() -> None:
    doc = yamlpos.load(YAML)
    assert isinstance(doc, yamlpos.YamlDocument)
    assert [(doc.mark(dup).line, doc.mark(first).line) for dup, first in doc.duplicates] == \
        [(6, 5)]
    assert doc.data["quiz"][1]["q"] == "again"


def test_yaml_syntax_error_position_is_in_file_coordinates() -> None:
    error = yamlpos.load("id: a\ntitle: x: y\n", line_offset=1)
    assert isinstance(error, yamlpos.YamlError)
    assert error.position == Position(3, 9)
    assert "mapping values are not allowed" in error.message


def test_yaml_refuses_python_tags() -> None:
    assert isinstance(yamlpos.load("!!python/object/apply:os.system [ls]"), yamlpos.YamlError)


def test_pointer_escaping_round_trips() -> None:
    parts: list[object] = ["a/b", "c~d", 0]
    assert yamlpos.make_pointer(parts) == "/a~1b/c~0d/0"
    assert yamlpos.parse_pointer("/a~1b/c~0d/0") == ["a/b", "c~d", "0"]


def test_json_positions_of_values_and_keys() -> None:
    text = '{\n  "rules": [\n    {"id": "r1", "threshold": 0.5},\n    {"id": "r2"}\n  ]\n}\n'
    doc = jsonpos.loads(text)
    assert isinstance(doc, jsonpos.JsonDocument)
    assert doc.position("/rules/0/threshold") == Position(3, 31)
    assert doc.position("/rules/1/id", key=True) == Position(4, 6)
    assert doc.position("/rules/5") == Position(2, 12)


def test_json_errors_have_positions_and_nan_is_refused() -> None:
    error = jsonpos.loads('{"a": [1, 2,]}')
    assert isinstance(error, jsonpos.JsonError) and error.position == Position(1, 13)
    assert isinstance(jsonpos.loads('{"a": NaN}'), jsonpos.JsonError)
