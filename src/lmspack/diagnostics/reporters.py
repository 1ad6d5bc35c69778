"""Reporters: render a validation report as text, JSON, GitHub annotations, JUnit or SARIF.

Each reporter is a function ``(reports, base) -> str`` registered in :data:`REPORTERS`; the
CLI's ``--format`` choices come from that registry. ``base`` is the folder paths are shown
relative to (the current directory), so ``path:line:col`` is clickable in editors and CI.

Machine formats are versioned: the JSON document carries ``"version": 1`` (see
docs/output-formats.md for every field); SARIF is 2.1.0; JUnit follows the common
Jenkins/GitLab schema (one test case per checked file).
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Sequence
from pathlib import Path
from urllib.parse import quote

from lmspack._version import __version__
from lmspack.commandline import counted, format_option
from lmspack.diagnostics import Diagnostic, Severity
from lmspack.diagnostics.report import Report
from lmspack.diagnostics.rules import RULES, explanation

JSON_FORMAT_VERSION = 1

Reporter = Callable[[Sequence[Report], Path], str]
Style = Callable[[str, str], str]
"""The text reporter's colour hook: ``style(role, text)`` returns ``text`` as shown, for the
roles ``location``, ``error``, ``warning`` (a diagnostic's code and severity), ``passed``
and ``failed`` (the summary line). The command line passes one on a colour terminal."""


def _plain(role: str, text: str) -> str:
    del role
    return text


def display_path(report: Report, diagnostic: Diagnostic, base: Path) -> str:
    """The diagnostic's file relative to ``base`` (POSIX separators)."""
    full = report.root / diagnostic.path
    try:
        return Path(os.path.relpath(full, base)).as_posix()
    except ValueError:  # another drive on Windows
        return full.as_posix()


def _pairs(reports: Sequence[Report]) -> list[tuple[Report, Diagnostic]]:
    return [(report, d) for report in reports for d in report.diagnostics]


def summary(reports: Sequence[Report]) -> str:
    errors = sum(r.errors for r in reports)
    warnings = sum(r.warnings for r in reports)
    files = sum(r.files_checked for r in reports)
    if not errors and not warnings:
        return f"All checks passed: {counted(files, 'file')} checked."
    parts = [counted(errors, "error"), counted(warnings, "warning")]
    failed = " (warnings fail under --strict)" if any(r.strict for r in reports) and warnings \
        else ""
    return f"Found {', '.join(parts)} in {counted(files, 'file')} checked{failed}."


def text(reports: Sequence[Report], base: Path, style: Style = _plain) -> str:
    """``path:line:col: CODE [severity] message`` (and its hint) per diagnostic, then the
    summary; ``style`` colours the parts (:data:`Style`)."""
    lines = []
    for report, d in _pairs(reports):
        role = str(d.severity)
        lines.append(f"{style('location', f'{display_path(report, d, base)}:{d.line}:{d.column}:')}"
                     f" {style(role, d.code)} {style(role, f'[{d.severity}]')} {d.message}")
        if d.hint:
            lines.append(f"    hint: {d.hint}")
    passed = not any(r.errors or r.warnings for r in reports)
    lines.append(style("passed" if passed else "failed", summary(reports)))
    return "\n".join(lines) + "\n"


def json_report(reports: Sequence[Report], base: Path) -> str:
    document = {
        "version": JSON_FORMAT_VERSION,
        "tool": {"name": "lmspack", "version": __version__},
        "summary": {"errors": sum(r.errors for r in reports),
                    "warnings": sum(r.warnings for r in reports),
                    "files_checked": sum(r.files_checked for r in reports)},
        "diagnostics": [{**d.to_dict(), "path": display_path(r, d, base),
                         "rule": RULES[d.code].name} for r, d in _pairs(reports)],
    }
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def _gh_escape(value: str, *, prop: bool = False) -> str:
    value = value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return value.replace(":", "%3A").replace(",", "%2C") if prop else value


def github(reports: Sequence[Report], base: Path) -> str:
    """GitHub Actions workflow commands: one annotation per diagnostic."""
    lines = []
    for report, d in _pairs(reports):
        level = "error" if d.severity is Severity.ERROR else "warning"
        message = d.message + (f" (hint: {d.hint})" if d.hint else "")
        props = ",".join([f"file={_gh_escape(display_path(report, d, base), prop=True)}",
                          f"line={d.line}", f"col={d.column}",
                          f"title={_gh_escape(f'{d.code} {RULES[d.code].name}', prop=True)}"])
        lines.append(f"::{level} {props}::{_gh_escape(message)}")
    lines.append(summary(reports))
    return "\n".join(lines) + "\n"


def junit(reports: Sequence[Report], base: Path) -> str:
    """JUnit XML: a test suite per course, a test case per file with diagnostics, a failure
    per diagnostic (warnings too, marked as such, so CI dashboards show them)."""
    # Imported here: xml.sax.saxutils brings urllib.request (http, ssl, email) along,
    # which only this reporter needs.
    from xml.sax.saxutils import escape, quoteattr

    out = ['<?xml version="1.0" encoding="UTF-8"?>', "<testsuites>"]
    for report in reports:
        by_file: dict[str, list[Diagnostic]] = {}
        for d in report.diagnostics:
            by_file.setdefault(display_path(report, d, base), []).append(d)
        out.append(f'  <testsuite name="lmspack validate" tests="{max(len(by_file), 1)}" '
                   f'failures="{len(report.diagnostics)}" errors="0">')
        if not by_file:
            out.append('    <testcase classname="lmspack" name="course"/>')
        for name, items in by_file.items():
            out.append(f'    <testcase classname="lmspack" name={quoteattr(name)}>')
            for d in items:
                message = f"{d.location.split(':', 1)[1]}: {d.code} [{d.severity}] {d.message}"
                out.append(f"      <failure type={quoteattr(d.code)} "
                           f"message={quoteattr(message)}>{escape(d.hint or '')}</failure>")
            out.append("    </testcase>")
        out.append("  </testsuite>")
    out.append("</testsuites>")
    return "\n".join(out) + "\n"


def sarif(reports: Sequence[Report], base: Path) -> str:
    """SARIF 2.1.0, for GitHub code scanning and other static-analysis dashboards."""
    used = sorted({d.code for _, d in _pairs(reports)})
    rules = [{"id": code, "name": RULES[code].name,
              "shortDescription": {"text": RULES[code].summary},
              "fullDescription": {"text": explanation(RULES[code])},
              "defaultConfiguration": {"level": RULES[code].severity.value}} for code in used]
    results = [{
        "ruleId": d.code, "ruleIndex": used.index(d.code),
        "level": "error" if d.severity is Severity.ERROR else "warning",
        "message": {"text": d.message + (f" Hint: {d.hint}" if d.hint else "")},
        "locations": [{"physicalLocation": {
            "artifactLocation": {"uri": _uri(display_path(r, d, base))},
            "region": {"startLine": max(d.line, 1), "startColumn": max(d.column, 1)}}}],
    } for r, d in _pairs(reports)]
    document = {
        "$schema": "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/"
                   "sarif-schema-2.1.0.json",
        "version": "2.1.0",
        "runs": [{"tool": {"driver": {"name": "lmspack", "version": __version__,
                                      "rules": rules}},
                  "results": results}],
    }
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def _uri(path: str) -> str:
    """A path as a SARIF ``uri`` (an RFC 3986 URI reference): a space, ``%`` or a non-ASCII
    character percent-encoded (UTF-8), an absolute path as a ``file:`` URI."""
    if Path(path).is_absolute():
        return Path(path).as_uri()
    return quote(path, safe="/")


REPORTERS: dict[str, Reporter] = {
    "text": text,
    "json": json_report,
    "github": github,
    "junit": junit,
    "sarif": sarif,
}

REPORT_OPTION = format_option(tuple(REPORTERS), "How diagnostics are reported (reporters).")
"""``--format`` of the commands that report diagnostics: one of :data:`REPORTERS`."""
