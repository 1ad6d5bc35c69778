"""Shared by the bench scripts: run a child process, time it, read its peak memory.

Every measured thing runs in its own child process, so that its peak resident memory
(``VmHWM`` from ``/proc/self/status``, read by the child itself just before it exits) is its
own. ``ru_maxrss`` is not used: Linux carries the forking parent's high-water mark into a
child at exec, so every child would report the benchmark driver's peak.
"""

from __future__ import annotations

import json
import os
import platform
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
PEAK = Path(__file__).resolve().parent / "_peak.py"


@dataclass(frozen=True)
class Run:
    """Median wall time of a child process over its repeats, and its largest peak RSS."""

    label: str
    seconds: float
    peak_mib: float
    samples: tuple[float, ...]
    cpu_seconds: float = float("nan")  # median user + system time of the child
    children_peak_mib: float = 0.0  # largest peak of the child's own worker processes


def measure(
    label: str,
    argv: Sequence[str],
    repeat: int = 3,
    python: str = sys.executable,
    cwd: Path | None = None,
    env: dict[str, str] | None = None,
    expect: Sequence[int] = (0,),
    setup: Callable[[], object] | None = None,
) -> Run:
    """Run ``python _peak.py ARGV...`` ``repeat`` times; ARGV is ``-m module ...``,
    ``-c code ...`` or ``script.py ...`` as for python itself. The wall time includes the
    interpreter's start-up: the whole process is what a user waits for. ``setup``: called
    before each run, untimed (e.g. to empty a cache, so every run starts cold)."""
    samples: list[float] = []
    cpu: list[float] = []
    peaks: list[float] = []
    worker_peaks: list[float] = []
    for _ in range(repeat):
        if setup is not None:
            setup()
        with tempfile.NamedTemporaryFile(suffix=".peak", delete=False) as handle:
            peak_file = Path(handle.name)
        child_env = {**os.environ, **(env or {}), "BENCH_PEAK_FILE": str(peak_file)}
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        done = subprocess.run([python, str(PEAK), *argv], cwd=cwd, env=child_env,
                              capture_output=True, text=True)
        samples.append(time.perf_counter() - start)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu.append(after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime)
        if done.returncode not in expect:
            raise SystemExit(f"{label}: exit {done.returncode}\n{done.stdout[-2000:]}"
                             f"\n{done.stderr[-4000:]}")
        own, workers = (peak_file.read_text() or "nan 0").split()
        peaks.append(float(own))
        worker_peaks.append(float(workers))
        peak_file.unlink()
    return Run(label, statistics.median(samples), max(peaks), tuple(samples),
               statistics.median(cpu), max(worker_peaks))


def machine() -> str:
    """One line saying where the numbers come from."""
    cpu = "unknown CPU"
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        for line in cpuinfo.read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    return (f"{os.cpu_count()} CPUs ({cpu}), 1-minute load average {load:.1f} now, "
            f"Python {platform.python_version()}, {platform.system()} {platform.release()}")


def report(title: str, runs: Sequence[Run], base: Run, goal: float | None = None,
           goal_text: str = "") -> dict[str, object]:
    """Print a table of runs with ratios against ``base``; return it as a dict too."""
    print(f"\n{title}")
    print(f"  {machine()}")
    print(f"  {'what':<52}{'median s':>10}{'ratio':>8}{'cpu s':>9}{'ratio':>8}"
          f"{'peak MiB':>10}{'workers':>9}  runs (wall s)")
    for run in runs:
        ratio = run.seconds / base.seconds
        cpu_ratio = run.cpu_seconds / base.cpu_seconds
        samples = ", ".join(f"{s:.2f}" for s in run.samples)
        print(f"  {run.label:<52}{run.seconds:>10.3f}{ratio:>7.2f}x{run.cpu_seconds:>9.2f}"
              f"{cpu_ratio:>7.2f}x{run.peak_mib:>10.0f}{run.children_peak_mib:>9.0f}"
              f"  [{samples}]")
    print("  (ratio: against the first line; cpu s: user + system time of the process, its "
          "threads and worker processes; workers: the largest peak of one of its worker "
          "processes, shared pages included)")
    if goal is not None:
        print(f"  goal: {goal_text}")
    return {
        "title": title,
        "machine": machine(),
        "runs": [{"label": r.label, "seconds": r.seconds, "cpu_seconds": r.cpu_seconds,
                  "peak_mib": r.peak_mib, "worker_peak_mib": r.children_peak_mib,
                  "samples": r.samples,
                  "ratio": r.seconds / base.seconds} for r in runs],
    }


def verdict(name: str, ok: bool, detail: str) -> None:
    print(f"  {'MET    ' if ok else 'NOT MET'} {name}: {detail}")


def save(path: Path | None, result: dict[str, object]) -> None:
    if path is not None:
        path.write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")
