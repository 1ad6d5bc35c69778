"""The author guide in docs/ is generated from the registries and fails the tests when stale."""

from __future__ import annotations

import importlib.util
import shutil
from pathlib import Path
from types import ModuleType

import pytest

from lmspack.authoring.fixes import FIXES
from lmspack.authoring.kinds import widget_kinds
from lmspack.diagnostics.rules import RULES

REPO = Path(__file__).resolve().parents[2]
DOCS = REPO / "docs"


def _generate_script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("generate", REPO / "scripts" / "generate.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_rules_page_has_every_rule_and_every_fix() -> None:
    text = (DOCS / "rules.md").read_text(encoding="utf-8")
    for rule in RULES.values():
        assert f"### {rule.code} `{rule.name}`" in text
    assert text.count("**lmspack fix**") == len(FIXES) + 1  # + the introduction
    lesson_page = (DOCS / "writing-a-lesson.md").read_text(encoding="utf-8")
    for code in FIXES:
        assert f"(rules.md#{code.lower()}-{RULES[code].name})" in lesson_page


def test_widgets_page_has_every_kind_with_its_fields_and_an_example() -> None:
    text = (DOCS / "widget-formats.md").read_text(encoding="utf-8")
    for kind in widget_kinds(builtin_only=True):
        section = text.split(f"\n## {kind.name}\n", 1)[1].split("\n## ", 1)[0]
        for field in kind.model.model_fields:
            assert f"| `{field}` |" in section, (kind.name, field)
        assert "### Example: `widgets/" in section


@pytest.fixture
def repo_copy(tmp_path: Path) -> Path:
    for name in ("README.md", ".pre-commit-hooks.yaml"):
        shutil.copy(REPO / name, tmp_path / name)
    for name in ("docs", "widgets", "schemas"):
        shutil.copytree(REPO / name, tmp_path / name,
                        ignore=shutil.ignore_patterns("*.png", "*.csv"))
    return tmp_path


def test_the_staleness_check_catches_an_edited_page(repo_copy: Path,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    generate = _generate_script()
    assert generate.main(["--check"], repo_copy) == 0
    lesson_page = repo_copy / "docs" / "writing-a-lesson.md"
    text = lesson_page.read_text(encoding="utf-8")
    lesson_page.write_text(text.replace("## The course file", "## The course file (edited)"),
                           encoding="utf-8")
    assert generate.main(["--check"], repo_copy) == 0  # prose outside the markers is free
    lesson_page.write_text(text.replace("Lesson title.", "The title."), encoding="utf-8")
    rules = repo_copy / "docs" / "rules.md"
    rules.write_text(rules.read_text(encoding="utf-8").replace("F001", "F000"),
                     encoding="utf-8")
    assert generate.main(["--check"], repo_copy) == 1
    assert capsys.readouterr().out == \
        "out of date: docs/rules.md, docs/writing-a-lesson.md\n"
    assert generate.main([], repo_copy) == 0  # regenerates them
    assert generate.main(["--check"], repo_copy) == 0


def test_readme_shows_the_vs_code_settings_lmspack_schema_prints() -> None:
    import json

    from lmspack.authoring.schemas import vscode_settings

    readme = (REPO / "README.md").read_text(encoding="utf-8")
    block = readme.split('```json\n{\n  "yaml.schemas"', 1)[1].split("```", 1)[0]
    assert json.loads('{\n  "yaml.schemas"' + block) == json.loads(vscode_settings("schemas"))
