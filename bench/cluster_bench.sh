#!/usr/bin/env bash
# The issue-17 benchmark: due_claims and provident_fund on PostgreSQL and on the two-shard
# ClickHouse cluster (`clue run --on`), against the local engine (`clue run`) and DuckDB (the
# bench/sql queries through bench's node harness), over the generator's exports.
#
#   bench/cluster_bench.sh [--scale N] [--reps R] [--seed S] [--models due_claims,provident_fund]
#
# N defaults to 5,000,000 终本 rows, R to 3. It generates the data with clue-gen into
# bench/.data/cluster-<N>-seed-<S>/ (kept for the next run), starts tools/local-cluster in a
# directory of its own (CLUE_CLUSTER_DIR: bench/.cluster, stopped at the end however the
# script ends), ingests each model's sources into PostgreSQL and into the cluster (timed
# separately: ingest is a one-time cost), then runs each model R times locally, on each
# server and in DuckDB, each under /usr/bin/time -v. It prints a markdown table of medians
# (wall time, peak RSS of the clue or node process; a server's own memory is not in it) and
# exits 1 unless every run succeeded, the lead files of `run --on` are byte-identical to the
# local run's, and DuckDB's lead keys are the local run's. See docs/performance.md.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(dirname "$here")"
cd "$repo"

scale=5000000 reps=3 seed=1 models="due_claims,provident_fund"
while [ $# -gt 0 ]; do
  case "$1" in
    --scale) scale="$2"; shift 2 ;;
    --reps) reps="$2"; shift 2 ;;
    --seed) seed="$2"; shift 2 ;;
    --models) models="$2"; shift 2 ;;
    *) echo "cluster_bench: unknown option $1" >&2; exit 2 ;;
  esac
done
IFS=',' read -r -a model_list <<< "$models"

[ -x /usr/bin/time ] || { echo "cluster_bench: /usr/bin/time is required (Debian package 'time')" >&2; exit 2; }
command -v node >/dev/null || { echo "cluster_bench: node (>= 18) is required for DuckDB" >&2; exit 2; }
[ -f build/build.ninja ] || cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
ninja -C build clue clue-gen >&2
clue="$repo/build/compiler/clue"
gen="$repo/build/tools/gen/clue-gen"
[ -x "$gen" ] || gen="$(find "$repo/build" -name clue-gen -type f -perm -u+x | head -n1)"
if [ ! -d "$here/.duckdb/node_modules/@duckdb/node-api" ]; then
  mkdir -p "$here/.duckdb"
  cp "$here/duckdb-package.json" "$here/.duckdb/package.json"
  echo "cluster_bench: npm install @duckdb/node-api into bench/.duckdb/" >&2
  npm install --prefix "$here/.duckdb" --no-audit --no-fund --loglevel=error >&2
fi

data="$here/.data/cluster-$scale-seed-$seed"
if [ ! -f "$data/expected.json" ]; then
  echo "cluster_bench: generating scale $scale (seed $seed) into ${data#$repo/}/" >&2
  rm -rf "$data"
  "$gen" --out "$data" --scale "$scale" --seed "$seed" --density realistic >&2
fi
runs="$here/.runs/cluster-$scale"
rm -rf "$runs"
mkdir -p "$runs"

export CLUE_CLUSTER_DIR="$here/.cluster"
stop_cluster() { tools/local-cluster stop >/dev/null 2>&1 || true; }
trap stop_cluster EXIT
tools/local-cluster start >&2
set -a; source "$CLUE_CLUSTER_DIR/env"; set +a
declare -A url=([postgres]="$CLUE_TEST_PG_URL" [clickhouse]="$CLUE_TEST_CH_URL")

failed=0
results="$runs/results.tsv"  # model, what, rep, wall s, peak RSS kB
: > "$results"
# timed LABEL MODEL REP CMD...: runs CMD under /usr/bin/time -v, records wall time and peak RSS.
timed() {
  local label="$1" model="$2" rep="$3"; shift 3
  local tfile="$runs/time.txt" t0 t1
  t0=$(date +%s.%N)
  if ! /usr/bin/time -v -o "$tfile" "$@" > "$runs/last.log" 2>&1; then
    echo "cluster_bench: $label $model rep $rep FAILED:" >&2
    tail -5 "$runs/last.log" >&2
    failed=1
    return 1
  fi
  t1=$(date +%s.%N)
  local rss
  rss=$(sed -n 's/.*Maximum resident set size (kbytes): //p' "$tfile")
  printf '%s\t%s\t%s\t%s\t%s\n' "$model" "$label" "$rep" "$(echo "$t1 - $t0" | bc)" "$rss" >> "$results"
  echo "  $label $model rep $rep: $(echo "$t1 - $t0" | bc) s, $((rss / 1024)) MB" >&2
}

