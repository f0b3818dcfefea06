#!/usr/bin/env bash
# Speed of scoring with language identification on: a generated English and Spanish chat
# (pushpull synth, ~200k messages each), scored through score_conversation (language profile
# + dispatch by language) and, for comparison, by the English model alone on the same texts.
# Prints the median of five runs per figure (examples/score_lang.rs).
#
#   scripts/bench-lang.sh
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --quiet --example score_lang
cargo build --release --quiet
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
for lang in en es; do
  extra=()
  [ "$lang" = en ] || extra=(--lang "$lang")
  ./target/release/pushpull synth --scenario pushpull --days 730 --seed 21 --rate 20 \
    --format whatsapp --names "Ana Ruiz,Ben Ortiz" "${extra[@]}" -o "$tmp/$lang" >/dev/null
  ./target/release/examples/score_lang "$tmp/$lang/WhatsApp Chat with Ben Ortiz.txt"
done
