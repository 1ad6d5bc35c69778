"""The release build, tested as a course team would meet it: the wheel installed into a
fresh virtual environment outside the checkout, with nothing of the checkout on PATH or on
``sys.path``, runs ``--version``, ``init``, ``validate --strict`` and ``export --all`` on the
new course and on a copy of the example course; the editable install of the test run does
the same beside it, and every file and every line printed must be byte-identical.

The editable side runs through ``record_loads.py``, so the same run lists the data files
the code loads; the wheel must hold each of them, and every file git tracks in the
package (``wheel_files.py`` maps source paths to wheel names from pyproject.toml).
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import zipfile
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import pytest
import yaml
from tests.release.conftest import REPO, SYSTEM_PATH, Release, clean_env
from tests.release.wheel_files import (
    loaded_files,
    missing,
    shipped_sources,
    tracked_files,
    wheel_roots,
)

from lmspack._version import __version__, git_commit
from lmspack.authoring.install import PLACEHOLDER

pytestmark = pytest.mark.release

EPOCH = "1700000000"
RECORDER = Path(__file__).with_name("record_loads.py")
COURSES = ("new-course", "example")
STEPS: tuple[tuple[str, tuple[str, ...]], ...] = (
    (".", ("--version",)),
    (".", ("init", "new-course")),
    ("new-course", ("validate", "--strict")),
    ("new-course", ("export", "--all")),
    ("example", ("validate", "--strict")),
    ("example", ("export", "--all")),
)


@dataclass
class Side:
    """One installation's run of :data:`STEPS` in its own folder."""

    folder: Path
    command: Sequence[str]
    env: dict[str, str]
    results: list[subprocess.CompletedProcess[str]] = field(default_factory=list)

    def run(self) -> Side:
        for where, args in STEPS:
            self.results.append(subprocess.run([*self.command, *args], cwd=self.folder / where,
                                               env=self.env, capture_output=True, text=True))
        return self


@dataclass(frozen=True)
class Runs:
    release: Release
    venv: Path
    wheel: Side
    editable: Side
    loads: Path


def _example_copy(target: Path) -> None:
    target.mkdir(parents=True)
    for name in ("lessons", "widgets"):
        shutil.copytree(REPO / name, target / name)
    shutil.copy(REPO / "course.yaml", target)


def _venv_with(wheel: Path, venv: Path) -> None:
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, cwd=venv.parent)
    installed = subprocess.run([str(venv / "bin" / "python"), "-m", "pip", "install", "--quiet",
                                str(wheel)], capture_output=True, text=True, cwd=venv.parent,
                               env=clean_env())
    assert installed.returncode == 0, installed.stderr[-4000:]


@pytest.fixture(scope="module")
def runs(release: Release, tmp_path_factory: pytest.TempPathFactory) -> Runs:
    base = tmp_path_factory.mktemp("installed")
    venv = base / "venv"
    _venv_with(release.wheel, venv)
    for name in ("wheel", "editable"):
        (base / name).mkdir()
        _example_copy(base / name / "example")
    loads = base / "loads.txt"
    wheel = Side(base / "wheel", [str(venv / "bin" / "lmspack")],
                 clean_env(f"{venv / 'bin'}:{SYSTEM_PATH}", SOURCE_DATE_EPOCH=EPOCH))
    editable = Side(base / "editable", [sys.executable, str(RECORDER), str(loads)],
                    clean_env(SOURCE_DATE_EPOCH=EPOCH))
    with ThreadPoolExecutor(2) as pool:  # two cores: both sides at once
        sides = dict(zip(("wheel", "editable"), pool.map(Side.run, (wheel, editable)),
                         strict=True))
    return Runs(release, venv, sides["wheel"], sides["editable"], loads)


def _tree(folder: Path) -> dict[str, bytes]:
    """Every file under ``folder`` but the build cache, by relative path."""
    return {path.relative_to(folder).as_posix(): path.read_bytes()
            for path in sorted(folder.rglob("*"))
            if path.is_file() and ".cache" not in path.relative_to(folder).parts}


def _differences(ours: dict[str, bytes], theirs: dict[str, bytes]) -> list[str]:
    """Files only one side has, or whose bytes differ."""
    return sorted(name for name in ours.keys() | theirs.keys()
                  if ours.get(name) != theirs.get(name))


def _twine_check(*files: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "twine", "check", "--strict",
                           *map(str, files)], capture_output=True, text=True)


