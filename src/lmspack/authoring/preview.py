"""The site of ``lmspack serve``, rebuilt through :func:`lmspack.build` with its caches.

Each rebuild validates the whole course (a change to one lesson can break another), then
builds the static site with :func:`lmspack.build.build`, the one orchestrator: precompute
reuses every widget result whose inputs hash the same, and the build cache
(``dist/.cache``) gives back every page whose inputs did not change, so only what changed
is computed and rendered again. The site served is the one the build wrote
(``<cache_dir>/site``, as ``lmspack export --html`` writes it), held in memory; a course
with errors, or a widget that cannot be computed, keeps the last good site, and the report
says why.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from lmspack.commandline import counted
from lmspack.validate import Report, Settings, check

SITE_FORMAT = "site"


@dataclass(frozen=True)
class Rebuild:
    """What one (re)build did: pages rendered again, files changed or removed, widgets
    computed; ``report`` is the validation (``ok`` False: errors, site left as it was)."""

    report: Report
    rendered: tuple[str, ...] = ()
    changed: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()
    computed: tuple[str, ...] = ()
    failure: str | None = None  # a widget that could not be computed

    @property
    def ok(self) -> bool:
        return not self.report.errors and self.failure is None

    def problems(self, report_text: Callable[[Report], str]) -> str:
        """Why it failed: the widget's failure, or the report (``report_text`` renders it)."""
        return self.failure + "\n" if self.failure else report_text(self.report)

    def describe(self, changes: list[str], report_text: Callable[[Report], str]) -> str:
        """What ``lmspack serve`` prints after a rebuild triggered by ``changes``."""
        head = f"changed: {', '.join(changes[:5])}{' ...' if len(changes) > 5 else ''}\n"
        if not self.ok:
            return (head + self.problems(report_text)
                    + "not rebuilt: the preview keeps the last good build\n")
        return (head + f"rebuilt {counted(len(self.rendered), 'page')}: "
                f"{', '.join(self.rendered) or '-'}"
                + (f"; computed {', '.join(self.computed)}" if self.computed else "") + "\n")


@dataclass
class PreviewSite:
    """A course's site in memory (``files``: site path -> bytes), rebuilt on demand."""

    root: Path
    cache_dir: Path
    files: dict[str, bytes] = field(default_factory=dict)

    def rebuild(self) -> Rebuild:
        """Validate, build the site (reusing what did not change), swap the new files in.
        ``rendered``: the pages whose bytes changed."""
        from lmspack.build import BuildRequest, build
        from lmspack.errors import PrecomputeError

        report = check(self.root, Settings(formats=(SITE_FORMAT,)))
        if report.errors or report.course is None:
            return Rebuild(report)
        try:
            result = build(report.course, BuildRequest((SITE_FORMAT,), out_dir=self.cache_dir))
        except PrecomputeError as exc:
            return Rebuild(report, failure=str(exc))
        site = result.package(SITE_FORMAT)
        assert site is not None and site.folder
        files = {path.relative_to(site.path).as_posix(): path.read_bytes()
                 for path in sorted(site.path.rglob("*")) if path.is_file()}
        changed = tuple(p for p, data in files.items() if self.files.get(p) != data)
        removed = tuple(p for p in self.files if p not in files)
        self.files = files
        computed = tuple(source for source, widget in (result.precomputed or {}).items()
                         if not widget.reused)
        return Rebuild(report, tuple(p for p in changed if p.endswith(".html")), changed,
                       removed, computed)
