#!/usr/bin/env python3
"""Writes tests/data/pelt_reference.json: random piecewise-constant series (1 and 2 channels)
and the breakpoints ruptures finds with Pelt(model="l2", min_size=3, jump=1).

The Rust PELT (src/dynamics/pelt.rs) with all weights 1 must return the same breakpoints
(tests/pelt_reference.rs). Run once, from the crate root:

    python3 -m venv .venv-ref && .venv-ref/bin/pip install ruptures numpy
    .venv-ref/bin/python scripts/make-pelt-reference.py
"""
import json

import numpy as np
import ruptures

rng = np.random.default_rng(20240101)
cases = []
for k in range(8):
    n = int(rng.integers(30, 160))
    channels = 1 if k % 2 == 0 else 2
    n_changes = int(rng.integers(0, 6))
    cuts = sorted(set(int(c) for c in rng.integers(3, n - 3, n_changes)))
    levels = rng.normal(0, 1.5, (len(cuts) + 1, channels))
    signal = np.zeros((n, channels))
    start = 0
    for i, end in enumerate(cuts + [n]):
        signal[start:end] = levels[i]
        start = end
    signal += rng.normal(0, 1.0, (n, channels))
    signal = np.round(signal, 6)  # exact decimal inputs in the JSON
    penalty = float(3.0 * np.log(n))
    bkps = ruptures.Pelt(model="l2", min_size=3, jump=1).fit(signal).predict(pen=penalty)
    cases.append({
        "n": n,
        "channels": channels,
        "penalty": penalty,
        "signal": signal.T.tolist(),  # one list per channel
        "breakpoints": [int(b) for b in bkps],
    })

out = {
    "note": "made by scripts/make-pelt-reference.py with ruptures "
    + ruptures.__version__
    + ": Pelt(model='l2', min_size=3, jump=1).fit(signal).predict(pen=3 ln n)",
    "cases": cases,
}
with open("tests/data/pelt_reference.json", "w") as f:
    json.dump(out, f, indent=1)
print(len(cases), "cases")
