// exec::hash_join_pairs with the Bloom filter in front of the probe (a large int64 build side
// whose probe keys mostly miss): the pairs and their order must be exactly the naive join's,
// and the range count the same as without the filter, for the C++ and the compiled probe,
// either build side, any number of threads; and the filter must stay out of the way when most
// probe keys match.
#include <gtest/gtest.h>

#include <algorithm>
#include <climits>
#include <map>
#include <random>
#include <string>
#include <vector>

#include "compiler/codegen/jit.h"
#include "runtime/exec/hash_join.h"

namespace {

using namespace clue;

struct Side {
  std::vector<int64_t> keys;
  std::vector<uint8_t> valid;
};

exec::Vec vec_of(const Side& s) {
  exec::Vec k;
  k.type = rt::Logical::IdCard;
  k.resize(s.keys.size());
  for (size_t i = 0; i < s.keys.size(); ++i) {
    k.i[i] = s.keys[i];
    k.valid[i] = s.valid[i];
  }
  return k;
}

struct Pairs {
  std::vector<uint32_t> left;
  std::vector<int64_t> right;
  size_t range_skipped = 0;
};

// By definition: probe rows ascending, each one's matching build rows ascending; and the
// valid probe keys outside the valid build keys' [min, max].
Pairs naive(const Side& l, const Side& r, bool build_left) {
  const Side& b = build_left ? l : r;
  const Side& p = build_left ? r : l;
  std::map<int64_t, std::vector<uint32_t>> rows;
  int64_t lo = INT64_MAX, hi = INT64_MIN;
  for (size_t i = 0; i < b.keys.size(); ++i)
    if (b.valid[i]) {
      rows[b.keys[i]].push_back(uint32_t(i));
      lo = std::min(lo, b.keys[i]);
      hi = std::max(hi, b.keys[i]);
    }
  Pairs out;
  for (size_t q = 0; q < p.keys.size(); ++q) {
    if (!p.valid[q]) continue;
    if (p.keys[q] < lo || p.keys[q] > hi) ++out.range_skipped;
    auto it = rows.find(p.keys[q]);
    if (it == rows.end()) continue;
    for (uint32_t m : it->second) {
      out.left.push_back(build_left ? m : uint32_t(q));
      out.right.push_back(build_left ? int64_t(q) : int64_t(m));
    }
  }
  return out;
}

exec::Int64ProbeFn compiled_probe() {
  static codegen::JitFilterBackend backend;
  return backend.int64_probe();
}

// `n` rows of 18-digit-ID-like keys from [base, base + range), some null.
Side random_side(std::mt19937_64& rng, size_t n, int64_t base, int64_t range, double nulls) {
  Side s;
  for (size_t i = 0; i < n; ++i) {
    s.valid.push_back(std::uniform_real_distribution<double>(0, 1)(rng) >= nulls);
    s.keys.push_back(base + int64_t(rng() % uint64_t(range)));
  }
  return s;
}

// Checks every combination against the naive join; returns whether the filter was used
// (the same in every combination, which is checked too).
bool check(const Side& l, const Side& r, bool build_left, const std::string& name) {
  const std::vector<exec::Vec> lk = {vec_of(l)}, rk = {vec_of(r)};
  const Pairs want = naive(l, r, build_left);
  exec::Int64ProbeFn fn = compiled_probe();
  EXPECT_NE(fn, nullptr);
  int used = -1;
  for (exec::Int64ProbeFn f : {exec::Int64ProbeFn(nullptr), fn})
    for (int threads : {1, 2, 4}) {
      const std::string what = name + " build_left=" + std::to_string(build_left) +
                               " compiled=" + std::to_string(f != nullptr) + " threads=" + std::to_string(threads);
      Pairs got;
      exec::HashJoinStats st;
      exec::hash_join_pairs(lk, rk, build_left, got.left, got.right, st, f, threads);
      EXPECT_EQ(got.left.size(), want.left.size()) << what;
      EXPECT_TRUE(got.left == want.left && got.right == want.right) << what;
      EXPECT_EQ(st.range_skipped, want.range_skipped) << what;
      EXPECT_EQ(st.pairs, want.left.size()) << what;
      EXPECT_EQ(st.probe_rows, (build_left ? r : l).keys.size()) << what;
      if (used < 0) used = st.bloom;
      EXPECT_EQ(int(st.bloom), used) << what;
      if (!st.bloom) {
        EXPECT_EQ(st.bloom_skipped, 0u) << what;
      }
    }
  return used == 1;
}

// The due_claims shape: a large build side, a larger probe side in the same key range, few
// matches; with duplicates on both sides and nulls.
TEST(ExecHashJoinBloom, FewMatchesUseTheFilterAndGiveTheNaivePairs) {
  std::mt19937_64 rng(7);
  const int64_t base = 33010219700101000;
  Side build = random_side(rng, 200000, base, 100000000000, 0.02);
  Side probe = random_side(rng, 300000, base, 100000000000, 0.05);
  // Plant matches: 2,000 probe rows take a build row's key, some keys twice on the build side.
  for (int i = 0; i < 2000; ++i) {
    const size_t b = rng() % build.keys.size(), p = rng() % probe.keys.size();
    build.valid[b] = probe.valid[p] = 1;
    probe.keys[p] = build.keys[b];
    if (i % 10 == 0) build.keys[(b + 1) % build.keys.size()] = build.keys[b];
  }
  // Probe keys outside the build range on both ends.
  for (int i = 0; i < 5000; ++i) probe.keys[rng() % probe.keys.size()] = i % 2 ? base - 1 - i : base + 200000000000 + i;
  EXPECT_TRUE(check(probe, build, false, "probe left"));
  EXPECT_TRUE(check(build, probe, true, "build left"));
}

TEST(ExecHashJoinBloom, MostlyMatchingProbesSkipTheFilter) {
  std::mt19937_64 rng(9);
  Side build = random_side(rng, 100000, 1000, 50000, 0.0);  // every key of [1000, 51000) about twice
  Side probe = random_side(rng, 150000, 1000, 50000, 0.1);
  EXPECT_FALSE(check(probe, build, false, "dense keys"));
}

TEST(ExecHashJoinBloom, ProbesMostlyOutOfRangeSkipTheFilter) {
  std::mt19937_64 rng(21);
  Side build = random_side(rng, 100000, 1000000, 1000000, 0.0);
  Side probe = random_side(rng, 200000, 5000000, 1000000, 0.0);  // another region: out of range
  for (size_t i = 0; i < probe.keys.size(); i += 10) probe.keys[i] = build.keys[i % build.keys.size()];
  EXPECT_FALSE(check(probe, build, false, "out of range"));
}

TEST(ExecHashJoinBloom, SmallBuildSideSkipsTheFilter) {
  std::mt19937_64 rng(13);
  Side build = random_side(rng, 60000, 0, int64_t(1) << 50, 0.0);
  Side probe = random_side(rng, 200000, 0, int64_t(1) << 50, 0.0);
  EXPECT_FALSE(check(probe, build, false, "small build"));
}

TEST(ExecHashJoinBloom, NoProbeRowPassesTheFilter) {
  std::mt19937_64 rng(17);
  Side build = random_side(rng, 100000, 0, int64_t(1) << 40, 0.0);
  for (auto& k : build.keys) k &= ~int64_t(1);  // build keys even
  Side probe = build;
  for (auto& k : probe.keys) k |= 1;  // probe keys odd: in range, never equal
  EXPECT_TRUE(check(probe, build, false, "no match"));
}

}  // namespace
