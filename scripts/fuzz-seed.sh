# Sourced by fuzz-smoke.sh and fuzz-long.sh: `seed_corpus TARGET` fills fuzz/corpus/TARGET
# with the project's fixtures and (when present) up to 200 small shared-corpus exports, and
# prints the folder.
seed_corpus() {
  local corpus="fuzz/corpus/$1"
  mkdir -p "$corpus"
  find tests/fixtures -type f ! -name '*.py' -exec cp -n {} "$corpus/" \; 2>/dev/null || true
  if [[ -d ../shared/corpus/exports ]]; then
    find ../shared/corpus/exports -type f -size -1M | head -200 | while read -r f; do
      cp -n "$f" "$corpus/$(basename "$f" | tr ' ' '_')" 2>/dev/null || true
    done
  fi
  echo "$corpus"
}
