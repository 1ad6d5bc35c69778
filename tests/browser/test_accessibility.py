"""axe-core (npm, pinned) finds no accessibility violation of any impact on any page, with
the WCAG 2.0/2.1/2.2 A and AA tags and best practices, JavaScript off and on.

Courses: the example course and tests/fixtures/real-world (Markdown written the way other
tools' authors write it: wide tables, long code lines, badges, images, details, maths as
text, raw HTML tables, a lesson in German). Each is built once as a site and as a SCORM 2004
package. JavaScript off: the site's pages with every script request aborted (the DOM a
learner without JavaScript gets; tests/browser/axe.js says why axe itself still runs).
JavaScript on: the package's pages with the tracking runtime loaded; the lessons with a
quiz once more after every question was answered with the keyboard. A canary page with
one violation of each impact proves that every impact fails the test.
"""

from __future__ import annotations

import zipfile
from pathlib import Path
from typing import Any

import pytest
from tests.browser.conftest import require_tools, run_node
from tests.conftest import REPO_ROOT

pytestmark = pytest.mark.browser

TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]
REAL_WORLD = REPO_ROOT / "tests" / "fixtures" / "real-world"
CANARY = ('<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>canary</title>'
          '</head><body><nav><a href="#a">A</a></nav><nav><a href="#b">B</a></nav>'
          '<main><h1>Canary</h1><h4>Skipped</h4><p style="color:#bbb;background:#fff">faint</p>'
          '<input type="text"><img src="x.png"><table><tr><th></th><th>B</th></tr>'
          '<tr><td>1</td><td>2</td></tr></table></main></body></html>')
CANARY_RULES = {"label": "critical", "image-alt": "critical", "color-contrast": "serious",
                "landmark-unique": "moderate", "heading-order": "moderate",
                "empty-table-header": "minor"}


def built(root: Path | Any, work: Path) -> tuple[Path, Path, Any]:
    """(site folder, unzipped SCORM 2004 package, course) of the course at ``root`` (a
    folder, or a course already checked)."""
    from lmspack import check
    from lmspack.build import BuildRequest, build

    course = check(root).course if isinstance(root, Path) else root
    assert course is not None
    result = build(course, BuildRequest(("scorm2004", "site"), out_dir=work / "dist",
                                        epoch=1_700_000_000))
    site, scorm = result.package("site"), result.package("scorm2004")
    assert site is not None and scorm is not None
    package = work / "package"
    with zipfile.ZipFile(scorm.path) as zf:
        zf.extractall(package)
    return site.path, package, course


def _pages(site: Path, package: Path, course: Any) -> list[dict[str, Any]]:
    lessons = [f"lessons/{e.id}.html" for e in course.lessons]
    quiz = [f"lessons/{e.id}.html" for e in course.lessons if e.lesson.quiz]
    return [*({"url": (site / p).as_uri(), "scripts": False}
              for p in ["index.html", *lessons]),
            *({"url": (package / p).as_uri(), "scripts": True} for p in lessons),
            *({"url": (package / p).as_uri(), "scripts": True, "answer": True} for p in quiz),
            *({"url": (site / p).as_uri(), "scripts": False, "answer": True} for p in quiz)]


@pytest.fixture(scope="module")
def axe(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    require_tools("playwright-core", "axe-core")
    work = tmp_path_factory.mktemp("axe")
    canary = work / "canary.html"
    canary.write_text(CANARY, encoding="utf-8")
    pages, allowed, sites = [], [work.as_uri() + "/"], {}
    for name, root in (("example", REPO_ROOT), ("real-world", REAL_WORLD)):
        site, package, course = built(root, work / name)
        pages += _pages(site, package, course)
        sites[name] = site
    pages.append({"url": canary.as_uri(), "scripts": False})
    result: dict[str, Any] = run_node("axe.js", {"pages": pages, "allowed": allowed,
                                                 "tags": TAGS}, work, timeout=400)
    result["sites"] = sites
    return result


def test_no_violation_of_any_impact_js_off_and_on(axe: dict[str, Any]) -> None:
    *site, _canary = axe["pages"]
    assert {(p["scripts"], p["answer"]) for p in site} == {(False, False), (True, False),
                                                          (True, True), (False, True)}
    found = [(p["url"].split("/axe")[-1], p["scripts"], v["id"], v["impact"], v["nodes"][:2])
             for p in site for v in p["violations"]]
    assert found == []
    assert sum("real-world" in p["url"] for p in site) >= 9
    assert axe["blocked"] == []


def test_scripts_ran_with_js_on_and_were_kept_out_with_js_off(axe: dict[str, Any]) -> None:
    loaded = [url for url in axe["requests"] if url.endswith(".js")]
    assert any("/package/" in url for url in loaded)  # the runtime, JS on
    assert axe["aborted"] == [] or all("/package/" not in url for url in axe["aborted"])


def test_the_canary_page_fails_at_every_impact(axe: dict[str, Any]) -> None:
    found = {v["id"]: v["impact"] for v in axe["pages"][-1]["violations"]}
    assert {k: found.get(k) for k in CANARY_RULES} == CANARY_RULES


def test_the_real_world_course_uses_every_markdown_extension(axe: dict[str, Any]) -> None:
    """What axe passed holds maths (MathML), callouts, footnotes, highlighted and titled code,
    task lists, a definition list, details, a caption from 'Table:', scrolling regions."""
    pages = "".join(p.read_text(encoding="utf-8")
                    for p in (axe["sites"]["real-world"] / "lessons").glob("*.html"))
    for feature in ("<math", 'class="callout callout-warning"', 'class="footnotes"',
                    '<pre class="hl" tabindex="0">', '<figure class="code">',
                    'class="task', "<dl>", "<details>", "<caption>Serialisation formats",
                    'class="math-block" tabindex="0"', 'aria-label="Table 2: Which format?"',
                    '<html lang="de">', '<p lang="en">', "Read the transcript of the video"):
        assert feature in pages, feature
