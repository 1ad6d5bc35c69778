"""Turn pydantic validation errors into coded diagnostics at the offending value."""

from __future__ import annotations

import datetime
import difflib
from collections.abc import Iterator
from typing import Any, Protocol, get_args, get_origin

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from lmspack.commandline import counted
from lmspack.diagnostics import Diagnostic, Position
from lmspack.diagnostics.rules import emit
from lmspack.model.lesson import BASE_IRI_PATTERN, ID_PATTERN, slugify
from lmspack.source.yamlpos import make_pointer


class Locator(Protocol):
    """Anything that maps a JSON pointer to a source position (YAML or JSON documents)."""

    def position(self, pointer: str, *, key: bool = False) -> Position: ...


def validate_model(
    model: type[BaseModel], data: Any, path: str, locator: Locator
) -> tuple[BaseModel | None, list[Diagnostic]]:
    """Validate ``data`` against ``model``; every error becomes one diagnostic."""
    try:
        return model.model_validate(data), []
    except ValidationError as exc:
        return None, [_diagnostic(model, {**err, "loc": _data_loc(err["loc"], data)}, path,
                                  locator) for err in exc.errors()]


def _data_loc(loc: tuple[int | str, ...], data: Any) -> tuple[int | str, ...]:
    """``loc`` without what pydantic adds that is not in the document: a tagged union's
    tag (``transforms.0.resample.shares``) points at ``transforms/0/shares``."""
    out: list[int | str] = []
    here = data
    for number, part in enumerate(loc):
        if isinstance(here, dict) and isinstance(part, str) and part not in here \
                and number < len(loc) - 1:
            continue
        out.append(part)
        if isinstance(here, dict):
            here = here.get(part)
        elif isinstance(here, list) and isinstance(part, int) and 0 <= part < len(here):
            here = here[part]
        else:
            here = None
    return tuple(out)


def _diagnostic(model: type[BaseModel], err: ErrorDetails, path: str,
                locator: Locator) -> Diagnostic:
    loc = tuple(err["loc"])
    pointer = make_pointer(loc)
    kind = err["type"]
    where = _display(loc)
    if kind == "extra_forbidden":
        key = str(loc[-1])
        known = _fields_at(model, loc[:-1])
        close = difflib.get_close_matches(key, known, n=1, cutoff=0.6)
        hint = f"did you mean '{close[0]}'?" if close else f"known keys: {', '.join(known)}"
        return emit("S001", path, locator.position(pointer, key=True),
                    f"unknown key '{key}'" + (f" in {_display(loc[:-1])}" if loc[:-1] else ""),
                    hint=hint, pointer=pointer)
    if kind == "missing":
        return emit("S002", path, locator.position(make_pointer(loc[:-1])),
                    f"missing required field '{where}'", pointer=pointer,
                    hint=f"add '{loc[-1]}:' here")
    value = err.get("input")
    if kind.endswith("_type") or kind in ("model_type", "dict_type", "list_type"):
        return emit("S003", path, locator.position(pointer),
                    f"'{where}' must be {_expected(kind)}, not {_yaml_kind(value)}",
                    hint=_type_hint(kind, value), pointer=pointer)
    return _value_diagnostic(err, loc, path, locator)


def _value_diagnostic(err: ErrorDetails, loc: tuple[Any, ...], path: str,
                      locator: Locator) -> Diagnostic:
    kind, value, ctx = err["type"], err.get("input"), err.get("ctx") or {}
    pointer, where = make_pointer(loc), _display(loc)
    position = locator.position(pointer)
    fields = [p for p in loc if isinstance(p, str)]
    if kind == "string_pattern_mismatch" and ctx.get("pattern") == ID_PATTERN:
        return emit("S004", path, position, f"'{value}' is not a valid id ({where})",
                    hint=f"ids are lower-case words joined by hyphens, e.g. '{slugify(value)}'",
                    pointer=pointer)
    if kind == "too_short" and fields[-1:] == ["options"]:
        return emit("Q002", path, position,
                    f"question has {counted(int(ctx.get('actual_length') or 0), 'option')}; "
                    "at least 2 are needed",
                    pointer=pointer)
    if kind == "string_too_short" and fields[-1:] == ["options"]:
        return emit("Q003", path, position, f"option {loc[-1]} of {_display(loc[:-2])} is empty",
                    pointer=pointer)
    if kind == "string_pattern_mismatch" and ctx.get("pattern") == BASE_IRI_PATTERN:
        return emit("S005", path, position, f"'{where}': {value!r} is not an absolute IRI "
                    "without a query or fragment",
                    hint="e.g. https://courses.example.org/my-course (a scheme, then no "
                         "spaces, '?' or '#')", pointer=pointer)
    return emit("S005", path, position, f"'{where}': {_value_message(kind, value, ctx, err)}",
                pointer=pointer)


