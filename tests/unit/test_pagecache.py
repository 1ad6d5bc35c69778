"""Cached pages: the same bytes and effects as rendering, and a miss whenever an input moved."""

from __future__ import annotations

import json
import struct
from pathlib import Path

import pytest
from tests.unit.test_render_pages import DETAILS, INTRO, write_course

from lmspack.render import RenderOptions, render_pages
from lmspack.render.pagecache import pack, page_key
from lmspack.render.pages import PageSet
from lmspack.source.buildcache import BuildCache

THIRD = DETAILS.replace("id: details", "id: third").replace("title: Details", "title: Third")


def _course(tmp_path: Path, details: str = DETAILS) -> object:
    root = tmp_path / "course"
    if root.exists():
        (root / "lessons" / "details.md").write_text(details, encoding="utf-8")
        from lmspack import check
        return check(root).course
    return write_course(root, {"intro": INTRO, "details": details, "third": THIRD})


def _same(a: object, b: object) -> None:
    assert a.files == b.files  # type: ignore[attr-defined]
    assert a.pages == b.pages  # type: ignore[attr-defined]


def test_cached_pages_are_the_rendered_pages(tmp_path: Path) -> None:
    course = _course(tmp_path)
    fresh = render_pages(course, {})  # type: ignore[arg-type]
    cold = BuildCache(tmp_path / ".cache")
    _same(render_pages(course, {}, cache=cold), fresh)  # type: ignore[arg-type]
    assert cold.hits == 0 and cold.misses == 3
    warm = BuildCache(tmp_path / ".cache")
    _same(render_pages(course, {}, cache=warm), fresh)  # type: ignore[arg-type]
    assert warm.hits == 3  # media copies and references replayed: same files, same refs


def test_a_changed_input_is_a_miss_for_the_pages_it_reaches(tmp_path: Path) -> None:
    course = _course(tmp_path)
    render_pages(course, {}, cache=BuildCache(tmp_path / ".cache"))  # type: ignore[arg-type]
    body = _course(tmp_path, DETAILS.replace("Some text.", "Other text."))
    cache = BuildCache(tmp_path / ".cache")
    _same(render_pages(body, {}, cache=cache), render_pages(body, {}))  # type: ignore[arg-type]
    assert (cache.hits, cache.misses) == (2, 1)  # only the edited lesson
    title = _course(tmp_path, DETAILS.replace("title: Details", "title: Renamed"))
    cache = BuildCache(tmp_path / ".cache")
    _same(render_pages(title, {}, cache=cache), render_pages(title, {}))  # type: ignore[arg-type]
    assert cache.misses == 3  # its neighbours name it: all three pages change
    package = RenderOptions(mode="package")
    cache = BuildCache(tmp_path / ".cache")
    render_pages(title, {}, package, cache=cache)  # type: ignore[arg-type]
    assert cache.hits == 0
    pages = PageSet(title, {})  # type: ignore[arg-type]
    other = PageSet(title, {"widgets/x.json": {"a": 1}})  # type: ignore[arg-type]
    entry = title.lessons[0]  # type: ignore[attr-defined]
    assert page_key(pages, entry, package) == page_key(pages, entry, RenderOptions("package"))
    assert pages.result_digest("/widgets/x.json") != other.result_digest("/widgets/x.json")


def test_a_recorded_answer_that_no_longer_holds_means_rendering_again(tmp_path: Path) -> None:
    course = _course(tmp_path)
    fresh = render_pages(course, {})  # type: ignore[arg-type]
    cache = BuildCache(tmp_path / ".cache")
    render_pages(course, {}, cache=cache)  # type: ignore[arg-type]
    intro = course.lessons[0]  # type: ignore[attr-defined]
    key = page_key(PageSet(course, {}), intro, RenderOptions())  # type: ignore[arg-type]
    payload = cache.get(key) or b""
    (size,) = struct.unpack_from("<Q", payload)
    calls = json.loads(payload[8:8 + size])
    assert calls, "the intro links a file, an image and a lesson"
    calls[0][2] = "elsewhere.png"  # as if the file had moved
    cache.put(key, pack(b"<p>stale</p>", [tuple(call) for call in calls]))
    again = BuildCache(tmp_path / ".cache")
    rendered = render_pages(course, {}, cache=again)  # type: ignore[arg-type]
    _same(rendered, fresh)
    assert again.hits == 3 and b"stale" not in b"".join(rendered.files.values())


def test_a_second_build_reuses_pages_and_zip_entries_and_writes_the_same_bytes(
        tmp_path: Path) -> None:
    from tests.conftest import REPO_ROOT

    from lmspack.build import BuildRequest, build

    first = build(REPO_ROOT, BuildRequest(("scorm12", "site"), out_dir=tmp_path / 'a', epoch=0))
    entries = sorted(p.name for p in (tmp_path / "a" / ".cache").rglob("*.entry"))
    second = build(REPO_ROOT, BuildRequest(("scorm12", "site"), out_dir=tmp_path / 'a', epoch=0))
    assert sorted(p.name for p in (tmp_path / "a" / ".cache").rglob("*.entry")) == entries
    uncached = build(REPO_ROOT, BuildRequest(("scorm12", "site"), out_dir=tmp_path / 'b', epoch=0))
    for result in (first, second):
        assert result.packages[0].path.read_bytes() == uncached.packages[0].path.read_bytes()
    site_a = {p.relative_to(tmp_path / "a").as_posix(): p.read_bytes()
              for p in (tmp_path / "a" / "site").rglob("*") if p.is_file()}
    site_b = {p.relative_to(tmp_path / "b").as_posix(): p.read_bytes()
              for p in (tmp_path / "b" / "site").rglob("*") if p.is_file()}
    assert site_a == site_b


