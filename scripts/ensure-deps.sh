#!/usr/bin/env bash
# Installs node_modules from the lockfile when they are missing or older than the lockfile.
set -euo pipefail
cd "$(dirname "$0")/.."

major=$(node -p 'process.versions.node.split(".")[0]')
[ "$major" -ge 20 ] || { echo "Parley needs Node.js 20 or newer (found $(node --version))" >&2; exit 1; }

# `npm install`, not `npm ci`: the registry this project's machines reach does not serve the
# darwin/win32/arm builds of msgpackr-extract (a BullMQ optional dependency), so the lockfile cannot
# list them and `npm ci` refuses it. `npm install` still installs the lockfile's exact versions.
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "[deps] installing dependencies"
  npm install --no-audit --no-fund --loglevel=error
fi
