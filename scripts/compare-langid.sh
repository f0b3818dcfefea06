#!/usr/bin/env bash
# Compares whatlang and lingua (15 languages) on short chat messages: per-message accuracy
# on the construct sets (models/construct/*.tsv), messages per second, and the size of the
# comparison binary. The crate in scripts/langid-compare/ is not part of pushpull's build.
#
#   scripts/compare-langid.sh
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-target/langid-compare}
cargo build --release --quiet --manifest-path scripts/langid-compare/Cargo.toml
"$CARGO_TARGET_DIR/release/langid-compare" models/construct/*.tsv
ls -l "$CARGO_TARGET_DIR/release/langid-compare" | awk '{print "comparison binary (both crates):", $5, "bytes"}'
