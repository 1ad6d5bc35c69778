"""Issue 19: a course using every supported Markdown feature (tests/fixtures/valid/
markdown-features) validates clean, builds, shows each feature in headless Chromium with
JavaScript off (facts read from the DOM by tests/browser/markdown.js), passes the Nu HTML
Checker and axe-core."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from tests.browser.conftest import REQUIRE, example_results, require_tools, run_node
from tests.browser.test_html_validity import VNU, _vnu
from tests.conftest import REPO_ROOT, skip_or_fail

from lmspack import check
from lmspack.render import RenderOptions, build_site

pytestmark = pytest.mark.browser

FEATURES = REPO_ROOT / "tests" / "fixtures" / "valid" / "markdown-features"
GERMAN = REPO_ROOT / "tests" / "fixtures" / "valid" / "german-course"


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    report = check(FEATURES)
    assert report.diagnostics == [] and report.course is not None
    work = tmp_path_factory.mktemp("features")
    out = build_site(report.course, example_results(report.course, work), work / "dist" / "site",
                     RenderOptions())
    return out.out_dir


def _pages(site: Path) -> list[Path]:
    return [site / "lessons" / f"{name}.html"
            for name in ("github-flavoured", "maths-in-monitoring")]


@pytest.fixture(scope="module")
def german_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    report = check(GERMAN)
    assert report.diagnostics == [] and report.course is not None
    work = tmp_path_factory.mktemp("german")
    return build_site(report.course, {}, work / "dist" / "site").out_dir


def _checked_pages(site: Path, german_site: Path) -> list[Path]:
    """The feature pages and every page of the German course (index included)."""
    return [*_pages(site), *sorted(german_site.rglob("*.html"))]


@pytest.fixture(scope="module")
def dom(site: Path, tmp_path_factory: pytest.TempPathFactory) -> list[dict[str, Any]]:
    require_tools("playwright-core")
    work = tmp_path_factory.mktemp("features-dom")
    result = run_node("markdown.js", {"pages": [p.as_uri() for p in _pages(site)],
                                      "allowed": [site.as_uri() + "/"]}, work)
    assert result["blocked"] == []
    pages: list[dict[str, Any]] = result["pages"]
    return pages


def test_github_features_render_as_intended(dom: list[dict[str, Any]]) -> None:
    gfm = dom[0]
    assert gfm["callouts"] == ["Note", "Tip", "Important", "Warning", "Caution"]
    assert [t["done"] for t in gfm["tasks"]] == [True, False, False]
    assert gfm["tasks"][0]["text"].startswith("☑ (done) Load the reference window")
    assert gfm["struck"] == ["every"]
    assert gfm["align"] == ["left", "right", "center"]
    assert gfm["definitions"] == ["Population Stability Index", "Kolmogorov-Smirnov statistic"]
    assert gfm["detailsOpen"] == [False] and gfm["detailsHidden"] == [True]
    assert gfm["codeTitle"] == ["numpy_arrays.py"]
    assert gfm["codeColours"] >= 4  # keywords, names, strings, numbers, comments differ
    assert gfm["footnoteRefs"] == [{"href": "#fn-1", "target": True}]
    assert gfm["footnoteBack"] == [True]
    assert gfm["linkInLink"] == 0
    assert gfm["raw"] == []
    assert gfm["quizBeforeFurther"]  # placed by <!-- lmspack: quiz -->


def test_inline_markdown_in_quiz_goals_and_flashcards(dom: list[dict[str, Any]]) -> None:
    gfm, maths = dom
    assert "<strong>whole</strong>" in gfm["legend"][0]
    assert gfm["labels"][0] == "<code>mean</code> difference"
    assert "<em>Kolmogorov-Smirnov</em>" in gfm["labels"][1]
    assert "<s>Accuracy</s>" in gfm["labels"][2]
    assert "<strong>data drift</strong>" in gfm["goals"][0]
    assert gfm["flashcards"] == ["<strong>PSI</strong>"]
    assert "<math" in maths["labels"][0] and "\\frac" not in maths["text"]


def test_maths_is_drawn_as_mathml_with_the_tex_kept(dom: list[dict[str, Any]]) -> None:
    maths = dom[1]["maths"]
    assert [m["display"] for m in maths].count("block") == 1
    assert all(m["drawn"] for m in maths)
    assert "a\\,b" in [m["tex"] for m in maths]
    assert dom[1]["raw"] == []
    assert "A price of $5 stays a price" in dom[1]["text"]


def test_feature_pages_pass_the_nu_html_checker(site: Path, german_site: Path) -> None:
    require_tools("vnu-jar", chromium=False)
    if not VNU.is_file():
        skip_or_fail("vnu-jar missing", REQUIRE)
    pages = _checked_pages(site, german_site)
    assert len(pages) == 5
    code, problems = _vnu([str(p) for p in pages])
    assert problems == [] and code == 0


def test_feature_pages_have_no_axe_violations(site: Path, german_site: Path,
                                              tmp_path_factory: pytest.TempPathFactory) -> None:
    require_tools("playwright-core", "axe-core")
    work = tmp_path_factory.mktemp("features-axe")
    result = run_node("axe.js", {"pages": [p.as_uri() for p in _checked_pages(site, german_site)],
                                 "allowed": [site.as_uri() + "/", german_site.as_uri() + "/"]},
                      work)
    assert len(result["pages"]) == 5 and result["blocked"] == []
    found = [(Path(p["url"]).name, v["id"], v["impact"], v["nodes"][:2])
             for p in result["pages"] for v in p["violations"]]
    assert found == []
