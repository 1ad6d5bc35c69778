"""axe-core (npm, pinned) finds no serious or critical accessibility violation on any page.

axe runs in its own browser launch with JavaScript enabled (tests/browser/axe.js says
why); the pages themselves run no script, so axe sees what a learner without JavaScript
gets. A deliberately broken page proves the run can fail.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from tests.browser.conftest import require_tools, run_node

pytestmark = pytest.mark.browser

BLOCKING = {"serious", "critical"}
CANARY = ('<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>canary</title>'
          '</head><body><main><h1>Canary</h1><p style="color:#bbb;background:#fff">faint</p>'
          '<input type="text"><img src="x.png"></main></body></html>')


@pytest.fixture(scope="module")
def axe(example_course: Any, example_site: Path,
        tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    require_tools("playwright-core", "axe-core")
    work = tmp_path_factory.mktemp("axe")
    canary = work / "canary.html"
    canary.write_text(CANARY, encoding="utf-8")
    pages = [example_site / "index.html",
             *(example_site / "lessons" / f"{e.id}.html" for e in example_course.lessons)]
    config = {"pages": [p.as_uri() for p in [*pages, canary]],
              "allowed": [example_site.as_uri() + "/", work.as_uri() + "/"]}
    result: dict[str, Any] = run_node("axe.js", config, work)
    return result


def test_no_serious_or_critical_violations(axe: dict[str, Any]) -> None:
    *site, _canary = axe["pages"]
    assert len(site) >= 2
    found = [(Path(p["url"]).name, v["id"], v["impact"], v["nodes"][:2])
             for p in site for v in p["violations"] if v["impact"] in BLOCKING]
    assert found == []
    assert axe["blocked"] == []


def test_the_canary_page_fails(axe: dict[str, Any]) -> None:
    ids = {v["id"] for v in axe["pages"][-1]["violations"] if v["impact"] in BLOCKING}
    assert {"label", "image-alt", "color-contrast"} <= ids
