// exec::hash_join_pairs on several threads (in the codegen test binary, for the JIT's probe
// loop): the pairs, their order and the stats must be exactly those of one thread, for the C++
// probe and the compiled one, int64 and serialised keys, either build side, long chains and
// long runs of occupied slots.
#include <gtest/gtest.h>

#include <algorithm>
#include <deque>
#include <map>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include "compiler/codegen/jit.h"
#include "runtime/exec/hash_join.h"

namespace {

using namespace clue;
using std::nullopt;
using std::optional;

exec::Vec int_keys(const std::vector<optional<int64_t>>& v) {
  exec::Vec k;
  k.type = rt::Logical::IdCard;
  k.resize(v.size());
  for (size_t i = 0; i < v.size(); ++i) {
    k.valid[i] = v[i].has_value();
    k.i[i] = v[i].value_or(0);
  }
  return k;
}

// The views point into `storage` (a deque: its elements never move).
exec::Vec text_keys(const std::vector<optional<std::string>>& v, std::deque<std::string>& storage) {
  exec::Vec k;
  k.lane = exec::Vec::S;
  k.type = rt::Logical::Text;
  k.resize(v.size());
  for (size_t i = 0; i < v.size(); ++i) {
    k.valid[i] = v[i].has_value();
    if (v[i]) {
      storage.push_back(*v[i]);
      k.s[i] = storage.back();
    }
  }
  return k;
}

struct Pairs {
  std::vector<uint32_t> left;
  std::vector<int64_t> right;
  exec::HashJoinStats stats;
};

Pairs join(const std::vector<exec::Vec>& lk, const std::vector<exec::Vec>& rk, bool build_left,
           exec::Int64ProbeFn fn, int threads) {
  Pairs p;
  exec::hash_join_pairs(lk, rk, build_left, p.left, p.right, p.stats, fn, threads);
  return p;
}

// The pairs by definition, in the documented order: probe rows ascending, each one's matching
// build rows ascending.
Pairs naive(const std::vector<int64_t>& l, const std::vector<uint8_t>& lv, const std::vector<int64_t>& r,
            const std::vector<uint8_t>& rv, bool build_left) {
  const auto& bk = build_left ? l : r;
  const auto& bv = build_left ? lv : rv;
  const auto& pk = build_left ? r : l;
  const auto& pv = build_left ? rv : lv;
  std::map<int64_t, std::vector<uint32_t>> rows;
  for (size_t b = 0; b < bk.size(); ++b)
    if (bv[b]) rows[bk[b]].push_back(uint32_t(b));
  Pairs p;
  for (size_t q = 0; q < pk.size(); ++q) {
    if (!pv[q]) continue;
    auto it = rows.find(pk[q]);
    if (it == rows.end()) continue;
    for (uint32_t b : it->second) {
      p.left.push_back(build_left ? b : uint32_t(q));
      p.right.push_back(build_left ? int64_t(q) : int64_t(b));
    }
  }
  return p;
}

void expect_same(const Pairs& want, const Pairs& got, const std::string& what) {
  ASSERT_EQ(want.left.size(), got.left.size()) << what;
  EXPECT_TRUE(want.left == got.left) << what;
  EXPECT_TRUE(want.right == got.right) << what;
  EXPECT_EQ(want.stats.pairs, got.stats.pairs) << what;
  EXPECT_EQ(want.stats.range_skipped, got.stats.range_skipped) << what;
  EXPECT_EQ(want.stats.build_rows, got.stats.build_rows) << what;
  EXPECT_EQ(want.stats.probe_rows, got.stats.probe_rows) << what;
}

exec::Int64ProbeFn compiled_probe() {
  static codegen::JitFilterBackend backend;
  return backend.int64_probe();
}

// `n` distinct keys (not in `avoid`) whose home slot in a table of `slots` slots is in
// [end - window, end).
std::vector<int64_t> keys_homed_before(size_t slots, size_t end, size_t window, size_t n, int64_t start) {
  std::vector<int64_t> out;
  for (int64_t k = start; out.size() < n; ++k) {
    size_t s = exec::key_hash(uint64_t(k)) & (slots - 1);
    if (s < end && s + window >= end) out.push_back(k);
  }
  return out;
}

// Random keys with duplicates and nulls; checks every thread count against one thread and
// against the naive join, for both build sides, with and without the compiled probe.
void check_int(const std::vector<optional<int64_t>>& l, const std::vector<optional<int64_t>>& r,
               const std::string& name, size_t min_pairs = 0) {
  std::vector<exec::Vec> lk = {int_keys(l)}, rk = {int_keys(r)};
  exec::Int64ProbeFn fn = compiled_probe();
  ASSERT_NE(fn, nullptr);
  for (bool build_left : {false, true}) {
    Pairs want = naive(lk[0].i, lk[0].valid, rk[0].i, rk[0].valid, build_left);
    Pairs one = join(lk, rk, build_left, nullptr, 1);
    EXPECT_GE(one.left.size(), min_pairs) << name;
    ASSERT_TRUE(want.left == one.left && want.right == one.right) << name << ": one thread vs the naive join";
    for (exec::Int64ProbeFn f : {exec::Int64ProbeFn(nullptr), fn})
      for (int threads : {1, 2, 3, 4, 8}) {
        std::string what = name + " build_left=" + std::to_string(build_left) +
                           " compiled=" + std::to_string(f != nullptr) +
                           " threads=" + std::to_string(threads);
        Pairs got = join(lk, rk, build_left, f, threads);
        expect_same(one, got, what);
        EXPECT_EQ(got.stats.compiled_probe, f != nullptr) << what;
      }
  }
}

TEST(ExecHashJoinThreads, RandomInt64KeysSameAsOneThread) {
  std::mt19937_64 rng(11);
  auto side = [&](size_t n, int64_t range, double nulls) {
    std::vector<optional<int64_t>> v(n);
    for (auto& x : v)
      if (std::uniform_real_distribution<double>(0, 1)(rng) >= nulls) x = int64_t(rng() % uint64_t(range)) - range / 4;
    return v;
  };
  // Large enough on both sides to be split (>= 64 Ki rows), with misses in and out of range.
  check_int(side(150000, 400000, 0.03), side(200000, 600000, 0.05), "mostly distinct", 10000);
  // Heavy duplicates: long chains, which the compiled loop resumes across its 4,096-pair chunks.
  check_int(side(70000, 3000, 0.01), side(90000, 5000, 0.01), "duplicates", 500000);
  // One side small (not split), the other large.
  check_int(side(1000, 5000, 0.1), side(300000, 5000, 0.1), "small left");
  check_int(side(300000, 5000, 0.1), side(1000, 5000, 0.1), "small right");
  // Just around the threshold.
  check_int(side(65535, 100000, 0.0), side(65536, 100000, 0.0), "threshold");
  check_int(side(65537, 100000, 0.0), side(131071, 100000, 0.5), "threshold+1");
}

// Build keys whose home slots crowd a few places of the table (its end among them, where
// walks wrap to slot 0): long walks over occupied slots, probed from every part.
TEST(ExecHashJoinThreads, CrowdedSlotsFindTheSameRows) {
  const size_t nb = 270000;  // 2^20 slots
  const size_t slots = size_t(1) << 20;
  std::vector<optional<int64_t>> build;
  std::vector<int64_t> crowded;
  // 60 keys homed in the 40 slots before each of these ends (the last one is the table's).
  for (size_t end : {slots / 3, slots / 2, slots * 3 / 4, slots * 7 / 8, slots}) {
    auto k = keys_homed_before(slots, end, 40, 60, int64_t(1) << 40 | int64_t(end) << 8);
    crowded.insert(crowded.end(), k.begin(), k.end());
  }
  std::sort(crowded.begin(), crowded.end());
  crowded.erase(std::unique(crowded.begin(), crowded.end()), crowded.end());
  std::mt19937_64 rng(5);
  // Each crowded key 1-3 times, at random places, among filler keys.
  for (int64_t k : crowded)
    for (uint64_t c = 1 + rng() % 3; c-- > 0;) build.push_back(k);
  while (build.size() < nb) build.push_back(int64_t(rng() % 1000000));
  std::shuffle(build.begin(), build.end(), rng);
  std::vector<optional<int64_t>> probe;
  for (int64_t k : crowded) probe.push_back(k);
  for (int64_t k : crowded) probe.push_back(k + 1);  // misses near the crowded ones
  while (probe.size() < 300000) probe.push_back(int64_t(rng() % 1200000));
  std::shuffle(probe.begin(), probe.end(), rng);
  ASSERT_EQ(build.size(), nb);
  check_int(probe, build, "crowded slot ranges", crowded.size());
}

TEST(ExecHashJoinThreads, SerialisedKeysSameAsOneThread) {
  std::mt19937_64 rng(3);
  std::deque<std::string> storage;
  auto side = [&](size_t n, int range) {
    std::vector<optional<std::string>> t(n);
    std::vector<optional<int64_t>> i(n);
    for (size_t k = 0; k < n; ++k) {
      if (rng() % 50) t[k] = "key-" + std::to_string(rng() % uint64_t(range));
      if (rng() % 50) i[k] = int64_t(rng() % 3);
    }
    return std::make_pair(text_keys(t, storage), int_keys(i));
  };
  auto [lt, li] = side(120000, 50000);
  auto [rt_, ri] = side(90000, 50000);
  for (bool two_columns : {false, true}) {
    std::vector<exec::Vec> lk = {lt}, rk = {rt_};
    if (two_columns) {
      lk.push_back(li);
      rk.push_back(ri);
    }
    for (bool build_left : {false, true}) {
      Pairs one = join(lk, rk, build_left, nullptr, 1);
      EXPECT_GT(one.left.size(), 50000u);
      for (int threads : {2, 3, 8})
        expect_same(one, join(lk, rk, build_left, nullptr, threads),
                    "two_columns=" + std::to_string(two_columns) + " build_left=" + std::to_string(build_left) +
                        " threads=" + std::to_string(threads));
    }
  }
}

}  // namespace
