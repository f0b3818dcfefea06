#!/usr/bin/env bash
# Renders the sample reports in headless Chromium and fails on a blank page or on console
# errors (a CSP violation, a script error). Saves docs/report-screenshot.png.
#
#   scripts/browser-check.sh            # installs Debian's chromium if it is missing
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v chromium >/dev/null 2>&1; then
  echo "installing chromium (Debian package)"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cargo run --release --quiet -- analyze samples/ -o "$work/out" --quiet

check_page() { # page.html screenshot.png
  local page=$1 shot=$2 log="$work/chromium.log"
  rm -rf "$work/profile"
  chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
    --disable-background-networking --disable-component-update --disable-sync \
    --user-data-dir="$work/profile" --hide-scrollbars --window-size=1200,2200 \
    --enable-logging=stderr --v=0 --virtual-time-budget=3000 \
    --screenshot="$shot" "file://$page" >"$log" 2>&1 || { cat "$log"; return 1; }
  if grep -E "CONSOLE|Refused to|Uncaught" "$log" | grep -v "INFO:CONSOLE.*level=0"; then
    echo "browser check: console errors on $page" >&2
    return 1
  fi
  python3 - "$shot" <<'PY'
import struct, sys, zlib
data = open(sys.argv[1], "rb").read()
assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
pos, idat = 8, b""
while pos < len(data):
    length, kind = struct.unpack(">I4s", data[pos:pos + 8])
    if kind == b"IDAT":
        idat += data[pos + 8:pos + 8 + length]
    pos += 12 + length
raw = zlib.decompress(idat)
# PNG rows are delta-filtered: a blank page decompresses to (almost) all zero bytes.
busy = sum(1 for b in raw[::7] if b != 0) / len(raw[::7])
distinct = len(set(raw))
print(f"browser check: {sys.argv[1]}: {distinct} distinct byte values, {busy:.1%} non-zero")
if distinct < 40 or busy < 0.002:
    sys.exit("browser check: the page looks blank")
PY
}

# The push-pull sample (its folder sorts last) makes the most telling screenshot.
report=$(find "$work/out" -name report.html | sort | tail -n 1)
[ -n "$report" ] || { echo "browser check: no report.html written" >&2; exit 1; }
check_page "$report" "$work/report.png"
check_page "$work/out/index.html" "$work/index.png"
cp "$work/report.png" docs/report-screenshot.png
echo "browser check: ok (docs/report-screenshot.png)"
