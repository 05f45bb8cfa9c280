#!/usr/bin/env bash
# The issue-6 benchmark harness: Clue vs DuckDB on the generator's exports.
#
#   bench/run_bench.sh [--scale N] [--reps R] [--seed S] [--density realistic|sparse] [--threads 1,2]
#                      [--engines jit,interp] [--models due_claims,provident_fund|all] [--no-results]
#                      [--no-renice]
#   bench/run_bench.sh --smoke        # scale 2000, 1 rep, all eleven models, no timings kept: CI's check
#
# Builds clue (build/, RelWithDebInfo) and clue-gen, installs @duckdb/node-api into
# bench/.duckdb/, generates the data into bench/.data/, runs everything (bench/bench.mjs),
# prints the table and writes it to bench/results/<date>-<scale>.md. Exits 1 when a run
# fails or the lead sets of Clue, DuckDB and expected.json differ. See docs/performance.md.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(dirname "$here")"
cd "$repo"

# /usr/bin/time -v gives the peak RSS; node runs DuckDB.
if [ ! -x /usr/bin/time ]; then
  echo "bench: installing GNU time (Debian package 'time')" >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq time >/dev/null
fi
command -v node >/dev/null || { echo "bench: node (>= 18) is required" >&2; exit 2; }

# Clue itself, in the default RelWithDebInfo build.
if [ ! -f build/build.ninja ]; then
  cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
fi
ninja -C build clue >&2
clue="$repo/build/compiler/clue"

# The generator: the CMake target when it exists, else compiled here from tools/gen.
gen=""
if ninja -C build -t targets all 2>/dev/null | grep -q '^clue-gen:'; then
  ninja -C build clue-gen >&2
  gen="$repo/build/tools/gen/clue-gen"
  [ -x "$gen" ] || gen="$(find "$repo/build" -name clue-gen -type f -perm -u+x | head -n1)"
fi
if [ -z "$gen" ]; then
  gen="$here/.build/clue-gen"
  srcs=(tools/gen/main.cpp tools/gen/generator.cpp tools/gen/gen_util.cpp)
  if [ ! -x "$gen" ] || [ -n "$(find tools/gen -newer "$gen" -type f)" ]; then
    mkdir -p "$here/.build"
    echo "bench: compiling clue-gen into bench/.build/" >&2
    "${CXX:-g++}" -std=c++20 -O2 -I. "${srcs[@]}" -o "$gen"
  fi
fi

# DuckDB's Node API, pinned by bench/duckdb-package.json, in an ignored folder.
if [ ! -d "$here/.duckdb/node_modules/@duckdb/node-api" ]; then
  mkdir -p "$here/.duckdb"
  cp "$here/duckdb-package.json" "$here/.duckdb/package.json"
  echo "bench: npm install @duckdb/node-api into bench/.duckdb/" >&2
  npm install --prefix "$here/.duckdb" --no-audit --no-fund --loglevel=error >&2
fi

# CI's smoke run also checks bars_near_schools at the radius (a fixture: 200.00003 m is a lead,
# 200.00014 m is not, in Clue and in the DuckDB SQL) and the lead-key comparison's rules.
for a in "$@"; do
  if [ "$a" = "--smoke" ]; then
    node "$here/lead_keys_test.mjs"
    node "$here/sql_boundary_test.mjs" --clue "$clue"
  fi
done

exec node "$here/bench.mjs" --clue "$clue" --gen "$gen" "$@"
