"""The layers of the house are a contract (import-linter's ``layers``, in pyproject.toml):
an import that runs back up fails the suite, and so does an import cycle anywhere
(``acyclic_siblings``). The other tests show each contract failing on a deliberately wrong
import, in a copy of the package under another name."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
LINT_IMPORTS = Path(sys.executable).parent / "lint-imports"


def _lint(*args: str, cwd: Path = REPO, path: Path | None = None
          ) -> subprocess.CompletedProcess[str]:
    env = {"PATH": "/usr/bin:/bin", "PYTHONPATH": str(path)} if path else None
    return subprocess.run([str(LINT_IMPORTS), "--no-cache", "--no-logo", *args], cwd=cwd,
                          capture_output=True, text=True, check=False, env=env)


def test_the_package_keeps_its_layers() -> None:
    proc = _lint()
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "lmspack layers KEPT" in proc.stdout
    assert "lmspack has no import cycles KEPT" in proc.stdout


def _demo_package(tmp_path: Path) -> tuple[Path, Path]:
    """src/lmspack copied as ``layerdemo`` (imports renamed), with the contract from
    pyproject.toml renamed to match; returns (source folder, config file)."""
    src = tmp_path / "src"
    shutil.copytree(REPO / "src" / "lmspack", src / "layerdemo",
                    ignore=shutil.ignore_patterns("__pycache__"))
    for module in (src / "layerdemo").rglob("*.py"):
        text = module.read_text(encoding="utf-8")
        module.write_text(re.sub(r"\blmspack\.", "layerdemo.", text).replace(
            "from lmspack import", "from layerdemo import"), encoding="utf-8")
    config = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    [contract, acyclic] = config["tool"]["importlinter"]["contracts"]
    assert (contract["type"], acyclic["type"]) == ("layers", "acyclic_siblings")
    assert acyclic["ancestors"] == ["lmspack"]
    layers = [layer.replace("lmspack.", "layerdemo.") for layer in contract["layers"]]
    toml = tmp_path / "demo.toml"
    toml.write_text('[tool.importlinter]\nroot_package = "layerdemo"\n\n'
                    '[[tool.importlinter.contracts]]\nname = "demo layers"\ntype = "layers"\n'
                    "layers = [\n" + "".join(f'    "{layer}",\n' for layer in layers) + "]\n\n"
                    '[[tool.importlinter.contracts]]\nname = "demo cycles"\n'
                    'type = "acyclic_siblings"\nancestors = ["layerdemo"]\n',
                    encoding="utf-8")
    return src, toml


def test_an_import_that_runs_back_up_breaks_the_contract(tmp_path: Path) -> None:
    src, toml = _demo_package(tmp_path)
    kept = _lint(str(toml), cwd=tmp_path, path=src)
    assert kept.returncode == 0 and "demo layers KEPT" in kept.stdout, kept.stdout + kept.stderr
    # The source layer reaching up into the renderer: the kind of shortcut the contract bans.
    paths = src / "layerdemo" / "source" / "paths.py"
    paths.write_text(paths.read_text(encoding="utf-8")
                     + "\nfrom layerdemo.render.site import lesson_page  # noqa\n",
                     encoding="utf-8")
    broken = _lint(str(toml), cwd=tmp_path, path=src)
    assert broken.returncode == 1, broken.stdout + broken.stderr
    assert "demo layers BROKEN" in broken.stdout
    assert "layerdemo.source is not allowed to import layerdemo.render" in broken.stdout
    assert "layerdemo.source.paths -> layerdemo.render.site" in broken.stdout


def test_an_import_cycle_breaks_the_contract(tmp_path: Path) -> None:
    """Two modules of one layer importing each other break no layer, but make a cycle; and
    render reaching into validate (siblings in one layer) breaks their independence."""
    src, toml = _demo_package(tmp_path)
    atomic = src / "layerdemo" / "source" / "atomic.py"
    atomic.write_text(atomic.read_text(encoding="utf-8")
                      + "\nfrom layerdemo.source.csvfile import dict_rows  # noqa\n",
                      encoding="utf-8")
    csvfile = src / "layerdemo" / "source" / "csvfile.py"
    csvfile.write_text(csvfile.read_text(encoding="utf-8")
                       + "\nfrom layerdemo.source.atomic import write_bytes  # noqa\n",
                       encoding="utf-8")
    media = src / "layerdemo" / "render" / "media.py"
    media.write_text(media.read_text(encoding="utf-8")
                     + "\nfrom layerdemo.validate.text import check_mojibake  # noqa\n",
                     encoding="utf-8")
    broken = _lint(str(toml), cwd=tmp_path, path=src)
    assert broken.returncode == 1, broken.stdout + broken.stderr
    assert "demo cycles BROKEN" in broken.stdout and "demo layers BROKEN" in broken.stdout
    assert "- .csvfile -> .atomic (1 import)" in broken.stdout
    assert "layerdemo.render is not allowed to import layerdemo.validate" in broken.stdout
