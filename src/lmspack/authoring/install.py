"""How a course's CI and pre-commit hook install lmspack: the pip requirement ``init`` writes.

By default it is the requirement lmspack itself was installed from, read from the
``direct_url.json`` pip records (PEP 610): a git URL at the revision asked for (or the
commit installed), an archive URL, or, with no such record, the released version from a
package index. A local folder or file (a development checkout, a wheel on this disk)
cannot be reached from CI, so ``init`` then writes :data:`PLACEHOLDER`, which fails the
workflow (and pip in the hook) with a message saying what to put there.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from importlib import metadata
from typing import Any

from lmspack._version import __version__
from lmspack.authoring import AuthoringError

DISTRIBUTION = "lmspack"
PLACEHOLDER_MARK = "SET-ME"
INSTALL_HELP = (
    "The pip requirement the CI workflow and the pre-commit hook install lmspack with, e.g. "
    "lmspack==X.Y.Z or 'lmspack @ git+https://HOST/OWNER/lmspack@TAG' (default: the one this "
    "lmspack was installed from, when that is a release or a URL; else a placeholder to fill "
    "in).")
"""``lmspack init --install``'s help."""
PLACEHOLDER_NOTE = (
    "note: this lmspack was not installed from a release or a URL, so LMSPACK_INSTALL in "
    ".github/workflows/course.yml and additional_dependencies in .pre-commit-config.yaml say "
    f"{PLACEHOLDER_MARK}: put a pip requirement for lmspack there (or run init with --install "
    "SPEC).")
"""What ``lmspack init`` says when it wrote the placeholder."""
PLACEHOLDER = (f"{PLACEHOLDER_MARK}: a pip requirement for lmspack, such as lmspack=={__version__}"
               " or lmspack @ git+https://HOST/OWNER/lmspack@TAG")
"""What ``init`` writes when it cannot tell a requirement CI could install."""


def spec_from_direct_url(direct_url: Mapping[str, Any] | None, version: str) -> str | None:
    """The pip requirement that installs what ``direct_url`` (PEP 610) describes, or None
    when it is on this machine only. ``None`` for ``direct_url`` means the distribution
    came from a package index: the released ``version``."""
    if direct_url is None:
        return f"{DISTRIBUTION}=={version}"
    url = str(direct_url.get("url", ""))
    if not url or url.startswith("file:") or "dir_info" in direct_url:
        return None
    fragment = f"#subdirectory={direct_url['subdirectory']}" if "subdirectory" in direct_url \
        else ""
    vcs = direct_url.get("vcs_info")
    if isinstance(vcs, Mapping):
        revision = vcs.get("requested_revision") or vcs.get("commit_id")
        at = f"@{revision}" if revision else ""
        return f"{DISTRIBUTION} @ {vcs.get('vcs', 'git')}+{url}{at}{fragment}"
    return f"{DISTRIBUTION} @ {url}{fragment}"


def installed_spec() -> str | None:
    """The requirement this lmspack was installed from (see :func:`spec_from_direct_url`);
    None when it runs uninstalled or its record cannot be read."""
    try:
        distribution = metadata.distribution(DISTRIBUTION)
    except metadata.PackageNotFoundError:
        return None
    text = distribution.read_text("direct_url.json")
    try:
        direct_url = json.loads(text) if text is not None else None
    except ValueError:
        return None
    if direct_url is not None and not isinstance(direct_url, Mapping):
        return None
    return spec_from_direct_url(direct_url, distribution.version)


def checked_spec(spec: str) -> str:
    """``spec`` as given to ``init --install``, refused when it cannot be one pip
    requirement on one line of YAML."""
    spec = spec.strip()
    if not spec or any(c in spec for c in "\n\r\"'\\") or spec.startswith(PLACEHOLDER_MARK):
        raise AuthoringError(f"--install {spec!r}: give one pip requirement for lmspack, such "
                             f"as lmspack=={__version__} or lmspack @ "
                             "git+https://HOST/OWNER/lmspack@TAG")
    return spec