def test_twine_check_passes_the_sdist_and_the_wheel(release: Release) -> None:
    checked = _twine_check(release.sdist, release.wheel)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert checked.stdout.count("PASSED") == 2, checked.stdout


def test_twine_check_fails_a_wheel_without_its_description(release: Release,
                                                           tmp_path: Path) -> None:
    broken = tmp_path / release.wheel.name
    with zipfile.ZipFile(release.wheel) as source, zipfile.ZipFile(broken, "w") as out:
        for item in source.infolist():
            data = source.read(item)
            if item.filename.endswith(".dist-info/METADATA"):
                data = data.split(b"\n\n", 1)[0] + b"\n"  # the headers, not the README
            out.writestr(item, data)
    checked = _twine_check(broken)
    assert checked.returncode == 1 and "long_description" in checked.stdout, checked.stdout


def test_every_command_succeeds_from_the_wheel(runs: Runs) -> None:
    for (where, args), result in zip(STEPS, runs.wheel.results, strict=True):
        assert result.returncode == 0, (where, args, result.stdout, result.stderr)
    for course in COURSES:
        dist = runs.wheel.folder / course / "dist"
        kinds = sorted(p.name.rsplit("-", 1)[-1] for p in dist.glob("*.zip"))
        assert kinds == ["cmi5.zip", "scorm12.zip", "xapi.zip"], kinds
        assert (dist / "site" / "index.html").is_file()


def test_the_wheel_runs_from_its_own_environment_outside_the_checkout(runs: Runs) -> None:
    probe = ("import json, lmspack, lmspack.render, shutil\n"
             "from lmspack.authoring.install import installed_spec\n"
             "print(json.dumps([lmspack.__file__, installed_spec(), shutil.which('lmspack')]))")
    shown = subprocess.run([str(runs.venv / "bin" / "python"), "-c", probe], check=True,
                           capture_output=True, text=True, cwd=runs.venv.parent,
                           env=clean_env()).stdout
    module, spec, on_path = json.loads(shown)
    assert Path(module).is_relative_to(runs.venv), module
    assert not Path(module).is_relative_to(REPO)
    assert not runs.venv.is_relative_to(REPO)
    assert spec is None  # a wheel file on this disk: init must write the placeholder
    assert on_path is None  # nothing on the system PATH: the venv's bin was not on it


def test_outputs_are_byte_identical_to_the_editable_install(runs: Runs) -> None:
    for (where, args), ours, theirs in zip(STEPS, runs.wheel.results, runs.editable.results,
                                           strict=True):
        assert theirs.returncode == 0, (args, theirs.stdout, theirs.stderr)
        assert (ours.stdout, ours.stderr) == (theirs.stdout, theirs.stderr), (where, args)
    for course in COURSES:
        wheel_tree = _tree(runs.wheel.folder / course)
        assert _differences(wheel_tree, _tree(runs.editable.folder / course)) == [], course
        assert any(name.endswith("scorm12.zip") for name in wheel_tree), sorted(wheel_tree)


def test_the_comparison_reports_one_changed_byte(runs: Runs) -> None:
    """The comparison above, failing once: one byte of one package changed."""
    tree = _tree(runs.editable.folder / "new-course")
    name = next(name for name in sorted(tree) if name.endswith("-scorm12.zip"))
    changed = {**tree, name: tree[name][:-1] + bytes([tree[name][-1] ^ 1])}
    assert _differences(tree, changed) == [name]
    assert _differences(tree, {k: v for k, v in tree.items() if k != name}) == [name]


def test_version_names_the_version_and_the_commit(runs: Runs) -> None:
    commit = git_commit(REPO)
    assert commit is not None, "the tests run from a git checkout"
    changes = ", with uncommitted changes" if commit.dirty else ""
    expected = f"lmspack {__version__} (git {commit.sha}{changes})\n"
    assert runs.wheel.results[0].stdout == expected
    assert runs.editable.results[0].stdout == expected
    with zipfile.ZipFile(runs.release.wheel) as wheel:
        recorded = json.loads(wheel.read("lmspack/_build_info.json"))
    assert recorded == {"commit": commit.sha, "dirty": commit.dirty}
    metadata = next(n for n in zipfile.ZipFile(runs.release.wheel).namelist()
                    if n.endswith(".dist-info/METADATA"))
    text = zipfile.ZipFile(runs.release.wheel).read(metadata).decode()
    assert f"\nVersion: {__version__}\n" in text  # pyproject reads _version.py


