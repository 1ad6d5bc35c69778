"""`lmspack graph` SVG opened in headless Chromium with JavaScript off: every lesson box is
drawn with its label, cycles are red, the problems are spelled out in text, no request."""

from __future__ import annotations

from pathlib import Path

import pytest
from tests.browser.conftest import require_tools, run_node

from lmspack.cli import main

pytestmark = pytest.mark.browser
REPO = Path(__file__).resolve().parents[2]


def test_graph_svg_reads_with_javascript_off(tmp_path: Path,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    require_tools("playwright-core")
    files = {}
    for name, root in (("example", REPO), ("links", REPO / "tests/fixtures/invalid/links")):
        monkeypatch.chdir(root)
        out = tmp_path / f"{name}.svg"
        assert main(["graph", "-o", str(out)]) == 0
        files[name] = out.as_uri()
    facts = run_node("graph.js", {"files": list(files.values()),
                                  "allowed": [f"file://{tmp_path}/"]}, tmp_path)
    assert facts["blocked"] == []
    example = facts[files["example"]]
    assert example["scripts"] == 0
    assert [box["label"].split()[0] for box in example["boxes"]] == ["#1", "#2", "#3", "#4"]
    assert all(box["width"] > 100 and box["height"] > 30 for box in example["boxes"])
    links = facts[files["links"]]
    classes = [box["cls"] for box in links["boxes"]]
    assert classes.count("node cycle") == 3 and classes.count("node unreachable") == 1
    assert set(links["cycleStrokes"]) == {"rgb(176, 0, 32)"}
    assert "Prerequisite cycle: loop-a -> loop-b -> loop-c -> loop-a" in links["notes"]
