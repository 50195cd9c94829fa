#!/usr/bin/env bash
# npm test: the same preparation as npm run up (dependencies, Postgres, Redis), then vitest.
# Each run gets its own database and queue prefix (test/support/global-setup.ts).
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/ensure-deps.sh
bash scripts/services.sh
bash scripts/ensure-browser.sh
npx tsc --noEmit
exec npx vitest run "$@"
