"""LMS presets for ``lmspack export --target``: the settings users would otherwise find by
trial and error, one :class:`Target` per LMS in the :data:`TARGETS` registry.

The CLI's ``--target`` choices and the table in ``docs/lms-upload.md`` come from here (a
test checks the table against the registry). A preset only sets defaults: ``--scorm 1.2``
or ``--scorm 2004`` still picks the version explicitly.
"""

from __future__ import annotations

from dataclasses import dataclass

from lmspack.errors import ConfigError
from lmspack.packaging.tracking import (
    CommitPolicy,
    NoQuizStatus,
    RuntimeSettings,
    ScorePolicy,
)

DEFAULT_TARGET = "generic"


@dataclass(frozen=True)
class Target:
    """One LMS preset; every field is documented in ``docs/lms-upload.md``.

    ``scorm_version``: what a bare ``--scorm`` builds. ``moodle_satisfied_rule``: the extra
    SCORM 2004 precondition on ``satisfied`` (see :mod:`lmspack.packaging.scorm2004`).
    ``no_quiz_status``: what a lesson without a quiz reports. ``commit`` and ``score``: the
    runtime's commit and score-reporting policies (:class:`RuntimeSettings`).
    ``file_suffix``: added to the package name, so packages for two LMSs can sit side by
    side in ``dist/``.
    """

    name: str
    summary: str
    scorm_version: str
    moodle_satisfied_rule: bool
    no_quiz_status: NoQuizStatus
    commit: CommitPolicy
    score: ScorePolicy
    file_suffix: str

    def default_choices(self) -> dict[str, str]:
        """What a package-format option given bare asks for: ``--scorm`` builds
        :attr:`scorm_version`."""
        return {"scorm": self.scorm_version}

    def runtime_settings(self, transport: str) -> RuntimeSettings:
        """The runtime's settings for a package built for this LMS whose format talks to
        it through ``transport`` (``scorm12``: the format's ``transport``)."""
        return RuntimeSettings(transports=(transport,), commit=self.commit,
                               no_quiz_status=self.no_quiz_status, score=self.score)


TARGETS: dict[str, Target] = {
    "generic": Target(
        name="generic",
        summary="any SCORM LMS: SCORM 1.2, the most widely supported version",
        scorm_version="1.2",
        moodle_satisfied_rule=True,
        no_quiz_status="completed",
        commit="answer",
        score="final",
        file_suffix="",
    ),
    "moodle": Target(
        name="moodle",
        summary="Moodle's SCORM activity: SCORM 1.2, which Moodle plays in full",
        scorm_version="1.2",
        # Moodle's 2004 parser never reads adlseq completion maps: gate on satisfied too.
        moodle_satisfied_rule=True,
        no_quiz_status="completed",
        commit="answer",
        score="final",
        file_suffix="-moodle",
    ),
    "canvas": Target(
        name="canvas",
        summary="Canvas's SCORM tool: SCORM 2004 4th Edition (completion and success "
                "apart, a scaled score)",
        scorm_version="2004",
        moodle_satisfied_rule=False,
        no_quiz_status="passed",
        commit="answer",
        score="final",
        file_suffix="-canvas",
    ),
}


def get_target(name: str) -> Target:
    """The preset called ``name``; :class:`~lmspack.errors.ConfigError` naming the choices
    when there is none."""
    try:
        return TARGETS[name]
    except KeyError:
        raise ConfigError(f"unknown target {name!r}; choose from {', '.join(TARGETS)}") from None


_COMMIT = {"answer": "after every answer, and on leaving", "exit": "only on leaving"}
_SCORE = {"final": "once every question is answered or the pass mark is reached",
          "always": "after every answer"}


def targets_markdown() -> str:
    """The preset table of ``docs/lms-upload.md``: one column per preset."""
    from lmspack.formats.registry import require_format

    presets = list(TARGETS.values())
    scorm12 = require_format("scorm12")

    def row(label: str, values: list[str]) -> str:
        return f"| {label} | " + " | ".join(values) + " |"

    lines = [row("setting", [f"`{t.name}`" for t in presets]),
             row("---", ["---"] * len(presets)),
             row("for", [t.summary for t in presets]),
             row("bare `--scorm` builds", [f"SCORM {t.scorm_version}" for t in presets]),
             row("2004: extra `satisfied` prerequisite rule",
                 ["yes" if t.moodle_satisfied_rule else "no" for t in presets]),
             row("lesson without a quiz reports", [f"`{t.no_quiz_status}`" for t in presets]),
             row("runtime commits", [_COMMIT[t.commit] for t in presets]),
             row("score reported", [_SCORE[t.score] for t in presets]),
             row("package file (1.2)",
                 [f"`{scorm12.file_name('<course>', '<version>', t.file_suffix)}`"
                  for t in presets])]
    return "\n".join(lines) + "\n"
