#!/usr/bin/env bash
# Regenerates the demo exports in samples/ with `pushpull synth` (fictional people, planted
# phases). Deterministic: the same binary writes byte-identical files. The ground-truth JSON
# files are written to samples-truth/ (not committed; `pushpull analyze samples/` should see
# only exports). Run from the crate root: scripts/make-samples.sh
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --quiet
bin=target/release/pushpull
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"$bin" synth --scenario pushpull --days 120 --seed 11 --rate 0.4 --format whatsapp \
  --names "Mara Quill,Teo Brandt" -o "$tmp"
"$bin" synth --scenario stable_warm --days 120 --seed 12 --rate 0.4 --format whatsapp-ios \
  --names "Ines Varga,Oskar Lind" -o "$tmp"
"$bin" synth --scenario onoff --days 120 --seed 13 --rate 0.4 --format signal \
  --names "Priya Nandakumar,Dario Fenwick" -o "$tmp"
"$bin" synth --scenario pushpull --days 120 --seed 14 --rate 0.4 --format whatsapp \
  --names "Lucía Ferrer,Tomás Rivas" --lang es -o "$tmp"
mkdir -p samples samples-truth
for f in "$tmp"/*; do
  case "$f" in
    *.truth.json) cp "$f" samples-truth/ ;;
    *) cp "$f" samples/ ;;
  esac
done
ls -l samples
