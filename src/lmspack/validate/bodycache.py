"""Validation's reading of lesson bodies, cached per lesson and spread over worker processes.

Reading a body (markdown-it-py's tokens, then the Markdown checks of
:mod:`lmspack.validate.markdown` and the accessibility rules of :mod:`lmspack.validate.a11y`
on them) is most of what ``lmspack validate`` costs: about 9 ms a lesson. Its result, the
body's diagnostics, is kept in the build cache (:mod:`lmspack.source.buildcache`, the
folder export's pages use), so a run on a course where little changed reads only the
changed lessons, and a big course's misses are read by forked workers
(:class:`BodyReader`).

The key of an entry (:func:`body_key`) covers everything the result is made from: lmspack's
code and the versions of the libraries that read (:func:`code_digest`, so an edited rule
without a version bump misses), the lesson's path, the body's text and the file line it
starts on, the course's ``maths`` and language, and the front-matter values the checks read
(:data:`BODY_FRONT_MATTER`): the lesson's declared language (the A rules), how many
widgets it lists and whether it has a quiz (placement directives, T002). The checks are
given only those values (:meth:`BodyJob.front`), never the whole front-matter, so they
cannot read what the key does not cover; a test checks that they ask for nothing else.

What the key cannot cover up front is the file system: M001/M002 ask
:func:`~lmspack.source.paths.resolve_local` whether a linked file exists and where it
points. Each question and its answer are recorded in the entry, and a hit is taken only when
the same questions, asked again now, get the same answers
(:func:`~lmspack.source.buildcache.answers_hold`, the page cache's mechanism).
"""

from __future__ import annotations

import json
import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from lmspack.diagnostics import Diagnostic, Severity
from lmspack.errors import processing
from lmspack.source.buildcache import BuildCache, Recorder, answers_hold, cache_key, digest_code
from lmspack.source.paths import LocalRef, resolve_local

if TYPE_CHECKING:  # the pool's modules are imported only when a pool starts
    from concurrent.futures import Future, ProcessPoolExecutor

BODY_FRONT_MATTER = ("widgets", "quiz", "language")
"""The front-matter keys the body checks read (the only ones :meth:`BodyJob.front` holds)."""

NO_CACHE_ENV = "LMSPACK_NO_CACHE"
"""Set to a non-empty value other than ``0``: ``lmspack validate`` and ``lmspack export``
neither read nor write the cache (as ``--no-cache`` does), e.g. in CI."""

POOL_MIN_LESSONS = 48
"""Fewer lessons in the course than this are read in this process: a pool's start-up
(forking, the first tasks) costs more than it saves below it (bench/README.md)."""
LESSONS_PER_TASK = 8
"""Bodies a worker reads per task (fewer round trips than one a task)."""
TASKS_AHEAD = 2
"""Tasks sent per worker before the oldest one's results are taken: the pool's bound, so
bodies waiting to be read never pile up in this process."""
WINDOW = 64
"""Lessons that may wait behind one whose body is still to be read: a chunk is sent (and
its results taken) before more wait, so a few misses among cache hits (one lesson edited)
hold at most this many lessons in memory, not the rest of the course."""

T = TypeVar("T")


def cache_disabled(environ: dict[str, str] | None = None) -> bool:
    """Whether :data:`NO_CACHE_ENV` turns caching off."""
    value = (os.environ if environ is None else environ).get(NO_CACHE_ENV, "")
    return value not in ("", "0")


@cache
def code_digest() -> str:
    """:func:`~lmspack.source.buildcache.digest_code` of lmspack (widget kinds' code reads
    no lesson body), kept for the process."""
    return digest_code()


@dataclass(frozen=True)
class BodyJob:
    """Everything a body's reading depends on besides the file system."""

    path: str
    body: str
    body_line: int
    maths: bool
    course_language: str
    widgets: int
    """How many widgets the front-matter lists (0 when it lists none or is not a list)."""
    quiz: bool
    """Whether the front-matter's ``quiz`` is set (truthy)."""
    language: str | None
    """The lesson's declared language, when the front-matter gives a non-empty text."""

    def front(self) -> dict[str, Any]:
        """The front-matter as the body checks see it: :data:`BODY_FRONT_MATTER` only."""
        return {"widgets": [None] * self.widgets, "quiz": self.quiz, "language": self.language}


