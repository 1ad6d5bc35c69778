"""One family of errors, one function from outcome to exit code."""

from __future__ import annotations

import ast
import inspect
from pathlib import Path

import pytest

from lmspack import errors
from lmspack.errors import (
    ConfigError,
    ContentError,
    CourseHasErrors,
    LmspackError,
    UsageError,
    describe,
    exit_code,
    processing,
)

SRC = Path(__file__).resolve().parents[2] / "src" / "lmspack"


@pytest.mark.parametrize("outcome,code", [
    ({}, 0),
    ({"failed": True}, 1),
    ({"error": ContentError("widgets/x.json:1:1: no")}, 1),
    ({"error": CourseHasErrors.__new__(CourseHasErrors)}, 1),
    ({"error": UsageError("nothing to export")}, 2),
    ({"error": ConfigError("SOURCE_DATE_EPOCH='x' is not an integer")}, 2),
    ({"error": ValueError("a stray ValueError is a bug, not a usage error")}, 2),
    ({"error": KeyError("bug")}, 2),
])
def test_exit_codes_are_decided_in_one_function(outcome: dict[str, object], code: int) -> None:
    assert exit_code(**outcome) == code  # type: ignore[arg-type]


def test_every_error_lmspack_raises_on_purpose_is_one_family() -> None:
    for kind in (ContentError, UsageError, ConfigError, CourseHasErrors):
        assert issubclass(kind, LmspackError)
    assert not issubclass(LmspackError, ValueError)


def exception_classes(module: Path) -> list[str]:
    """Classes in ``module`` whose bases look like exceptions (``...Error``, ``Exception``)."""
    tree = ast.parse(module.read_text(encoding="utf-8"))
    return [node.name for node in ast.walk(tree) if isinstance(node, ast.ClassDef)
            and any(ast.unparse(base).endswith(("Error", "Exception")) for base in node.bases)]


def test_every_exception_class_is_in_errors_py_and_in_the_family() -> None:
    """No module but errors.py defines an exception class, and each one there is an
    LmspackError (a content or a usage error: exit 1 or 2, one line each)."""
    elsewhere = {path.relative_to(SRC).as_posix(): names for path in SRC.rglob("*.py")
                 if path.name != "errors.py" and (names := exception_classes(path))}
    assert elsewhere == {}
    defined = [value for value in vars(errors).values() if inspect.isclass(value)
               and issubclass(value, BaseException) and value.__module__ == errors.__name__]
    assert {kind.__name__ for kind in defined} >= {
        "CourseNotFound", "MissingFrontMatter", "UnclosedFrontMatter", "ComputeError",
        "SuppressionCycleError", "PackagingError", "PrecomputeError", "CourseHasErrors"}
    assert all(issubclass(kind, LmspackError) for kind in defined)


def test_problems_are_lines() -> None:
    error = ContentError(["a.md:1:1: one", "b.md:2:3: two"])
    assert describe(error, "lmspack export") == ["lmspack export: a.md:1:1: one",
                                                 "lmspack export: b.md:2:3: two"]


def test_a_bug_is_one_line_naming_the_innermost_file() -> None:
    with pytest.raises(ZeroDivisionError) as caught, processing("lessons/a.md"), \
            processing("widgets/w.json", owner="lmspack-widget-gauge"):
        print(1 / 0)
    [line] = describe(caught.value)
    assert line.startswith("lmspack: internal error while processing widgets/w.json: "
                           "ZeroDivisionError: division by zero (a bug in the widget-kind "
                           "plug-in from lmspack-widget-gauge;")


def test_a_multi_line_message_stays_on_one_line() -> None:
    [line] = describe(RuntimeError("first\nsecond"))
    assert "first second" in line and "\n" not in line