def test_init_from_a_local_wheel_writes_the_placeholder(runs: Runs) -> None:
    init = runs.wheel.results[1]
    assert "SET-ME" in init.stderr, init.stderr
    workflow = yaml.safe_load((runs.wheel.folder / "new-course" / ".github" / "workflows"
                               / "course.yml").read_text(encoding="utf-8"))
    assert workflow["jobs"]["lmspack"]["env"]["LMSPACK_INSTALL"] == PLACEHOLDER


def test_the_wheel_holds_every_file_the_code_loads_and_git_tracks(runs: Runs) -> None:
    roots = wheel_roots(REPO)
    loaded = shipped_sources(loaded_files(runs.loads), roots)
    # The run did load data files from the package (templates, schemas, the runtime).
    suffixes = {Path(name).suffix for name in loaded}
    assert {".j2", ".json", ".js", ".css"} <= suffixes, sorted(loaded)
    assert missing(loaded, runs.release.wheel) == []
    tracked = shipped_sources(tracked_files(REPO, roots), roots)
    assert set(loaded) <= set(tracked), sorted(set(loaded) - set(tracked))
    assert missing(tracked, runs.release.wheel) == []


def test_the_wheel_check_reports_a_missing_template(runs: Runs, tmp_path: Path) -> None:
    """The check above, failing once: a wheel without one of the loaded templates."""
    loaded = shipped_sources(loaded_files(runs.loads), wheel_roots(REPO))
    dropped = next(name for name in sorted(loaded) if name.endswith(".html.j2"))
    broken = tmp_path / runs.release.wheel.name
    with zipfile.ZipFile(runs.release.wheel) as source, zipfile.ZipFile(broken, "w") as out:
        for item in source.infolist():
            if item.filename != dropped:
                out.writestr(item, source.read(item))
    assert missing(loaded, broken) == [f"{dropped} (from {loaded[dropped]})"]


def _workflow_runs(course: Path) -> tuple[dict[str, str], list[str]]:
    """The workflow ``init`` wrote: its environment and its ``run`` steps, in order (the
    ``uses`` steps are GitHub's: checkout, setup-python, upload-artifact)."""
    text = (course / ".github" / "workflows" / "course.yml").read_text(encoding="utf-8")
    job = yaml.safe_load(text)["jobs"]["lmspack"]
    return job["env"], [step["run"] for step in job["steps"] if "run" in step]


def _run_steps(course: Path, runs: Runs, env: dict[str, str], steps: list[str]) -> list[
        subprocess.CompletedProcess[str]]:
    shell_env = clean_env(f"{runs.venv / 'bin'}:{SYSTEM_PATH}", SOURCE_DATE_EPOCH=EPOCH, **env)
    done = []
    for step in steps:
        done.append(subprocess.run(["bash", "-e", "-c", step], cwd=course, env=shell_env,
                                   capture_output=True, text=True))
        if done[-1].returncode:
            break
    return done


def test_the_workflow_steps_run_with_the_wheel(runs: Runs, tmp_path: Path) -> None:
    """The ``run`` steps of the workflow ``init --install WHEEL`` writes, run in order by bash
    with the fresh environment's python first on PATH: the install step installs the wheel,
    then validate with annotations and export --all succeed."""
    made = subprocess.run([str(runs.venv / "bin" / "lmspack"), "init", "ci-course",
                           "--install", str(runs.release.wheel)], cwd=tmp_path,
                          env=runs.wheel.env, capture_output=True, text=True)
    assert made.returncode == 0 and "SET-ME" not in made.stderr, made.stderr
    env, steps = _workflow_runs(tmp_path / "ci-course")
    assert env["LMSPACK_INSTALL"] == str(runs.release.wheel)
    done = _run_steps(tmp_path / "ci-course", runs, env, steps)
    assert [r.returncode for r in done] == [0] * len(steps), [(r.stdout, r.stderr) for r in done]
    assert any("lmspack validate --format github" in step for step in steps)
    assert sorted(p.name for p in (tmp_path / "ci-course" / "dist").glob("*.zip"))


def test_the_placeholder_fails_the_install_step_with_what_to_put_there(runs: Runs) -> None:
    env, steps = _workflow_runs(runs.wheel.folder / "new-course")
    (install,) = (step for step in steps if "pip install" in step)
    (result,) = _run_steps(runs.wheel.folder / "new-course", runs, env, [install])
    assert result.returncode == 1
    assert result.stdout.startswith("::error file=.github/workflows/course.yml::LMSPACK_INSTALL")
    assert "lmspack==X.Y.Z" in result.stdout and "git+https://" in result.stdout
