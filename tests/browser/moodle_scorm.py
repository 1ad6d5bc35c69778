"""Moodle's SCORM player as a test double: what Moodle stores for one launch of one SCO,
given the API calls the SCO made (the call log every run of ``test_scorm_runtime.py`` keeps).

The rules are read, not copied, from Moodle's SCORM module as the public fork
exelearning/mod_exescorm carries it (commit f78d876; the module is renamed ``exescorm`` there,
the files and their logic are Moodle's ``mod/scorm``). File and line of each rule:

SCORM 1.2
  * launch values, ``datamodels/scorm_12lib.php`` ``get_exescorm_default`` (28-106): the
    attempt's tracks are given back (38-45); ``cmi.core.entry`` is ``ab-initio`` without a
    stored status, ``resume`` when the last exit was ``suspend``, else empty (58-68);
    ``cmi.core.credit`` is ``credit`` in normal mode and ``no-credit`` otherwise (70-78;
    browse and review are Moodle's only no-credit launches); ``cmi.core.total_time``
    defaults to ``00:00:00`` (90).
  * ``datamodels/scorm_12.js``: an empty status reads ``not attempted`` (162-164);
    ``LMSCommit`` stores with ``StoreData(cmi, false)`` (408-440), ``LMSFinish`` with
    ``StoreData(cmi, true)`` (197-238). ``CollectData`` (549-604) sends every writable
    element whose value differs from the one last stored, never ``cmi.core.session_time``
    (562). ``StoreData(..., true)`` (621-645) first turns ``not attempted`` into
    ``completed`` in every mode (624-626); then, in normal mode with credit and with
    "mastery score overrides status" on (the ``masteryoverride`` setting, on by default),
    when both the mastery score and ``score.raw`` are set, raw >= mastery stores ``passed``
    and anything lower ``failed`` (627-636); in browse mode a status still ``not attempted``
    with nothing stored becomes ``browsed`` (638-642), which the first rule has already made
    unreachable; and it adds the session time to the total time (``TotalTime``, 544-547).
  * ``datamodel.php`` (62-68) stores each element it receives as a track through
    ``exescorm_insert_track`` (``locallib.php`` 453-566): a new value replaces the old one
    (547-556). With "force completed" on (off by default), a status ``incomplete`` is stored
    as ``completed`` once a ``score.raw`` track exists (459-478).

SCORM 2004
  * launch values, ``datamodels/scorm_13lib.php`` ``get_exescorm_default`` (1172-1266): the
    attempt's tracks come back only when the last exit was ``suspend`` (1183-1194);
    ``cmi.entry`` is ``ab-initio`` when the exit was unset, ``normal`` or ``time-out`` and
    ``resume`` after ``suspend`` or ``logout`` (1208-1218); credit as in 1.2 (1220-1228);
    completion and success status default to ``unknown`` (1249, 1263).
  * ``datamodels/scorm_13.js``: ``Terminate`` (307-370) stores with ``StoreData(cmi,
    true)`` (1190-1231): in normal mode with credit, a completion threshold and a progress
    measure decide completed/incomplete (1193-1201); the success rule compares
    ``cmi.scaled_passed_score`` (1202), an element that does not exist (the data model's is
    ``scaled_passing_score``), so it never applies and the SCO's ``success_status`` is
    stored as it is; the session time is added to the total time (1211, 1158-1161).
    ``CollectData`` (1163-1188) sends every writable element that differs from its default.

Where Moodle and scorm-again (the test LMS) differ in what a SCO is given (Moodle has no
no-credit normal launch; it always sets the mode), the double takes the launch as the run
had it: the SCO's calls are those it made there.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

V12 = "1.2"
# Elements a SCO cannot write (CollectData skips 'r' elements; 1.2 never sends session_time).
READ_ONLY = {"cmi.core.credit", "cmi.core.entry", "cmi.core.total_time", "cmi.core.lesson_mode",
             "cmi.core.student_id", "cmi.core.student_name", "cmi.student_data.mastery_score",
             "cmi.core.session_time", "cmi.credit", "cmi.entry", "cmi.mode", "cmi.total_time",
             "cmi.scaled_passing_score", "cmi.learner_id", "cmi.learner_name"}


@dataclass(frozen=True)
class ScoLaunch:
    """How Moodle launches the SCO: its mode, the credit the SCO saw, the mastery score
    (1.2, from ``adlcp:masteryscore``), and the activity's settings."""

    mode: str = "normal"
    credit: str | None = None  # None: Moodle's rule, from the mode
    mastery: str = ""
    masteryoverride: bool = True  # mod/scorm's default
    forcecompleted: bool = False  # mod/scorm's default
    completion_threshold: str = ""  # 2004: imsss completionThreshold (lmspack sets none)


