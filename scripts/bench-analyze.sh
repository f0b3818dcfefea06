#!/usr/bin/env bash
# Benchmark of the main job: `pushpull analyze` over a folder of generated conversations
# (default 1,000 WhatsApp exports of about 1,000 messages each, 1M messages in all) with the
# built-in scorer. Prints wall time, messages/s and peak memory (RSS from /usr/bin/time -v)
# per message. Target on the 2-core dev machine: < 3 s wall and < 1 KB per message.
#
#   scripts/bench-analyze.sh [CONVERSATIONS] [DAYS]     # defaults: 1000 37
#
# With BASELINE=<git rev> it also builds that revision (exported with git archive under
# target/bench-analyze, reusing this checkout's built dependencies) and times
# both binaries alternately on the same input, RUNS times each (default 3), printing each
# median and the ratio this tree / baseline. Wall time on a shared machine is noisy: the
# alternation keeps the noise from favouring one side.
#
#   BASELINE=c67cada scripts/bench-analyze.sh 1000 37
set -euo pipefail
cd "$(dirname "$0")/.."
count=${1:-1000}
days=${2:-37}
work=target/bench-analyze
mkdir -p "$work"
if [ -n "${BASELINE:-}" ]; then
  rev=$(git rev-parse --short "$BASELINE")
  base_bin=$work/pushpull-$rev
  if [ ! -x "$base_bin" ]; then
    tree=$work/tree-$rev
    rm -rf "$tree" && mkdir -p "$tree" && git archive "$rev" | tar -x -C "$tree"
    # Seed its target dir with this checkout's built dependencies (hard links), so only
    # the crate itself is compiled. The crate's own artifacts and fingerprints are left
    # out (they would be hard links to this tree's binary, and git archive's old mtimes
    # would let cargo call them fresh), and the sources are touched so it always rebuilds.
    base_target=$work/target-base/release
    if [ ! -d "$base_target" ] && [ -d target/release ]; then
      mkdir -p "$work/target-base" && cp -al target/release "$base_target"
    fi
    rm -rf "$base_target"/.fingerprint/pushpull-* "$base_target"/build/pushpull-* "$base_target"/deps/pushpull-* \
      "$base_target"/deps/libpushpull-* "$base_target"/pushpull "$base_target"/libpushpull.*
    find "$tree" -name '*.rs' -exec touch {} +
    CARGO_TARGET_DIR="$PWD/target/bench-analyze/target-base" cargo build --release --quiet --manifest-path "$tree/Cargo.toml"
    cp "$work/target-base/release/pushpull" "$base_bin"
    rm -rf "$tree"
  fi
fi
cargo build --release --quiet
bin=./target/release/pushpull
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

if [ -n "${BASELINE:-}" ]; then
  runs=${RUNS:-3}
  : > "$work/pairs.txt"
  for ((r = 0; r < runs; r++)); do
    for side in base head; do
      b=$bin; [ "$side" = base ] && b=$base_bin
      rm -rf "$work/out-$side"
      start=$(date +%s%N)
      "$b" analyze "$input" -o "$work/out-$side" --quiet
      echo "$side $((($(date +%s%N) - start) / 1000000))" >> "$work/pairs.txt"
    done
  done
  python3 - "$work/pairs.txt" "$rev" <<'PY'
import statistics, sys
times = {"base": [], "head": []}
for line in open(sys.argv[1]):
    side, secs = line.split()
    times[side].append(int(secs) / 1000)
base, head = statistics.median(times["base"]), statistics.median(times["head"])
print(f"baseline {sys.argv[2]}: {', '.join(f'{t:.2f}' for t in times['base'])} s (median {base:.2f} s)")
print(f"this tree: {', '.join(f'{t:.2f}' for t in times['head'])} s (median {head:.2f} s)")
print(f"ratio this tree / baseline: {head / base:.2f}")
PY
  exit 0
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
