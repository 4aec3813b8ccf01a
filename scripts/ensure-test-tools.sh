#!/usr/bin/env bash
# Installs what the browser tests need on a fresh machine: Debian's Chromium (never a downloaded
# browser). Runs before `npm test`; does nothing when Chromium is already there.
set -euo pipefail
if [ -x "${VX_CHROMIUM:-/usr/bin/chromium}" ]; then exit 0; fi
if [ "$(id -u)" != "0" ]; then
  echo "Chromium is missing: run 'sudo apt-get install -y chromium' (needed by the browser tests)" >&2
  exit 1
fi
echo "installing Debian's chromium for the browser tests…" >&2
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
