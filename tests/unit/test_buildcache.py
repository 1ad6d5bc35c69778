"""The build cache: keys change with every input; damaged entries are misses, never data."""

from __future__ import annotations

from pathlib import Path

import pytest

from lmspack import _version
from lmspack.source.buildcache import BuildCache, cache_key


def test_keys_depend_on_every_part_and_on_lmspack_version(monkeypatch: pytest.MonkeyPatch) -> None:
    base = cache_key(b"lesson", {"lang": "en", "level": 9}, ("a.json", b"{}"), 1.5, None)
    assert base == cache_key(b"lesson", {"level": 9, "lang": "en"}, ("a.json", b"{}"), 1.5, None)
    others = [
        cache_key(b"lesson!", {"lang": "en", "level": 9}, ("a.json", b"{}"), 1.5, None),
        cache_key(b"lesson", {"lang": "fr", "level": 9}, ("a.json", b"{}"), 1.5, None),
        cache_key(b"lesson", {"lang": "en", "level": 9}, ("a.json", b"{ }"), 1.5, None),
        cache_key(b"lesson", {"lang": "en", "level": 9}, ("a.json", b"{}"), 1.25, None),
        cache_key(b"lesson", {"lang": "en", "level": 9}, ("a.json", b"{}"), 1.5, False),
        cache_key("lesson", {"lang": "en", "level": 9}, ("a.json", b"{}"), 1.5, None),
    ]
    assert len({base, *others}) == 7
    assert cache_key("ab", "c") != cache_key("a", "bc")  # lengths are part of the encoding
    monkeypatch.setattr(_version, "__version__", "99.0")
    assert cache_key(b"lesson", {"lang": "en", "level": 9}, ("a.json", b"{}"), 1.5, None) != base
    with pytest.raises(TypeError):
        cache_key(object())


def test_round_trip_and_prune(tmp_path: Path) -> None:
    cache = BuildCache(tmp_path / ".cache")
    key, other = cache_key("one"), cache_key("two")
    assert cache.get(key) is None
    cache.put(key, b"payload")
    cache.put(other, b"other")
    fresh = BuildCache(tmp_path / ".cache")
    assert fresh.get(key) == b"payload" and fresh.hits == 1
    assert fresh.prune() == 1  # 'other' was not used by this build
    assert BuildCache(tmp_path / ".cache").get(other) is None


@pytest.mark.parametrize("damage", ["truncate", "flip", "empty", "foreign", "old-format"])
def test_damaged_entries_are_misses_and_removed(tmp_path: Path, damage: str) -> None:
    cache = BuildCache(tmp_path)
    key = cache_key("page")
    cache.put(key, b"<html>" * 100)
    path = next(tmp_path.glob("*/*.entry"))
    blob = path.read_bytes()
    if damage == "truncate":  # a half-written file
        path.write_bytes(blob[: len(blob) // 2])
    elif damage == "flip":
        path.write_bytes(blob[:-1] + bytes([blob[-1] ^ 1]))
    elif damage == "empty":
        path.write_bytes(b"")
    elif damage == "foreign":  # another entry's file copied under this name
        cache.put(cache_key("other"), b"other")
        other = next(p for p in tmp_path.glob("*/*.entry") if p != path)
        path.write_bytes(other.read_bytes())
    else:
        path.write_bytes(blob.replace(b"build-cache\n\x01", b"build-cache\n\x00", 1))
    assert cache.get(key) is None and not path.exists()
    assert cache.get_or_make(key, lambda: b"rebuilt") == b"rebuilt"
    assert BuildCache(tmp_path).get(key) == b"rebuilt"


def test_stray_temporary_files_are_swept_and_an_unwritable_cache_is_no_cache(
    tmp_path: Path,
) -> None:
    cache = BuildCache(tmp_path)
    key = cache_key("x")
    cache.put(key, b"x")
    (tmp_path / key[:2] / "abc.tmp").write_bytes(b"half")  # a build killed mid-write
    assert cache.prune() == 1 and cache.get(key) == b"x"
    blocked = tmp_path / "file"
    blocked.write_text("not a folder")
    broken = BuildCache(blocked)
    broken.put(key, b"x")  # no exception
    assert broken.get(key) is None
    assert BuildCache(tmp_path / "off", enabled=False).get_or_make(key, lambda: b"y") == b"y"
    assert not (tmp_path / "off").exists()