def body_job(path: str, body: str, body_line: int, maths: bool, course_language: str,
             front: dict[str, Any] | None) -> BodyJob:
    """The job of reading ``body`` (from file line ``body_line``) of lesson ``path``, whose
    front-matter is ``front`` (``None``: it did not parse)."""
    front = front or {}
    widgets, language = front.get("widgets"), front.get("language")
    return BodyJob(path, body, body_line, maths, course_language,
                   len(widgets) if isinstance(widgets, list) else 0, bool(front.get("quiz")),
                   language if isinstance(language, str) and language else None)


def body_key(job: BodyJob) -> str:
    """The cache key of ``job``'s result (see the module docstring for what it covers)."""
    return cache_key("validate-body", code_digest(), job.path, job.body_line, job.body,
                     job.maths, job.course_language, job.widgets, job.quiz, job.language)


@dataclass(frozen=True)
class BodyFindings:
    """What validation finds in a body: the Markdown checks' diagnostics and the
    accessibility rules', each in the order the checks give them."""

    markdown: tuple[Diagnostic, ...] = ()
    access: tuple[Diagnostic, ...] = ()

    def accessibility(self) -> tuple[Diagnostic, ...]:
        """What the accessibility report takes: the A rules' findings and the Markdown
        checks' that judge accessibility (:data:`~lmspack.validate.a11y.BODY_ACCESS_CODES`)."""
        from lmspack.validate.a11y import BODY_ACCESS_CODES

        return (*self.access, *(d for d in self.markdown if d.code in BODY_ACCESS_CODES))


def read_findings(root: Path, job: BodyJob,
                  resolve: Callable[..., Any] = resolve_local) -> BodyFindings:
    """Read ``job``'s body (one parse) and run the Markdown checks and the accessibility
    rules on it; ``resolve`` answers their questions about local files."""
    from lmspack.validate.a11y import check_body_access
    from lmspack.validate.markdown import check_markdown

    with processing(job.path):
        tokens: list[Any] = []
        if job.body.strip():
            from lmspack.source.markdown import parse

            tokens = parse(job.body, job.maths)
        front = job.front()
        markdown = check_markdown(root, job.path, job.body, job.body_line, job.maths, front,
                                  tokens, resolve)
        access = check_body_access(job.path, job.body, job.body_line, front,
                                   job.course_language, tokens, job.maths)
    return BodyFindings(tuple(markdown), tuple(access))


