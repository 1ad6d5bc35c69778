"""``lmspack drift REF.csv CUR.csv``: the drift engine on any two CSV files."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from lmspack.commandline import Command, Option, Said, Terminal, format_option
from lmspack.errors import UsageError
from lmspack.stats.numformat import p_value, short, sig3

JSON_VERSION = 1


@dataclass(frozen=True)
class DriftRequest:
    reference: Path
    current: Path
    columns: Sequence[str] | None = None
    methods: Sequence[str] | None = None
    kinds: Mapping[str, str] | None = None
    thresholds: Mapping[str, float] | None = None
    drift_share: float = 0.5


DRIFT_OPTIONS = (
    Option(("reference",), argument=True, path="file", exists=True),
    Option(("current",), argument=True, path="file", exists=True),
    Option(("--column",), "columns", "Compare only this column (repeatable; default: every "
           "column both files have).", multiple=True),
    Option(("--method",), "methods", "A drift method (repeatable; default: the full panel). "
           "`auto` is Evidently's choice per column.", multiple=True),
    Option(("--kind",), "kinds", "Declare a column numerical or categorical (default: "
           "inferred).", multiple=True, metavar="COLUMN=KIND"),
    Option(("--threshold",), "thresholds", "Override a method's threshold.", multiple=True,
           metavar="METHOD=VALUE"),
    Option(("--drift-share",), help="Dataset drift when this share of columns drift.",
           between=(0, 1), above=True, default=0.5, show_default=True),
    format_option(("text", "json")),
)
"""``lmspack drift``'s arguments and options (:func:`drift_request` takes their values)."""


def drift_request(reference: Path, current: Path, columns: Sequence[str],
                  methods: Sequence[str], kinds: Sequence[str], thresholds: Sequence[str],
                  drift_share: float) -> DriftRequest:
    """The request the command line's values make (none given: the defaults);
    :class:`~lmspack.errors.UsageError` for a malformed ``NAME=VALUE`` value."""
    return DriftRequest(reference, current, columns or None, methods or None,
                        option_pairs(kinds, "--kind"), option_thresholds(thresholds),
                        drift_share)


def option_pairs(values: Sequence[str], option: str) -> dict[str, str]:
    """``NAME=VALUE`` option values as a mapping; :class:`~lmspack.errors.UsageError` for
    one without ``=``, a name or a value."""
    pairs = {}
    for value in values:
        key, sep, rest = value.partition("=")
        if not sep or not key or not rest:
            raise UsageError(f"{option} expects NAME=VALUE, got '{value}'")
        pairs[key] = rest
    return pairs


def option_thresholds(values: Sequence[str]) -> dict[str, float]:
    """``--threshold METHOD=VALUE`` values as numbers."""
    parsed = {}
    for key, value in option_pairs(values, "--threshold").items():
        try:
            parsed[key] = float(value)
        except ValueError:
            raise UsageError(f"--threshold {key}: '{value}' is not a number") from None
    return parsed


@dataclass(frozen=True)
class DriftOutcome:
    """The engine's result, and the problems found in the input files."""

    result: Any  # lmspack.stats.drift.DriftResult
    problems: tuple[str, ...]

    def json(self) -> str:
        document = {"version": JSON_VERSION, **self.result.to_dict()}
        return json.dumps(document, indent=2, ensure_ascii=False, allow_nan=False) + "\n"

    def text(self) -> str:
        lines: list[str] = []
        header = f"{'column':<14} {'kind':<11} {'method':<14} {'score':>9} {'threshold':>9}  drift"
        current = None
        for record in self.result.records:
            if record.feature != current:
                current = record.feature
                lines += ["", header] if lines else [header]
            if record.status != "ok":
                verdict = record.status.replace("_", " ")
            else:
                verdict = "DRIFT" if record.drift_detected else "-"
            # ASCII numbers (-1.5e-05, inf): people paste them into other programs
            score = p_value(record.score, plain=True) if record.p_value is not None \
                else sig3(record.score, plain=True)
            threshold = short(record.threshold, plain=True)
            lines.append(f"{record.feature:<14} {record.kind:<11} {record.method:<14} "
                         f"{score:>9} {record.comparison:>2}{threshold:>7}  {verdict}")
        for skipped in self.result.skipped:
            lines.append(f"skipped {skipped.name}: {skipped.reason}")
        data = self.result.dataset
        lines.append("")
        lines.append(f"Dataset drift: {'yes' if data['dataset_drift'] else 'no'} "
                     f"({data['n_drifted']} of {data['n_features']} columns drifted; "
                     f"threshold share {short(data['drift_share'], plain=True)}).")
        return "\n".join(lines) + "\n"


def run_drift(request: DriftRequest) -> DriftOutcome:
    """Read both files and compare them. Bad usage (an unknown column, method or kind)
    raises :class:`~lmspack.errors.UsageError`; problems inside the files are returned, not
    raised."""
    from lmspack.stats.drift import METHODS, drift_table
    from lmspack.stats.table import read_csvs

    for method in request.methods or ():
        if method != "auto" and method not in METHODS:
            raise UsageError(f"unknown method '{method}' (known: auto, {', '.join(METHODS)})")
    for column, kind in (request.kinds or {}).items():
        if kind not in ("numerical", "categorical"):
            raise UsageError(f"--kind {column}: '{kind}' is not numerical or categorical")
    reference, current = read_csvs([request.reference, request.current])
    for column in request.columns or ():
        for table, path in ((reference, request.reference), (current, request.current)):
            if column not in table:
                raise UsageError(f"column '{column}' is not in {path} "
                                 f"(columns: {', '.join(table.header)})")
    problems = tuple(f"{table.path}:{p.line}: {p.message}"
                     for table in (reference, current) for p in table.problems)
    result = drift_table(reference, current, request.columns, request.methods,
                         request.kinds, request.thresholds,  # type: ignore[arg-type]
                         drift_share=request.drift_share, consume=True)
    return DriftOutcome(result, problems)


def drift_command(term: Terminal, fmt: str, **values: Any) -> bool:
    """Data drift between two CSV (or Parquet) files, with the Drift Lab's engine.

    JSON output holds one record per column and method (the drift spec's section 2.5),
    the dataset verdict and the columns left out. Problems in the files (bad rows) are
    reported on standard error with their line, and make the exit code 1.
    """
    request = drift_request(**values)
    if sum(path.stat().st_size for path in (request.reference, request.current)) >= _BIG_INPUT:
        from lmspack.stats.heap import reuse_freed_memory

        reuse_freed_memory()  # arrays of millions of values come and go by the dozen
    outcome = run_drift(request)
    for problem in outcome.problems:
        term.say(Said(problem, err=True))
    term.say(Said(outcome.json() if fmt == "json" else outcome.text(), nl=False))
    return bool(outcome.problems)


_BIG_INPUT = 64 << 20  # bytes of input from which the heap is kept for reuse (stats/heap.py)

DRIFT = Command(("drift",), drift_command, DRIFT_OPTIONS)
"""``lmspack drift REF CUR``."""
