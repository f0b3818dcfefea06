#!/usr/bin/env python3
"""Makes a tiny, randomly initialised multilingual BERT sentence encoder for the tests.

The folder it writes has the layout of a real multilingual encoder such as
paraphrase-multilingual-MiniLM-L12-v2 or multilingual-e5-small as Hugging Face ships them:
`config.json` (architecture BertModel, hidden size 384), `model.safetensors`, and a
`tokenizer.json` (SentencePiece-style Unigram with NFKC normalisation, Metaspace
pre-tokenisation and `<s> … </s>` around each text) and no `vocab.txt`; plus
`reference-ids.json`, the ids the Python `tokenizers` package gives a few fixed texts. Its weights are random
(seeded), so its scores mean nothing: it exists so `tests/bert_multilingual.rs` can check that
the loader, the `tokenizers` path and head training work on such a folder without a 470 MB
download. No registry reachable here ships the real weights (docs/bert.md says how to place
one).

The Unigram vocabulary is trained, with the `tokenizers` package from PyPI, on the texts of the
project's own construct sets (`models/construct/{en,es,pt,de,fr,it}.tsv`), so Spanish, German and
French text splits into real pieces. Same inputs, same files: the weights come from Python's
seeded `random`, written as little-endian float32 without numpy or torch.

Usage (scripts/setup-bert.sh runs it with its venv):
    .bert/venv/bin/pip install tokenizers==0.22.2
    .bert/venv/bin/python scripts/make-tiny-multilingual.py models/construct models/tiny-multilingual
"""

import json
import os
import random
import struct
import sys

# The Unigram trainer splits its work over threads, and the vocabulary then depends on the
# order they finish in: one thread makes the same tokenizer.json every run.
os.environ["TOKENIZERS_PARALLELISM"] = "false"
os.environ["RAYON_NUM_THREADS"] = "1"
os.environ["RAYON_RS_NUM_CPUS"] = "1"

from tokenizers import Tokenizer, decoders, normalizers, pre_tokenizers, processors
from tokenizers.models import Unigram
from tokenizers.trainers import UnigramTrainer

LANGS = ["en", "es", "pt", "de", "fr", "it"]
SPECIALS = ["<s>", "<pad>", "</s>", "<unk>"]  # XLM-R's order: ids 0, 1, 2, 3
VOCAB = 1200
HIDDEN = 384  # the warmth head reads 384-wide embeddings, as both named encoders give
LAYERS = 2
HEADS = 6
INTERMEDIATE = 128
POSITIONS = 258  # 256 pieces + <s> and </s>
SEED = 13
# Texts whose ids (by the Python `tokenizers` package) go to reference-ids.json, for the Rust
# side to match: chat Spanish, German, French and Portuguese, with accents, casing, an emoji.
REFERENCE_TEXTS = [
    "te echo de menos",
    "Du fehlst mir total!! 😘",
    "tu me manques tellement, ça va ?",
    "não quero falar com você",
    "Lass mich einfach in Ruhe.",
]


def construct_texts(folder):
    texts = []
    for lang in LANGS:
        with open(os.path.join(folder, f"{lang}.tsv"), encoding="utf-8") as f:
            header = f.readline().rstrip("\n").split("\t")
            text_col = header.index("text")
            for line in f:
                cols = line.rstrip("\n").split("\t")
                if len(cols) > text_col and cols[text_col]:
                    texts.append(cols[text_col])
    return texts


def make_tokenizer(texts):
    tok = Tokenizer(Unigram())
    tok.normalizer = normalizers.NFKC()
    tok.pre_tokenizer = pre_tokenizers.Metaspace()
    tok.decoder = decoders.Metaspace()
    trainer = UnigramTrainer(
        vocab_size=VOCAB, special_tokens=SPECIALS, unk_token="<unk>", show_progress=False
    )
    tok.train_from_iterator(texts, trainer=trainer)
    tok = canonical(tok)
    tok.post_processor = processors.TemplateProcessing(
        single="<s> $A </s>",
        pair="<s> $A </s> </s> $B </s>",
        special_tokens=[("<s>", tok.token_to_id("<s>")), ("</s>", tok.token_to_id("</s>"))],
    )
    return tok