@dataclass(frozen=True)
class Stored:
    """What Moodle holds after the launch, and what it gives the next launch."""

    tracks: dict[str, str]
    next_entry: str

    def status(self, version: str) -> tuple[str, ...]:
        """1.2: (lesson_status, score.raw, exit); 2004: (completion, success, scaled, exit)."""
        t = self.tracks
        if version == V12:
            return (t.get("cmi.core.lesson_status", ""), t.get("cmi.core.score.raw", ""),
                    t.get("cmi.core.exit", ""))
        return (t.get("cmi.completion_status", "unknown"), t.get("cmi.success_status", "unknown"),
                t.get("cmi.score.scaled", ""), t.get("cmi.exit", ""))


def moodle_store(version: str, calls: Sequence[Mapping[str, Any]], prior: Mapping[str, str],
                 launch: ScoLaunch) -> Stored:
    """Replay ``calls`` (``{fn, args, result, error}``, in order) against Moodle's rules,
    starting from the attempt's ``prior`` tracks; return what Moodle stores."""
    v12 = version == V12
    given = dict(prior) if v12 or prior.get("cmi.exit") == "suspend" else {}
    stored = dict(prior)
    cmi = _launch_values(version, given, launch)
    last = dict(given)  # CollectData compares with what was last stored (the defaults)
    for call in calls:
        if call.get("error", "0") != "0":
            continue
        fn, args = call["fn"], call.get("args") or []
        if fn in ("LMSSetValue", "SetValue"):
            cmi[args[0]] = args[1]
        elif fn in ("LMSCommit", "Commit"):
            _collect(cmi, last, stored, launch)
        elif fn in ("LMSFinish", "Terminate"):
            _finish(version, cmi, given, launch)
            _collect(cmi, last, stored, launch)
            total = "cmi.core.total_time" if v12 else "cmi.total_time"
            session = "cmi.core.session_time" if v12 else "cmi.session_time"
            stored[total] = _add_time(version, cmi[total], cmi.get(session, ""))
            break
    return Stored(stored, _next_entry(version, stored))


def _launch_values(version: str, given: Mapping[str, str], launch: ScoLaunch
                   ) -> dict[str, str]:
    credit = launch.credit or ("credit" if launch.mode == "normal" else "no-credit")
    cmi = dict(given)
    if version == V12:
        cmi.update({"cmi.core.lesson_mode": launch.mode, "cmi.core.credit": credit,
                    "cmi.student_data.mastery_score": launch.mastery,
                    "cmi.core.total_time": given.get("cmi.core.total_time", "00:00:00")})
        cmi.setdefault("cmi.core.score.raw", "")
        if not cmi.get("cmi.core.lesson_status"):
            cmi["cmi.core.lesson_status"] = "not attempted"
    else:
        cmi.update({"cmi.mode": launch.mode, "cmi.credit": credit,
                    "cmi.total_time": given.get("cmi.total_time", "PT0H0M0S")})
        cmi.setdefault("cmi.completion_status", "unknown")
        cmi.setdefault("cmi.success_status", "unknown")
    return cmi


