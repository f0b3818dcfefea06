#!/usr/bin/env python3
"""Writes a synthetic WhatsApp Android export (fictional people, deterministic) for the
parse benchmark: gen-whatsapp.py OUT [MESSAGES]. About 70 bytes per message; some
messages span several lines, some are media, deleted or system lines."""
import random
import sys
from datetime import datetime, timedelta

out = sys.argv[1]
n = int(sys.argv[2]) if len(sys.argv) > 2 else 1_000_000
rng = random.Random(42)
names = ["Anna Berg", "Sam Kowalski", "Lea", "Tom Ruiz"]
words = ("ok sure see you later tonight love miss thanks why when where what "
         "coffee work home train late sorry call me maybe yes no haha great").split()
t = datetime(2019, 1, 1, 8, 0)
with open(out, "w", encoding="utf-8", newline="\n") as f:
    f.write(f"{t:%d/%m/%Y, %H:%M} - Messages and calls are end-to-end encrypted. "
            "No one outside of this chat, not even WhatsApp, can read or listen to them.\n")
    for i in range(n - 1):
        t += timedelta(seconds=rng.randint(5, 90))
        head = f"{t:%d/%m/%Y, %H:%M} - {names[i % 2 if rng.random() < 0.9 else rng.randrange(4)]}: "
        r = rng.random()
        if r < 0.04:
            body = "<Media omitted>"
        elif r < 0.05:
            body = "This message was deleted"
        elif r < 0.08:
            body = " ".join(rng.choices(words, k=5)) + "\n" + " ".join(rng.choices(words, k=4))
        else:
            body = " ".join(rng.choices(words, k=rng.randint(4, 11)))
        f.write(head + body + "\n")
