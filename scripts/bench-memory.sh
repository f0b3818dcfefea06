#!/usr/bin/env bash
# Memory benchmark: peak memory of `pushpull analyze` follows the largest
# conversation, not the size of the batch. Generates (once, under target/bench-memory/, never
# committed) about BYTES (default 1 GB) of small WhatsApp exports with `pushpull synth` and
# one large export, then measures peak RSS (/usr/bin/time -v) of
#   (a) one small conversation alone      (b) the largest conversation alone
#   (c) the 1 GB folder of small ones      (d) the 1 GB folder with the largest one added
# with -j 1 and -j 2 and --merge off (merging reads the batch once more), and prints a
# table. Expected: c ≈ a and d ≈ b.
#
# Then (e): `pushpull parse` of a Telegram Desktop full-account export of TG_BYTES (default
# 2 GB; fictional, scripts/gen-telegram.py, its largest chat a tenth of it), which is read
# as a stream: peak RSS follows the largest chat, not the file (acceptance: < 1 GB).
#
#   scripts/bench-memory.sh [BYTES] [TG_BYTES]   # defaults 1000000000 2000000000
#   scripts/bench-memory.sh telegram [TG_BYTES]  # only (e)
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --quiet
bin=$PWD/target/release/pushpull
work=$PWD/target/bench-memory
tg_bytes=${2:-2000000000}
telegram=$work/telegram-$tg_bytes.json
measure_telegram() {
  if [ ! -f "$telegram" ]; then
    mkdir -p "$work"
    python3 scripts/gen-telegram.py "$telegram.partial" "$tg_bytes" && mv "$telegram.partial" "$telegram"
  fi
  /usr/bin/time -v "$bin" parse "$telegram" 2>"$work/time.txt" >/dev/null
  local rss_kb secs summary
  rss_kb=$(grep -o 'Maximum resident set size (kbytes): [0-9]*' "$work/time.txt" | grep -o '[0-9]*$')
  secs=$(grep -o 'Elapsed (wall clock) time (h:mm:ss or m:ss): .*' "$work/time.txt" | awk '{print $NF}')
  summary=$(grep -o '[0-9]* conversation(s)\|messages: [0-9]*' "$work/time.txt" | tr '\n' ' ')
  printf '%-30s %8s MB  %s  %s  peak RSS %.1f MB\n' "(e) Telegram account, parse" \
    "$(echo "scale=1; $(stat -c %s "$telegram") / 1000000" | bc)" "$summary" "$secs" \
    "$(echo "$rss_kb / 1024" | bc -l)"
}
if [ "${1:-}" = telegram ]; then
  measure_telegram
  exit 0
fi
bytes=${1:-1000000000}
many=$work/many-$bytes
plus=$work/many-plus-large-$bytes
large=$work/large/large.txt
scenarios=(pushpull stable_warm drift onoff pushpull_fast weekly latency_only warmth_only single_drop stable_cold)

# Small conversations: 37 days of ≈ 35 messages a day (≈ 100 KB, ≈ 1,300 messages) each.
if [ ! -d "$many" ]; then
  rm -rf "$many.partial" "$work/gen" && mkdir -p "$many.partial"
  total=0
  for ((i = 0; total < bytes; i++)); do
    "$bin" synth --scenario "${scenarios[$((i % ${#scenarios[@]}))]}" --days 37 --seed "$((i + 1))" \
      -o "$work/gen" >/dev/null 2>&1
    for f in "$work/gen"/*.txt; do
      dest="$many.partial/$(printf '%05d' "$i") $(basename "$f")"
      mv "$f" "$dest"
      total=$((total + $(stat -c %s "$dest")))
    done
    rm -rf "$work/gen"
  done
  mv "$many.partial" "$many"
fi
# The largest conversation: 10 years at 3× the normal rate (≈ 440,000 messages, ≈ 33 MB).
if [ ! -f "$large" ]; then
  rm -rf "$work/large" "$work/gen"
  "$bin" synth --scenario pushpull --days 3650 --rate 3 --seed 424242 -o "$work/gen" >/dev/null 2>&1
  mkdir -p "$work/large" && mv "$work/gen"/*.txt "$large" && rm -rf "$work/gen"
fi
# (d): the same folder (hard links, no extra disk) with the large export sorted into the middle.
if [ ! -d "$plus" ]; then
  rm -rf "$plus.partial" && cp -al "$many" "$plus.partial"
  ln "$large" "$plus.partial/05000 WhatsApp Chat with the largest.txt"
  mv "$plus.partial" "$plus"
fi
small=$(find "$many" -name '00000 *.txt' | head -1)

mb() { echo "scale=1; $(du -sb "$1" | cut -f1) / 1000000" | bc; }
count() { find "$1" -name '*.txt' | wc -l; }
printf '%-30s %7s %6s %8s %9s %10s\n' case threads files MB messages "peak RSS"
measure() {
  local name=$1 threads=$2 input=$3
  local out=$work/out
  rm -rf "$out"
  /usr/bin/time -v "$bin" -j "$threads" analyze "$input" -o "$out" --quiet --merge off \
    2>"$work/time.txt" >/dev/null
  local rss_kb messages
  rss_kb=$(grep -o 'Maximum resident set size (kbytes): [0-9]*' "$work/time.txt" | grep -o '[0-9]*$')
  messages=$(($(wc -l <"$out/messages.csv") - 1))
  printf '%-30s %7s %6s %8s %9s %7.1f MB\n' "$name" "$threads" "$(count "$input")" \
    "$(mb "$input")" "$messages" "$(echo "$rss_kb / 1024" | bc -l)"
  rm -rf "$out"
}
for threads in 1 2; do
  measure "(a) one small conversation" "$threads" "$small"
  measure "(b) the largest conversation" "$threads" "$large"
  measure "(c) folder of small ones" "$threads" "$many"
  measure "(d) folder + the largest" "$threads" "$plus"
done
measure_telegram