def _value_message(kind: str, value: Any, ctx: dict[str, Any], err: ErrorDetails) -> str:
    if kind in ("string_too_short", "too_short"):
        return "must not be empty"
    if kind == "greater_than_equal":
        return f"{value!r} is below the minimum {ctx['ge']}"
    if kind == "less_than_equal":
        return f"{value!r} is above the maximum {ctx['le']}"
    if kind == "too_long" and ctx.get("field_type") == "Dictionary":
        return "must be a single 'term: definition' pair"
    if kind == "literal_error":
        return f"{value!r} is not one of {ctx.get('expected')}"
    if kind == "string_pattern_mismatch" and ctx.get("pattern") == r"\S":
        return f"{value!r} is only white space; a package needs a title it can show"
    if kind == "string_pattern_mismatch":
        return f"{value!r} does not match {ctx.get('pattern')}"
    return str(err["msg"])


def _display(loc: tuple[Any, ...]) -> str:
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "document"


_EXPECTED = {"string_type": "a string", "int_type": "an integer", "bool_type": "true or false",
             "float_type": "a number", "list_type": "a list", "dict_type": "a mapping",
             "model_type": "a mapping", "model_attributes_type": "a mapping"}


def _expected(kind: str) -> str:
    return _EXPECTED.get(kind, kind.removesuffix("_type").replace("_", " "))


def _yaml_kind(value: Any) -> str:
    if isinstance(value, bool):
        return f"a boolean ({str(value).lower()})"
    if isinstance(value, datetime.datetime):
        return f"a timestamp ({value.isoformat()})"
    if isinstance(value, datetime.date):
        return f"a date ({value.isoformat()})"
    names = {int: "an integer", float: "a number", str: "a string", list: "a list",
             dict: "a mapping"}
    if value is None:
        return "empty (null)"
    return f"{names.get(type(value), type(value).__name__)} ({value!r:.40})"


def _type_hint(kind: str, value: Any) -> str | None:
    if kind == "string_type" and isinstance(value, (bool, int, float, datetime.date)):
        return "YAML read this as a non-string value; put it in quotes"
    if kind == "int_type" and isinstance(value, bool):
        return "YAML reads yes/no/on/off/true/false as booleans; write a number"
    if kind == "int_type" and isinstance(value, str) and value.strip().isdigit():
        return "remove the quotes"
    return None


def _fields_at(model: type[BaseModel], loc: tuple[Any, ...]) -> list[str]:
    """The field names of the (sub-)model that ``loc`` leads to inside ``model``."""
    current: Any = model
    for part in loc:
        if isinstance(part, int):
            continue
        field = current.model_fields.get(part) if _is_model(current) else None
        if field is None:
            return []
        current = _unwrap(field.annotation)
    return list(current.model_fields) if _is_model(current) else []


def _is_model(obj: Any) -> bool:
    return isinstance(obj, type) and issubclass(obj, BaseModel)


def _unwrap(annotation: Any) -> Any:
    """Find the model inside list[...] / X | None annotations."""
    for arg in _walk_types(annotation):
        if _is_model(arg):
            return arg
    return annotation


def _walk_types(annotation: Any) -> Iterator[Any]:
    yield annotation
    if get_origin(annotation) is not None:
        for arg in get_args(annotation):
            yield from _walk_types(arg)

