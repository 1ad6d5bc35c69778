"""``precompute(course, out)``: compute every widget's results once, at build time.

Each widget file a lesson uses gets one JSON result document in ``<out>/precompute/``
(the file's path below ``widgets/``), computed by its kind
(:meth:`lmspack.widgets.WidgetKind.compute`). The document records a SHA-256 of everything
it was computed from (the widget file, the files its kind says it reads, lmspack's version
and the kind's library versions); a later run whose inputs hash the same reuses the file
instead of recomputing. Output bytes are deterministic: floats at full precision
(``repr``), keys in a fixed order, strict JSON (no NaN).

A widget whose results cannot be computed stops the stage with a :class:`PrecomputeError`
(a content problem, exit 1) located in its widget file.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from lmspack._version import __version__
from lmspack.errors import ComputeError, PrecomputeError, processing
from lmspack.model.course import CheckedWidget, Course
from lmspack.source.atomic import output_folder, remove_stale_temporaries, write_bytes
from lmspack.source.paths import resolve_data_path
from lmspack.widgets import DataFiles, WidgetKind
from lmspack.widgets.registry import plugin_owner, require_kind

RESULTS_DIR = "precompute"
FORMAT = 1


@dataclass(frozen=True)
class WidgetResult:
    """One widget file's results: where they are, and whether they were reused."""

    source: str  # course-relative path of the widget file, e.g. widgets/x.json
    output: Path
    reused: bool
    document: dict[str, Any]


@dataclass(frozen=True)
class Precomputed(Mapping[str, WidgetResult]):
    """The precompute stage's output: each widget file's result, by course-relative path,
    in first-use order. The render stage reads :meth:`documents`."""

    out_dir: Path
    results: dict[str, WidgetResult] = field(default_factory=dict)

    def __getitem__(self, source: str) -> WidgetResult:
        return self.results[source]

    def __iter__(self) -> Iterator[str]:
        return iter(self.results)

    def __len__(self) -> int:
        return len(self.results)

    def documents(self) -> dict[str, dict[str, Any]]:
        """Widget file -> result document."""
        return {source: result.document for source, result in self.results.items()}


def output_name(source: str) -> str:
    """``widgets/a/b.json`` -> ``a/b.json`` (the layout inside ``precompute/``)."""
    return source.removeprefix("widgets/")


def widget_sources(course: Course) -> list[str]:
    """Widget files used by the course's lessons, course-relative, in first-use order."""
    seen: dict[str, None] = {}
    for entry in course.lessons:
        for widget in entry.lesson.widgets:
            rel = resolve_data_path(course.root, widget.data)
            if rel is not None:
                seen.setdefault(rel, None)
    return list(seen)


def precompute(course: Course, out_dir: Path, *, reuse: bool = True,
               progress: Callable[[str], None] | None = None) -> Precomputed:
    """Compute (or reuse) the results of every widget the course uses, into
    ``out_dir/precompute/``. Raises :class:`PrecomputeError` for a widget that cannot be
    computed (results computed before it are kept)."""
    files = _data_files(course)
    results = {}
    sources = widget_sources(course)
    if sources:  # lmspack's own folder: a file an earlier run left in its place goes
        output_folder(out_dir / RESULTS_DIR, owned=True)
        remove_stale_temporaries(out_dir / RESULTS_DIR)  # a killed run's, never read
    for source in sources:
        if progress:
            progress(source)
        results[source] = _one(course, files, source, out_dir / RESULTS_DIR, reuse)
    return Precomputed(out_dir, results)


@dataclass(frozen=True)
class _WidgetFile:
    checked: CheckedWidget
    kind: WidgetKind[Any]

    def error(self, message: str, pointer: str | None = None) -> PrecomputeError:
        """A problem located in this widget file."""
        position = self.checked.document.position(pointer or "")
        return PrecomputeError(f"{self.checked.source}:{position.line}:{position.column}: "
                               f"cannot compute the widget's results: {message}")


