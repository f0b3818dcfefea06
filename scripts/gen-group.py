#!/usr/bin/env python3
"""Writes a synthetic WhatsApp Android group export (fictional people, deterministic) for the
group benchmark: gen-group.py OUT [MEMBERS] [MESSAGES] [DAYS].

Defaults: 100 members, 300,000 messages over 730 days. Conversations start at random
waking-hour times; inside one, a few members answer each other within seconds to minutes.
How much each member writes follows a Zipf-like law (the most active member writes about 60
times as much as the quietest), and every member writes at least 30 messages, so every
member is read by the dynamics stage (which reads members with at least 20). Every tenth
member withdraws for a week at a time every few weeks, so the readings have something to find.
"""
import random
import sys
from datetime import datetime, timedelta

out = sys.argv[1]
members = int(sys.argv[2]) if len(sys.argv) > 2 else 100
total = int(sys.argv[3]) if len(sys.argv) > 3 else 300_000
days = int(sys.argv[4]) if len(sys.argv) > 4 else 730
rng = random.Random(11)
first = ("Ada Ben Cleo Dario Esme Finn Greta Hugo Ines Jonah Kira Luca Mara Nils Oona Pavel "
         "Quinn Rosa Sami Tilde").split()
last = "Berg Costa Dahl Ek Fenwick Holm Ivers Jansen Lind Moreau".split()
names = [f"{first[i % len(first)]} {last[i // len(first) % len(last)]}" for i in range(members)]
weights = [1.0 / (k + 1) ** 0.9 for k in range(members)]
words = ("ok sure see you later tonight love miss thanks why when where what coffee work home "
         "train late sorry call me maybe yes no haha great dinner sunday kids photo nice").split()

# Everyone writes at least 30 messages: the first 30 * members turns cycle through everyone.
quota = [30] * members
start = datetime(2021, 1, 1)
per_day = total / days
lines = []
t = start
written = 0
day = 0
owed = 0
while written < total - 1:
    day_start = start + timedelta(days=day)
    n_today = max(1, round(rng.gauss(per_day, per_day * 0.25)))
    week = day // 7
    away = {m for m in range(9, members, 10) if week % (3 + m % 4) == 0}
    sessions = max(1, n_today // 12)
    times = sorted(rng.uniform(8 * 3600, 23 * 3600) for _ in range(sessions))
    for s_start in times:
        t = day_start + timedelta(seconds=s_start)
        talkers = rng.choices(range(members), weights=weights, k=4)
        for _ in range(12):
            if written >= total - 1:
                break
            while owed < members and quota[owed] == 0:
                owed += 1
            if owed < members and rng.random() < 0.5:
                who = owed
            else:
                who = rng.choice(talkers)
            if who in away:
                continue
            if quota[who] > 0:
                quota[who] -= 1
            t += timedelta(seconds=rng.randint(5, 240))
            body = " ".join(rng.choices(words, k=rng.randint(2, 10)))
            if rng.random() < 0.1:
                body += "?"
            lines.append(f"{t:%d/%m/%Y, %H:%M} - {names[who]}: {body}\n")
            written += 1
    day += 1
with open(out, "w", encoding="utf-8", newline="\n") as f:
    f.write(f"{start:%d/%m/%Y, %H:%M} - Ada Berg created group \"Benchmark group\"\n")
    f.writelines(lines)
print(f"{out}: {members} members, {written} messages over {day} days", file=sys.stderr)
