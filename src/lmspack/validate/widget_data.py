"""Widget data files against their kind's format, their CSV files, and each other.

Runs on every widget file that parsed. The file's ``type`` picks its kind from the
registry (:mod:`lmspack.widgets.registry`); the kind's model checks the shape (S rules,
with the JSON position) and its :meth:`~lmspack.widgets.WidgetKind.check` what a schema
cannot express (D rules), through :class:`_Context`, this module's
:class:`~lmspack.widgets.CheckContext`. Pure Python: no numpy here.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel, ValidationError

from lmspack.diagnostics import FILE_START, Diagnostic, Position
from lmspack.diagnostics.rules import emit
from lmspack.errors import processing
from lmspack.model.course import CheckedWidget
from lmspack.source.csvfile import ColumnRule, CsvSummary, check_csv, size_problem
from lmspack.source.files import is_file, read_text
from lmspack.source.jsonpos import JsonDocument
from lmspack.source.yamlpos import parse_pointer
from lmspack.validate.schema import validate_model
from lmspack.validate.widgets import WidgetFiles
from lmspack.widgets.registry import get_kind, kind_names, plugin_owner


@dataclass
class _Context:
    """One widget file being checked: where to report, and the course's other files."""

    files: WidgetFiles
    rel: str
    doc: JsonDocument
    out: list[Diagnostic] = field(default_factory=list)

    @property
    def path(self) -> str:
        return self.rel

    def at(self, pointer: str, *, key: bool = False) -> Position:
        return self.doc.position(pointer, key=key)

    def report(self, code: str, pointer: str, message: str, hint: str | None = None,
               *, key: bool = False) -> None:
        self.out.append(emit(code, self.rel, self.at(pointer, key=key), message, hint=hint,
                             pointer=pointer))

    def csv(self, pointer: str, path: str, columns: Mapping[str, ColumnRule],
            collect: tuple[str, ...] = ()) -> CsvSummary | None:
        """Check the CSV file at ``path`` (a course-root path); its cell problems are
        reported once however many widget files read it."""
        rel = self.files.resolve(path)
        if rel is None or not is_file(self.files.root / rel):
            where = "is outside the course's widgets/ folder" if rel is None else "does not exist"
            self.report("D001", pointer, f"CSV file '{path}' {where}")
            return None
        self.files.used.add(rel)
        too_big = size_problem(rel, (self.files.root / rel).stat().st_size)
        if too_big is not None:
            self.files.diagnostics.extend([too_big] if too_big not in self.files.diagnostics
                                          else [])
            return None
        text = read_text(self.files.root, rel)
        if not isinstance(text, str):
            self.out.append(text)
            return None
        summary, problems = check_csv(rel, text, dict(columns), collect=collect)
        self.files.diagnostics.extend(d for d in problems if d not in self.files.diagnostics)
        return summary

    def widget(self, pointer: str, path: str, kind: str, what: str) -> BaseModel | None:
        """Another widget file of ``kind``, parsed; its own problems are reported when that
        file is checked, so a broken one is just None here."""
        rel = self.files.resolve(path)
        if rel is None or not is_file(self.files.root / rel):
            self.report("D001", pointer, f"{what} '{path}' "
                        f"{'is outside widgets/' if rel is None else 'does not exist'}")
            return None
        self.files.used.add(rel)
        doc = self.files.load(rel)
        data: Any = doc.data if doc is not None else None
        other = get_kind(kind)
        if other is None or not isinstance(data, dict) or data.get("type") != kind:
            self.report("D006", pointer, f"'{path}' is not a {kind} file")
            return None
        try:
            model: BaseModel = other.model.model_validate(data)
        except ValidationError:
            return None
        return model


def check_widget_data(files: WidgetFiles) -> list[Diagnostic]:
    """Check every parsed widget file against its kind's format and its references."""
    out: list[Diagnostic] = []
    for rel in sorted(files.parsed):
        doc = files.parsed[rel]
        if doc is not None:
            with processing(rel):
                out += _check_file(files, rel, doc, files.expected.get(rel))
    return out


def _check_file(files: WidgetFiles, rel: str, doc: JsonDocument,
                expected: str | None) -> list[Diagnostic]:
    ctx = _Context(files, rel, doc)
    data = doc.data
    if not isinstance(data, dict):
        return [emit("F005", rel, FILE_START, "widget data must be a JSON object")]
    declared = data.get("type")
    kind = get_kind(declared) if isinstance(declared, str) else None
    if kind is None:
        ctx.report("D005", "/type" if "type" in data else "",
                   f"widget file has {'no type' if declared is None else f'type {declared!r}'}"
                   + (f"; the lesson uses it as {expected}" if expected else ""),
                   hint=f"add \"type\": \"{expected}\"" if expected and declared is None
                   else f"known types: {', '.join(kind_names())}")
        return ctx.out
    if expected is not None and declared != expected:
        ctx.report("D005", "/type", f"widget file is a {declared} but the lesson uses it as "
                   f"{expected}")
    model, errors = validate_model(kind.model, data, rel, doc)
    ctx.out += errors
    if model is not None and not errors:
        files.checked[rel] = CheckedWidget(rel, kind.name, model, files.texts[rel], doc)
    if model is None:
        model = _salvage(kind.model, data, [e.pointer for e in errors])
    if model is not None:
        with processing(rel, plugin_owner(kind.name)):
            kind.check(model, ctx)
    return ctx.out


def _salvage(model: type[BaseModel], data: dict[str, Any],
             pointers: list[str | None]) -> BaseModel | None:
    """The file without the parts that failed the schema, so one typo does not hide every
    other problem: a bad list item is left out, an unknown key dropped. None when a
    problem sits outside any list and is not an unknown key (nothing sensible remains)."""
    cut: list[list[str]] = []
    for pointer in pointers:
        parts = parse_pointer(pointer or "")
        items = [n for n, part in enumerate(parts) if part.isdigit()]
        if items:
            cut.append(parts[: items[-1] + 1])
        elif len(parts) == 1 and parts[0] not in model.model_fields:
            cut.append(parts)
        else:
            return None
    reduced = copy.deepcopy(data)
    for parts in sorted(cut, key=lambda p: [int(x) if x.isdigit() else -1 for x in p],
                        reverse=True):
        container: Any = reduced
        try:
            for part in parts[:-1]:
                container = container[int(part)] if isinstance(container, list) \
                    else container[part]
        except (KeyError, IndexError, ValueError, TypeError):
            continue  # a pointer through a union's tag (".../resample/shares/3"): not data
        last = parts[-1]
        if isinstance(container, list) and last.isdigit() and int(last) < len(container):
            del container[int(last)]
        elif isinstance(container, dict):
            container.pop(last, None)
    try:
        return model.model_validate(reduced)
    except ValidationError:
        return None
