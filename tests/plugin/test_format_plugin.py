"""A third party's package format, pip-installed as its own distribution: one folder and one
entry point, and lmspack's command line, validate, build and docs all offer it.

``tests/fixtures/plugin/lmspack-format-booklet`` is a separate distribution registering the
format ``booklet`` under the entry-point group ``lmspack.formats``. It is installed with pip
into a temporary folder (``--target``, so the test venv stays as it was) and lmspack runs in
a subprocess with that folder on its path: ``export --help`` and ``validate --help`` list
``--booklet``, ``export --booklet`` (and ``--all``) writes its zip, ``validate --booklet``
checks that format's limits only, its whole-course check refuses a course before anything
is written, and the generated format table lists it. Without the folder on the path, none
of that exists: the registry is what makes it work.
"""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest
from tests.cli.test_scorm_limits_cli import options_course
from tests.plugin.installed import install, run

REPO = Path(__file__).resolve().parents[2]
PLUGIN = REPO / "tests" / "fixtures" / "plugin" / "lmspack-format-booklet"


@pytest.fixture(scope="module")
def plugin_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The plug-in pip-installed into a folder of its own; returns that folder."""
    target = install(PLUGIN, tmp_path_factory.mktemp("format-plugin"))
    assert list(target.glob("lmspack_format_booklet-1.0.0.dist-info/entry_points.txt"))
    return target



def _lessons(root: Path, count: int) -> Path:
    """A valid course of ``count`` lessons, one after the other."""
    (root / "lessons").mkdir(parents=True)
    for number in range(1, count + 1):
        following = f"next: part-{number + 1}\n" if number < count else ""
        (root / "lessons" / f"part-{number}.md").write_text(
            f"---\nid: part-{number}\ntitle: Part {number}\n{following}---\n\nText.\n",
            encoding="utf-8")
    (root / "course.yaml").write_text("id: parts\ntitle: Parts\nversion: '2'\n",
                                      encoding="utf-8")
    return root


def test_the_command_line_offers_the_format(plugin_path: Path, tmp_path: Path) -> None:
    for command in ("export", "validate"):
        with_plugin = run([command, "--help"], tmp_path, plugin_path)
        assert with_plugin.returncode == 0 and "--booklet" in with_plugin.stdout, command
        without = run([command, "--help"], tmp_path, None)
        assert without.returncode == 0 and "--booklet" not in without.stdout, command
    shown = " ".join(run(["export", "--help"], tmp_path, plugin_path).stdout.split())
    assert "--booklet Write a booklet zip: every page and a table of contents" in shown


def test_export_writes_the_booklet(plugin_path: Path, tmp_path: Path) -> None:
    root = _lessons(tmp_path / "course", 3)
    proc = run(["export", "--booklet"], root, plugin_path)
    assert proc.returncode == 0, proc.stderr
    package = root / "dist" / "parts-2-booklet.zip"
    assert proc.stdout == ("wrote dist/parts-2-booklet.zip (booklet, target generic, "
                           "3 lessons, 6 files)\n")
    with zipfile.ZipFile(package) as zf:
        names = zf.namelist()
        contents = json.loads(zf.read("contents.json"))
        page = zf.read("lessons/part-2.html").decode("utf-8")
    assert names == sorted(names) and "index.html" in names
    assert [(e["id"], e["page"], e["title"]) for e in contents["lessons"]] == \
        [(f"part-{n}", f"lessons/part-{n}.html", f"Part {n}") for n in (1, 2, 3)]
    assert "<h1" in page and "Part 2" in page
    first = package.read_bytes()
    assert run(["export", "--all"], root, plugin_path).returncode == 0
    assert package.read_bytes() == first  # reproducible, and --all includes it
    assert (root / "dist" / "parts-2-scorm12.zip").is_file()
    unknown = run(["export", "--booklet"], root, None)
    assert unknown.returncode == 2 and "No such option '--booklet'" in unknown.stderr


def test_validate_checks_the_limits_of_the_formats_named(plugin_path: Path,
                                                         tmp_path: Path) -> None:
    """Validate's per-format options come from the registry: ``--booklet`` checks the
    booklet's limits only, so the SCORM 1.2 option limit (P001) is not reported."""
    root = options_course(tmp_path / "wide", 37)
    every = run(["validate"], root, plugin_path)
    assert every.returncode == 1 and "P001" in every.stdout
    booklet = run(["validate", "--booklet"], root, plugin_path)
    assert booklet.returncode == 0, booklet.stdout
    assert run(["export", "--booklet"], root, plugin_path).returncode == 0
    refused = run(["export", "--booklet", "--scorm", "1.2"], root, plugin_path)
    assert refused.returncode == 1 and "P001" in refused.stderr


