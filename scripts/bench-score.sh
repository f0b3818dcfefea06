#!/usr/bin/env bash
# Compares the built-in warmth scorer with VADER (vaderSentiment, the reference users pick
# today) on the same labelled files in one run: Spearman, Pearson, macro-F1, recall of
# pull / neutral / push and messages/s. pushpull's msgs/s is with each text's language
# given; `+lang id` is the same with language identification in every pass (function words
# per text, the file's main language as for a conversation). The machine's load average
# is printed first: the speeds mean little on a busy machine.
#
#   scripts/bench-score.sh [FILE...]   # default: EmotionPush dev, GoEmotions test, the test
#                                      # split of the construct set, the independent set and
#                                      # EmotionPush dev under construct labels
#
# Construct-set files (models/construct/*.tsv) are read at their test split; pushpull scores
# their messages as replies to the context column, VADER (which cannot) scores them alone.
set -euo pipefail
cd "$(dirname "$0")/.."
corpus=../shared/corpus/labeled
files=("$@")
[ ${#files[@]} -gt 0 ] || files=("$corpus/emotionpush/dev.json" "$corpus/goemotions/test.tsv"
  models/construct/en.tsv models/construct/independent.tsv models/construct/emotionpush-dev.tsv
  models/construct/{es,pt,de,fr,it}.tsv)

[ -x .venv-bench/bin/python ] || python3 -m venv .venv-bench
if ! .venv-bench/bin/python -c 'import vaderSentiment' 2>/dev/null; then
  .venv-bench/bin/pip install -q vaderSentiment
fi
cargo build --release --quiet
./target/release/pushpull eval --json --split test "${files[@]}" > target/bench-score-pushpull.jsonl

echo "load average: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores"
.venv-bench/bin/python - "$corpus/warmth_mapping.json" target/bench-score-pushpull.jsonl "${files[@]}" <<'PY'
import json, math, sys, time
from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

mapping = json.load(open(sys.argv[1]))
corpus = sys.argv[1].rsplit("/", 1)[0]

def cls(w):
    return 0 if w >= 0.25 else (2 if w <= -0.25 else 1)
ours = {json.loads(l)["file"]: json.loads(l) for l in open(sys.argv[2])}
files = sys.argv[3:]

def load(path):
    first = open(path, encoding="utf-8").readline().rstrip("\n")
    if first == "id\tsplit\tlabel\tsubkind\tcontext\ttext":
        gold = {"pull": 0.8, "neutral": 0.0, "push": -0.8}
        out = []
        for line in open(path, encoding="utf-8").read().splitlines()[1:]:
            _, split, label, sub, _, text = line.split("\t")
            if split == "test":
                out.append((text, 0.5 if sub == "pursuit" else gold[label], ["pull", "neutral", "push"].index(label)))
        return out
    if first == "dataset\trow\tlabel":
        # Corpus rows relabelled under the construct (ids only): texts from the corpus.
        gold = {"pull": 0.8, "neutral": 0.0, "push": -0.8}
        dialogues = json.load(open(corpus + "/emotionpush/dev.json"))
        out = []
        for line in open(path, encoding="utf-8").read().splitlines()[1:]:
            dataset, row, label = line.split("\t")
            if dataset == "emotionpush/dev":
                d, u = map(int, row.split(":"))
                out.append((dialogues[d][u]["utterance"].strip(), gold[label], ["pull", "neutral", "push"].index(label)))
        return out
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
                    g = sum(n * w for n, w in pairs) / total
                    out.append((t, g, cls(g)))
        return out
    labels = [l.strip() for l in open(path.rsplit("/", 1)[0] + "/labels.txt")]
    m = mapping["goemotions"]
    out = []
    for line in open(path, encoding="utf-8"):
        t, ids, _ = line.rstrip("\n").split("\t")
        ws = [m[labels[int(i)]] for i in ids.split(",") if m.get(labels[int(i)]) is not None]
        if t.strip() and ws:
            out.append((t, sum(ws) / len(ws), cls(sum(ws) / len(ws))))
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

def recall(p, g, k):
    total = sum(1 for b in g if b == k)
    return sum(1 for a, b in zip(p, g) if a == b == k) / total if total else 0.0

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
print(f"{'file':<28} {'scorer':<9} {'n':>6} {'spearman':>9} {'pearson':>8} {'macro_f1':>9} {'r_pull':>7} {'r_neut':>7} {'r_push':>7} {'msgs/s':>11} {'speed ×':>8} {'+lang id':>10}")
for path in files:
    data = load(path)
    texts = [t for t, _, _ in data]
    gold = [g for _, g, _ in data]
    gold_cls = [c for _, _, c in data]
    start = time.perf_counter()
    pred = [vader.polarity_scores(t)["compound"] for t in texts]
    vader_speed = len(texts) / (time.perf_counter() - start)
    name = "/".join(path.split("/")[-2:])
    o = ours[path]
    print(f"{name:<28} {'pushpull':<9} {o['n']:>6} {o['spearman']:>9.4f} {o['pearson']:>8.4f} {o['macro_f1']:>9.4f} "
          f"{o['recall_pull']:>7.3f} {o['recall_neutral']:>7.3f} {o['recall_push']:>7.3f} {o['msgs_per_s']:>11.0f} {o['msgs_per_s'] / vader_speed:>8.0f} {o['msgs_per_s_langid']:>10.0f}")
    pc = [cls(p) for p in pred]
    print(f"{name:<28} {'vader':<9} {len(texts):>6} {pearson(ranks(pred), ranks(gold)):>9.4f} {pearson(pred, gold):>8.4f} "
          f"{macro_f1(pc, gold_cls):>9.4f} {recall(pc, gold_cls, 0):>7.3f} {recall(pc, gold_cls, 1):>7.3f} {recall(pc, gold_cls, 2):>7.3f} {vader_speed:>11.0f} {1:>8}")
PY
