#!/usr/bin/env bash
# npm run up: install what is missing, make sure Postgres and Redis run, then migrate, start the
# API and a scoring worker, load the sample conversations and print where to look.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/ensure-deps.sh
bash scripts/services.sh
exec node --import tsx scripts/up.ts
