#!/usr/bin/env bash
# Installs what the tests need on a fresh machine from Debian's packages: Chromium for the browser
# tests (never a downloaded browser) and poppler-utils (pdftotext, pdftoppm), with which the tests
# read back the PDF documents the product writes. Runs before `npm test`; does nothing when both are there.
set -euo pipefail
missing=()
if [ ! -x "${VX_CHROMIUM:-/usr/bin/chromium}" ]; then missing+=(chromium); fi
if ! command -v pdftotext >/dev/null 2>&1; then missing+=(poppler-utils); fi
if [ ${#missing[@]} -eq 0 ]; then exit 0; fi
if [ "$(id -u)" != "0" ]; then
  echo "Missing for the tests: run 'sudo apt-get install -y ${missing[*]}' (Chromium for the browser tests, poppler-utils to read PDFs back)" >&2
  exit 1
fi
echo "installing Debian's ${missing[*]} for the tests…" >&2
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
