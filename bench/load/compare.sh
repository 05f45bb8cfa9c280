#!/bin/sh
# Clue's typed load vs DuckDB read_csv on the same files, interleaved runs (the best of
# each is what to compare; other work on the machine only ever slows a run down).
#   sh bench/load/compare.sh [ROWS=1000000] [ROUNDS=3]
# Needs: g++, libzip/pugixml dev files, node + `npm install @duckdb/node-api` in /tmp/duckdb.
set -eu
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
ROWS=${1:-1000000}
ROUNDS=${2:-3}
OUT=${TMPDIR:-/tmp}/clue_load_bench
mkdir -p "$OUT"
CSV=$OUT/zhongben_$ROWS.csv
GB=$OUT/zhongben_${ROWS}_gb18030.csv
[ -f "$CSV" ] || python3 "$ROOT/bench/load/gen_zhongben.py" "$CSV" "$ROWS"
[ -f "$GB" ] || tail -c +4 "$CSV" | iconv -f UTF-8 -t GB18030 > "$GB"
BIN=$OUT/load_bench
cd "$ROOT"
g++ -std=c++20 -O2 -I. bench/load/load_bench.cpp runtime/load/*.cpp runtime/table/*.cpp runtime/csv/*.cpp \
  runtime/values/*.cpp $(ls runtime/xlsx/*.cpp | grep -v fuzz_entry) $(pkg-config --cflags --libs libzip pugixml) \
  -pthread -o "$BIN"
for r in $(seq "$ROUNDS"); do
  for t in 1 2; do
    "$BIN" "$CSV" "$t" 1
    "$BIN" "$GB" "$t" 1
    NODE_PATH=/tmp/duckdb/node_modules node bench/load/duckdb_read_csv.mjs "$CSV" "$t" 1 typed
  done
done
