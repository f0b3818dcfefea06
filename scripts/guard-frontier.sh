#!/usr/bin/env bash
# What the construct set costs on the emotion-labelled guards of issue #12: trains the
# built-in model at several construct weights (0 = the emotion data alone, as before the
# construct set; 1 = the shipped model) and measures each, without a rebuild
# (`eval --builtin-model`), on the construct test split and on EmotionPush dev and
# GoEmotions test under the emotion mapping. Means of three training seeds.
#
#   scripts/guard-frontier.sh            # ~1 min on 2 cores
#
# The guards score the emotion mapping (sadness and anger cold), which the construct guide
# reads differently (missing someone is pull; venting about a boss is neutral): the rows
# show how far one model can serve both.
set -euo pipefail
cd "$(dirname "$0")/.."
corpus=../shared/corpus/labeled
[ -d "$corpus/goemotions" ] || { echo "guard-frontier: $corpus absent; nothing measured" >&2; exit 1; }
cargo build --release --quiet
out=target/guard-frontier
mkdir -p "$out"
for setting in "0 0" "0.1 0" "0.3 0.25" "0.5 0.25" "1 0.25"; do
  read -r weight share <<<"$setting"
  for seed in 1 2 3; do
    model="$out/w$weight-s$seed.bin"
    ./target/release/pushpull train --data "$corpus/goemotions" --construct-weight "$weight" \
      --construct-share "$share" --seed "$seed" --out "$model" 2>/dev/null
    ./target/release/pushpull eval --json --split test --builtin-model "$model" \
      models/construct/en.tsv "$corpus/emotionpush/dev.json" "$corpus/goemotions/test.tsv" |
      sed "s/^{/{\"weight\":\"$weight\",\"share\":\"$share\",/"
  done
done > "$out/runs.jsonl"
python3 - "$out/runs.jsonl" <<'PY'
import json, statistics, sys
rows = [json.loads(line) for line in open(sys.argv[1])]
print("construct  calibration | construct test      | EmotionPush dev   | GoEmotions test")
print("weight     share       | macro-F1  push rec  | spearman  F1      | spearman  F1")
for key in dict.fromkeys((r["weight"], r["share"]) for r in rows):
    def mean(end, metric):
        return statistics.mean(r[metric] for r in rows
                               if (r["weight"], r["share"]) == key and r["file"].endswith(end))
    print(f"{key[0]:<10} {key[1]:<11} | {mean('en.tsv', 'macro_f1'):.3f}     {mean('en.tsv', 'recall_push'):.3f}     "
          f"| {mean('dev.json', 'spearman'):.3f}     {mean('dev.json', 'macro_f1'):.3f}   "
          f"| {mean('test.tsv', 'spearman'):.3f}     {mean('test.tsv', 'macro_f1'):.3f}")
print("#12 asks: construct test macro-F1 >= 0.80 and push recall >= 0.75, with EmotionPush dev")
print("          >= 0.464 / 0.558 and GoEmotions test >= 0.696 / 0.653 (spearman / F1)")
PY
