#!/usr/bin/env bash
# Installs node_modules from the lockfile when they are missing or older than the lockfile.
set -euo pipefail
cd "$(dirname "$0")/.."

major=$(node -p 'process.versions.node.split(".")[0]')
[ "$major" -ge 20 ] || { echo "Parley needs Node.js 20 or newer (found $(node --version))" >&2; exit 1; }

if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "[deps] installing dependencies (npm ci)"
  npm ci --no-audit --no-fund --loglevel=error
fi
