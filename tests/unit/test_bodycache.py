"""Validation's cache of body readings (lmspack.validate.bodycache): it never serves a stale
answer, never makes validate fail, and the worker pool gives the same result as one process.

Each key test changes one input of an entry's key (or what its answers depend on) after a
run filled the cache, and checks that the cached run then reports what a run without the
cache reports, and that this differs from before (so the input matters to the result).
"""

from __future__ import annotations

import errno
import json
import shutil
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml

from lmspack.diagnostics import Diagnostic
from lmspack.source import buildcache
from lmspack.source.files import split_front_matter
from lmspack.validate import Settings, check
from lmspack.validate import bodycache as bc

GERMAN = ("Die Daten werden in der Tabelle gespeichert und es ist nicht sicher, ob sie mit "
          "dem Modell auch für die anderen Fälle gelten, wenn die Werte sich ändern oder "
          "wenn sie von den Nutzern nicht bestätigt werden.")

COURSE = """\
id: c
title: A course
version: 1.0.0
language: {language}
maths: {maths}
"""


def lesson(lesson_id: str, body: str, extra: str = "") -> str:
    return f"---\nid: {lesson_id}\ntitle: Lesson {lesson_id}\n{extra}---\n{body}"


def make(root: Path, lessons: dict[str, str], language: str = "en", maths: bool = True) -> Path:
    (root / "lessons").mkdir(parents=True, exist_ok=True)
    (root / "course.yaml").write_text(COURSE.format(language=language,
                                                    maths=str(maths).lower()), "utf-8")
    for name, text in lessons.items():
        (root / "lessons" / name).write_text(text, "utf-8")
    return root


@dataclass(frozen=True)
class Seen:
    """A diagnostic compared on every field (a Diagnostic ignores hint, severity, pointer)."""

    path: str
    line: int
    column: int
    code: str
    severity: str
    message: str
    hint: str | None
    pointer: str | None


def seen(diagnostics: list[Diagnostic]) -> list[Seen]:
    return [Seen(**d.to_dict()) for d in diagnostics]  # type: ignore[arg-type]


def run(root: Path, cache: bool = True, workers: int | None = 1) -> list[Seen]:
    """Diagnostics of a check, with the cache in dist/.cache (or none)."""
    settings = Settings(keep_course=False, workers=workers,
                        cache=root / "dist" / ".cache" if cache else None)
    return seen(check(root, settings).diagnostics)


def entries(root: Path) -> list[Path]:
    return sorted((root / "dist" / ".cache").glob("*/*.entry"))


def changed(root: Path, change: Callable[[], None]) -> tuple[list[Seen], list[Seen]]:
    """(before, after): a cached run fills the cache, ``change`` changes one input; the
    run after it must report what a run without the cache does."""
    before = run(root)
    assert run(root) == before  # the cache is used (entries exist) and agrees
    assert entries(root)
    change()
    after = run(root)
    assert after == run(root, cache=False)
    return before, after


def codes(diagnostics: list[Seen]) -> list[tuple[str, str, int]]:
    return [(d.code, d.path, d.line) for d in diagnostics]


def test_body_text_is_in_the_key(tmp_path: Path) -> None:
    root = make(tmp_path, {"a.md": lesson("a", "# A\n\nText.\n")})
    before, after = changed(root, lambda: (root / "lessons" / "a.md").write_text(
        lesson("a", "# A\n\n![](../media/x.png)\n"), "utf-8"))
    assert "T103" in {d.code for d in after} and "T103" not in {d.code for d in before}


def test_path_is_in_the_key(tmp_path: Path) -> None:
    # The same lesson moved into a sub-folder: its image is now one folder further away.
    text = lesson("a", "# A\n\n![A figure](../media/x.png)\n")
    root = make(tmp_path, {"a.md": text})
    (root / "media").mkdir()
    (root / "media" / "x.png").write_bytes(b"png")

    def move() -> None:
        (root / "lessons" / "a.md").unlink()
        (root / "lessons" / "sub").mkdir()
        (root / "lessons" / "sub" / "a.md").write_text(text, "utf-8")

    before, after = changed(root, move)
    assert "M001" in {d.code for d in after} and "M001" not in {d.code for d in before}


