// Hash join on one int64 key (exec::hash_join_pairs): the key is an ID's 17-digit body, as in
// due_claims (终本 被执行人身份证号 == 民事 原告身份证号). The build side has 1 M keys, the probe
// side 2 M; probe keys that miss are drawn from the same regions and birth dates (so they fall
// inside the build side's [min, max] and are hashed), except in the *_OutOfRange case where
// they come from another province (skipped by the range check without hashing).
//
// hash_join_pairs builds and probes in one call, so "Build" is the call with an empty probe
// side, and the probe cost is BuildProbe minus Build. `compiled` = the JIT's probe loop
// (JitFilterBackend::int64_probe, compiled before the timed loop) instead of the C++ loop.
#include <benchmark/benchmark.h>

#include <string>
#include <vector>

#include "bench/micro/bench_common.h"
#include "compiler/codegen/jit.h"
#include "runtime/exec/hash_join.h"

namespace {

using namespace clue;
using microbench::Rng;

constexpr size_t kBuildRows = 1'000'000, kProbeRows = 2'000'000;

exec::Vec key_vec(std::vector<int64_t> keys, double null_share, Rng& rng) {
  exec::Vec v;
  v.lane = exec::Vec::I;
  v.type = rt::Logical::IdCard;
  v.i = std::move(keys);
  v.valid.resize(v.i.size());
  for (auto& b : v.valid) b = rng.chance(null_share) ? 0 : 1;
  return v;
}

// Sequence numbers 0..499 are used by the build side, 500..999 by probe misses: a miss is
// never in the table, yet is drawn from the same distribution of regions and birth dates.
int64_t id_body(Rng& rng, bool miss, int region = 0) {
  if (!region) region = rng.pick(microbench::kCourts).region;
  return int64_t(region) * 100000000000LL + int64_t(microbench::birth_yyyymmdd(rng)) * 1000LL +
         int64_t(rng.below(500)) + (miss ? 500 : 0);
}

const std::vector<exec::Vec>& build_keys() {
  static const std::vector<exec::Vec> keys = [] {
    Rng rng(31);
    std::vector<int64_t> k(kBuildRows);
    for (auto& x : k) x = id_body(rng, false);
    return std::vector<exec::Vec>{key_vec(std::move(k), 0.02, rng)};
  }();
  return keys;
}

// Probe keys: `hit_permille` of them are build keys (a random build row), the rest misses.
std::vector<exec::Vec> make_probe(int hit_permille, bool misses_in_range) {
  Rng rng(uint64_t(1000 + hit_permille * 2 + misses_in_range));
  const auto& b = build_keys()[0];
  std::vector<int64_t> k(kProbeRows);
  for (auto& x : k) {
    if (rng.below(1000) < uint64_t(hit_permille)) x = b.i[rng.below(b.i.size())];
    else x = misses_in_range ? id_body(rng, true) : id_body(rng, true, 110105);  // 北京市朝阳区: below every 33xxxx key
  }
  return {key_vec(std::move(k), 0.05, rng)};
}

exec::Int64ProbeFn compiled_probe() {
  static codegen::JitFilterBackend backend;
  static exec::Int64ProbeFn fn = backend.int64_probe();
  return fn;
}

void run_join(benchmark::State& state, const std::vector<exec::Vec>& probe, bool compiled) {
  const auto& build = build_keys();
  exec::Int64ProbeFn fn = nullptr;
  if (compiled) {
    fn = compiled_probe();
    if (!fn) {
      state.SkipWithError("the JIT's probe loop is not available");
      return;
    }
  }
  exec::HashJoinStats stats;
  for (auto _ : state) {
    std::vector<uint32_t> left;
    std::vector<int64_t> right;
    stats = {};
    // The engine's orientation: left = the relation (probe, 2 M), right = the joined source (1 M).
    exec::hash_join_pairs(probe, build, /*build_left=*/false, left, right, stats, fn);
    benchmark::DoNotOptimize(left.data());
    benchmark::DoNotOptimize(right.data());
  }
  size_t np = probe.empty() ? 0 : probe[0].size();
  state.SetItemsProcessed(int64_t(state.iterations() * (np ? np : build[0].size())));
  state.counters["build_rows"] = double(stats.build_rows);
  state.counters["probe_rows"] = double(stats.probe_rows);
  state.counters["pairs"] = double(stats.pairs);
  state.counters["range_skipped"] = double(stats.range_skipped);
}

// Build only: 1 M keys into the table (items = build rows), empty probe side.
void BM_HashJoin_Build1M(benchmark::State& state) {
  Rng rng(5);
  static const std::vector<exec::Vec> empty = {key_vec({}, 0, rng)};
  run_join(state, empty, false);
}
BENCHMARK(BM_HashJoin_Build1M)->Unit(benchmark::kMillisecond);

// Build 1 M + probe 2 M (items = probe rows). Args: hit rate in permille, compiled probe.
void BM_HashJoin_BuildProbe(benchmark::State& state) {
  int hit = int(state.range(0));
  static std::vector<exec::Vec> p1, p500;
  auto& probe = hit == 1 ? p1 : p500;
  if (probe.empty()) probe = make_probe(hit, true);
  run_join(state, probe, state.range(1) != 0);
}
BENCHMARK(BM_HashJoin_BuildProbe)
    ->ArgNames({"hit_permille", "compiled"})
    ->Args({1, 0})
    ->Args({1, 1})
    ->Args({500, 0})
    ->Args({500, 1})
    ->Unit(benchmark::kMillisecond);

// 0.1% hits, misses from another province: they fail the [min, max] check and are not hashed.
void BM_HashJoin_BuildProbe_OutOfRange(benchmark::State& state) {
  static const auto probe = make_probe(1, false);
  run_join(state, probe, state.range(0) != 0);
}
BENCHMARK(BM_HashJoin_BuildProbe_OutOfRange)->ArgName("compiled")->Arg(0)->Arg(1)->Unit(benchmark::kMillisecond);

}  // namespace
