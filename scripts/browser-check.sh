#!/usr/bin/env bash
# Checks the rendered sample reports and index in a real browser: Debian's chromium driven
# by puppeteer-core, with axe-core (both from npm, pinned in scripts/browser/package-lock.json).
# Fails on a console/CSP error, a network request, any serious or critical axe violation
# (light and dark), horizontal scroll at 390 px, a printed summary over 2 pages, a ▼/▲ that
# does not open its change, a drag across a chart that does not zoom, an index filter that
# does not reduce the rows, a generated 10,000-row index whose paging, language filter or
# sort fails, or a page that does not read with JavaScript off. Saves the screenshots in
# docs/.
#
#   scripts/browser-check.sh            # installs chromium (apt) and the npm packages if missing
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v chromium >/dev/null 2>&1; then
  echo "installing chromium (Debian package)"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
fi
if [ ! -d scripts/browser/node_modules/puppeteer-core ] || [ ! -d scripts/browser/node_modules/axe-core ]; then
  echo "installing puppeteer-core and axe-core (npm)"
  (cd scripts/browser && npm ci --no-audit --no-fund --loglevel=error)
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# The samples, and a chat too small to score (its "not enough data" page is checked too).
mkdir -p "$work/in"
printf '%s\n' "1/15/24, 9:41 PM - Ada Moss: are you there?" "1/15/24, 9:58 PM - Ben Ruiz: yes, sorry!" \
  > "$work/in/WhatsApp Chat with Ada Moss.txt"
cargo run --release --quiet -- analyze samples/ "$work/in" -o "$work/out" --quiet
# A batch index of 10,000 made-up rows (written directly by the index renderer, in seconds).
cargo run --release --quiet --example synthetic_index -- 10000 "$work/big/index.html" >/dev/null
node scripts/browser/check.mjs "$work/out" docs "$work/big/index.html"
