#include "runtime/exec/hash_join.h"

#include <algorithm>
#include <climits>
#include <cstring>
#include <string>

namespace clue::exec {
namespace {

inline uint64_t mix(uint64_t x) {
  x ^= x >> 33;
  x *= 0xff51afd7ed558ccdULL;
  x ^= x >> 33;
  x *= 0xc4ceb9fe1a85ec53ULL;
  x ^= x >> 33;
  return x;
}

uint64_t hash_bytes(const std::string& s) {
  uint64_t h = 0xcbf29ce484222325ULL;
  for (unsigned char c : s) h = (h ^ c) * 0x100000001b3ULL;
  return mix(h);
}

bool all_valid(const std::vector<Vec>& keys, size_t r) {
  for (const auto& k : keys)
    if (!k.valid[r] || k.is_null_type) return false;
  return true;
}

std::string serialise(const std::vector<Vec>& keys, size_t r) {
  std::string s;
  for (const auto& k : keys) {
    if (k.lane == Vec::I) s.append(reinterpret_cast<const char*>(&k.i[r]), 8);
    else if (k.lane == Vec::G) {
      s.append(reinterpret_cast<const char*>(&k.x[r]), 8);
      s.append(reinterpret_cast<const char*>(&k.y[r]), 8);
    } else {
      uint32_t n = uint32_t(k.s[r].size());
      s.append(reinterpret_cast<const char*>(&n), 4);
      s.append(k.s[r]);
    }
  }
  return s;
}

// Open addressing over 64-bit keys, chaining rows with equal keys through `next`.
class Int64Table {
 public:
  explicit Int64Table(size_t rows) {
    size_t cap = 16;
    while (cap < rows * 2) cap <<= 1;
    mask_ = cap - 1;
    keys_.resize(cap);
    head_.assign(cap, -1);
    next_.assign(rows, -1);
  }
  void insert(int64_t key, int32_t row) {
    size_t s = mix(uint64_t(key)) & mask_;
    while (head_[s] >= 0 && keys_[s] != key) s = (s + 1) & mask_;
    if (head_[s] < 0) keys_[s] = key;
    next_[size_t(row)] = head_[s];
    head_[s] = row;
  }
  int32_t find(int64_t key) const {
    size_t s = mix(uint64_t(key)) & mask_;
    while (head_[s] >= 0) {
      if (keys_[s] == key) return head_[s];
      s = (s + 1) & mask_;
    }
    return -1;
  }
  int32_t next(int32_t row) const { return next_[size_t(row)]; }
  // The arrays a compiled probe walks (Int64ProbeFn).
  size_t mask() const { return mask_; }
  const int64_t* keys() const { return keys_.data(); }
  const int32_t* heads() const { return head_.data(); }
  const int32_t* nexts() const { return next_.data(); }

 private:
  size_t mask_;
  std::vector<int64_t> keys_;
  std::vector<int32_t> head_, next_;
};

}  // namespace

void hash_join_pairs(const std::vector<Vec>& left_keys, const std::vector<Vec>& right_keys, bool build_left,
                     std::vector<uint32_t>& left_out, std::vector<int64_t>& right_out, HashJoinStats& stats,
                     Int64ProbeFn probe_fn) {
  const std::vector<Vec>& build = build_left ? left_keys : right_keys;
  const std::vector<Vec>& probe = build_left ? right_keys : left_keys;
  size_t nb = build.empty() ? 0 : build[0].size();
  size_t np = probe.empty() ? 0 : probe[0].size();
  stats.build_rows = nb;
  stats.probe_rows = np;
  auto emit = [&](size_t probe_row, size_t build_row) {
    size_t l = build_left ? build_row : probe_row, r = build_left ? probe_row : build_row;
    left_out.push_back(uint32_t(l));
    right_out.push_back(int64_t(r));
  };
  bool int_key = build.size() == 1 && build[0].lane == Vec::I && probe[0].lane == Vec::I;
  if (int_key) {
    // Build in reverse so that each chain lists rows in ascending order.
    Int64Table table(nb);
    // The build side's key range, checked before hashing a probe key: probes far outside it
    // (another region's IDs, another period's dates) cost one comparison.
    int64_t lo = INT64_MAX, hi = INT64_MIN;
    for (size_t r = nb; r-- > 0;)
      if (build[0].valid[r]) {
        table.insert(build[0].i[r], int32_t(r));
        lo = std::min(lo, build[0].i[r]);
        hi = std::max(hi, build[0].i[r]);
      }
    if (probe_fn && np > 0 && probe[0].i.size() >= np && probe[0].valid.size() >= np) {
      // The compiled loop, in chunks of up to kCap pairs (a probe row's chain may span chunks).
      static constexpr size_t kCap = 4096;
      std::vector<uint32_t> bp(kCap), bb(kCap);
      const void* ptrs[5] = {probe[0].i.data(), probe[0].valid.data(), table.keys(), table.heads(), table.nexts()};
      int64_t scal[4] = {int64_t(table.mask()), lo, hi, int64_t(np)};
      int64_t state[3] = {0, -1, 0};
      do {
        size_t n = size_t(probe_fn(ptrs, scal, bp.data(), bb.data(), kCap, state));
        std::vector<uint32_t>& l = build_left ? bb : bp;
        std::vector<uint32_t>& r = build_left ? bp : bb;
        left_out.insert(left_out.end(), l.begin(), l.begin() + long(n));
        right_out.insert(right_out.end(), r.begin(), r.begin() + long(n));
      } while (state[0] < int64_t(np) || state[1] >= 0);
      stats.range_skipped += size_t(state[2]);
      stats.compiled_probe = true;
      stats.pairs = left_out.size();
      return;
    }
    for (size_t p = 0; p < np; ++p) {
      if (!probe[0].valid[p]) continue;
      int64_t k = probe[0].i[p];
      if (k < lo || k > hi) {
        ++stats.range_skipped;
        continue;
      }
      for (int32_t b = table.find(probe[0].i[p]); b >= 0; b = table.next(b)) emit(p, size_t(b));
    }
  } else {
    std::vector<std::string> bkeys(nb);
    Int64Table table(nb);
    for (size_t r = nb; r-- > 0;) {
      if (!all_valid(build, r)) continue;
      bkeys[r] = serialise(build, r);
      table.insert(int64_t(hash_bytes(bkeys[r])), int32_t(r));
    }
    for (size_t p = 0; p < np; ++p) {
      if (!all_valid(probe, p)) continue;
      std::string k = serialise(probe, p);
      for (int32_t b = table.find(int64_t(hash_bytes(k))); b >= 0; b = table.next(b))
        if (bkeys[size_t(b)] == k) emit(p, size_t(b));
    }
  }
  stats.pairs = left_out.size();
}

}  // namespace clue::exec
