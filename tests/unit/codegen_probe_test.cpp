// The compiled int64 probe loop (exec::Int64ProbeFn) called directly, as a caller that splits
// the probe side does: over sub-ranges (ptrs[0]/ptrs[1] at the range's first row, scal[3] its
// row count), with output buffers of every small size (chains resumed across calls at every
// point), from several threads at once; and with the probe keys and valid bytes ending right
// before an inaccessible page, so that reading a row past the range (the loop prefetches the
// table slot of a row ahead) would fault.
#include <gtest/gtest.h>
#include <sys/mman.h>
#include <unistd.h>

#include <map>
#include <optional>
#include <random>
#include <thread>
#include <vector>

#include "compiler/codegen/jit.h"
#include "runtime/exec/hash_join.h"

namespace {

using namespace clue;

// The layout of hash_join.cpp's Int64Table (open addressing, chains through `next`, built in
// reverse so that chains list build rows in ascending order).
struct Table {
  uint64_t mask = 0;
  std::vector<int64_t> keys;
  std::vector<int32_t> heads, next;
  int64_t lo = INT64_MAX, hi = INT64_MIN;
  Table(const std::vector<std::optional<int64_t>>& build) {
    size_t cap = 16;
    while (cap < build.size() * 2) cap <<= 1;
    mask = cap - 1;
    keys.assign(cap, 0);
    heads.assign(cap, -1);
    next.assign(build.size(), -1);
    for (size_t r = build.size(); r-- > 0;) {
      if (!build[r]) continue;
      int64_t k = *build[r];
      size_t s = exec::key_hash(uint64_t(k)) & mask;
      while (heads[s] >= 0 && keys[s] != k) s = (s + 1) & mask;
      if (heads[s] < 0) keys[s] = k;
      next[r] = heads[s];
      heads[s] = int32_t(r);
      lo = std::min(lo, k);
      hi = std::max(hi, k);
    }
  }
};

// Memory whose end touches a PROT_NONE page: `n` elements of T ending at the page boundary.
template <class T>
class Guarded {
 public:
  explicit Guarded(size_t n) : n_(n) {
    size_t page = size_t(sysconf(_SC_PAGESIZE));
    size_t bytes = (n * sizeof(T) + page - 1) / page * page;
    len_ = bytes + page;
    base_ = static_cast<char*>(mmap(nullptr, len_, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0));
    if (base_ == MAP_FAILED) base_ = nullptr;
    if (base_) mprotect(base_ + bytes, page, PROT_NONE);
    data_ = base_ ? reinterpret_cast<T*>(base_ + bytes) - n : nullptr;
  }
  ~Guarded() {
    if (base_) munmap(base_, len_);
  }
  Guarded(const Guarded&) = delete;
  Guarded& operator=(const Guarded&) = delete;
  T* data() { return data_; }
  bool ok() const { return base_ != nullptr; }

