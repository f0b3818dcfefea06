#!/usr/bin/env bash
# Long fuzz runs: each cargo-fuzz target, one at a time at the lowest CPU priority,
# until it reaches FUZZ_LONG_RUNS executions (default 10,000,000) or FUZZ_LONG_SECONDS
# (default 1200 = 20 min), whichever comes first. Seeds as in scripts/fuzz-smoke.sh.
# Full libFuzzer output per target goes to target/fuzz-long/<target>.log; one summary line
# per target (executions, seconds, exit status) is printed. A finding leaves its input in
# fuzz/artifacts/<target>/ and makes the script exit non-zero at the end.
#
#   scripts/fuzz-long.sh [TARGET...]      # default: every target in `cargo fuzz list`
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=scripts/fuzz-seed.sh
source scripts/fuzz-seed.sh
runs="${FUZZ_LONG_RUNS:-10000000}"
seconds="${FUZZ_LONG_SECONDS:-1200}"
export RUSTC_BOOTSTRAP=1 # cargo-fuzz needs nightly flags; the toolchain is stable
logs=target/fuzz-long
mkdir -p "$logs"
targets=("$@")
if [[ ${#targets[@]} -eq 0 ]]; then mapfile -t targets < <(cargo fuzz list); fi

failed=0
for target in "${targets[@]}"; do
  corpus=$(seed_corpus "$target")
  start=$(date +%s)
  status=0
  nice -n 19 cargo fuzz run --sanitizer none "$target" "$corpus" -- \
    -seed=1 -runs="$runs" -max_total_time="$seconds" -rss_limit_mb=2048 -timeout=10 \
    -print_final_stats=1 >"$logs/$target.log" 2>&1 || status=$?
  elapsed=$(($(date +%s) - start))
  execs=$(grep -o 'stat::number_of_executed_units: [0-9]*' "$logs/$target.log" | grep -o '[0-9]*$' || echo '?')
  echo "fuzz-long: $target executions=$execs seconds=$elapsed exit=$status (log $logs/$target.log)"
  if [[ $status -ne 0 ]] || compgen -G "fuzz/artifacts/$target/*" >/dev/null; then failed=1; fi
done
exit $failed
