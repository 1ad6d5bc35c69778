"""``precompute(course, out)``: compute every widget's results once, at build time.

Each widget file a lesson uses gets one JSON result document in ``<out>/precompute/``
(the file's path below ``widgets/``). The document records a SHA-256 of everything it was
computed from (the widget file, the CSV and dashboard files it reads, and the versions of
lmspack, numpy and scipy); a later run whose inputs hash the same reuses the file instead
of recomputing. Output bytes are deterministic: floats at full precision (``repr``), keys
in a fixed order, strict JSON (no NaN).
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from lmspack import __version__
from lmspack.course import Course
from lmspack.loader import is_file
from lmspack.validate.widgets import resolve_data_path
from lmspack.widgets.models import WIDGET_MODELS, AlertConfigurator, Dashboard, DriftLab

RESULTS_DIR = "precompute"
FORMAT = 1


@dataclass(frozen=True)
class WidgetResult:
    """One widget file's results: where they are, and whether they were reused."""

    source: str  # course-relative path of the widget file, e.g. widgets/x.json
    output: Path
    reused: bool
    document: dict[str, Any]


class PrecomputeError(Exception):
    """A widget's inputs cannot be computed (validation normally catches this first)."""


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
               progress: Callable[[str], None] | None = None) -> dict[str, WidgetResult]:
    """Compute (or reuse) the results of every widget the course uses.

    Returns a mapping from the widget file's course-relative path to its result.
    """
    results = {}
    for source in widget_sources(course):
        if progress:
            progress(source)
        results[source] = _one(course.root, source, out_dir / RESULTS_DIR, reuse)
    return results


def _load(root: Path, source: str) -> Any:
    data = json.loads((root / source).read_text(encoding="utf-8"))
    model = WIDGET_MODELS.get(str(data.get("type"))) if isinstance(data, dict) else None
    if model is None:
        raise PrecomputeError(f"{source}: not a widget data file (run lmspack validate)")
    return model.model_validate(data)


def _resolver(root: Path) -> Callable[[str], Path]:
    def resolve(path: str) -> Path:
        rel = resolve_data_path(root, path)
        if rel is None or not is_file(root / rel):
            raise PrecomputeError(f"{path}: missing or outside widgets/ (run lmspack validate)")
        return root / rel
    return resolve


def _dependencies(root: Path, source: str, widget: Any) -> list[Path]:
    """Every file the result depends on (sorted, the widget file first)."""
    resolve = _resolver(root)
    paths = [root / source]
    if isinstance(widget, DriftLab):
        refs = [widget.reference.csv, widget.current.csv,
                *(s.current.csv for s in widget.scenarios if s.current)]
        paths += [resolve(ref) for ref in refs]
    elif isinstance(widget, Dashboard):
        paths.append(resolve(widget.log.csv))
    elif isinstance(widget, AlertConfigurator):
        board_file = resolve(widget.dashboard)
        board = _load(root, board_file.relative_to(root).as_posix())
        paths += [board_file, resolve(board.log.csv)]
    return [paths[0], *sorted(set(paths[1:]) - {paths[0]})]


def inputs_digest(root: Path, files: Iterable[Path]) -> str:
    import numpy
    import scipy

    digest = hashlib.sha256(f"lmspack {__version__} format {FORMAT} numpy {numpy.__version__} "
                            f"scipy {scipy.__version__}\n".encode())
    for path in files:
        data = path.read_bytes()
        digest.update(f"{path.relative_to(root).as_posix()} {len(data)}\n".encode())
        digest.update(data)
    return digest.hexdigest()


def _one(root: Path, source: str, out_dir: Path, reuse: bool) -> WidgetResult:
    widget = _load(root, source)
    digest = inputs_digest(root, _dependencies(root, source, widget))
    output = out_dir / output_name(source)
    if reuse and output.is_file():
        try:
            previous = json.loads(output.read_text(encoding="utf-8"))
        except ValueError:
            previous = None
        if isinstance(previous, dict) and previous.get("inputs", {}).get("sha256") == digest:
            return WidgetResult(source, output, True, previous)
    document = {"format": FORMAT, "source": source, "inputs": {"sha256": digest},
                **_compute(root, widget)}
    write_json(output, document)
    return WidgetResult(source, output, False, document)


def _compute(root: Path, widget: Any) -> dict[str, Any]:
    from lmspack.widgets import compute

    resolve = _resolver(root)
    try:
        if isinstance(widget, DriftLab):
            return compute.drift_lab(widget, resolve)
        if isinstance(widget, Dashboard):
            return compute.dashboard(widget, resolve)
        board = _load(root, resolve(widget.dashboard).relative_to(root).as_posix())
        return compute.alerts(widget, board, resolve)
    except compute.ComputeError as exc:
        raise PrecomputeError(str(exc)) from None


def dumps(document: Any) -> str:
    """Deterministic strict JSON (floats at full precision)."""
    return json.dumps(document, indent=1, ensure_ascii=False, allow_nan=False) + "\n"


def write_json(path: Path, document: Any) -> None:
    """Write atomically: a reader sees the old file or the new one, never half of one."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as stream:
            stream.write(dumps(document))
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
