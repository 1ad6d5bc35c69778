"""The pip requirement ``init`` writes for lmspack, from PEP 610's direct_url.json."""

from __future__ import annotations

import json
from importlib import metadata
from pathlib import Path

import pytest

from lmspack.authoring import AuthoringError
from lmspack.authoring.install import (
    PLACEHOLDER,
    checked_spec,
    installed_spec,
    spec_from_direct_url,
)

URL = "https://github.com/course-tools/lmspack"


@pytest.mark.parametrize(("direct_url", "spec"), [
    (None, "lmspack==1.4.2"),  # no record: installed from a package index
    ({"url": URL, "vcs_info": {"vcs": "git", "commit_id": "a" * 40,
                               "requested_revision": "v1.4.2"}},
     f"lmspack @ git+{URL}@v1.4.2"),
    ({"url": URL, "vcs_info": {"vcs": "git", "commit_id": "b" * 40}},
     f"lmspack @ git+{URL}@{'b' * 40}"),
    ({"url": URL, "vcs_info": {"vcs": "git", "commit_id": "c" * 40}, "subdirectory": "tool"},
     f"lmspack @ git+{URL}@{'c' * 40}#subdirectory=tool"),
    ({"url": "https://example.org/lmspack-1.4.2-py3-none-any.whl",
      "archive_info": {"hashes": {"sha256": "0" * 64}}},
     "lmspack @ https://example.org/lmspack-1.4.2-py3-none-any.whl"),
    ({"url": "file:///home/me/lmspack", "dir_info": {"editable": True}}, None),
    ({"url": "file:///home/me/lmspack", "dir_info": {}}, None),
    ({"url": "file:///tmp/lmspack-1.4.2-py3-none-any.whl", "archive_info": {}}, None),
    ({"url": "file:///srv/git/lmspack", "vcs_info": {"vcs": "git", "commit_id": "d" * 40}},
     None),
])
def test_the_spec_names_what_ci_can_install(direct_url: dict[str, object] | None,
                                            spec: str | None) -> None:
    assert spec_from_direct_url(direct_url, "1.4.2") == spec


def test_the_installed_record_is_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    info = tmp_path / "lmspack-1.4.2.dist-info"
    info.mkdir()
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: lmspack\nVersion: 1.4.2\n")
    found = metadata.PathDistribution(info)
    monkeypatch.setattr(metadata, "distribution", lambda name: found)
    assert installed_spec() == "lmspack==1.4.2"
    record = {"url": URL, "vcs_info": {"vcs": "git", "commit_id": "e" * 40}}
    (info / "direct_url.json").write_text(json.dumps(record))
    assert installed_spec() == f"lmspack @ git+{URL}@{'e' * 40}"
    (info / "direct_url.json").write_text("{not json")
    assert installed_spec() is None


def test_this_development_install_gets_the_placeholder() -> None:
    assert installed_spec() is None  # the test run's editable install: a local folder


@pytest.mark.parametrize("spec", ["", "  ", "lmspack\n==1", 'lmspack "x"', PLACEHOLDER])
def test_a_spec_that_cannot_be_one_requirement_is_refused(spec: str) -> None:
    with pytest.raises(AuthoringError, match="one pip requirement"):
        checked_spec(spec)


def test_a_spec_is_kept_as_given() -> None:
    assert checked_spec(" lmspack @ git+https://h/o/lmspack@v1 ") == \
        "lmspack @ git+https://h/o/lmspack@v1"
