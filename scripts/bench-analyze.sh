#!/usr/bin/env bash
# Benchmark of the main job, `pushpull analyze` with the built-in scorer, on two inputs:
#   batch  a folder of generated conversations (default 1,000 WhatsApp exports of about 1,000
#          messages each, 1M messages in all). Target on the 2-core dev machine: < 3 s wall and
#          < 1 KB peak memory per message.
#   group  one generated WhatsApp group of 100 members and 300,000 messages
#          (scripts/gen-group.py). Target: <= 2 s wall with every member who wrote at least 20
#          messages read (the "read" column counts members with a reading in summary.json).
# Each case runs RUNS times; the table gives the median wall time and the median peak memory
# (RSS from /usr/bin/time -v). With --baseline REV the same inputs are also analysed by REV's
# binary, built once in a temporary git worktree under /tmp (removed afterwards; the binary is
# kept in target/bench-analyze/), runs alternating with this tree's, and the table adds the
# ratio of the medians (this tree / REV).
#
#   scripts/bench-analyze.sh [--runs N] [--case batch|group|all] [--baseline REV]
#                            [CONVERSATIONS] [DAYS]          # defaults: 5 all - 1000 37
set -euo pipefail
cd "$(dirname "$0")/.."
runs=5
case_=all
baseline=
while [ $# -gt 0 ]; do
  case "$1" in
    --runs) runs=$2; shift 2 ;;
    --case) case_=$2; shift 2 ;;
    --baseline) baseline=$2; shift 2 ;;
    -h|--help) sed -n '2,17p' "$0"; exit 0 ;;
    *) break ;;
  esac
done
count=${1:-1000}
days=${2:-37}
cargo build --release --quiet
bin=./target/release/pushpull
work=target/bench-analyze
mkdir -p "$work"

# REV's binary: built once in a throwaway worktree whose target directory starts as a copy of
# this tree's (so the dependencies are not compiled again), then both are removed.
base_bin=
if [ -n "$baseline" ]; then
  rev=$(git rev-parse --short "$baseline^{commit}")
  base_bin=$work/pushpull-$rev
  if [ ! -x "$base_bin" ]; then
    tmp=$(mktemp -d /tmp/pushpull-baseline.XXXXXX)
    git worktree add --quiet --detach "$tmp/src" "$rev"
    mkdir -p "$tmp/target"
    cp -a target/release "$tmp/target/"
    (cd "$tmp/src" && CARGO_TARGET_DIR="$tmp/target" cargo build --release --quiet --bin pushpull)
    cp "$tmp/target/release/pushpull" "$base_bin"
    git worktree remove --force "$tmp/src"
    rm -rf "$tmp"
  fi
fi

batch_input() {
  local input=$work/in-$count-$days
  local scenarios=(pushpull stable_warm drift onoff pushpull_fast weekly latency_only warmth_only single_drop stable_cold)
  if [ ! -d "$input" ]; then
    local tmp=$work/gen
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
  echo "$input"
}

group_input() {
  local input=$work/group-100-300000
  if [ ! -d "$input" ]; then
    mkdir -p "$input.partial"
    python3 scripts/gen-group.py "$input.partial/WhatsApp Chat with Benchmark group.txt" 100 300000 2>/dev/null
    mv "$input.partial" "$input"
  fi
  echo "$input"
}

# One run: prints "wall_s rss_kb messages members_read members_with_20".
run_once() {
  local exe=$1 input=$2 out=$work/out
  rm -rf "$out"
  /usr/bin/time -v "$exe" analyze "$input" -o "$out" --quiet 2> "$work/time.txt"
  python3 - "$work/time.txt" "$out/summary.json" <<'PY'
import json, re, sys
text = open(sys.argv[1]).read()
wall = re.search(r"Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): (\S+)", text).group(1)
secs = 0.0
for part in wall.split(":"):
    secs = secs * 60 + float(part)
rss_kb = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", text).group(1))
convs = json.load(open(sys.argv[2]))
messages = sum(c["messages"] for c in convs)
read = sum(len(c.get("members", [])) for c in convs if len(c["participants"]) > 2)
enough = sum(
    sum(1 for p in c["participants"] if p["messages"] >= 20)
    for c in convs
    if len(c["participants"]) > 2
)
print(secs, rss_kb, messages, read, enough)
PY
}

cases=()
case $case_ in
  all) cases=(batch group) ;;
  batch|group) cases=("$case_") ;;
  *) echo "unknown case: $case_ (batch, group or all)" >&2; exit 2 ;;
esac

results=$work/results.txt
: > "$results"
for c in "${cases[@]}"; do
  input=$("${c}_input")
  for ((r = 0; r < runs; r++)); do
    echo "$c this $(run_once "$bin" "$input")" >> "$results"
    if [ -n "$base_bin" ]; then
      echo "$c $rev $(run_once "$base_bin" "$input")" >> "$results"
    fi
  done
done

python3 - "$results" "$runs" <<'PY'
import statistics, sys
rows = [line.split() for line in open(sys.argv[1])]
runs = int(sys.argv[2])
by = {}
for case, who, secs, rss, messages, read, enough in rows:
    by.setdefault((case, who), []).append((float(secs), int(rss), int(messages), int(read), int(enough)))
print(f"median of {runs} runs; peak RSS = maximum resident set size")
print(f"{'case':6} {'binary':8} {'messages':>9} {'wall s':>7} {'msgs/s':>10} {'peak MB':>8} {'B/msg':>6} {'read':>8} {'ratio':>6}")
for (case, who), v in by.items():
    wall = statistics.median(x[0] for x in v)
    rss = statistics.median(x[1] for x in v)
    messages, read, enough = v[0][2], v[0][3], v[0][4]
    ratio = ""
    if who == "this":
        other = [w for (c, w) in by if c == case and w != "this"]
        if other:
            ratio = f"{wall / statistics.median(x[0] for x in by[(case, other[0])]):.2f}"
    members = f"{read}/{enough}" if enough else "-"
    print(f"{case:6} {who:8} {messages:>9,} {wall:>7.2f} {messages / wall:>10,.0f} "
          f"{rss / 1024:>8.1f} {rss * 1024 / max(messages, 1):>6.0f} {members:>8} {ratio:>6}")
PY
