#!/usr/bin/env bash
# Where Clue's time goes: a sampling profile (perf, software cpu-clock; the VM exposes no
# hardware counters) of one `clue run` on the benchmark data, as a flat list of the hottest
# functions. Run bench/run_bench.sh at the same scale first (it builds clue and the data).
#
#   bench/profile.sh [--scale N] [--model due_claims] [--engine jit] [--threads 1] [--top 25]
#
# Needs perf (Debian package linux-perf); falls back to valgrind --tool=callgrind when perf
# is missing (then use a small scale: callgrind is ~50x slower).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"; repo="$(dirname "$here")"
scale=1000000 model=due_claims engine=jit threads=1 top=25 seed=1
while [ $# -gt 0 ]; do
  case "$1" in
    --scale) scale=$2 ;; --model) model=$2 ;; --engine) engine=$2 ;; --threads) threads=$2 ;;
    --top) top=$2 ;; --seed) seed=$2 ;; *) echo "profile: unknown option $1" >&2; exit 2 ;;
  esac
  shift 2
done
data="$here/.data/scale-$scale-seed-$seed"
[ -f "$data/expected.json" ] || { echo "profile: no $data; run bench/run_bench.sh --scale $scale first" >&2; exit 2; }
out="$here/.runs/profile"; mkdir -p "$out"
cmd=("$repo/build/compiler/clue" run "$repo/models/$model.model" --data-dir "$data" --out "$out/leads"
     --engine "$engine" --threads "$threads")
if command -v perf >/dev/null && perf record -e cpu-clock -o /dev/null -- true >/dev/null 2>&1; then
  perf record -q -e cpu-clock -F 1999 -o "$out/perf.data" -- "${cmd[@]}" >"$out/run.log" 2>&1
  grep '^time ' "$out/run.log" || true
  perf report -i "$out/perf.data" --no-children --sort dso,symbol --stdio 2>/dev/null |
    grep -E '^ +[0-9.]+%' | sed -E 's/[ -]+$//' | cut -c1-160 | head -n "$top"
else
  valgrind --tool=callgrind --callgrind-out-file="$out/callgrind.out" "${cmd[@]}" >"$out/run.log" 2>&1
  callgrind_annotate "$out/callgrind.out" 2>/dev/null | sed -n '1,/^-- /d;p' | head -n "$((top + 5))"
fi
