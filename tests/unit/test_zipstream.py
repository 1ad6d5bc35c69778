"""The streaming zip writer gives exactly zipfile's bytes, from entries deflated apart."""

from __future__ import annotations

import io
import os
import stat
import zipfile
from pathlib import Path

import pytest

from lmspack.packaging import zipstream
from lmspack.packaging.zipstream import Deflated, deflate, write_deflated

STAMP = (2024, 3, 1, 12, 34, 56)
MODE = (stat.S_IFREG | 0o644) << 16


def _zipfile_bytes(entries: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for name in sorted(entries):
            info = zipfile.ZipInfo(name, date_time=STAMP)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 3
            info.external_attr = MODE
            archive.writestr(info, entries[name], compresslevel=9)
    return buffer.getvalue()


def _stream_bytes(entries: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    write_deflated(buffer, ((name, deflate(entries[name])) for name in sorted(entries)),
                   STAMP, MODE)
    return buffer.getvalue()


@pytest.mark.parametrize("entries", [
    {},
    {"a.txt": b""},
    {"index.html": b"<p>hello</p>" * 1000, "x/y/z.css": b"body{}", "r\u00e9sum\u00e9.txt": b"e"},
    {f"lessons/{i:04d}.html": os.urandom(2000) + b"x" * i for i in range(50)},
])
def test_same_bytes_as_zipfile(entries: dict[str, bytes]) -> None:
    ours = _stream_bytes(entries)
    assert ours == _zipfile_bytes(entries)
    with zipfile.ZipFile(io.BytesIO(ours)) as archive:
        assert archive.testzip() is None
        assert {name: archive.read(name) for name in archive.namelist()} == entries


def test_a_deflated_entry_survives_its_cache_form() -> None:
    entry = deflate(b"content " * 100)
    assert Deflated.from_bytes(entry.to_bytes()) == entry


def test_a_changed_stamp_or_entry_changes_the_bytes() -> None:
    entries = {"a": b"1", "b": b"2"}
    base = _stream_bytes(entries)
    assert _stream_bytes({"a": b"1", "b": b"3"}) != base
    buffer = io.BytesIO()
    write_deflated(buffer, [(n, deflate(entries[n])) for n in sorted(entries)],
                   (2024, 3, 1, 12, 34, 58), MODE)
    assert buffer.getvalue() != base


def test_parallel_cached_and_serial_zips_are_the_same_bytes(tmp_path: Path) -> None:
    from lmspack.packaging import zipwriter
    from lmspack.source.buildcache import BuildCache

    entries = {f"page{i:03d}.html": os.urandom(64) * 3000 + bytes([i]) for i in range(60)}
    assert sum(map(len, entries.values())) >= zipwriter.PARALLEL_MIN_BYTES
    serial = zipwriter.write_zip(entries, tmp_path / "serial.zip", epoch=0, workers=1)
    parallel = zipwriter.write_zip(entries, tmp_path / "parallel.zip", epoch=0, workers=2)
    cache = BuildCache(tmp_path / ".cache")
    cold = zipwriter.write_zip(entries, tmp_path / "cold.zip", epoch=0, cache=cache, workers=2)
    assert cache.misses == len(entries) and cache.hits == 0
    warm_cache = BuildCache(tmp_path / ".cache")
    warm = zipwriter.write_zip(entries, tmp_path / "warm.zip", epoch=0, cache=warm_cache)
    assert warm_cache.hits == len(entries)
    # A corrupted entry is recomputed, not trusted.
    victim = next((tmp_path / ".cache").glob("*/*.entry"))
    victim.write_bytes(victim.read_bytes()[:-10])
    mended_cache = BuildCache(tmp_path / ".cache")
    mended = zipwriter.write_zip(entries, tmp_path / "mended.zip", epoch=0, cache=mended_cache,
                                 workers=2)
    assert mended_cache.misses == 1
    expected = serial.read_bytes()
    for path in (parallel, cold, warm, mended):
        assert path.read_bytes() == expected, path.name


# --- a package over a zip's limits is a content error naming the limit ----------------------


def test_more_files_than_a_zip_holds_is_refused_before_any_work(tmp_path: Path) -> None:
    from lmspack.errors import PackagingError, exit_code
    from lmspack.packaging.zipwriter import write_zip

    entries = {f"f/{n}.txt": b"" for n in range(zipstream.MAX_ENTRIES + 1)}
    with pytest.raises(PackagingError) as caught:
        write_zip(entries, tmp_path / "p.zip", epoch=0)
    assert caught.value.problems == (
        "the package has 65,536 files; a zip without Zip64 records holds at most 65,535: "
        "split the course into several packages, or link large media instead of shipping "
        "them",)
    assert exit_code(error=caught.value) == 1 and list(tmp_path.iterdir()) == []
    del entries["f/0.txt"]
    assert zipfile.ZipFile(write_zip(entries, tmp_path / "p.zip", epoch=0)).testzip() is None


def test_a_file_or_package_over_4_gib_is_refused_naming_the_limit(
        monkeypatch: pytest.MonkeyPatch) -> None:
    from lmspack.errors import PackagingError

    huge = Deflated(b"", 0, zipstream.MAX_BYTES + 1)  # what a 4 GiB file's header would say
    with pytest.raises(PackagingError, match=r"^'media/film\.mp4' would be 4,294,967,296 "
                                             r"bytes; a zip without Zip64 records holds at "
                                             r"most 4,294,967,295 bytes \(4 GiB\)"):
        write_deflated(io.BytesIO(), [("media/film.mp4", huge)], STAMP, MODE)
    # The running offset and the central directory, with the limit made small enough to
    # reach: the same checks, the same family of error.
    monkeypatch.setattr(zipstream, "MAX_BYTES", 150)  # each entry takes about 100
    entries = [(f"{n}.txt", deflate(os.urandom(60))) for n in range(3)]
    with pytest.raises(PackagingError, match=r"^the package, up to '2\.txt', would be"):
        write_deflated(io.BytesIO(), entries, STAMP, MODE)
    with pytest.raises(PackagingError, match=r"^the package would be \d+ bytes"):
        write_deflated(io.BytesIO(), entries[:1], STAMP, MODE)
