#!/usr/bin/env bash
# Install lmspack with its test dependencies into .venv and run the whole test suite.
# Browser tests also need node/npm (packages from package-lock.json are installed when npm
# is present) and Debian's chromium; without them those tests skip with a reason.
set -euo pipefail
cd "$(dirname "$0")/.."
python3 -m venv .venv
.venv/bin/python -m pip install --quiet --upgrade pip
.venv/bin/python -m pip install --quiet -e ".[test]"
# The real LRS of the xAPI/cmi5 tests, in a venv of its own (tests/lrs/requirements.txt says
# why): pinned ralph-malph and requests.
python3 -m venv .venv-ralph
.venv-ralph/bin/python -m pip install --quiet --upgrade pip
.venv-ralph/bin/python -m pip install --quiet -r tests/lrs/requirements.txt -c tests/lrs/constraints.txt
if [ -f package-lock.json ] && command -v npm >/dev/null 2>&1; then
  npm ci --no-audit --no-fund --loglevel=error
fi
exec .venv/bin/python -m pytest "$@"
