#!/usr/bin/env bash
# Benchmark of the main job: `pushpull analyze` over a folder of generated conversations
# (default 1,000 WhatsApp exports of about 1,000 messages each, 1M messages in all) with the
# built-in scorer. Prints wall time, messages/s and peak memory (RSS from /usr/bin/time -v)
# per message. Target on the 2-core dev machine: < 3 s wall and < 1 KB per message.
#
#   scripts/bench-analyze.sh [CONVERSATIONS] [DAYS]     # defaults: 1000 37
set -euo pipefail
cd "$(dirname "$0")/.."
count=${1:-1000}
days=${2:-37}
cargo build --release --quiet
bin=./target/release/pushpull
work=target/bench-analyze
input=$work/in-$count-$days
scenarios=(pushpull stable_warm drift onoff pushpull_fast weekly latency_only warmth_only single_drop stable_cold)

if [ ! -d "$input" ]; then
  tmp=$work/gen
  rm -rf "$tmp" && mkdir -p "$tmp" "$input.partial"
  for ((i = 0; i < count; i++)); do
    scenario=${scenarios[$((i % ${#scenarios[@]}))]}
    "$bin" synth --scenario "$scenario" --days "$days" --seed "$((i + 1))" -o "$tmp/$i" >/dev/null 2>&1
    # one export per conversation; the ground-truth file stays out of the batch
    for f in "$tmp/$i"/*.txt; do mv "$f" "$input.partial/$(printf '%04d' "$i") $(basename "$f")"; done
  done
  rm -rf "$tmp"
  mv "$input.partial" "$input"
fi

out=$work/out
rm -rf "$out"
/usr/bin/time -v "$bin" analyze "$input" -o "$out" --quiet 2> "$work/time.txt"
messages=$(($(wc -l < "$out/messages.csv") - 1))
python3 - "$work/time.txt" "$messages" "$count" <<'PY'
import re, sys
text = open(sys.argv[1]).read()
messages, conversations = int(sys.argv[2]), int(sys.argv[3])
wall = re.search(r"Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): (\S+)", text).group(1)
secs = 0.0
for part in wall.split(":"):
    secs = secs * 60 + float(part)
rss_kb = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", text).group(1))
print(f"conversations       {conversations}")
print(f"messages            {messages}")
print(f"wall                {secs:.2f} s")
print(f"messages/s          {messages / secs:,.0f}")
print(f"peak RSS            {rss_kb / 1024:.1f} MB ({rss_kb * 1024 / max(messages, 1):.0f} bytes/message)")
PY