def _finish(version: str, cmi: dict[str, str], given: Mapping[str, str],
            launch: ScoLaunch) -> None:
    """StoreData(cmi, true)'s changes before storing (scorm_12.js 621-645, scorm_13.js
    1190-1211)."""
    if version == V12:
        if cmi["cmi.core.lesson_status"] == "not attempted":
            cmi["cmi.core.lesson_status"] = "completed"
        normal = cmi["cmi.core.lesson_mode"] == "normal" and cmi["cmi.core.credit"] == "credit"
        mastery, raw = cmi["cmi.student_data.mastery_score"], cmi["cmi.core.score.raw"]
        if normal and launch.masteryoverride and mastery != "" and raw != "":
            cmi["cmi.core.lesson_status"] = "passed" if float(raw) >= float(mastery) else "failed"
        if (cmi["cmi.core.lesson_mode"] == "browse" and not given.get("cmi.core.lesson_status")
                and cmi["cmi.core.lesson_status"] == "not attempted"):
            cmi["cmi.core.lesson_status"] = "browsed"  # unreachable, as in Moodle
        return
    normal = cmi["cmi.mode"] == "normal" and cmi["cmi.credit"] == "credit"
    progress = cmi.get("cmi.progress_measure", "")
    if normal and launch.completion_threshold and progress:
        done = float(progress) >= float(launch.completion_threshold)
        cmi["cmi.completion_status"] = "completed" if done else "incomplete"
    # the success rule reads cmi.scaled_passed_score, which is never set: nothing to do


def _collect(cmi: Mapping[str, str], last: dict[str, str], stored: dict[str, str],
             launch: ScoLaunch) -> None:
    """CollectData + datamodel.php: every writable element that changed becomes a track."""
    for element, value in cmi.items():
        if element in READ_ONLY or last.get(element) == value:
            continue
        last[element] = value
        if (launch.forcecompleted and element == "cmi.core.lesson_status"
                and value == "incomplete" and "cmi.core.score.raw" in stored):
            value = "completed"
        if launch.forcecompleted and element == "cmi.core.score.raw" and \
                stored.get("cmi.core.lesson_status") == "incomplete":
            stored["cmi.core.lesson_status"] = "completed"
        stored[element] = value


def _next_entry(version: str, tracks: Mapping[str, str]) -> str:
    if version == V12:
        if not tracks.get("cmi.core.lesson_status"):
            return "ab-initio"
        return "resume" if tracks.get("cmi.core.exit") == "suspend" else ""
    exit_value = tracks.get("cmi.exit")
    if exit_value in (None, "", "normal", "time-out"):
        return "ab-initio"
    return "resume" if exit_value in ("suspend", "logout") else ""


_SPAN_12 = re.compile(r"(\d+):(\d{2}):(\d{2})(?:\.(\d{1,2}))?")
_SPAN_2004 = re.compile(r"P(?:\d+Y)?(?:\d+M)?(?:\d+D)?T?(?:(\d+)H)?(?:(\d+)M)?(?:([\d.]+)S)?")


def seconds(version: str, span: str) -> float:
    """A 1.2 CMITimespan or a 2004 duration, in seconds (0 for an empty value)."""
    if not span:
        return 0.0
    if version == V12:
        match = _SPAN_12.fullmatch(span)
        if not match:
            raise ValueError(f"not a CMITimespan: {span!r}")
        hours, minutes, secs, cents = match.groups()
        return int(hours) * 3600 + int(minutes) * 60 + int(secs) + int(cents or 0) / 100
    match = _SPAN_2004.fullmatch(span)
    if not match:
        raise ValueError(f"not a duration: {span!r}")
    hours, minutes, secs = match.groups()
    return int(hours or 0) * 3600 + int(minutes or 0) * 60 + float(secs or 0)


def _add_time(version: str, total: str, session: str) -> str:
    """TotalTime: the total plus the session (our own formatting of the same sum)."""
    cents = round((seconds(version, total) + seconds(version, session)) * 100)
    hours, rest = divmod(cents, 360000)
    minutes, rest = divmod(rest, 6000)
    secs, cents = divmod(rest, 100)
    if version == V12:
        return f"{hours:02d}:{minutes:02d}:{secs:02d}" + (f".{cents:02d}" if cents else "")
    return f"PT{hours}H{minutes}M{secs}" + (f".{cents:02d}" if cents else "") + "S"
