#!/usr/bin/env bash
# Fuzz smoke for CI: runs every cargo-fuzz target in fuzz/ for FUZZ_SECONDS
# (default 60) each, seeded from tests/fixtures (and ../shared/corpus/exports when present).
# A crash, timeout or OOM fails the script. Skips cleanly (exit 0 with a message) when
# cargo-fuzz is missing and cannot be installed. Corpora go to fuzz/corpus/ (gitignored).
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=scripts/fuzz-seed.sh
source scripts/fuzz-seed.sh

seconds="${FUZZ_SECONDS:-60}"
# FUZZ_RUNS=N runs each target for exactly N inputs instead of FUZZ_SECONDS: with the fixed
# seed, the same inputs every time (what CI uses, so a green run stays green).
limit="-max_total_time=$seconds"
if [[ -n "${FUZZ_RUNS:-}" ]]; then
  limit="-runs=$FUZZ_RUNS"
fi
export RUSTC_BOOTSTRAP=1 # cargo-fuzz needs nightly flags; the toolchain is stable

if ! cargo fuzz --help >/dev/null 2>&1; then
  if [[ "${CI:-}" == "true" ]]; then
    echo "fuzz-smoke: installing cargo-fuzz (a few minutes)..."
    cargo install cargo-fuzz --locked >/dev/null 2>&1 || true
  fi
  if ! cargo fuzz --help >/dev/null 2>&1; then
    echo "fuzz-smoke: skipped: cargo-fuzz not installed (cargo install cargo-fuzz)"
    exit 0
  fi
fi

targets=$(cargo fuzz list)
for target in $targets; do
  corpus=$(seed_corpus "$target")
  echo "fuzz-smoke: $target ($limit)"
  # No sanitizer: the code is safe Rust, the findings wanted are panics, hangs, OOMs and
  # broken no-loss accounting. A fixed seed makes a CI run repeatable.
  cargo fuzz run --sanitizer none "$target" "$corpus" -- \
    -seed=1 "$limit" -rss_limit_mb=2048 -timeout=10 -print_final_stats=1 \
    2>&1 | grep -E "stat::number_of_executed_units|ERROR|SUMMARY|panicked" || true
  # cargo fuzz exits non-zero on a finding; re-check via the artifacts folder.
  if compgen -G "fuzz/artifacts/$target/*" >/dev/null; then
    echo "fuzz-smoke: FAILED: $target left artifacts in fuzz/artifacts/$target" >&2
    exit 1
  fi
done
echo "fuzz-smoke: all targets ran ($limit) without a finding"
