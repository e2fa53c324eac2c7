#!/usr/bin/env bash
# Install everything the test suite needs, system packages included, then run all of it.
# Usage: bash tests/run-all.sh [pytest args]   (needs root for apt; CI calls this from .ci/run)
set -euo pipefail
cd "$(dirname "$0")/.."

for script in .ci/install-*.sh; do
  [ -e "$script" ] && bash "$script"
done
python -m pip install --quiet --disable-pip-version-check -e '.[test]'
python -m pytest "$@"
