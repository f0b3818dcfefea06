#!/usr/bin/env python3
"""Writes a fictional Telegram Desktop full-account export (`result.json`) of about BYTES
bytes, for the memory benchmark (scripts/bench-memory.sh): the layout Telegram Desktop
writes (one-space indents, `text_entities`, `date_unixtime`), `personal_information` and
`contacts` first, then `chats.list` with chats of very different sizes (the largest about a
tenth of the file), messages with replies, edits, reactions, media, calls and group events.

    scripts/gen-telegram.py OUT.json BYTES [SEED]
"""

import json
import random
import sys

WORDS = ("ok yes no maybe later tonight tomorrow coffee call me back soon love it haha "
         "sure thanks sorry busy work home train late early dinner movie weekend").split()
NAMES = ["Anna Berg", "Ben Okafor", "Chiara Rossi", "Dev Patel", "Elif Kaya", "Femi Ade",
         "Greta Lind", "Hiro Sato", "Ines Costa", "Jonas Weber"]


def text_of(rng):
    return " ".join(rng.choice(WORDS) for _ in range(rng.randint(1, 14)))


def message(rng, mid, t, who, uid, reply):
    text = text_of(rng)
    m = {"id": mid, "type": "message", "date": iso(t), "date_unixtime": str(t),
         "from": who, "from_id": uid}
    if reply is not None:
        m["reply_to_message_id"] = reply
    roll = rng.random()
    if roll < 0.05:
        m["edited"] = iso(t + 60)
        m["edited_unixtime"] = str(t + 60)
    if roll > 0.93:
        m["file"] = "voice_messages/audio_%d.ogg" % mid
        m["media_type"] = "voice_message"
        m["duration_seconds"] = rng.randint(2, 90)
        text = ""
    m["text"] = text
    m["text_entities"] = [{"type": "plain", "text": text}] if text else []
    if rng.random() < 0.08:
        m["reactions"] = [{"type": "emoji", "count": 1, "emoji": "❤",
                           "recent": [{"from": "Me", "from_id": "user1", "date": iso(t + 30),
                                       "date_unixtime": str(t + 30)}]}]
    return m


def service(rng, mid, t, who, uid):
    m = {"id": mid, "type": "service", "date": iso(t), "date_unixtime": str(t),
         "actor": who, "actor_id": uid, "action": "phone_call"}
    if rng.random() < 0.3:
        m["discard_reason"] = "missed"
    else:
        m["duration_seconds"] = rng.randint(5, 3600)
    m["text"] = ""
    m["text_entities"] = []
    return m


def iso(t):
    import time
    return time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(t))


def dump(obj, indent):
    """One value in Telegram Desktop's layout, indented by `indent` spaces."""
    text = json.dumps(obj, ensure_ascii=False, indent=1)
    pad = " " * indent
    return text.replace("\n", "\n" + pad)


def write_chat(out, rng, chat_id, target_bytes, first):
    other = rng.choice(NAMES)
    other_id = "user%d" % (1000 + chat_id)
    head = {"name": other, "type": "personal_chat", "id": chat_id}
    out.write(("" if first else ",\n") + "   {\n")
    for k, v in head.items():
        out.write('    "%s": %s,\n' % (k, json.dumps(v, ensure_ascii=False)))
    out.write('    "messages": [\n')
    written, mid, t = 0, 1, 1_500_000_000 + rng.randint(0, 10**7)
    while written < target_bytes:
        t += rng.choice((5, 20, 60, 300, 3600, 30000))
        who, uid = (other, other_id) if rng.random() < 0.5 else ("Me", "user1")
        reply = mid - rng.randint(1, 5) if mid > 6 and rng.random() < 0.1 else None
        m = service(rng, mid, t, who, uid) if rng.random() < 0.01 else \
            message(rng, mid, t, who, uid, reply)
        chunk = ("" if mid == 1 else ",\n") + "     " + dump(m, 5)
        out.write(chunk)
        written += len(chunk.encode())
        mid += 1
    out.write("\n    ]\n   }")
    return written, mid - 1


def main():
    path, total = sys.argv[1], int(float(sys.argv[2]))
    rng = random.Random(int(sys.argv[3]) if len(sys.argv) > 3 else 1)
    with open(path, "w", encoding="utf-8") as out:
        out.write('{\n "about": "Here is the data you requested.",\n')
        out.write(' "personal_information": {\n  "user_id": 1,\n  "first_name": "Me"\n },\n')
        out.write(' "contacts": {\n  "about": "contacts",\n  "list": []\n },\n')
        out.write(' "chats": {\n  "about": "chats",\n  "list": [\n')
        done, chat_id, messages = 0, 1, 0
        while done < total:
            # The first chat is a tenth of the export; the others from 20 KB up, most small.
            size = total // 10 if chat_id == 1 else \
                min(total // 10, int(20_000 * (1 / (1 - rng.random() * 0.999)) ** 1.2))
            size = min(size, max(total - done, 10_000))
            n, m = write_chat(out, rng, chat_id, size, chat_id == 1)
            done += n
            messages += m
            chat_id += 1
        out.write("\n  ]\n }\n}\n")
    print("%s: %d chats, %d messages" % (path, chat_id - 1, messages))


if __name__ == "__main__":
    main()