def _checked(course: Course, source: str) -> _WidgetFile:
    """The widget file as validation parsed it (the checked course carries it: it is not
    read again), with its kind."""
    checked = course.widgets.get(source)
    if checked is None:
        raise PrecomputeError(f"{source}: not a checked widget file of an installed kind "
                              "(run lmspack validate)")
    return _WidgetFile(checked, require_kind(checked.kind))


def _data_files(course: Course) -> DataFiles:
    root = course.root

    def resolve(path: str) -> str | None:
        return resolve_data_path(root, path)

    def load_widget(path: str) -> BaseModel:
        rel = resolve(path)
        checked = course.widgets.get(rel) if rel is not None else None
        if checked is None:
            raise ComputeError(f"{path}: missing, outside widgets/ or not a valid widget "
                               "file (run lmspack validate)")
        return checked.model

    return DataFiles(root, resolve, load_widget)


def inputs_digest(root: Path, files: Iterable[Path], versions: str = "",
                  texts: Mapping[str, str] | None = None) -> str:
    """SHA-256 over lmspack's version, the result format, ``versions`` (the kind's
    libraries) and each file's course path, size and bytes; a file in ``texts`` (course
    path -> text: the checked widget files) is taken from there, as UTF-8, not read."""
    digest = hashlib.sha256(f"lmspack {__version__} format {FORMAT} {versions}\n".encode())
    for path in files:
        rel = path.relative_to(root).as_posix()
        text = (texts or {}).get(rel)
        data = text.encode("utf-8") if text is not None else path.read_bytes()
        digest.update(f"{rel} {len(data)}\n".encode())
        digest.update(data)
    return digest.hexdigest()


def _one(course: Course, files: DataFiles, source: str, out_dir: Path,
         reuse: bool) -> WidgetResult:
    with processing(source):
        item = _checked(course, source)
    output = out_dir / output_name(source)
    texts = {rel: checked.text for rel, checked in course.widgets.items()}
    with processing(source, plugin_owner(item.kind.name)):
        try:
            own = files.root / source
            depends = sorted(set(item.kind.inputs(item.checked.model, files)) - {own})
            digest = inputs_digest(files.root, [own, *depends], item.kind.versions(), texts)
            previous = _previous(output, digest, source) if reuse else None
            if previous is not None and _fits(item.kind, previous):
                return WidgetResult(source, output, True, previous)
            document = {"format": FORMAT, "source": source, "inputs": {"sha256": digest},
                        **item.kind.compute(item.checked.model, files)}
            item.kind.read_result(document)  # the kind's result model, exactly
        except ComputeError as exc:
            raise item.error(exc.message, exc.pointer) from None
    write_bytes(output, dumps(document).encode("utf-8"))
    return WidgetResult(source, output, False, document)


def _fits(kind: WidgetKind[Any], document: dict[str, Any]) -> bool:
    """Whether ``document`` matches the kind's result model (a result written by another
    lmspack version may not: it is recomputed)."""
    try:
        kind.read_result(document)
    except ComputeError:
        return False
    return True


def _previous(output: Path, digest: str, source: str) -> dict[str, Any] | None:
    """The result written earlier for the same inputs, if it is there and intact: anything
    else (missing, unreadable, not JSON, another shape, other inputs) is recomputed."""
    try:
        previous: object = json.loads(output.read_bytes().decode("utf-8"))
    except (OSError, UnicodeDecodeError, ValueError, RecursionError):
        return None
    if not isinstance(previous, dict):
        return None
    inputs = previous.get("inputs")
    if isinstance(inputs, dict) and inputs.get("sha256") == digest \
            and previous.get("format") == FORMAT and previous.get("source") == source:
        return previous
    return None


def dumps(document: Any) -> str:
    """Deterministic strict JSON (floats at full precision)."""
    return json.dumps(document, indent=1, ensure_ascii=False, allow_nan=False) + "\n"
