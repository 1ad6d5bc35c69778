"""What ``lmspack init`` writes for CI and pre-commit, checked by the tools that read it:
the workflow against check-jsonschema's vendored GitHub workflow schema, the pre-commit
configuration by ``pre-commit validate-config``. Each check is shown failing once on a
broken copy. (The workflow's steps and the hook run for real in tests/release/.)
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from tests.cli.conftest import REPO, Call

from lmspack.authoring.install import PLACEHOLDER

SPEC = "lmspack @ git+https://github.com/course-tools/lmspack@v1.4.2"
WORKFLOW = Path(".github") / "workflows" / "course.yml"


def _check_workflow(path: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "check_jsonschema", "--builtin-schema",
                           "vendor.github-workflows", str(path)], capture_output=True, text=True)


def _validate_config(path: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "pre_commit", "validate-config", str(path)],
                          capture_output=True, text=True, cwd=path.parent)


@pytest.fixture
def course(lmspack: Call, tmp_path: Path) -> Path:
    code, _, err = lmspack("init", "course", "--install", SPEC, cwd=tmp_path)
    assert code == 0 and "SET-ME" not in err, err
    return tmp_path / "course"


def test_the_workflow_passes_the_github_workflow_schema(course: Path) -> None:
    checked = _check_workflow(course / WORKFLOW)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    job = yaml.safe_load((course / WORKFLOW).read_text(encoding="utf-8"))["jobs"]["lmspack"]
    assert job["env"]["LMSPACK_INSTALL"] == SPEC
    setup = next(s for s in job["steps"] if s.get("uses", "").startswith("actions/setup-python"))
    assert setup["with"]["cache"] == "pip"
    runs = [step.get("run", "") for step in job["steps"]]
    assert 'python -m pip install "$LMSPACK_INSTALL"' in "".join(runs)
    assert {"lmspack validate --format github", "lmspack export --all"} <= set(runs)
    upload = next(s for s in job["steps"] if s.get("uses", "").startswith("actions/upload"))
    assert upload["with"]["path"].split() == ["dist/*.zip", "dist/site/"]


def test_the_schema_check_fails_on_a_broken_workflow(course: Path) -> None:
    broken = course / WORKFLOW
    broken.write_text(broken.read_text(encoding="utf-8").replace("runs-on:", "run-on:"),
                      encoding="utf-8")
    checked = _check_workflow(broken)
    assert checked.returncode == 1 and "'runs-on' is a required property" in checked.stdout


def test_the_pre_commit_config_is_valid_and_installs_lmspack_itself(course: Path) -> None:
    config = course / ".pre-commit-config.yaml"
    checked = _validate_config(config)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    (repo,) = yaml.safe_load(config.read_text(encoding="utf-8"))["repos"]
    (hook,) = repo["hooks"]
    assert hook["language"] == "python" and hook["additional_dependencies"] == [SPEC]
    (published,) = yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text())
    for key in ("id", "name", "entry", "language", "files", "require_serial"):
        assert hook[key] == published[key], key


def test_validate_config_fails_on_a_broken_config(course: Path) -> None:
    config = course / ".pre-commit-config.yaml"
    config.write_text(config.read_text(encoding="utf-8").replace("language: python",
                                                                 "language: pyhton"))
    checked = _validate_config(config)
    assert checked.returncode == 1 and "pyhton" in checked.stdout + checked.stderr


def test_without_a_reachable_install_init_writes_the_placeholder(lmspack: Call,
                                                                 tmp_path: Path) -> None:
    code, _, err = lmspack("init", "course", cwd=tmp_path)  # this editable install
    assert code == 0, err
    assert "SET-ME" in err and "--install SPEC" in err
    course = tmp_path / "course"
    job = yaml.safe_load((course / WORKFLOW).read_text(encoding="utf-8"))["jobs"]["lmspack"]
    assert job["env"]["LMSPACK_INSTALL"] == PLACEHOLDER
    (repo,) = yaml.safe_load((course / ".pre-commit-config.yaml").read_text())["repos"]
    assert repo["hooks"][0]["additional_dependencies"] == [PLACEHOLDER]
    assert _check_workflow(course / WORKFLOW).returncode == 0  # still a valid workflow


def test_an_install_spec_on_two_lines_is_a_usage_error(lmspack: Call, tmp_path: Path) -> None:
    code, _, err = lmspack("init", "course", "--install", "lmspack\n==1.0", cwd=tmp_path)
    assert code == 2 and "one pip requirement" in err
    assert not (tmp_path / "course").exists()
