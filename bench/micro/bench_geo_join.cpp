// The distance (grid) join: "bars within 200 m of schools". The grid join is a private step of
// the engine (distance_pairs in runtime/exec/engine.cpp), so this times exec::execute on the
// physical plan of a small model checked from source text, as the unit tests build models:
//
//   near = jb join xx on distance(jb.pos, xx.pos) <= r      (r = 200 m)
//   output near { jb.name, xx.name as school }
//
// over N bars and M schools placed uniformly in a 50 km × 50 km box around Hangzhou (WGS-84).
// Each iteration is a whole run: the frame, the grid over the schools, the exact haversine on
// candidates, and the output rows (names and provenance as text). The counter join_ms is the
// engine's own timer for the join node alone. Items = bars.
#include <benchmark/benchmark.h>

#include <cmath>
#include <memory>
#include <string>
#include <vector>

#include "bench/micro/bench_common.h"
#include "compiler/diag/diagnostic.h"
#include "compiler/plan/pipeline.h"
#include "compiler/sema/frontend.h"
#include "runtime/exec/engine.h"

namespace {

using namespace clue;
using microbench::Rng;

const char* const kModel = R"(model g { title "g" version "1" jurisdiction "j" basis "b" }
schema Bar { name: text  pos: geo from ("lon", "lat") with datum = "WGS-84" }
schema School { name: text  pos: geo from ("lon", "lat") with datum = "WGS-84" }
param r: decimal = 200 m
source jb: Bar
source xx: School
near = jb join xx on distance(jb.pos, xx.pos) <= r
output near { jb.name, xx.name as school }
)";

std::unique_ptr<typed::Model> check(std::string* error) {
  auto m = check_model_text("bench.model", kModel, error);
  if (!m && error->empty()) *error = "the front end gave no model";
  return m;
}

// A 50 km box: 0.449° of latitude; of longitude 50 km / (111.32 km × cos 30.3°).
rt::Table places(const std::string& name, const char* suffix, size_t n, uint64_t seed) {
  const double lon0 = 119.9, lat0 = 30.05, dlat = 50.0 / 111.32, dlon = 50.0 / (111.32 * std::cos(30.27 * M_PI / 180));
  Rng rng(seed);
  rt::Table t;
  t.name = name;
  t.path = name + ".csv";
  t.column_names = {"name", "pos"};
  t.columns = {rt::Column::make(rt::Logical::Text), rt::Column::make(rt::Logical::Geo)};
  auto& names = t.columns[0];
  auto& pos = t.columns[1];
  for (size_t i = 0; i < n; ++i) {
    std::string s(rng.pick(microbench::kFirmWords));
    s += suffix;
    s += std::to_string(i);
    names.valid.push_back(1);
    names.str.push(s);
    pos.valid.push_back(1);
    pos.x.push_back(lon0 + rng.uniform() * dlon);
    pos.y.push_back(lat0 + rng.uniform() * dlat);
    t.line.push_back(i + 2);
  }
  return t;
}

// The param's default as `clue run` passes it: decimal ×10^4.
exec::ParamValues params_of(const typed::Model& m) {
  exec::ParamValues out;
  for (const auto& p : m.params) {
    // The plan's literal kinds are the front end's, in the same order.
    const plan::Literal& lit = *p.default_value;
    exec::Vec v = exec::literal_vec(lit, p.type.kind);
    if ((p.type.kind == TypeKind::Money || p.type.kind == TypeKind::Decimal) && v.scale == 0) {
      for (auto& x : v.i) x *= 10000;
      v.scale = 4;
    }
    v.type = exec::to_logical(p.type.kind);
    out.push_back(v);
  }
  return out;
}

void BM_GeoJoin_Execute(benchmark::State& state) {
  std::string error;
  auto model = check(&error);
  if (!model) {
    state.SkipWithError(error.c_str());
    return;
  }
  const plan::Plan physical = planner::plan_model(*model).physical;
  size_t bars = size_t(state.range(0)), schools = size_t(state.range(1));
  rt::Table jb = places("jb", "酒吧", bars, 51), xx = places("xx", "学校", schools, 52);
  std::vector<const rt::Table*> tables(physical.sources.size(), nullptr);
  for (size_t i = 0; i < physical.sources.size(); ++i)
    tables[i] = physical.sources[i].name == "jb" ? &jb : &xx;
  exec::ParamValues params = params_of(*model);
  exec::RunOptions options;  // the interpreter, one thread, with provenance
  size_t pairs = 0;
  double join_s = 0;
  for (auto _ : state) {
    exec::RunResult r = exec::execute(physical, tables, params, options);
    pairs = r.outputs.empty() ? 0 : r.outputs[0].rows.size();
    for (const auto& s : r.nodes)
      if (physical.nodes.at(size_t(s.node)).algo == plan::JoinAlgo::Grid) join_s += s.seconds;
    benchmark::DoNotOptimize(r.outputs.data());
  }
  state.SetItemsProcessed(int64_t(state.iterations() * bars));
  state.counters["pairs"] = double(pairs);
  state.counters["join_ms"] = state.iterations() ? join_s * 1000 / double(state.iterations()) : 0;
}
BENCHMARK(BM_GeoJoin_Execute)
    ->ArgNames({"bars", "schools"})
    ->Args({20000, 2000})
    ->Args({200000, 20000})
    ->Unit(benchmark::kMillisecond);

}  // namespace