def test_two_lessons_with_the_same_body_keep_their_own_paths(tmp_path: Path) -> None:
    body = "# A\n\n![](x.png)\n"
    root = make(tmp_path, {"a.md": lesson("a", body), "b.md": lesson("b", body)})
    assert run(root) == run(root) == run(root, cache=False)
    assert {d.path for d in run(root) if d.code == "T103"} == {"lessons/a.md", "lessons/b.md"}


def test_first_line_of_the_body_is_in_the_key(tmp_path: Path) -> None:
    root = make(tmp_path, {"a.md": lesson("a", "# A\n\n![](x.png)\n")})
    before, after = changed(root, lambda: (root / "lessons" / "a.md").write_text(
        lesson("a", "# A\n\n![](x.png)\n", "duration: 5\n"), "utf-8"))
    assert [d.line for d in after if d.code == "T103"] == \
        [d.line + 1 for d in before if d.code == "T103"]


def test_course_maths_is_in_the_key(tmp_path: Path) -> None:
    root = make(tmp_path, {"a.md": lesson("a", "# A\n\nCosts $a [b](missing.md) c$ here.\n")})
    before, after = changed(root, lambda: make(root, {}, maths=False))
    assert "M001" in {d.code for d in after} and "M001" not in {d.code for d in before}


def test_course_language_is_in_the_key(tmp_path: Path) -> None:
    root = make(tmp_path, {"a.md": lesson("a", f"# A\n\n{GERMAN}\n")})
    before, after = changed(root, lambda: make(root, {}, language="de"))
    assert codes(before) != codes(after)
    assert any(d.code.startswith("A") for d in before)


def test_lesson_language_is_in_the_key(tmp_path: Path) -> None:
    # The same number of front-matter lines, so the body starts on the same line.
    root = make(tmp_path, {"a.md": lesson("a", f"# A\n\n{GERMAN}\n", "duration: 5\n")})
    before, after = changed(root, lambda: (root / "lessons" / "a.md").write_text(
        lesson("a", f"# A\n\n{GERMAN}\n", "language: de\n"), "utf-8"))
    assert [d for d in before if d.code.startswith("A")] != \
        [d for d in after if d.code.startswith("A")]


@pytest.mark.parametrize(("first", "then"), [("duration: 5\n", "quiz: [{q: Why?}]\n"),
                                             ("quiz: []\n", "quiz: [{q: Why?}]\n")])
def test_whether_the_lesson_has_a_quiz_is_in_the_key(tmp_path: Path, first: str,
                                                      then: str) -> None:
    body = "# A\n\n<!-- lmspack: quiz -->\n"
    root = make(tmp_path, {"a.md": lesson("a", body, first)})
    before, after = changed(root, lambda: (root / "lessons" / "a.md").write_text(
        lesson("a", body, then), "utf-8"))
    assert "T002" in {d.code for d in before} and "T002" not in {d.code for d in after}


def test_how_many_widgets_the_lesson_has_is_in_the_key(tmp_path: Path) -> None:
    body = "# A\n\n<!-- lmspack: widget 2 -->\n"
    one = "widgets: [{type: drift-lab, data: widgets/a.json}]\n"  # one line each
    two = "widgets: [{type: drift-lab, data: widgets/a.json}, {type: drift-lab, data: b}]\n"
    root = make(tmp_path, {"a.md": lesson("a", body, one)})
    before, after = changed(root, lambda: (root / "lessons" / "a.md").write_text(
        lesson("a", body, two), "utf-8"))
    assert "T002" in {d.code for d in before} and "T002" not in {d.code for d in after}


@pytest.mark.parametrize("link", ["![A figure](../media/x.png)", "[notes](../media/x.png)",
                                  "<img src=\"../media/x.png\" alt=\"A figure\">"])