def test_the_formats_whole_course_check_refuses_before_any_work(plugin_path: Path,
                                                                tmp_path: Path) -> None:
    root = _lessons(tmp_path / "long", 13)
    proc = run(["export", "--booklet", "--html"], root, plugin_path)
    assert proc.returncode == 1 and "Traceback" not in proc.stderr
    assert proc.stderr == ("lmspack export: the course has 13 lessons; a booklet's table of "
                           "contents holds 12\n")
    assert not (root / "dist").exists()


def test_the_library_builds_it_by_name(plugin_path: Path, tmp_path: Path) -> None:
    root = _lessons(tmp_path / "course", 2)
    code = ("from pathlib import Path\nfrom lmspack import BuildRequest, build\n"
            f"result = build(Path({str(root)!r}), BuildRequest(('booklet', 'site')))\n"
            "print([(p.format, p.path.name, p.lessons, p.folder) for p in result.packages])\n"
            "print([(m.what, m.used, m.limit) for m in result.packages[0].measures])\n")
    proc = run([], tmp_path, plugin_path, code=code)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.splitlines() == [
        "[('booklet', 'parts-2-booklet.zip', 2, False), ('site', 'site', 2, True)]",
        "[('lessons in the table of contents', 2, 12)]"]


def test_the_generated_format_table_lists_it(plugin_path: Path, tmp_path: Path) -> None:
    code = "from lmspack.formats.docs import formats_table\nprint(formats_table(), end='')\n"
    with_plugin = run([], tmp_path, plugin_path, code=code)
    assert with_plugin.returncode == 0, with_plugin.stderr
    [row] = [line for line in with_plugin.stdout.splitlines() if "booklet" in line]
    assert row == ("| `booklet` (booklet) | `--booklet` | a booklet zip: every page and a "
                   "table of contents, to read offline | `<course>-<version>-booklet.zip` | "
                   "At most 12 lessons (the printed table of contents). | "
                   "lmspack-format-booklet |")
    assert with_plugin.stdout.splitlines()[2].startswith("| `scorm12` (SCORM 1.2)")
    without = run([], tmp_path, None, code=code)
    assert "booklet" not in without.stdout


def test_validate_stays_light_with_the_plugin(plugin_path: Path, tmp_path: Path) -> None:
    """Validate asks every format for its limits, so formats import lightly. (markdown-it
    is not in the list: validate reads Markdown with the renderer's parser, issue 19.)"""
    root = _lessons(tmp_path / "course", 2)
    code = ("import sys\nfrom lmspack.cli import main\n"
            "rc = main(['validate', '--format', 'json', '-o', '/dev/null'])\n"
            "heavy = ['numpy', 'scipy', 'lxml', 'jinja2', 'pygments', 'nh3',\n"
            "         'lmspack.render', 'lmspack.packaging.scorm', 'lmspack.kinds']\n"
            "print(rc, 'lmspack_booklet' in sys.modules,\n"
            "      [m for m in heavy if m in sys.modules])\n")
    proc = run([], root, plugin_path, code=code)
    assert proc.stdout.strip() == "0 True []", proc.stdout + proc.stderr