def test_pages_rendered_by_a_pool_are_the_pages_rendered_one_by_one(tmp_path: Path) -> None:
    from lmspack import check
    from lmspack.render import site

    root = tmp_path / "pool"
    write_course(root, {"intro": INTRO, "details": DETAILS})
    # Two files whose media paths collide ("a b.gif" and "a_b.gif"): the name the second
    # one gets depends on what was copied before it, in course order.
    (root / "lessons" / "media" / "a b.gif").write_bytes(b"GIF89a-1")
    (root / "lessons" / "media" / "a_b.gif").write_bytes(b"GIF89a-2")
    for n in range(site.POOL_MIN_PAGES + 2):
        (root / "lessons" / f"extra-{n:02d}.md").write_text(
            f"---\nid: extra-{n:02d}\ntitle: Extra {n}\n---\n"
            f"![one](media/a%20b.gif) ![two](media/a_b.gif) [back](intro.md) {n}\n",
            encoding="utf-8")
    report = check(root)
    course = report.course
    assert course is not None and not report.errors, report.diagnostics
    serial = render_pages(course, {}, workers=1)
    pooled = render_pages(course, {}, workers=2)
    _same(pooled, serial)
    media = [p for p in serial.files if p.startswith("media/")]
    assert "media/lessons/media/a_b.gif" in media and any("_gif-" in p for p in media)
    cache = BuildCache(tmp_path / ".cache")
    _same(render_pages(course, {}, cache=cache, workers=2), serial)
    warm = BuildCache(tmp_path / ".cache")
    _same(render_pages(course, {}, cache=warm, workers=2), serial)
    assert warm.hits == len(course.lessons)


def test_the_pool_does_the_rendering(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from lmspack import check
    from lmspack.render import site

    root = tmp_path / "plain"
    write_course(root, {"intro": INTRO, "details": DETAILS})
    for n in range(site.POOL_MIN_PAGES + 2):
        (root / "lessons" / f"extra-{n:02d}.md").write_text(
            f"---\nid: extra-{n:02d}\ntitle: Extra {n}\n---\nText {n}, [back](intro.md).\n",
            encoding="utf-8")
    course = check(root).course
    assert course is not None
    serial = render_pages(course, {}, workers=1)
    in_parent: list[str] = []
    real = site.render_lesson

    def counting(*args: object) -> str:
        in_parent.append(args[1].id)  # type: ignore[attr-defined]
        return real(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(site, "render_lesson", counting)
    pooled = render_pages(course, {}, workers=2)
    _same(pooled, serial)
    assert in_parent == []  # every page came from a worker and its answers held


def test_code_and_library_versions_are_part_of_every_page_key(
        monkeypatch: pytest.MonkeyPatch) -> None:
    from importlib import metadata

    from lmspack.render import pagecache

    pagecache.code_digest.cache_clear()
    before = pagecache.code_digest()
    real = metadata.version
    monkeypatch.setattr(metadata, "version",
                        lambda name: "99.0" if name == "nh3" else real(name))
    pagecache.code_digest.cache_clear()
    try:
        assert pagecache.code_digest() != before
    finally:
        monkeypatch.undo()
        pagecache.code_digest.cache_clear()
    assert pagecache.code_digest() == before


def test_scorm_xapi_cmi5_and_site_pages_never_share_a_key(tmp_path: Path) -> None:
    import dataclasses

    course = _course(tmp_path)
    pages = PageSet(course, {})  # type: ignore[arg-type]
    entry = course.lessons[0]  # type: ignore[attr-defined]
    runtime = "assets/lmspack-runtime.js"
    options = {
        "scorm": RenderOptions(mode="package", runtime_script=runtime),
        "cmi5": RenderOptions(mode="package", runtime_script=runtime, network=True),
        "xapi": RenderOptions(mode="site", runtime_script=runtime, network=True),
        "site": RenderOptions(),
    }
    keys = {name: page_key(pages, entry, option) for name, option in options.items()}
    assert len(set(keys.values())) == len(keys), keys
    # the same lesson and options under another base IRI is another entry too
    moved = dataclasses.replace(course, base_iri="https://example.org/elsewhere")
    moved_pages = PageSet(moved, {})  # type: ignore[arg-type]
    assert page_key(moved_pages, entry, options["xapi"]) != keys["xapi"]


def test_a_cache_warmed_by_scorm_pages_gives_xapi_pages_their_own_bytes(
        tmp_path: Path) -> None:
    """The pages of every package kind from one shared cache, warmed by the others first,
    are the pages rendered without a cache (a wrong hit would keep connect-src 'none')."""
    course = _course(tmp_path)
    runtime = "assets/lmspack-runtime.js"
    scorm = RenderOptions(mode="package", runtime_script=runtime)
    kinds = [scorm, RenderOptions(mode="package", runtime_script=runtime, network=True),
             RenderOptions(mode="site", runtime_script=runtime, network=True), RenderOptions()]
    cache = BuildCache(tmp_path / ".cache")
    for option in kinds:
        render_pages(course, {}, option, cache=cache)  # type: ignore[arg-type]
    warm = BuildCache(tmp_path / ".cache")
    for option in kinds:
        rendered = render_pages(course, {}, option, cache=warm)  # type: ignore[arg-type]
        _same(rendered, render_pages(course, {}, option))  # type: ignore[arg-type]
        page = rendered.files["lessons/intro.html"]
        assert (b"connect-src https: http:" in page) is option.network
    assert warm.hits == 3 * len(kinds) and warm.misses == 0
