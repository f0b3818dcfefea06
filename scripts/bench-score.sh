#!/usr/bin/env bash
# Compares the built-in warmth scorer with VADER (vaderSentiment, the reference users pick
# today) on the same labelled files in one run: Spearman, Pearson, macro-F1 and messages/s.
#
#   scripts/bench-score.sh [FILE...]   # default: EmotionPush dev and GoEmotions test
set -euo pipefail
cd "$(dirname "$0")/.."
corpus=../shared/corpus/labeled
files=("$@")
[ ${#files[@]} -gt 0 ] || files=("$corpus/emotionpush/dev.json" "$corpus/goemotions/test.tsv")

if [ ! -x .venv-bench/bin/python ]; then
  python3 -m venv .venv-bench
  .venv-bench/bin/pip install -q vaderSentiment
fi
cargo build --release --quiet
./target/release/pushpull eval --json "${files[@]}" > target/bench-score-pushpull.jsonl

.venv-bench/bin/python - "$corpus/warmth_mapping.json" target/bench-score-pushpull.jsonl "${files[@]}" <<'PY'
import json, math, sys, time
from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

mapping = json.load(open(sys.argv[1]))
ours = {json.loads(l)["file"]: json.loads(l) for l in open(sys.argv[2])}
files = sys.argv[3:]

def load(path):
    if path.endswith(".json"):
        m = mapping["emotionlines_meld_ekman"]
        order = m["_annotation_vote_order"]
        out = []
        for dialogue in json.load(open(path)):
            for u in dialogue:
                t = u["utterance"].strip()
                votes = [int(c) for c in u["annotation"]]
                pairs = [(n, m[l]) for n, l in zip(votes, order) if m.get(l) is not None]
                total = sum(n for n, _ in pairs)
                if t and total:
                    out.append((t, sum(n * w for n, w in pairs) / total))
        return out
    labels = [l.strip() for l in open(path.rsplit("/", 1)[0] + "/labels.txt")]
    m = mapping["goemotions"]
    out = []
    for line in open(path, encoding="utf-8"):
        t, ids, _ = line.rstrip("\n").split("\t")
        ws = [m[labels[int(i)]] for i in ids.split(",") if m.get(labels[int(i)]) is not None]
        if t.strip() and ws:
            out.append((t, sum(ws) / len(ws)))
    return out

def ranks(x):
    order = sorted(range(len(x)), key=lambda i: x[i])
    r = [0.0] * len(x)
    i = 0
    while i < len(order):
        j = i
        while j + 1 < len(order) and x[order[j + 1]] == x[order[i]]:
            j += 1
        for k in order[i:j + 1]:
            r[k] = (i + j) / 2 + 1
        i = j + 1
    return r

def pearson(x, y):
    mx, my = sum(x) / len(x), sum(y) / len(y)
    sxy = sum((a - mx) * (b - my) for a, b in zip(x, y))
    sxx = sum((a - mx) ** 2 for a in x)
    syy = sum((b - my) ** 2 for b in y)
    return sxy / math.sqrt(sxx * syy) if sxx and syy else 0.0

def cls(w):
    return 0 if w >= 0.25 else (2 if w <= -0.25 else 1)

def macro_f1(p, g):
    f = []
    for k in range(3):
        tp = sum(1 for a, b in zip(p, g) if a == b == k)
        fp = sum(1 for a, b in zip(p, g) if a == k != b)
        fn = sum(1 for a, b in zip(p, g) if b == k != a)
        if tp + fp + fn:
            f.append(2 * tp / (2 * tp + fp + fn))
    return sum(f) / len(f)

vader = SentimentIntensityAnalyzer()
print(f"{'file':<28} {'scorer':<9} {'n':>6} {'spearman':>9} {'pearson':>8} {'macro_f1':>9} {'msgs/s':>11} {'speed ×':>8}")
for path in files:
    data = load(path)
    texts = [t for t, _ in data]
    gold = [g for _, g in data]
    start = time.perf_counter()
    pred = [vader.polarity_scores(t)["compound"] for t in texts]
    vader_speed = len(texts) / (time.perf_counter() - start)
    name = "/".join(path.split("/")[-2:])
    o = ours[path]
    print(f"{name:<28} {'pushpull':<9} {o['n']:>6} {o['spearman']:>9.4f} {o['pearson']:>8.4f} {o['macro_f1']:>9.4f} {o['msgs_per_s']:>11.0f} {o['msgs_per_s'] / vader_speed:>8.0f}")
    print(f"{name:<28} {'vader':<9} {len(texts):>6} {pearson(ranks(pred), ranks(gold)):>9.4f} {pearson(pred, gold):>8.4f} "
          f"{macro_f1([cls(p) for p in pred], [cls(g) for g in gold]):>9.4f} {vader_speed:>11.0f} {1:>8}")
PY