for model in "${model_list[@]}"; do
  m="models/$model.model"
  for server in postgres clickhouse; do
    timed "ingest $server" "$model" 1 "$clue" ingest "$m" --replace --to "${url[$server]}" --data-dir "$data" \
      --out "$runs/ingest-$server-$model" || true
  done
  for rep in $(seq 1 "$reps"); do
    timed "clue local" "$model" "$rep" "$clue" run "$m" --data-dir "$data" --no-xlsx --out "$runs/local-$model" || true
    for server in postgres clickhouse; do
      timed "clue --on $server" "$model" "$rep" "$clue" run "$m" --on "${url[$server]}" --no-xlsx \
        --out "$runs/$server-$model" || true
    done
    timed "duckdb" "$model" "$rep" node "$here/duckdb_run.mjs" --data-dir "$data" --model "$model" --threads 2 \
      --out "$runs/duckdb-$model" || true
  done
done

# The leads: every output file of `run --on` byte-identical to the local run's; DuckDB's lead
# keys (bench.mjs's KEYS) the same set as the local run's first output.
for model in "${model_list[@]}"; do
  for f in "$runs/local-$model"/*.csv; do
    name="$(basename "$f")"
    [ "$name" = rejects.csv ] && continue
    for server in postgres clickhouse; do
      if ! cmp -s "$f" "$runs/$server-$model/$name"; then
        echo "cluster_bench: $model: $server's $name differs from the local run's" >&2
        failed=1
      fi
    done
  done
  duck="$(ls "$runs/duckdb-$model"/*.csv 2>/dev/null | head -n1 || true)"
  local_first="$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["outputs"][0]["path"])' \
    "$runs/local-$model/manifest.json" 2>/dev/null || true)"
  if [ -z "$duck" ] || [ -z "$local_first" ]; then
    echo "cluster_bench: $model: no DuckDB or local lead file to compare" >&2
    failed=1
  elif ! python3 - "$model" "$local_first" "$duck" <<'PY'
import csv, sys
keys = {"due_claims": ["终本案号", "民事案号"], "provident_fund": ["案号", "身份证号"]}[sys.argv[1]]
def leads(path):
    with open(path, encoding="utf-8-sig", newline="") as f:
        return {tuple(r.get(k) or "" for k in keys) for r in csv.DictReader(f)}
a, b = leads(sys.argv[2]), leads(sys.argv[3])
print(f"  {sys.argv[1]}: {len(a)} leads locally, {len(b)} in DuckDB, {len(a ^ b)} differ", file=sys.stderr)
sys.exit(0 if a == b else 1)
PY
  then
    echo "cluster_bench: $model: DuckDB's lead keys differ from the local run's" >&2
    failed=1
  fi
done

# The table: medians over the reps.
python3 - "$results" "$scale" "$reps" <<'PY'
import statistics, sys
from collections import defaultdict
rows = defaultdict(list)
for line in open(sys.argv[1], encoding="utf-8"):
    model, what, rep, wall, rss = line.rstrip("\n").split("\t")
    rows[(model, what)].append((float(wall), int(rss)))
print(f"\nscale {int(sys.argv[2]):,} 终本 rows, median of {sys.argv[3]} rep(s) (ingest: one run)\n")
print("| model | what | runs | wall s (median) | peak RSS MB (median) |")
print("|---|---|---|---|---|")
for (model, what), v in rows.items():
    print(f"| {model} | {what} | {len(v)} | {statistics.median(w for w, _ in v):.3f} | "
          f"{statistics.median(r for _, r in v) / 1024:.0f} |")
PY
if [ "$failed" -ne 0 ]; then
  echo "cluster_bench: FAILED (see above)" >&2
  exit 1
fi
echo "cluster_bench: all lead sets equal" >&2
