"""Every generated page passes the Nu HTML Checker (npm vnu-jar, run with Java 17+).

The example course is built three ways (the default site, the opt-in video embed, and
package mode with a tracking runtime script) and all pages are checked in one run.
Errors fail the test; the checker's info-level notes are not errors.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from tests.browser.conftest import NODE_MODULES, REQUIRE, example_results, require_tools
from tests.conftest import skip_or_fail
from tests.rendering import write_site

from lmspack.render import RenderOptions

pytestmark = pytest.mark.browser

VNU = NODE_MODULES / "vnu-jar" / "build" / "dist" / "vnu.jar"


def _vnu(targets: list[str]) -> tuple[int, list[str]]:
    """Run the checker on files or URLs: its exit code and every problem it reports.

    A problem is an error, a fatal message, or a "non-document-error" (the checker could
    not read or fetch a document, so it checked nothing there): all three fail a page.
    """
    proc = subprocess.run(["java", "-jar", str(VNU), "--format", "json", "--stdout",
                           *targets], capture_output=True, text=True, timeout=120,
                          check=False)
    messages = json.loads(proc.stdout)["messages"]
    problems = [f"{m['type']}: {Path(m.get('url', '?')).name}:{m.get('lastLine')}: "
                f"{m['message']}" for m in messages
                if m["type"] in ("error", "non-document-error") or m.get("subType") == "fatal"]
    return proc.returncode, problems


@pytest.fixture(scope="module")
def pages(example_course: Any, example_site: Path,
          tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    require_tools("vnu-jar", chromium=False)
    if shutil.which("java") is None:
        skip_or_fail("the HTML checker needs java (Debian: default-jre-headless)", REQUIRE)
    work = tmp_path_factory.mktemp("vnu")
    results = example_results(example_course, work)
    embed, package = work / "dist" / "embed", work / "dist" / "package"
    write_site(example_course, results, embed, RenderOptions(video="embed"))
    write_site(example_course, results, package,
               RenderOptions(mode="package", runtime_script="assets/runtime.js"))
    found = [p for root in (example_site, embed, package)
             for p in sorted(root.rglob("*.html"))]
    assert len(found) == 3 * len(example_course.lessons) + 2  # no index in a package
    return found


def test_every_page_is_valid_html(pages: list[Path]) -> None:
    assert all(page.is_file() for page in pages)  # the checker skips a missing file silently
    code, problems = _vnu([str(page) for page in pages])
    assert problems == []
    assert code == 0


def test_the_checker_does_find_errors(tmp_path: Path, pages: list[Path]) -> None:
    broken = tmp_path / "broken.html"
    broken.write_text("<!DOCTYPE html><html><head><title>x</title></head>"
                      "<body><p><div></p></body></html>", encoding="utf-8")
    code, problems = _vnu([str(broken)])
    assert code == 1 and any(p.startswith("error: broken.html:1:") for p in problems)


def test_a_document_the_checker_cannot_read_is_a_failure(pages: list[Path]) -> None:
    # The checker refuses to fetch from this host ("Forbidden host"), so nothing is sent.
    code, problems = _vnu(["http://127.0.0.1:9/page.html"])
    assert code == 1 and [p.split(":")[0] for p in problems] == ["non-document-error"]