def read_body(root: Path, job: BodyJob) -> bytes:
    """:func:`read_findings`, packed as a cache entry's payload: the diagnostics and every
    question asked of the file system with its answer."""
    asked = Recorder(resolve_local)
    found = read_findings(root, job, asked)
    calls = [[question[2], ref.kind, ref.path, ref.fragment] for question, ref in asked.calls]
    return json.dumps({"calls": calls, "markdown": [d.to_dict() for d in found.markdown],
                       "access": [d.to_dict() for d in found.access]},
                      ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def _diagnostic(value: dict[str, Any]) -> Diagnostic:
    return Diagnostic(str(value["path"]), int(value["line"]), int(value["column"]),
                      str(value["code"]), Severity(value["severity"]), str(value["message"]),
                      value["hint"], value["pointer"])


def unpack(payload: bytes, root: Path, path: str, *, ask: bool = True) -> BodyFindings | None:
    """The findings in ``payload`` when its recorded questions about the file system, asked
    again under ``root`` for lesson ``path``, get the same answers; else ``None`` (also for
    a payload that is not one). ``ask=False``: without asking (a reading just made here)."""
    try:
        entry = json.loads(payload)
        questions = [((root, path, str(url)), LocalRef(kind, where, str(fragment)))
                     for url, kind, where, fragment in entry["calls"]]
        findings = BodyFindings(tuple(map(_diagnostic, entry["markdown"])),
                                tuple(map(_diagnostic, entry["access"])))
    except (ValueError, TypeError, KeyError, AttributeError):
        return None
    return findings if not ask or answers_hold(questions, resolve_local) else None


@dataclass
class _Waiting(Generic[T]):
    item: T
    job: BodyJob | None = None
    key: str | None = None
    findings: BodyFindings | None = None
    done: bool = False


@dataclass
class BodyReader:
    """Reads the bodies of a course's lessons: each from the cache when its entry holds
    (:func:`unpack`), else in this process or, on a course of at least
    :data:`POOL_MIN_LESSONS` lessons with more than one CPU, by forked workers, in bounded
    chunks; results come back in course order. ``cache``: ``None`` caches nothing.
    ``workers``: how many processes (``None``: one per CPU; 1: never a pool)."""

    root: Path
    cache: BuildCache | None = None
    workers: int | None = None
    lessons: int = 0
    """How many lessons the course has (whether a pool can pay is decided by it)."""
    read_here: int = 0
    read_by_workers: int = 0
    _pool: ProcessPoolExecutor | None = field(default=None, init=False, repr=False)

    def read(self, items: Iterable[T], job_of: Callable[[T], BodyJob | None]
             ) -> Iterator[tuple[T, BodyFindings | None]]:
        """``(item, findings)`` for each of ``items`` in order; ``job_of(item)``: its body's
        reading (``None``: it has no body to read; its findings are then ``None``)."""
        waiting: deque[_Waiting[T]] = deque()
        batch: list[_Waiting[T]] = []
        ahead: deque[tuple[Future[list[bytes]], list[_Waiting[T]]]] = deque()
        try:
            for item in items:
                entry = self._look_up(item, job_of(item))
                waiting.append(entry)
                if not entry.done:
                    batch.append(entry)
                if len(batch) >= LESSONS_PER_TASK or (batch and len(waiting) >= WINDOW):
                    self._send(batch, ahead)
                    batch = []
                while len(waiting) >= WINDOW and ahead and not waiting[0].done:
                    self._take(*ahead.popleft())
                while waiting and waiting[0].done:
                    done = waiting.popleft()
                    yield done.item, done.findings
            self._send(batch, ahead)
            while ahead:
                self._take(*ahead.popleft())
            for done in waiting:
                yield done.item, done.findings
        finally:
            for future, _ in ahead:
                future.cancel()
            if self._pool is not None:
                self._pool.shutdown(wait=True, cancel_futures=True)
                self._pool = None

    def _look_up(self, item: T, job: BodyJob | None) -> _Waiting[T]:
        if job is None:
            return _Waiting(item, done=True)
        key = body_key(job) if self.cache is not None else None
        payload = self.cache.get(key) if self.cache is not None and key is not None else None
        findings = unpack(payload, self.root, job.path) if payload is not None else None
        if findings is not None:
            return _Waiting(item, findings=findings, done=True)
        return _Waiting(item, job, key)

    def _send(self, batch: list[_Waiting[T]],
              ahead: deque[tuple[Future[list[bytes]], list[_Waiting[T]]]]) -> None:
        if not batch:
            return
        pool = self._pool_if_it_pays(len(batch))
        if pool is None:
            for entry in batch:
                assert entry.job is not None
                self._finish(entry, read_body(self.root, entry.job))
            self.read_here += len(batch)
            return
        jobs = [e.job for e in batch if e.job is not None]
        ahead.append((pool.submit(_read_chunk, self.root, jobs), batch))
        while len(ahead) >= TASKS_AHEAD * self._count():
            self._take(*ahead.popleft())

    def _take(self, future: Future[list[bytes]], batch: list[_Waiting[T]]) -> None:
        for entry, payload in zip(batch, future.result(), strict=True):
            self._finish(entry, payload)
        self.read_by_workers += len(batch)

    def _finish(self, entry: _Waiting[T], payload: bytes) -> None:
        assert entry.job is not None
        findings = unpack(payload, self.root, entry.job.path)
        if findings is None:  # the file system changed while it was read: read it again here
            payload = read_body(self.root, entry.job)
            findings = unpack(payload, self.root, entry.job.path, ask=False)
            assert findings is not None, "a body's reading cannot be unpacked"
        elif self.cache is not None and entry.key is not None:
            self.cache.put(entry.key, payload)
        entry.findings, entry.done, entry.job = findings, True, None

    def _count(self) -> int:
        return self.workers if self.workers is not None else (os.cpu_count() or 1)

    def _pool_if_it_pays(self, batch: int) -> ProcessPoolExecutor | None:
        if self._pool is None and self._count() > 1 and self.lessons >= POOL_MIN_LESSONS \
                and batch >= LESSONS_PER_TASK:
            import multiprocessing

            from lmspack.source.workers import worker_pool

            if "fork" in multiprocessing.get_all_start_methods():
                self._pool = worker_pool(self._count(), fork=True)
        return self._pool


def _read_chunk(root: Path, jobs: list[BodyJob]) -> list[bytes]:
    """A worker's task: read ``jobs`` (see :func:`read_body`)."""
    return [read_body(root, job) for job in jobs]
