"""A structure-aware fuzzer for lmspack: mutate the example course, run the commands, flag
what must never happen.

Each input is the example course (its CSV files thinned so a build takes a second, not
ten) with one to three mutations, each aware of the format it mutates:

* ``yaml``      a front-matter or course-file value replaced by another type, a YAML tag,
                an odd scalar (``!!timestamp abc``, ``0000-01-01``, ``.nan``, an alias ...)
* ``json``      a widget-file field replaced by another type or an odd value, removed,
                duplicated (a repeated key), or two fields' values swapped
* ``header``    a CSV header name padded with spaces or tabs, swapped, repeated, dropped
* ``cell``      a CSV cell replaced (``NA``, ``inf``, ``-1``, ``1e308``, a quote, a date)
* ``markdown``  pathological Markdown appended to a lesson (``<p `` x 20,000, deep
                nesting, links and images out of the course, NUL bytes, unclosed fences)
* ``bytes``     a file's encoding changed (BOM, CRLF, Latin-1, invalid UTF-8), or emptied
* ``state``     a stale, corrupt or misplaced file left under ``dist/`` by an earlier run
* ``table``     a CSV file cut to its header, to a header and blank lines, or to one row
* ``link``      a course file replaced by a symbolic link to itself, a ring of two links,
                or a link to nothing; a lesson linking an image that is such a link

Then ``lmspack validate``; when it passes, ``lmspack precompute`` and ``lmspack export
--scorm --html``. Flagged (a *finding*):

* ``crash``     an internal error (exit 2 with "internal error", or an exception out of
                ``main``): a traceback in disguise
* ``usage``     any other exit 2: a content problem reported as a usage error
* ``disagree``  validate passed but precompute or export failed (exit 1)
* ``hang``      a command over the per-input time budget (``--budget``, default 60 s)
* ``exit``      an exit code other than 0, 1 or 2

The commands run in a worker process (``lmspack.cli.main`` in-process, so thousands of
inputs do not each pay the start-up), which is killed and restarted after a hang. Each
finding is de-duplicated by its *site* (the exception type and the innermost lmspack frame,
or the message with its details stripped) and its course is kept under ``--keep`` for the
fixture case it should become.

Profiles::

    python scripts/fuzz.py --count 40 --seed 1        # short and reproducible (CI)
    nice python scripts/fuzz.py --minutes 30          # long run; prints figures at the end

Exit status: 0 no finding, 1 findings (listed), 2 the fuzzer itself could not run.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import os
import random
import re
import select
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import traceback
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
COMMANDS: tuple[tuple[str, ...], ...] = (
    ("validate",), ("precompute",), ("export", "--scorm", "--html"))
THIN = {"titanic_reference.csv": 3, "titanic_current.csv": 3, "titanic_prediction_log.csv": 4}

# --- the base course ----------------------------------------------------------------


def make_base(dest: Path) -> Path:
    """The example course with every n-th CSV row kept (the same shape, quicker builds)."""
    for name in ("lessons", "widgets"):
        shutil.copytree(REPO / name, dest / name)
    shutil.copy2(REPO / "course.yaml", dest / "course.yaml")
    for csv_name, step in THIN.items():
        path = dest / "widgets" / "data" / csv_name
        lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
        path.write_text("".join(lines[:1] + lines[1::step]), encoding="utf-8")
    return dest


# --- mutations ------------------------------------------------------------------------

YAML_VALUES = [
    "!!map [a]", "!!timestamp abc", "0000-01-01", "2001-12-14T25:61:61Z", "[0000-01-01]",
    "!!binary AAAA", "!!python/object:os.system x", "!!set {a, b}", "!!omap [a: 1]",
    "!!int x", "!!float abc", "!!str", "~", "null", "yes", "no", ".nan", ".inf", "-.inf",
    "0x1F", "0o17", "1e400", "-1", "0", "99999999999999999999999", "[]", "{}", "[[[]]]",
    "{a: {b: {c: [1, 2]}}}", "''", '""', "'\\x00'", '"\\0"', '"\\u0000"', "&a [*a]", "*nope",
    "&x 1", "? a : b", "|\n  block", ">-\n  folded", "'" + "x" * 5000 + "'",
    '"../../../../etc/passwd"', "/etc/passwd", "lessons/../course.yaml", "\t", "- a",
    "[a, b", "{a: 1", "'unclosed", "!!null ''", "!unknown tag", "2025-02-30", "12:30:00",
    "1_000", "+.5", "true", "[1, 2, 3]", "{answer: 0}",
    '"\\uFFFF"', '"a\\x01"', '"\\uFDD0"', '"\\U0010FFFF"', '"\\u2028"', '" "', '"\\t"',
    '"\\x1b[31m"', "1E+999", "-1e308",
]

JSON_VALUES: list[object] = [
    None, True, False, 0, -1, 1, 2**63, -(2**63), 1e308, -1e308, 0.5, -0.0, 1e-320, "",
    " ", "x" * 5000, "\u0000", "../../course.yaml", "/widgets/../course.yaml",
    "/widgets/data/\u0000.csv", "/widgets/data/" + "a" * 250 + ".csv", "/etc/passwd",
    "1min", "1s", "0D", "-1D", "1e9D", "NaN", "inf", "accuracy", "label", "prediction",
    "timestamp", "score", "2025-06-02T00:00:00Z", "0000-01-01T00:00:00Z",
    "9999-12-31T23:59:59Z", "2025-13-40T00:00:00Z", [], {}, [[]], [None], [1, 2],
    ["a", "a"], {"a": 1}, {"op": "shift"}, [[[[[[[[[[[]]]]]]]]]]],
    "\uffff", "\ud800", "\x01", "\u2028", "\ufdd0", "__INF__", "__NEGINF__", 1e51, -1e300,
]
_LITERALS = {'"__INF__"': "1E+999", '"__NEGINF__"': "-1E+999"}  # JSON text json.dumps refuses

CELL_VALUES = [
    "", " ", "NA", "N/A", "nan", "NaN", "null", "?", "inf", "-inf", "-1", "0", "1", "2",
    "0.5", "1.5", "1e308", "-1e308", "1e-320", "abc", '"', '""', "\"a,b\"", "2025-13-40T00:00:00Z",
    "2025-06-02T00:00:00", "0000-01-01T00:00:00Z", "9999-12-31T23:59:59Z", "1e12", "-1e12",
    "99999999999999999999", "\u00e9", "\ufeff", " 1", "1 ", "\t", "0x10", "1_0",
    "\u0661\u0662", "\u0663.\u0665", "\uff19", "1E+999", "-1e51", "x" * 100_000, "7" * 10_001,
    "\x00", "\uffff",
]

MARKDOWN: list[Callable[[int], str]] = [
    lambda n: "<p " * n, lambda n: "<a\t" * n, lambda n: "[" * n, lambda n: "](" * n,
    lambda n: "*" * n + "x" + "*" * n, lambda n: "> " * min(n, 5000) + "x",
    lambda n: "".join(f"{'  ' * i}- x\n" for i in range(min(n, 500))),
    lambda n: "![](%00)\n![](../../../etc/passwd)\n[x](/widgets/../../course.yaml)\n",
    lambda n: "<script>alert(1)</script>\n<img src=x onerror=alert(1)>\n[x](javascript:alert(1))",
    lambda n: "```\n" + "x\n" * min(n, 5000), lambda n: "<!--" + "x" * n,
    lambda n: "|" + "a|" * min(n, 2000) + "\n|" + "-|" * min(n, 2000) + "\n",
    lambda n: "x" * n * 5, lambda n: "\u0000" * 10, lambda n: "`" * n,
    lambda n: "&" + "#" * n + ";", lambda n: "<" * n, lambda n: "\\" * n,
    lambda n: "[a]: <" + "b" * n + ">\n[a]", lambda n: "$" * n, lambda n: "\r" * min(n, 5000),
    lambda n: "<video src='../../../x.mp4'></video>",
]


@dataclass
class Mutant:
    """A mutated course and what was done to it."""

    root: Path
    steps: list[str] = field(default_factory=list)
    usage_ok: str | None = None  # an exit-2 message this mutant should cause


def _files(root: Path, pattern: str) -> list[Path]:
    return sorted(root.glob(pattern))


def mutate_yaml(rng: random.Random, m: Mutant) -> None:
    path = rng.choice([m.root / "course.yaml", *_files(m.root, "lessons/*.md")])
    lines = path.read_text(encoding="utf-8").split("\n")
    end = len(lines) if path.suffix == ".yaml" else \
        next((i for i in range(1, len(lines)) if lines[i].strip() == "---"), 1)
    slots = [i for i in range(end) if re.match(r"^\s*(- )?[\w-]+:|^\s*- ", lines[i])]
    if not slots:
        return
    i = rng.choice(slots)
    value = rng.choice(YAML_VALUES)
    head = re.match(r"^(\s*(?:- )?(?:[\w-]+:)?)", lines[i])
    prefix = head.group(1) if head else ""
    if rng.random() < 0.15:  # a whole key replaced by a tagged or odd key
        prefix = re.sub(r"[\w-]+:$", rng.choice(["!!str id:", "? [a]:", "<<:", "id:", "''"
                                                 ":", "1:"]), prefix)
    lines[i] = f"{prefix} {value}".replace("\n", "\n" + " " * (len(prefix) + 2))
    path.write_text("\n".join(lines), encoding="utf-8")
    m.steps.append(f"yaml {path.relative_to(m.root)}:{i + 1} -> {value[:40]!r}")


def _paths(value: object, here: tuple[object, ...] = ()) -> Iterator[tuple[object, ...]]:
    yield here
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _paths(item, (*here, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _paths(item, (*here, index))


def _parent(doc: object, where: tuple[object, ...]) -> object:
    for step in where[:-1]:
        doc = doc[step]  # type: ignore[index]
    return doc


def mutate_json(rng: random.Random, m: Mutant) -> None:
    path = rng.choice(_files(m.root, "widgets/*.json"))
    doc = json.loads(path.read_text(encoding="utf-8"))
    where = rng.choice([p for p in _paths(doc) if p])
    parent = _parent(doc, where)
    key = where[-1]
    action = rng.choice(["replace"] * 5 + ["delete", "swap", "duplicate", "tweak"])
    text = ""
    if action == "delete":
        del parent[key]  # type: ignore[attr-defined]
    elif action == "swap":
        other = rng.choice([p for p in _paths(doc) if p])
        other_parent = _parent(doc, other)
        a, b = parent[key], other_parent[other[-1]]  # type: ignore[index]
        parent[key], other_parent[other[-1]] = b, a  # type: ignore[index]
    elif action == "tweak" and isinstance(parent[key], (int, float)):  # type: ignore[index]
        parent[key] = rng.choice([-1, 0, 1, 2, 1000]) * parent[key]  # type: ignore[index]
    else:
        parent[key] = rng.choice(JSON_VALUES)  # type: ignore[index]
    text = json.dumps(doc, indent=1, ensure_ascii=rng.random() < 0.5)
    for placeholder, literal in _LITERALS.items():
        text = text.replace(placeholder, literal)
    if action == "duplicate" and isinstance(key, str):  # a repeated key, which JSON allows
        text = text.replace(f'"{key}":', f'"{key}": {json.dumps(rng.choice(JSON_VALUES))}, '
                            f'"{key}":', 1)
    path.write_text(text, encoding="utf-8")
    m.steps.append(f"json {path.relative_to(m.root)} {action} {'/'.join(map(str, where))}")


def _csv(rng: random.Random, m: Mutant) -> tuple[Path, list[str]]:
    path = rng.choice(_files(m.root, "widgets/data/*.csv"))
    return path, path.read_text(encoding="utf-8").split("\n")


def mutate_header(rng: random.Random, m: Mutant) -> None:
    path, lines = _csv(rng, m)
    names = lines[0].split(",")
    j, k = rng.randrange(len(names)), rng.randrange(len(names))
    action = rng.choice(["pad", "tab", "swap", "repeat", "drop", "case", "quote", "empty"])
    if action == "pad":
        names[j] = f" {names[j]} "
    elif action == "tab":
        names[j] += "\t"
    elif action == "swap":
        names[j], names[k] = names[k], names[j]
    elif action == "repeat":
        names[j] = names[k]
    elif action == "drop":
        names[j] = ""
    elif action == "case":
        names[j] = names[j].upper()
    elif action == "quote":
        names[j] = f'"{names[j]}"'
    else:
        names = []
    lines[0] = ",".join(names)
    path.write_text("\n".join(lines), encoding="utf-8")
    m.steps.append(f"header {path.relative_to(m.root)} {action} {j},{k}")


def mutate_cell(rng: random.Random, m: Mutant) -> None:
    path, lines = _csv(rng, m)
    for _ in range(rng.choice([1, 1, 1, 5, 50])):
        i = rng.randrange(1, max(2, len(lines) - 1))
        cells = lines[i].split(",")
        j = rng.randrange(len(cells))
        cells[j] = rng.choice(CELL_VALUES)
        if rng.random() < 0.1:
            cells = cells[:-1] if rng.random() < 0.5 else [*cells, "x"]
        lines[i] = ",".join(cells)
    path.write_text("\n".join(lines), encoding="utf-8")
    m.steps.append(f"cell {path.relative_to(m.root)}")


def mutate_markdown(rng: random.Random, m: Mutant) -> None:
    path = rng.choice(_files(m.root, "lessons/*.md"))
    n = rng.choice([10, 1000, 20000])
    index = rng.randrange(len(MARKDOWN))
    text = path.read_text(encoding="utf-8") + "\n" + MARKDOWN[index](n) + "\n"
    path.write_text(text, encoding="utf-8")
    m.steps.append(f"markdown {path.relative_to(m.root)} pattern {index} x {n}")


def mutate_bytes(rng: random.Random, m: Mutant) -> None:
    path = rng.choice([m.root / "course.yaml", *_files(m.root, "lessons/*.md"),
                       *_files(m.root, "widgets/*.json"), *_files(m.root, "widgets/data/*.csv")])
    data = path.read_bytes()
    action = rng.choice(["bom", "crlf", "cr", "latin1", "invalid", "empty", "nul", "utf16"])
    if action == "bom":
        data = b"\xef\xbb\xbf" + data
    elif action == "crlf":
        data = data.replace(b"\n", b"\r\n")
    elif action == "cr":
        data = data.replace(b"\n", b"\r")
    elif action == "latin1":
        data = data.decode("utf-8").encode("latin-1", "replace") + "é".encode("latin-1")
    elif action == "invalid":
        cut = rng.randrange(len(data) + 1)
        data = data[:cut] + b"\xff\xfe\xc3" + data[cut:]
    elif action == "nul":
        cut = rng.randrange(len(data) + 1)
        data = data[:cut] + b"\x00" + data[cut:]
    elif action == "utf16":
        data = data.decode("utf-8").encode("utf-16")
    else:
        data = b""
    path.write_bytes(data)
    m.steps.append(f"bytes {path.relative_to(m.root)} {action}")


def mutate_state(rng: random.Random, m: Mutant) -> None:
    """Leave something under dist/ as an interrupted or older run might have."""
    dist = m.root / "dist"
    pre = dist / "precompute"
    pre.mkdir(parents=True, exist_ok=True)
    name = rng.choice(["alert_config.titanic.json", "drift_detection.titanic.json",
                       "model_monitoring.titanic.json"])
    action = rng.choice(["corrupt", "stale", "list", "folder", "dist-file", "pre-file", "temp",
                         "site-file", "zip-folder", "binary"])
    if action == "corrupt":
        (pre / name).write_text('{"format": 1, "inputs": ', encoding="utf-8")
    elif action == "stale":
        (pre / name).write_text(json.dumps({"format": 1, "inputs": {"sha256": "0" * 64}}),
                                encoding="utf-8")
    elif action == "list":
        (pre / name).write_text(json.dumps({"inputs": ["x"], "format": []}), encoding="utf-8")
    elif action == "folder":
        _clear(pre / name)
        (pre / name).mkdir()
        (pre / name / "x").write_text("x", encoding="utf-8")
    elif action == "binary":
        (pre / name).write_bytes(b"\xff\xfe\x00garbage")
    elif action == "dist-file":  # the output folder the user chose: a usage error
        m.usage_ok = "dist is a file, not a folder"
        _clear(dist)
        dist.write_text("not a folder", encoding="utf-8")
    elif action == "pre-file":
        _clear(pre)
        pre.write_text("not a folder", encoding="utf-8")
    elif action == "temp":
        (dist / ".site.tmp-leftover").mkdir(exist_ok=True)
        (dist / ".site.old-leftover" / "site").mkdir(parents=True, exist_ok=True)
        (pre / f".{name}.abc.part").write_text("half", encoding="utf-8")
    elif action == "site-file":
        _clear(dist / "site")
        (dist / "site").write_text("not a folder", encoding="utf-8")
    else:
        zips = sorted(dist.glob("*.zip")) or [dist / "ai-builder-ch4-1.0.0-scorm12.zip"]
        _clear(zips[0])
        zips[0].mkdir()
    m.steps.append(f"state {action} {name}")


def mutate_table(rng: random.Random, m: Mutant) -> None:
    """A CSV file with no data rows (or a single one)."""
    path, lines = _csv(rng, m)
    action = rng.choice(["header", "blank", "one"])
    kept = {"header": lines[:1], "blank": [lines[0], "", "", ""], "one": lines[:2]}[action]
    path.write_text("\n".join(kept) + "\n", encoding="utf-8")
    m.steps.append(f"table {path.relative_to(m.root)} {action}")


def mutate_link(rng: random.Random, m: Mutant) -> None:
    """A file that is a symbolic link reaching no file."""
    files = [m.root / "course.yaml", *_files(m.root, "lessons/*.md"),
             *_files(m.root, "widgets/*.json"), *_files(m.root, "widgets/data/*.csv")]
    path = rng.choice(files)
    action = rng.choice(["self", "ring", "nothing", "image"])
    if action == "image":
        lesson = rng.choice(_files(m.root, "lessons/*.md"))
        (lesson.parent / "loop.png").symlink_to("loop.png")
        lesson.write_text(lesson.read_text(encoding="utf-8") + "\n![loop](loop.png)\n",
                          encoding="utf-8")
    else:
        _clear(path)
        if action == "self":
            path.symlink_to(path.name)
        elif action == "ring":
            other = path.with_name(f"ring-{path.name}")
            other.symlink_to(path.name)
            path.symlink_to(other.name)
        else:
            path.symlink_to(f"missing-{path.name}")
    m.steps.append(f"link {path.relative_to(m.root)} {action}")


def _clear(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path)
    else:
        path.unlink(missing_ok=True)


MUTATORS: dict[str, Callable[[random.Random, Mutant], None]] = {
    "yaml": mutate_yaml, "json": mutate_json, "header": mutate_header, "cell": mutate_cell,
    "markdown": mutate_markdown, "bytes": mutate_bytes, "state": mutate_state,
    "table": mutate_table, "link": mutate_link,
}


def mutant(base: Path, dest: Path, rng: random.Random) -> Mutant:
    """A copy of ``base`` at ``dest`` with one to three mutations."""
    shutil.copytree(base, dest, symlinks=True)
    m = Mutant(dest)
    for _ in range(rng.choice([1, 1, 2, 3])):
        name = rng.choice(list(MUTATORS))
        try:
            MUTATORS[name](rng, m)
        except (ValueError, IndexError, KeyError, TypeError, UnicodeError, OSError):
            m.steps.append(f"{name}: not applicable")  # e.g. a file emptied by an earlier one
    return m


# --- running the commands -------------------------------------------------------------


@dataclass(frozen=True)
class Outcome:
    command: str
    code: int | None  # None: over the time budget
    output: str
    seconds: float


def run_in_process(args: list[str]) -> tuple[int, str]:
    """``lmspack.cli.main(args)``, its output captured; an exception out of main is exit
    -1 with the traceback (it must never happen)."""
    from lmspack.cli import main

    out = io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(out):
        try:
            code = main(args)
        except BaseException:  # anything out of main is the finding
            traceback.print_exc(file=out)
            code = -1
    return code, out.getvalue()


def worker() -> int:
    """Read one JSON argument list per line on stdin; answer one JSON line each."""
    os.environ["LMSPACK_TRACEBACK"] = "1"
    os.environ.setdefault("SOURCE_DATE_EPOCH", "315532800")
    import lmspack.cli  # noqa: F401 - the start-up is paid once
    from lmspack.source.workers import die_with_parent

    die_with_parent(os.getppid())  # a fuzzer killed any way leaves no worker behind

    for line in sys.stdin:
        code, output = run_in_process(json.loads(line))
        output = "\n".join(ln if len(ln) < 600 else f"{ln[:300]}...{ln[-300:]}"
                           for ln in output.splitlines())  # a 60,000-character name
        if len(output) > 20000:  # the first line says what happened, the end where
            output = output[:10000] + "\n...\n" + output[-10000:]
        sys.stdout.write(json.dumps({"code": code, "output": output}) + "\n")
        sys.stdout.flush()
    return 0


class Worker:
    """The worker process: killed and restarted when a command runs over the budget."""

    def __init__(self, budget: float) -> None:
        self.budget = budget
        self.proc: subprocess.Popen[str] | None = None
        self.served = 0

    def _start(self) -> subprocess.Popen[str]:
        if self.proc is None or self.served >= 200:  # fresh memory now and then
            self.stop()
            self.proc = subprocess.Popen(
                [sys.executable, str(Path(__file__).resolve()), "--worker"],
                stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, cwd=REPO)
            self.served = 0
        return self.proc

    def run(self, args: list[str]) -> tuple[int | None, str]:
        proc = self._start()
        assert proc.stdin is not None and proc.stdout is not None
        proc.stdin.write(json.dumps(args) + "\n")
        proc.stdin.flush()
        self.served += 1
        ready, _, _ = select.select([proc.stdout], [], [], self.budget)
        line = proc.stdout.readline() if ready else ""
        if not line:
            self.stop()
            return None, "over the time budget" if not ready else "the worker died"
        answer = json.loads(line)
        return int(answer["code"]), str(answer["output"])

    def stop(self) -> None:
        if self.proc is not None:
            self.proc.kill()
            self.proc.wait()
            for pipe in (self.proc.stdin, self.proc.stdout):
                if pipe is not None:
                    pipe.close()
            self.proc = None


# --- judging ----------------------------------------------------------------------------

_FRAME = re.compile(r'File "[^"]*/(lmspack/[^"]+)", line (\d+), in (\w+)')
_DETAILS = re.compile(r"'[^']*'|\"[^\"]*\"|\d+(\.\d+)?|/[\w./-]+|\S+\.(json|csv|md|yaml)\b")


@dataclass(frozen=True)
class Finding:
    kind: str  # crash, usage, disagree, hang, exit
    command: str
    site: str
    detail: str


def judge(outcome: Outcome, validated: bool, usage_ok: str | None = None) -> Finding | None:
    """The finding in one command's outcome, or None when it behaved. ``usage_ok``: the
    usage error expected (the mutant made the output folder a file)."""
    text = outcome.output
    first = next((ln for ln in text.splitlines() if ln.startswith("lmspack")), "")
    if outcome.code is None:
        return Finding("hang", outcome.command, f"{outcome.command}: over budget", text[-300:])
    if outcome.code == -1 or "internal error" in first or "Traceback (most recent" in text:
        frames = _FRAME.findall(text)
        where = f"{frames[-1][0]}:{frames[-1][1]} {frames[-1][2]}" if frames else "?"
        error = re.search(r"^(\w+(?:Error|Exception|Interrupt|Exit)\b)", text, re.M)
        name = error.group(1) if error else first.split(": ")[2] if first.count(": ") > 1 \
            else "?"
        return Finding("crash", outcome.command, f"{name} at {where}", first or text[-300:])
    if outcome.code == 2 and usage_ok is not None and usage_ok in first:
        return None
    if outcome.code == 2:
        return Finding("usage", outcome.command, _DETAILS.sub("_", first)[:160], first)
    if outcome.code not in (0, 1):
        return Finding("exit", outcome.command, f"exit {outcome.code}", text[-300:])
    if validated and outcome.code == 1:
        return Finding("disagree", outcome.command, _DETAILS.sub("_", first)[:160],
                       first or text[-300:])
    return None


@dataclass
class Tally:
    inputs: int = 0
    runs: Counter[str] = field(default_factory=Counter)
    passed_validate: int = 0
    findings: dict[str, tuple[Finding, str]] = field(default_factory=dict)  # site -> example


def fuzz_one(work: Worker, course: Mutant, tally: Tally) -> list[Finding]:
    """Run the commands on one mutant; validate first, the build only when it passes."""
    found = []
    validated = False
    for command in COMMANDS:
        started = time.monotonic()
        code, output = work.run([*command, "--root", str(course.root)])
        outcome = Outcome(command[0], code, output, time.monotonic() - started)
        tally.runs[command[0]] += 1
        finding = judge(outcome, validated, course.usage_ok)
        if finding is not None:
            found.append(finding)
        if command[0] == "validate":
            validated = code == 0
            tally.passed_validate += validated
        if code != 0:
            break
    return found


def fuzz(*, seed: int, count: int | None, minutes: float | None, budget: float,
         keep: Path | None, log: Callable[[str], None] = print) -> Tally:
    """Generate and run mutants until ``count`` inputs or ``minutes`` have passed."""
    rng = random.Random(seed)
    tally = Tally()
    work = Worker(budget)
    deadline = time.monotonic() + minutes * 60 if minutes else None
    with tempfile.TemporaryDirectory(prefix="lmspack-fuzz-") as temp:
        base = make_base(Path(temp) / "base")
        try:
            for finding in fuzz_one(work, Mutant(base), tally):
                raise RuntimeError(f"the base course fails before any mutation: {finding}")
            tally = Tally()
            while (count is None or tally.inputs < count) and \
                    (deadline is None or time.monotonic() < deadline):
                course = mutant(base, Path(temp) / f"m{tally.inputs}", rng)
                tally.inputs += 1
                for finding in fuzz_one(work, course, tally):
                    site = f"{finding.kind} {finding.command}: {finding.site}"
                    if site not in tally.findings:
                        tally.findings[site] = (finding, "; ".join(course.steps))
                        log(f"NEW {site}\n    {finding.detail[:300]}\n    after: "
                            f"{'; '.join(course.steps)}")
                        if keep is not None:
                            shutil.copytree(course.root, keep / f"f{len(tally.findings):03d}",
                                            symlinks=True,
                                            ignore=shutil.ignore_patterns("dist"))
                shutil.rmtree(course.root, ignore_errors=True)
        finally:
            work.stop()
    return tally


def summary(tally: Tally) -> str:
    runs = ", ".join(f"{name} {n}" for name, n in sorted(tally.runs.items()))
    lines = [f"{tally.inputs} inputs; commands run: {runs}; "
             f"{tally.passed_validate} passed validate; {len(tally.findings)} distinct findings"]
    lines += [f"  {site}  (after: {steps})" for site, (_, steps) in tally.findings.items()]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seed", type=int, default=None, help="random seed (default: time)")
    parser.add_argument("--count", type=int, default=None, help="stop after N inputs")
    parser.add_argument("--minutes", type=float, default=None, help="stop after N minutes")
    parser.add_argument("--budget", type=float, default=60.0,
                        help="seconds one command may take before it counts as a hang")
    parser.add_argument("--keep", type=Path, default=None,
                        help="copy the course of each new finding into this folder")
    parser.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.worker:
        return worker()
    if args.count is None and args.minutes is None:
        parser.error("give --count N or --minutes N")
    seed = args.seed if args.seed is not None else int(time.time())
    # SIGTERM (a timeout, kill) unwinds like Ctrl-C, so the worker is stopped on the way out.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    if args.keep is not None:
        args.keep.mkdir(parents=True, exist_ok=True)
    print(f"fuzzing with seed {seed}", flush=True)
    tally = fuzz(seed=seed, count=args.count, minutes=args.minutes, budget=args.budget,
                 keep=args.keep, log=lambda line: print(line, flush=True))
    print(summary(tally))
    return 1 if tally.findings else 0


if __name__ == "__main__":
    sys.exit(main())