def canonical(tok):
    """The trained tokenizer with its pieces in a fixed order: the trainer's float sums differ
    in the last digits from run to run, and the characters it adds for coverage get scores in an
    arbitrary order, which reorders pieces of (nearly) equal score. Scores rounded
    to 2 decimals, specials first, then by score and piece."""
    spec = json.loads(tok.to_str())
    vocab = spec["model"]["vocab"]
    specials, pieces = vocab[: len(SPECIALS)], vocab[len(SPECIALS):]
    assert [p for p, _ in specials] == SPECIALS, specials
    pieces = sorted(([p, round(score, 2)] for p, score in pieces), key=lambda e: (-e[1], e[0]))
    spec["model"]["vocab"] = specials + pieces
    return Tokenizer.from_str(json.dumps(spec))


def tensors(vocab_size, rng):
    """Name → (shape, values) in BertModel's layout (the names rust-bert loads)."""

    def normal(*shape):
        n = 1
        for s in shape:
            n *= s
        return list(shape), [rng.gauss(0.0, 0.02) for _ in range(n)]

    def fill(value, size):
        return [size], [value] * size

    out = {
        "embeddings.word_embeddings.weight": normal(vocab_size, HIDDEN),
        "embeddings.position_embeddings.weight": normal(POSITIONS, HIDDEN),
        "embeddings.token_type_embeddings.weight": normal(2, HIDDEN),
        "embeddings.LayerNorm.weight": fill(1.0, HIDDEN),
        "embeddings.LayerNorm.bias": fill(0.0, HIDDEN),
    }
    for i in range(LAYERS):
        p = f"encoder.layer.{i}."
        for name in ["attention.self.query", "attention.self.key", "attention.self.value",
                     "attention.output.dense"]:
            out[p + name + ".weight"] = normal(HIDDEN, HIDDEN)
            out[p + name + ".bias"] = fill(0.0, HIDDEN)
        out[p + "attention.output.LayerNorm.weight"] = fill(1.0, HIDDEN)
        out[p + "attention.output.LayerNorm.bias"] = fill(0.0, HIDDEN)
        out[p + "intermediate.dense.weight"] = normal(INTERMEDIATE, HIDDEN)
        out[p + "intermediate.dense.bias"] = fill(0.0, INTERMEDIATE)
        out[p + "output.dense.weight"] = normal(HIDDEN, INTERMEDIATE)
        out[p + "output.dense.bias"] = fill(0.0, HIDDEN)
        out[p + "output.LayerNorm.weight"] = fill(1.0, HIDDEN)
        out[p + "output.LayerNorm.bias"] = fill(0.0, HIDDEN)
    return out


def write_safetensors(path, named):
    header, blobs, offset = {}, [], 0
    for name in sorted(named):
        shape, values = named[name]
        blob = struct.pack(f"<{len(values)}f", *values)
        header[name] = {"dtype": "F32", "shape": shape, "data_offsets": [offset, offset + len(blob)]}
        blobs.append(blob)
        offset += len(blob)
    head = json.dumps(header, separators=(",", ":")).encode()
    head += b" " * (-len(head) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(head)))
        f.write(head)
        for blob in blobs:
            f.write(blob)


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    construct, out = sys.argv[1], sys.argv[2]
    os.makedirs(out, exist_ok=True)
    tok = make_tokenizer(construct_texts(construct))
    tok.save(os.path.join(out, "tokenizer.json"))
    vocab_size = tok.get_vocab_size()
    reference = {"texts": REFERENCE_TEXTS, "ids": [tok.encode(t).ids for t in REFERENCE_TEXTS]}
    with open(os.path.join(out, "reference-ids.json"), "w") as f:
        json.dump(reference, f, ensure_ascii=False, indent=1)
        f.write("\n")
    config = {
        "architectures": ["BertModel"],
        "model_type": "bert",
        "attention_probs_dropout_prob": 0.1,
        "hidden_act": "gelu",
        "hidden_dropout_prob": 0.1,
        "hidden_size": HIDDEN,
        "initializer_range": 0.02,
        "intermediate_size": INTERMEDIATE,
        "layer_norm_eps": 1e-12,
        "max_position_embeddings": POSITIONS,
        "num_attention_heads": HEADS,
        "num_hidden_layers": LAYERS,
        "pad_token_id": 1,
        "type_vocab_size": 2,
        "vocab_size": vocab_size,
    }
    with open(os.path.join(out, "config.json"), "w") as f:
        json.dump(config, f, indent=2)
        f.write("\n")
    write_safetensors(os.path.join(out, "model.safetensors"), tensors(vocab_size, random.Random(SEED)))
    print(f"make-tiny-multilingual: {out}: vocabulary {vocab_size}, {LAYERS} layers, hidden {HIDDEN}")


if __name__ == "__main__":
    main()
