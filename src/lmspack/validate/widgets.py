"""Widget references in lessons, and the widget data files themselves."""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from lmspack.diagnostics import FILE_START, Diagnostic
from lmspack.diagnostics.rules import emit
from lmspack.model.course import CheckedWidget
from lmspack.source import jsonpos
from lmspack.source.files import is_file, read_text
from lmspack.source.paths import resolve_data_path
from lmspack.source.yamlpos import YamlDocument, parse_pointer
from lmspack.validate.xml_text import check_xml_text
from lmspack.widgets.registry import kind_names


@dataclass
class WidgetFiles:
    """Parsed widget data files, each read once however many lessons use it."""

    root: Path
    known: tuple[str, ...]
    parsed: dict[str, jsonpos.JsonDocument | None] = field(default_factory=dict)
    used: set[str] = field(default_factory=set)
    resolved: dict[str, str | None] = field(default_factory=dict)
    expected: dict[str, str] = field(default_factory=dict)  # file -> type lessons give it
    texts: dict[str, str] = field(default_factory=dict)
    checked: dict[str, CheckedWidget] = field(default_factory=dict)
    """The files that passed their kind's format, for the checked course."""
    diagnostics: list[Diagnostic] = field(default_factory=list)

    def resolve(self, data: str) -> str | None:
        """:func:`resolve_data_path`, once per distinct reference in this run."""
        if data not in self.resolved:
            self.resolved[data] = resolve_data_path(self.root, data)
        return self.resolved[data]

    def load(self, rel: str) -> jsonpos.JsonDocument | None:
        if rel not in self.parsed:
            self.parsed[rel] = self._parse(rel)
        return self.parsed[rel]

    def _parse(self, rel: str) -> jsonpos.JsonDocument | None:
        text = read_text(self.root, rel, line_ends=True)
        if not isinstance(text, str):
            self.diagnostics.append(text)
            return None
        doc = jsonpos.loads(text)
        self.texts[rel] = text
        if isinstance(doc, jsonpos.JsonError):
            self.diagnostics.append(emit("W004", rel, doc.position,
                                         f"invalid JSON: {doc.message}"))
            return None
        self.diagnostics += [
            emit("F006", rel, doc.position(pointer, key=True),
                 f"duplicate key '{parse_pointer(pointer)[-1]}': the later value silently "
                 "replaces the earlier one", hint="remove one of them", pointer=pointer)
            for pointer in doc.duplicates]
        self.diagnostics += check_xml_text(rel, doc.data, doc)
        return doc


def check_widget_refs(path: str, widgets: Any, doc: YamlDocument,
                      files: WidgetFiles) -> list[Diagnostic]:
    """Each widget's type (an installed kind) and data path: inside widgets/, existing,
    parseable (parsed once)."""
    if not isinstance(widgets, list):
        return []
    out: list[Diagnostic] = []
    for index, widget in enumerate(widgets):
        out += _check_type(path, index, widget, doc)
        data = widget.get("data") if isinstance(widget, dict) else None
        if not isinstance(data, str) or not data:
            continue
        pointer = f"/widgets/{index}/data"
        rel = files.resolve(data)
        if rel is None:
            out.append(emit("W003", path, doc.position(pointer),
                            f"widget data '{data}' is outside the course's widgets/ folder",
                            hint="use a course-root path such as /widgets/name.json",
                            pointer=pointer))
        elif not is_file(files.root / rel):
            close = difflib.get_close_matches(rel, files.known, n=1, cutoff=0.6)
            out.append(emit("W002", path, doc.position(pointer),
                            f"widget data file '{data}' does not exist",
                            hint=f"did you mean '/{close[0]}'?" if close else None,
                            pointer=pointer))
        else:
            files.used.add(rel)
            files.load(rel)
            if widget.get("type") in kind_names():  # an unknown type is W001's business
                files.expected.setdefault(rel, widget["type"])
    return out


def _check_type(path: str, index: int, widget: Any, doc: YamlDocument) -> list[Diagnostic]:
    """W001 for a ``type`` (a non-empty string: the schema checks that) naming no installed
    widget kind; the names come from the registry without importing any kind."""
    kind = widget.get("type") if isinstance(widget, dict) else None
    if not isinstance(kind, str) or not kind or kind in kind_names():
        return []
    pointer = f"/widgets/{index}/type"
    known = kind_names()
    close = difflib.get_close_matches(kind, known, n=1, cutoff=0.5)
    return [emit("W001", path, doc.position(pointer), f"unknown widget type '{kind}'",
                 hint=f"did you mean '{close[0]}'?" if close
                 else f"installed widget kinds: {', '.join(known) or 'none'}",
                 pointer=pointer)]


def load_widget_files(files: WidgetFiles) -> None:
    """Parse every widget file, used or not, so each gets its format checked."""
    for rel in files.known:
        files.load(rel)


def check_widget_files(files: WidgetFiles) -> list[Diagnostic]:
    """Flag the widget files no lesson (or alert configurator) uses; return every file-level
    problem found while reading widget and CSV files."""
    out = [emit("W101", rel, FILE_START, f"widget file '{rel}' is not used by any lesson",
                hint="reference it from a lesson's widgets, or delete it")
           for rel in files.known if rel not in files.used]
    return out + files.diagnostics
