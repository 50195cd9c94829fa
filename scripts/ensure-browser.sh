#!/usr/bin/env bash
# The browser test drives Debian's Chromium (with playwright-core): installs it when it is missing.
set -euo pipefail

if command -v chromium >/dev/null 2>&1; then exit 0; fi
echo "[browser] installing Debian's chromium for the browser test"
run() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }
export DEBIAN_FRONTEND=noninteractive
run apt-get install -y -q chromium >/dev/null || { run apt-get update -q >/dev/null && run apt-get install -y -q chromium >/dev/null; }
command -v chromium >/dev/null 2>&1 || { echo "[browser] chromium could not be installed" >&2; exit 1; }
