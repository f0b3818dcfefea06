#!/usr/bin/env bash
# Parse benchmark (not a test): generates a WhatsApp Android export of MESSAGES messages
# (default 1,000,000, ~70 MB; fictional, scripts/gen-whatsapp.py) and parses it with
#   - pushpull, the library (best of 3, in memory; benches/parse.rs)
#   - pushpull parse FILE > /dev/null (the whole CLI: read, parse, write JSON Lines)
#   - the Rust crate chatpack 0.7 (feature whatsapp), in a throw-away cargo project
#     under target/bench-chatpack (not a dependency of pushpull)
#   - the PyPI packages whatstk and chat-miner, in .venv-bench (created here, gitignored),
#     on the first PEER_MESSAGES messages (default 200,000: the Python peers take minutes
#     on the full file; their rate is per message, so the comparison stays fair)
# and prints one table. Usage: scripts/bench-parse.sh [MESSAGES]
set -euo pipefail
cd "$(dirname "$0")/.."
messages=${1:-1000000}
peer_messages=${PEER_MESSAGES:-200000}
out=target/bench-parse
mkdir -p "$out"
big=$out/whatsapp-$messages.txt
small=$out/whatsapp-$peer_messages.txt
[ -s "$big" ] || python3 scripts/gen-whatsapp.py "$big" "$messages"
[ -s "$small" ] || python3 scripts/gen-whatsapp.py "$small" "$peer_messages"
mb=$(python3 -c "import os,sys; print(round(os.path.getsize(sys.argv[1])/1e6, 1))" "$big")
small_mb=$(python3 -c "import os,sys; print(os.path.getsize(sys.argv[1])/1e6)" "$small")

rows=()
row() { # name messages seconds megabytes
    rows+=("$(python3 -c "
import sys
name, n, s, mb = sys.argv[1], int(sys.argv[2]), float(sys.argv[3]), float(sys.argv[4])
print(f'| {name} | {n:,} | {s:.2f} | {n/s:,.0f} | {mb/s:,.1f} |')" "$@")")
}

cargo build --release --quiet
cargo bench --bench parse --quiet --no-run 2>/dev/null
lib=$(cargo bench --bench parse --quiet -- "$big" 3 2>/dev/null | tail -1)
row "pushpull (library, in memory)" "$(cut -f2 <<<"$lib")" "$(cut -f3 <<<"$lib")" "$mb"

start=$(date +%s.%N)
./target/release/pushpull parse "$big" > /dev/null 2>"$out/pushpull-parse.log"
end=$(date +%s.%N)
n=$(grep -o 'messages: [0-9]*' "$out/pushpull-parse.log" | grep -o '[0-9]*' | head -1)
row "pushpull parse > /dev/null (CLI, JSONL)" "$n" "$(echo "$end - $start" | bc)" "$mb"

cp=target/bench-chatpack
mkdir -p "$cp/src"
cat > "$cp/Cargo.toml" <<'TOML'
[package]
name = "bench-chatpack"
version = "0.0.0"
edition = "2021"
publish = false

[dependencies]
chatpack = { version = "0.7", default-features = false, features = ["whatsapp"] }

[profile.release]
lto = "thin"
codegen-units = 4

[workspace]
TOML
cat > "$cp/src/main.rs" <<'RUST'
use chatpack::parser::Parser;
use chatpack::parsers::WhatsAppParser;
use std::time::Instant;

fn main() {
    let path = std::env::args().nth(1).expect("FILE");
    let text = std::fs::read_to_string(&path).expect("read");
    let parser = WhatsAppParser::new();
    let mut best = f64::INFINITY;
    let mut n = 0;
    for _ in 0..3 {
        let start = Instant::now();
        let messages = parser.parse_str(&text).expect("parse");
        best = best.min(start.elapsed().as_secs_f64());
        n = messages.len();
    }
    println!("{n}\t{best:.3}");
}
RUST
(cd "$cp" && cargo build --release --quiet)
cpo=$("$cp/target/release/bench-chatpack" "$big")
row "chatpack 0.7 (Rust, in memory)" "$(cut -f1 <<<"$cpo")" "$(cut -f2 <<<"$cpo")" "$mb"

venv=.venv-bench   # shared with bench-score.sh, which installs its own peer into it
[ -x "$venv/bin/python" ] || python3 -m venv "$venv"
"$venv/bin/python" -c 'import whatstk, chatminer' 2>/dev/null ||
    "$venv/bin/pip" install --quiet whatstk chat-miner
py=$("$venv/bin/python" - "$small" <<'PY'
import logging, sys, time
logging.disable(logging.CRITICAL)
path = sys.argv[1]
from whatstk import WhatsAppChat
t = time.perf_counter()
df = WhatsAppChat.from_source(filepath=path).df
print(f"whatstk\t{len(df)}\t{time.perf_counter() - t:.3f}")
from chatminer.chatparsers import WhatsAppParser
import tqdm, functools
tqdm.tqdm.__init__ = functools.partialmethod(tqdm.tqdm.__init__, disable=True)
t = time.perf_counter()
p = WhatsAppParser(path)
p.parse_file()
n = len(p.parsed_messages.get_df())
print(f"chat-miner\t{n}\t{time.perf_counter() - t:.3f}")
PY
)
while IFS=$'\t' read -r name n s; do
    version=$("$venv/bin/pip" show "$name" 2>/dev/null | awk '/^Version/{print $2}')
    row "$name $version (Python, ${peer_messages} msgs)" "$n" "$s" "$small_mb"
done <<<"$py"

echo
echo "WhatsApp parse, $(nproc) cores, $(date -u +%Y-%m-%d): $big ($mb MB)"
echo
echo "| parser | messages | seconds | messages/s | MB/s |"
echo "|---|---:|---:|---:|---:|"
printf '%s\n' "${rows[@]}"