 private:
  size_t n_, len_ = 0;
  char* base_ = nullptr;
  T* data_ = nullptr;
};

struct Pairs {
  std::vector<uint32_t> probe, build;
  int64_t skipped = 0;
  bool operator==(const Pairs& o) const { return probe == o.probe && build == o.build && skipped == o.skipped; }
};

// By definition: probe rows [begin, end) ascending (numbered from begin = 0), each one's
// matching build rows ascending; keys outside the build side's [min, max] are counted.
Pairs naive(const std::vector<std::optional<int64_t>>& probe, size_t begin, size_t end,
            const std::vector<std::optional<int64_t>>& build, const Table& t) {
  std::map<int64_t, std::vector<uint32_t>> rows;
  for (size_t b = 0; b < build.size(); ++b)
    if (build[b]) rows[*build[b]].push_back(uint32_t(b));
  Pairs p;
  for (size_t q = begin; q < end; ++q) {
    if (!probe[q]) continue;
    if (*probe[q] < t.lo || *probe[q] > t.hi) {
      ++p.skipped;
      continue;
    }
    auto it = rows.find(*probe[q]);
    if (it == rows.end()) continue;
    for (uint32_t b : it->second) {
      p.probe.push_back(uint32_t(q - begin));
      p.build.push_back(b);
    }
  }
  return p;
}

// Probes rows [begin, end) of keys/valid with buffers of `cap` pairs, calling again until done.
Pairs probe(exec::Int64ProbeFn fn, const int64_t* keys, const uint8_t* valid, size_t begin, size_t end, const Table& t,
            size_t cap) {
  const void* ptrs[5] = {keys + begin, valid + begin, t.keys.data(), t.heads.data(), t.next.data()};
  int64_t scal[4] = {int64_t(t.mask), t.lo, t.hi, int64_t(end - begin)};
  int64_t state[3] = {0, -1, 0};
  std::vector<uint32_t> bp(cap + 1, 0xdeadbeef), bb(cap + 1, 0xdeadbeef);
  Pairs p;
  for (int calls = 0; state[0] < int64_t(end - begin) || state[1] >= 0; ++calls) {
    size_t n = size_t(fn(ptrs, scal, bp.data(), bb.data(), cap, state));
    EXPECT_LE(n, cap);
    EXPECT_EQ(bp[cap], 0xdeadbeefu) << "wrote past cap";
    p.probe.insert(p.probe.end(), bp.begin(), bp.begin() + long(n));
    p.build.insert(p.build.end(), bb.begin(), bb.begin() + long(n));
    if (calls > 1000000) {
      ADD_FAILURE() << "no progress";
      break;
    }
  }
  p.skipped = state[2];
  return p;
}

exec::Int64ProbeFn compiled_probe() {
  static codegen::JitFilterBackend backend;
  return backend.int64_probe();
}

struct Case {
  std::vector<std::optional<int64_t>> build, probe;
};

Case random_case(std::mt19937_64& rng, size_t nb, size_t np, int64_t range, int null_pct) {
  Case c;
  // Keys are multiples of 7919 (collisions in the open addressing); probe keys also above
  // the build side's maximum.
  auto key = [&](int64_t r) -> std::optional<int64_t> {
    if (int(rng() % 100) < null_pct) return std::nullopt;
    return int64_t(rng() % uint64_t(r)) * 7919 - 5000;
  };
  for (size_t i = 0; i < nb; ++i) c.build.push_back(key(range));
  for (size_t i = 0; i < np; ++i) c.probe.push_back(key(range + 20));
  return c;
}

// Runs every sub-range split and buffer size of `c` with the probe keys in guarded memory.
void check_case(exec::Int64ProbeFn fn, const Case& c, const std::vector<size_t>& caps) {
  Table t(c.build);
  size_t n = c.probe.size();
  Guarded<int64_t> keys(n);
  Guarded<uint8_t> valid(n);
  ASSERT_TRUE(keys.ok() && valid.ok());
  for (size_t i = 0; i < n; ++i) {
    keys.data()[i] = c.probe[i].value_or(0);
    valid.data()[i] = c.probe[i].has_value();
  }
  std::vector<std::pair<size_t, size_t>> ranges = {{0, n}, {0, n / 2}, {n / 2, n}, {n / 3, 2 * n / 3}};
  if (n > 20) ranges.push_back({n - 17, n});
  if (n > 3) ranges.push_back({n - 1, n});
  for (auto [b, e] : ranges)
    for (size_t cap : caps) {
      Pairs want = naive(c.probe, b, e, c.build, t);
      Pairs got = probe(fn, keys.data(), valid.data(), b, e, t, cap);
      EXPECT_TRUE(want == got) << "rows [" << b << ", " << e << ") of " << n << ", cap " << cap << ": " << want.probe.size()
                               << " pairs expected, " << got.probe.size() << " got";
    }
}

TEST(CodegenProbeFn, SubRangesAndEveryBufferSize) {
  exec::Int64ProbeFn fn = compiled_probe();
  ASSERT_NE(fn, nullptr);
  std::mt19937_64 rng(11);
  // Duplicate keys (chains), nulls, keys out of range, collisions in the open addressing.
  for (int round = 0; round < 12; ++round) {
    Case c = random_case(rng, 1 + rng() % 200, rng() % 300, 1 + int64_t(rng() % 60), int(rng() % 20));
    check_case(fn, c, {1, 2, 3, 5, 64, 4096});
  }
  // One key repeated: a chain longer than the buffer, resumed many times.
  Case c;
  c.build.assign(300, int64_t(42));
  c.probe = {42, 41, std::nullopt, 42, 42};
  check_case(fn, c, {1, 7, 299, 300, 301, 4096});
  // Probe sides shorter than the prefetch distance, and empty.
  for (size_t np : {0, 1, 2, 15, 16, 17, 33}) {
    Case s = random_case(rng, 50, np, 30, 10);
    check_case(fn, s, {1, 4096});
  }
}

TEST(CodegenProbeFn, ReentrantAcrossThreads) {
  exec::Int64ProbeFn fn = compiled_probe();
  ASSERT_NE(fn, nullptr);
  std::mt19937_64 rng(5);
  Case c = random_case(rng, 20000, 200000, 30000, 5);
  Table t(c.build);
  std::vector<int64_t> keys(c.probe.size());
  std::vector<uint8_t> valid(c.probe.size());
  for (size_t i = 0; i < c.probe.size(); ++i) {
    keys[i] = c.probe[i].value_or(0);
    valid[i] = c.probe[i].has_value();
  }
  const size_t parts = 4, n = c.probe.size();
  std::vector<Pairs> got(parts);
  std::vector<std::thread> threads;
  for (size_t k = 0; k < parts; ++k)
    threads.emplace_back([&, k] {
      got[k] = probe(fn, keys.data(), valid.data(), n * k / parts, n * (k + 1) / parts, t, 1000 + 37 * k);
    });
  for (auto& th : threads) th.join();
  for (size_t k = 0; k < parts; ++k) {
    Pairs want = naive(c.probe, n * k / parts, n * (k + 1) / parts, c.build, t);
    EXPECT_GT(want.probe.size(), 0u);
    EXPECT_TRUE(want == got[k]) << "part " << k;
  }
}

}  // namespace
