#!/usr/bin/env python3
"""Agreement between the construct set's labels and an independent second labelling.

    python3 scripts/construct-agreement.py [models/construct/second-labels.tsv]

Reads models/construct/en.tsv and relabeled.tsv (our labels) and the second labels
(`item_id<TAB>label`; item ids `c0001` or `dataset:row`), prints Cohen's kappa, raw
agreement, per-class agreement (of the items either labeller put in a class, the share
both did) and the 3x3 table, overall and for the two parts (own messages, corpus rows).
"""
import collections
import sys
from pathlib import Path

root = Path(__file__).resolve().parent.parent / "models" / "construct"
second_path = Path(sys.argv[1]) if len(sys.argv) > 1 else root / "second-labels.tsv"
ours = {}
for line in (root / "en.tsv").read_text(encoding="utf-8").splitlines()[1:]:
    f = line.split("\t")
    ours[f[0]] = f[2]
for line in (root / "relabeled.tsv").read_text(encoding="utf-8").splitlines()[1:]:
    dataset, row, label = line.split("\t")
    ours[f"{dataset}:{row}"] = label
second = {}
for line in second_path.read_text(encoding="utf-8").splitlines()[1:]:
    item, label = line.split("\t")[:2]
    second[item] = label.strip()
missing = [i for i in second if i not in ours]
if missing:
    sys.exit(f"{len(missing)} second-label ids not in the set, e.g. {missing[:3]}")
CLASSES = ["pull", "neutral", "push"]


def report(name, items):
    pairs = [(ours[i], second[i]) for i in items]
    n = len(pairs)
    if n == 0:
        print(f"{name}: no items")
        return
    agree = sum(a == b for a, b in pairs) / n
    pa = collections.Counter(a for a, _ in pairs)
    pb = collections.Counter(b for _, b in pairs)
    expected = sum(pa[c] * pb[c] for c in CLASSES) / (n * n)
    kappa = (agree - expected) / (1 - expected)
    print(f"{name}: n {n}, agreement {agree:.3f}, Cohen's kappa {kappa:.3f}")
    for c in CLASSES:
        either = sum(1 for a, b in pairs if c in (a, b))
        both = sum(1 for a, b in pairs if a == b == c)
        print(f"  {c:<8} agreement {both / either if either else 0:.3f} ({both} of {either})")
    print("  ours \\ second   " + " ".join(f"{c:>8}" for c in CLASSES))
    for a in CLASSES:
        print(f"  {a:<15} " + " ".join(f"{sum(1 for x, y in pairs if x == a and y == b):>8}" for b in CLASSES))


report("all", list(second))
report("own messages (en.tsv)", [i for i in second if ":" not in i])
report("relabelled corpus rows", [i for i in second if ":" in i])
