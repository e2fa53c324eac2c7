#!/usr/bin/env bash
# Install what the browser tests need: Debian's Chromium (apt) and a test-only axe-core (npm).
# Idempotent and quiet; run as root. Called by tests/run-all.sh (and so by .ci/run).
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v chromium >/dev/null 2>&1; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
fi

if ! command -v npm >/dev/null 2>&1; then  # a bare machine has no Node.js
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nodejs npm >/dev/null
fi

cd tests/browser
if [ ! -f node_modules/axe-core/axe.min.js ]; then
  npm ci --no-audit --no-fund --loglevel=error
fi