def test_a_file_appearing_or_disappearing_is_seen(tmp_path: Path, link: str) -> None:
    root = make(tmp_path, {"a.md": lesson("a", f"# A\n\n{link}\n")})
    (root / "media").mkdir()
    before, after = changed(root, lambda: (root / "media" / "x.png").write_bytes(b"png"))
    assert "M001" in {d.code for d in before} and "M001" not in {d.code for d in after}
    _, again_after = changed(root, lambda: (root / "media" / "x.png").unlink())
    assert again_after == before


def test_a_link_turned_into_a_folder_or_a_symlink_out_of_the_course_is_seen(
        tmp_path: Path) -> None:
    root = make(tmp_path / "course", {"a.md": lesson("a", "# A\n\n[notes](../media/x.txt)\n")})
    (root / "media").mkdir()
    (root / "media" / "x.txt").write_text("notes", "utf-8")
    outside = tmp_path / "elsewhere.txt"
    outside.write_text("secret", "utf-8")

    def to_symlink() -> None:
        (root / "media" / "x.txt").unlink()
        (root / "media" / "x.txt").symlink_to(outside)

    before, after = changed(root, to_symlink)
    assert "M002" in {d.code for d in after} and "M002" not in {d.code for d in before}


def test_the_code_digest_is_in_the_key(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """An edited rule without a version bump: lmspack's code changes, so every entry misses.
    (The test changes a library version the digest covers, and the rule's message.)"""
    from importlib import metadata

    from lmspack.validate import markdown

    root = make(tmp_path, {"a.md": lesson("a", "# A\n\n![](x.png)\n")})
    before = run(root)
    real_check, real_version = markdown.check_markdown, metadata.version

    def edited(*args: Any, **kwargs: Any) -> list[Diagnostic]:
        from dataclasses import replace
        return [replace(d, message=d.message + " (edited)") for d in real_check(*args, **kwargs)]

    monkeypatch.setattr(markdown, "check_markdown", edited)
    monkeypatch.setattr(metadata, "version",
                        lambda name: "99.0" if name == "markdown-it-py" else real_version(name))
    bc.code_digest.cache_clear()
    try:
        after = run(root)
        assert after == run(root, cache=False)
        assert [d.message for d in after if d.code == "T103"] == \
            [d.message + " (edited)" for d in before if d.code == "T103"]
    finally:
        monkeypatch.undo()
        bc.code_digest.cache_clear()
    assert run(root) == before


def test_the_code_digest_covers_lmspack_source(tmp_path: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    """The digest reads lmspack's files: a changed file changes it (here, a file's bytes as
    read)."""
    bc.code_digest.cache_clear()
    before = bc.code_digest()
    real = Path.read_bytes
    target = Path(bc.__file__).resolve()
    monkeypatch.setattr(Path, "read_bytes",
                        lambda self: real(self) + b"#" if self == target else real(self))
    bc.code_digest.cache_clear()
    try:
        assert bc.code_digest() != before
    finally:
        monkeypatch.undo()
        bc.code_digest.cache_clear()


def test_the_checks_read_only_the_front_matter_the_key_covers() -> None:
    """A front-matter that records what the body checks ask of it: nothing but
    BODY_FRONT_MATTER. (If a check starts reading another key, the key must cover it.)"""
    from lmspack.validate.a11y import check_body_access
    from lmspack.validate.markdown import check_markdown

    asked: set[object] = set()

    class Recording(dict[str, Any]):
        def get(self, key: str, default: Any = None) -> Any:
            asked.add(key)
            return super().get(key, default)

        def __getitem__(self, key: str) -> Any:
            asked.add(key)
            return super().__getitem__(key)

        def __contains__(self, key: object) -> bool:
            asked.add(key)
            return super().__contains__(key)

        def keys(self) -> Any:
            asked.add("*")
            return super().keys()

        def items(self) -> Any:
            asked.add("*")
            return super().items()

        def values(self) -> Any:
            asked.add("*")
            return super().values()

        def __iter__(self) -> Any:
            asked.add("*")
            return super().__iter__()

    front = Recording(id="a", title="A", quiz=[{"q": "x"}], widgets=[{"type": "t"}],
                      language="de", duration=5, goals=["g"], video={"url": "u"})
    body = (f"# A\n\n<!-- lmspack: quiz -->\n<!-- lmspack: widget 1 -->\n\n{GERMAN}\n\n"
            "![](x.png) [a](b.md) $x$ <script>x</script>\n\n| a |\n|---|\n| b |\n")
    check_markdown(Path("."), "lessons/a.md", body, 5, True, front)
    check_body_access("lessons/a.md", body, 5, front, "en")
    assert asked <= set(bc.BODY_FRONT_MATTER)
    assert asked == set(bc.BODY_FRONT_MATTER)  # and each of them is read


def test_a_corrupt_or_truncated_entry_is_a_miss(tmp_path: Path) -> None:
    root = make(tmp_path, {"a.md": lesson("a", "# A\n\n![](x.png)\n"),
                           "b.md": lesson("b", "# B\n\n![](y.png)\n")})
    before = run(root)
    first, second = entries(root)
    first.write_bytes(first.read_bytes()[:-7])  # truncated
    blob = bytearray(second.read_bytes())
    blob[-3] ^= 0xFF  # a flipped bit
    second.write_bytes(bytes(blob))
    assert run(root) == before
    # An intact entry whose payload is not a reading (a foreign writer, an old layout).
    cache = buildcache.BuildCache(root / "dist" / ".cache")
    for path in entries(root):
        key = path.name.removesuffix(".entry")
        for payload in (b"not json", b"{}", json.dumps({"calls": [[1]], "markdown": [],
                                                       "access": []}).encode()):
            cache.put(key, payload)
            assert run(root) == before


def test_an_unwritable_cache_never_fails_validate(tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    root = make(tmp_path, {"a.md": lesson("a", "# A\n\n![](x.png)\n")})
    expected = run(root, cache=False)
    (root / "dist").write_text("a file where the folder would be", "utf-8")
    assert run(root) == expected  # no folder can be made: no caching, same answer
    (root / "dist").unlink()

    def full(*args: object, **kwargs: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(buildcache.tempfile, "mkstemp", full)
    assert run(root) == expected  # a full disk: no entry written, same answer
    assert entries(root) == []


def test_a_read_only_course_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A read-only checkout holding a cache with a damaged entry (which cannot be removed)
    and a changed lesson (whose new entry cannot be written)."""
    import os

    root = make(tmp_path, {"a.md": lesson("a", "# A\n\n![](x.png)\n"),
                           "b.md": lesson("b", "# B\n\nText.\n")})
    run(root)
    (root / "lessons" / "b.md").write_text(lesson("b", "# B\n\n![](y.png)\n"), "utf-8")
    expected = run(root, cache=False)
    for entry in entries(root):
        entry.write_bytes(b"damaged")
    modes = {p: p.stat().st_mode for p in [root, *root.rglob("*")]}
    real_unlink, real_mkstemp = Path.unlink, buildcache.tempfile.mkstemp

    def refused(*args: Any, **kwargs: Any) -> Any:
        raise PermissionError(errno.EACCES, "Permission denied")

    try:
        for path in modes:
            path.chmod(modes[path] & ~0o222)
        if os.geteuid() == 0:  # root writes anyway: the file system refuses as it would
            monkeypatch.setattr(Path, "unlink", lambda self, missing_ok=False: refused()
                                if root in self.parents else real_unlink(self, missing_ok))
            monkeypatch.setattr(buildcache.tempfile, "mkstemp", refused)
        assert run(root) == expected
        assert all(entry.read_bytes() == b"damaged" for entry in entries(root))
    finally:
        monkeypatch.setattr(buildcache.tempfile, "mkstemp", real_mkstemp)
        for path, mode in modes.items():
            path.chmod(mode)


def test_the_cache_folder_ignores_itself_in_git(tmp_path: Path) -> None:
    root = make(tmp_path, {"a.md": lesson("a", "# A\n\nText.\n")})
    subprocess.run(["git", "init", "-q", str(root)], check=True)
    run(root)
    assert (root / "dist" / ".cache" / ".gitignore").read_text("utf-8").splitlines()[-1] == "*"
    status = subprocess.run(["git", "-C", str(root), "status", "--porcelain",
                             "--untracked-files=all"], check=True, capture_output=True,
                            text=True).stdout
    assert "dist" not in status and "lessons/a.md" in status


def test_the_environment_turns_the_cache_off(tmp_path: Path,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    root = make(tmp_path, {"a.md": lesson("a", "# A\n\nText.\n")})
    monkeypatch.setenv(bc.NO_CACHE_ENV, "1")
    run(root)
    assert not (root / "dist").exists()
    monkeypatch.setenv(bc.NO_CACHE_ENV, "0")
    run(root)
    assert entries(root)


def test_unused_entries_are_pruned(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import os

    root = make(tmp_path, {"a.md": lesson("a", "# A\n\nOne.\n")})
    run(root)
    [old] = entries(root)
    (root / "lessons" / "a.md").write_text(lesson("a", "# A\n\nTwo.\n"), "utf-8")
    run(root)
    assert old in entries(root) and len(entries(root)) == 2  # recent: kept a while
    os.utime(old, (0, 0))  # not used for two weeks and more
    run(root)
    assert old not in entries(root) and len(entries(root)) == 1


# --- the worker pool ---------------------------------------------------------------------


def _big(root: Path, count: int) -> Path:
    bodies = ["# L\n\n![](missing.png) [x](nope.md)\n\n<script>x</script>\n",
              f"# L\n\n{GERMAN}\n\n### Skipped\n", "# L\n\nPlain text, $x$ and [[X]] here.\n",
              "# L\n\n<!-- lmspack: quiz -->\n\n| a | b |\n|---|---|\n| 1 | 2 |\n", ""]
    return make(root, {f"l{n:03}.md": lesson(f"l{n:03}", bodies[n % len(bodies)])
                       for n in range(count)})


def test_the_pool_reads_the_same_as_one_process(tmp_path: Path) -> None:
    root = _big(tmp_path, bc.POOL_MIN_LESSONS + 13)
    alone = seen(check(root, Settings(workers=1)).diagnostics)
    pooled = check(root, Settings(workers=2))
    assert seen(pooled.diagnostics) == alone
    assert pooled.course is not None and \
        [seen(list(e.findings)) for e in pooled.course.lessons] == \
        [seen(list(e.findings))
         for e in check(root, Settings(workers=1)).course.lessons]  # type: ignore[union-attr]


def _reader(root: Path, jobs: int) -> bc.BodyReader:
    reader = bc.BodyReader(root, None, workers=2, lessons=jobs)
    work = [bc.body_job(f"lessons/l{n}.md", f"# L{n}\n\n![](x{n}.png)\n", 4, True, "en", None)
            for n in range(jobs)]
    found = list(reader.read(work, lambda job: job))
    assert [job for job, _ in found] == work  # in order
    assert [f.markdown[0].path for _, f in found if f is not None] == [j.path for j in work]
    return reader


def test_a_small_course_starts_no_pool(tmp_path: Path) -> None:
    small = _reader(tmp_path, 4)  # pre-commit's example course
    assert (small.read_here, small.read_by_workers) == (4, 0)
    big = _reader(tmp_path, bc.POOL_MIN_LESSONS + 5)
    assert big.read_by_workers > 0 and big.read_here + big.read_by_workers == \
        bc.POOL_MIN_LESSONS + 5


def test_the_pool_and_the_cache_give_the_same_command_line_output(tmp_path: Path) -> None:
    root = _big(tmp_path, bc.POOL_MIN_LESSONS + 13)
    outputs = []
    for args in (["--no-cache"], [], [], ["--no-cache"]):
        for fmt in ("json", "text"):
            done = subprocess.run([sys.executable, "-m", "lmspack", "validate", "--root",
                                   str(root), "--format", fmt, *args],
                                  capture_output=True, env={**__import__("os").environ,
                                                            "NO_COLOR": "1"})
            outputs.append((fmt, done.returncode, done.stdout))
    assert outputs[0][1] == 1 and b"T103" in outputs[0][2]
    assert outputs[0:2] == outputs[2:4] == outputs[4:6] == outputs[6:8]


def test_two_validates_at_once_agree(tmp_path: Path) -> None:
    root = _big(tmp_path, 30)
    expected = subprocess.run([sys.executable, "-m", "lmspack", "validate", "--no-cache",
                               "--root", str(root), "--format", "json"],
                              capture_output=True).stdout
    for _ in range(2):
        shutil.rmtree(root / "dist", ignore_errors=True)
        runs = [subprocess.Popen([sys.executable, "-m", "lmspack", "validate", "--root",
                                  str(root), "--format", "json"], stdout=subprocess.PIPE)
                for _ in range(2)]
        assert [p.communicate()[0] for p in runs] == [expected, expected]
        assert len(entries(root)) == 24  # one per lesson with a body, whoever wrote it


def test_export_validates_through_the_same_cache_and_a_refused_one_writes_nothing(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from lmspack.build import BuildRequest, build
    from lmspack.errors import ContentError

    root = make(tmp_path, {"a.md": lesson("a", "# A\n\n![A figure](x.png)\n"),
                           "b.md": lesson("b", "## B\n\nText.\n")})
    (root / "lessons" / "x.png").write_bytes(b"png")
    run(root)  # `lmspack validate` fills dist/.cache
    read: list[str] = []
    real = bc.read_body
    monkeypatch.setattr(bc, "read_body", lambda where, job: read.append(job.path) or
                        real(where, job))
    build(root, BuildRequest(("site",)))
    assert read == []  # every body's reading came from validate's entries
    (root / "lessons" / "b.md").write_text(lesson("b", "## B\n\nChanged.\n"), "utf-8")
    build(root, BuildRequest(("site",)))
    assert read == ["lessons/b.md"]
    refused = make(tmp_path / "refused", {"a.md": lesson("a", "# A\n\n![](missing.png)\n")})
    with pytest.raises(ContentError):
        build(refused, BuildRequest(("site",)))
    assert not (refused / "dist").exists()  # nothing written, not even the cache


@pytest.mark.parametrize("workers", [1, 2])
def test_a_miss_among_hits_holds_back_a_window_not_the_course(tmp_path: Path,
                                                              workers: int) -> None:
    """One lesson edited in a cached course: the lessons after it are handed on as they
    come, not all kept until the end (validate's peak stays flat). Shown failing once
    without the window: every later lesson was pulled before the first was handed on."""
    count = bc.POOL_MIN_LESSONS + 3 * bc.WINDOW
    root = _big(tmp_path, count)
    check(root, Settings(cache=root / "dist" / ".cache", workers=workers))  # fills it
    (root / "lessons" / "l002.md").write_text(lesson("l002", "# L\n\nEdited.\n"),
                                              encoding="utf-8")
    reader = bc.BodyReader(root, buildcache.BuildCache(root / "dist" / ".cache"),
                           workers=workers, lessons=count)
    pulled: list[int] = []
    held: list[int] = []

    def items() -> Any:
        for n in range(count):
            pulled.append(n)
            split = split_front_matter((root / "lessons" / f"l{n:03}.md").read_text("utf-8"))
            yield bc.body_job(f"lessons/l{n:03}.md", split.body, split.body_line, True, "en",
                              yaml.safe_load(split.front_matter)) if split.body.strip() else None

    for handed, (_, _found) in enumerate(reader.read(items(), lambda job: job)):
        held.append(len(pulled) - handed)
    assert reader.read_here + reader.read_by_workers == 1  # the edited lesson; the rest hit
    assert len(held) == count and max(held) <= bc.WINDOW + 1
