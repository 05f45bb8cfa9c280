#include "runtime/exec/hash_join.h"

#include <algorithm>
#include <climits>
#include <cstring>
#include <memory>
#include <string>

#include "runtime/table/parallel.h"
#include "runtime/values/party_id.h"

namespace clue::exec {
namespace {

// A side is split over threads only from this many rows, in parts of at least half as many:
// starting a thread costs some 50 µs, about what one thread spends on 10,000 probes.
constexpr size_t kMinParallelRows = 65536;
constexpr size_t kMinRowsPerPart = kMinParallelRows / 2;

size_t parts_for(size_t rows, int threads) {
  if (threads <= 1 || rows < kMinParallelRows) return 1;
  return std::max<size_t>(1, std::min<size_t>(size_t(threads), rows / kMinRowsPerPart));
}

// [begin, end) of part `p` of `n` items split in `parts` contiguous ranges.
inline size_t part_begin(size_t n, size_t p, size_t parts) { return n * p / parts; }

uint64_t hash_bytes(const std::string& s) {
  uint64_t h = 0xcbf29ce484222325ULL;
  for (unsigned char c : s) h = (h ^ c) * 0x100000001b3ULL;
  return key_hash(h);
}

// Open addressing over 64-bit keys, chaining rows with equal keys through `next`.
class Int64Table {
 public:
  // The arrays are filled by `parts` threads, each its own range: for 1 M build rows they are
  // 2 M slots, 26 MB, and first touching their pages costs more than filling them.
  Int64Table(size_t rows, size_t parts)
      : mask_(capacity(rows) - 1),
        keys_(new int64_t[mask_ + 1]),
        head_(new int32_t[mask_ + 1]),
        next_(new int32_t[std::max<size_t>(rows, 1)]) {
    const size_t cap = mask_ + 1;
    rt::parallel_for_each(parts, [&](size_t p) {
      size_t s0 = part_begin(cap, p, parts), s1 = part_begin(cap, p + 1, parts);
      std::fill(keys_.get() + s0, keys_.get() + s1, int64_t(0));
      std::fill(head_.get() + s0, head_.get() + s1, int32_t(-1));
      size_t r0 = part_begin(rows, p, parts), r1 = part_begin(rows, p + 1, parts);
      std::fill(next_.get() + r0, next_.get() + r1, int32_t(-1));
    });
  }
  void insert(int64_t key, int32_t row) {
    size_t s = key_hash(uint64_t(key)) & mask_;
    while (head_[s] >= 0 && keys_[s] != key) s = (s + 1) & mask_;
    if (head_[s] < 0) keys_[s] = key;
    next_[size_t(row)] = head_[s];
    head_[s] = row;
  }
  // insert(keys[r], r) for the valid rows r from the last one down (so that each chain lists
  // its rows in ascending order); [lo, hi] = their range. The arrays in locals: through the
  // members, the loop reloaded them after every store.
  void insert_all(const int64_t* keys, const uint8_t* valid, size_t n, int64_t& lo, int64_t& hi) {
    const size_t mask = mask_;
    int64_t* const slot_keys = keys_.get();
    int32_t* const head = head_.get();
    int32_t* const next = next_.get();
    int64_t l = INT64_MAX, h = INT64_MIN;
    for (size_t r = n; r-- > 0;) {
      if (!valid[r]) continue;
      const int64_t key = keys[r];
      size_t s = key_hash(uint64_t(key)) & mask;
      while (head[s] >= 0 && slot_keys[s] != key) s = (s + 1) & mask;
      if (head[s] < 0) slot_keys[s] = key;
      next[r] = head[s];
      head[s] = int32_t(r);
      l = std::min(l, key);
      h = std::max(h, key);
    }
    lo = l;
    hi = h;
  }
  int32_t find(int64_t key) const {
    size_t s = key_hash(uint64_t(key)) & mask_;
    while (head_[s] >= 0) {
      if (keys_[s] == key) return head_[s];
      s = (s + 1) & mask_;
    }
    return -1;
  }
  int32_t next(int32_t row) const { return next_[size_t(row)]; }
  // The arrays a compiled probe walks (Int64ProbeFn).
  size_t mask() const { return mask_; }
  const int64_t* keys() const { return keys_.get(); }
  const int32_t* heads() const { return head_.get(); }
  const int32_t* nexts() const { return next_.get(); }

 private:
  static size_t capacity(size_t rows) {
    size_t cap = 16;
    while (cap < rows + rows / 2) cap <<= 1;  // load factor at most 2/3
    return cap;
  }
  size_t mask_;
  std::unique_ptr<int64_t[]> keys_;
  std::unique_ptr<int32_t[]> head_, next_;
};

// Int64Table::insert_all, out of line: inlined into hash_join_pairs, the loop kept its
// variables on the stack (15% slower).
[[gnu::noinline]] void build_int64(Int64Table& table, const int64_t* keys, const uint8_t* valid, size_t n, int64_t& lo,
                                   int64_t& hi) {
  table.insert_all(keys, valid, n, lo, hi);
}

// The C++ probe of rows [begin, end): appends the pairs (left, right) and returns how many
// keys were outside [lo, hi]. Out of line for the same reason as build_int64 (in a lambda,
// lo and hi were reloaded after every pair stored).
[[gnu::noinline]] size_t probe_int64(const Int64Table& table, const int64_t* keys, const uint8_t* valid, size_t begin,
                                     size_t end, int64_t lo, int64_t hi, bool build_left,
                                     std::vector<uint32_t>& left_out, std::vector<int64_t>& right_out) {
  size_t skipped = 0;
  for (size_t p = begin; p < end; ++p) {
    if (!valid[p]) continue;
    int64_t k = keys[p];
    if (k < lo || k > hi) {
      ++skipped;
      continue;
    }
    for (int32_t b = table.find(k); b >= 0; b = table.next(b)) {
      left_out.push_back(uint32_t(build_left ? size_t(b) : p));
      right_out.push_back(int64_t(build_left ? p : size_t(b)));
    }
  }
  return skipped;
}

// A register-blocked Bloom filter over the build side's keys: each key sets 4 bits of one
// 64-bit word (16 bits a key: about 1-2 % false positives), so a probe key is tested with one
// load from an array that fits in cache, where the hash table (12 bytes a slot, 1.5 to 3
// slots a build row) does not. In due_claims at 1 M rows, 1.4 M civil rows probe the 640 k
// 终本 debtors and about 1 k match: without the filter every probe is a cache miss in 26 MB.
class KeyBloom {
 public:
  explicit KeyBloom(size_t keys) {
    size_t words = 64;
    while (words * 64 < keys * 16) words <<= 1;
    words_.assign(words, 0);
    mask_ = words - 1;
  }
  void add(int64_t key) {
    const uint64_t h = key_hash(uint64_t(key));
    words_[h & mask_] |= bits(h);
  }
  bool may_contain(int64_t key) const {
    const uint64_t h = key_hash(uint64_t(key));
    const uint64_t b = bits(h);
    return (words_[h & mask_] & b) == b;
  }

 private:
  // The bit positions come from the hash's high bits, the word from its low bits.
  static uint64_t bits(uint64_t h) {
    return (uint64_t{1} << ((h >> 40) & 63)) | (uint64_t{1} << ((h >> 46) & 63)) | (uint64_t{1} << ((h >> 52) & 63)) |
           (uint64_t{1} << (h >> 58));
  }
  std::vector<uint64_t> words_;
  size_t mask_ = 0;
};

// The filter pays when the table is larger than the caches and most probes that would reach
// it miss. Below kBloomMinBuildRows build rows the table is cache-sized. A sample of the first
// kBloomSample valid probe keys decides the rest, looked up in the table itself: if fewer than
// a quarter are within the build keys' range, the range check already does the filter's job;
// if more than a quarter of those in range match, most probes reach the table anyway. In both
// cases building the filter (5 ms per million build rows) would not be repaid.
constexpr size_t kBloomMinBuildRows = 65536;
constexpr size_t kBloomSample = 4096;

// Pairs of one part of the probe side, in the part's order.
struct PartPairs {
  std::vector<uint32_t> left;
  std::vector<int64_t> right;
  size_t range_skipped = 0;
};

// Runs probe_part(begin, end, left, right, range_skipped) over `parts` contiguous ranges of the
// probe rows and appends their pairs to left_out/right_out in range order: the same pairs, in
// the same order, as one call over all rows.
template <class ProbePart>
void probe_in_parts(size_t np, size_t parts, const ProbePart& probe_part, std::vector<uint32_t>& left_out,
                    std::vector<int64_t>& right_out, size_t& range_skipped) {
  if (parts <= 1) {
    probe_part(size_t(0), np, left_out, right_out, range_skipped);
    return;
  }
  std::vector<PartPairs> out(parts);
  rt::parallel_for_each(parts, [&](size_t p) {
    probe_part(part_begin(np, p, parts), part_begin(np, p + 1, parts), out[p].left, out[p].right,
               out[p].range_skipped);
  });
  size_t base = left_out.size(), total = 0;
  std::vector<size_t> at(parts);
  for (size_t p = 0; p < parts; ++p) {
    at[p] = base + total;
    total += out[p].left.size();
    range_skipped += out[p].range_skipped;
  }
  left_out.resize(base + total);
  right_out.resize(right_out.size() + total);
  auto copy = [&](size_t p) {
    std::copy(out[p].left.begin(), out[p].left.end(), left_out.begin() + long(at[p]));
    std::copy(out[p].right.begin(), out[p].right.end(), right_out.begin() + long(at[p]));
  };
  if (total >= kMinParallelRows) {
    rt::parallel_for_each(parts, copy);
  } else {
    for (size_t p = 0; p < parts; ++p) copy(p);
  }
}

// The probe rows that may match (valid, within [lo, hi], passing a Bloom filter of the build
// keys), when the filter pays (see kBloomMinBuildRows): their positions in `sel` (ascending)
// and their keys in `compact`, with the range and filter counts in `stats`. False (nothing
// filled) when the filter would not pay.
bool bloom_prefilter(const Int64Table& table, Int64Keys bk, Int64Keys pk, int64_t lo, int64_t hi, size_t parts,
                     std::vector<uint32_t>& sel, std::vector<int64_t>& compact, HashJoinStats& stats) {
  const size_t nb = bk.rows, np = pk.rows;
  if (nb < kBloomMinBuildRows || np == 0 || np > UINT32_MAX) return false;
  size_t sampled = 0, in_range = 0, hits = 0;
  for (size_t p = 0; p < np && sampled < kBloomSample; ++p) {
    if (!pk.valid[p]) continue;
    ++sampled;
    if (pk.values[p] < lo || pk.values[p] > hi) continue;
    ++in_range;
    hits += table.find(pk.values[p]) >= 0;
  }
  if (sampled == 0 || in_range * 4 < sampled || hits * 4 > in_range) return false;
  KeyBloom bloom(nb);
  for (size_t r = 0; r < nb; ++r)
    if (bk.valid[r]) bloom.add(bk.values[r]);
  std::vector<std::vector<uint32_t>> part_sel(parts);
  std::vector<size_t> part_skipped(parts, 0), part_filtered(parts, 0);
  rt::parallel_for_each(parts, [&](size_t q) {
    const size_t b = part_begin(np, q, parts), e = part_begin(np, q + 1, parts);
    for (size_t p = b; p < e; ++p) {
      if (!pk.valid[p]) continue;
      const int64_t k = pk.values[p];
      if (k < lo || k > hi) ++part_skipped[q];
      else if (!bloom.may_contain(k)) ++part_filtered[q];
      else part_sel[q].push_back(uint32_t(p));
    }
  });
  for (size_t q = 0; q < parts; ++q) {
    sel.insert(sel.end(), part_sel[q].begin(), part_sel[q].end());
    stats.range_skipped += part_skipped[q];
    stats.bloom_skipped += part_filtered[q];
  }
  compact.resize(sel.size());
  for (size_t k = 0; k < sel.size(); ++k) compact[k] = pk.values[sel[k]];
  stats.bloom = true;
  return true;
}

// party_key of every present value of `v`, on up to `threads` threads.
std::vector<int64_t> party_keys(const Vec& v, int threads) {
  std::vector<int64_t> keys(v.size());
  const size_t parts = parts_for(v.size(), threads);
  rt::parallel_for_each(parts, [&](size_t p) {
    for (size_t r = part_begin(v.size(), p, parts), e = part_begin(v.size(), p + 1, parts); r < e; ++r) {
      if (v.valid[r]) keys[r] = party_key(v.s[r]);
    }
  });
  return keys;
}

}  // namespace

bool any_null_key(const std::vector<Vec>& keys, size_t r) {
  for (const Vec& k : keys)
    if (k.is_null_type || !k.valid[r]) return true;
  return false;
}

void append_key_cell(std::string& out, const Vec& k, size_t r) {
  if (k.lane == Vec::I) out.append(reinterpret_cast<const char*>(&k.i[r]), 8);
  else if (k.lane == Vec::G) {
    out.append(reinterpret_cast<const char*>(&k.x[r]), 8);
    out.append(reinterpret_cast<const char*>(&k.y[r]), 8);
  } else {
    const uint32_t n = uint32_t(k.s[r].size());
    out.append(reinterpret_cast<const char*>(&n), 4);
    out.append(k.s[r]);
  }
}

std::string serialise_key(const std::vector<Vec>& keys, size_t r) {
  std::string s;
  for (const auto& k : keys) append_key_cell(s, k, r);
  return s;
}


int64_t party_key(std::string_view normal) noexcept {
  if (const auto person = values::person_of(normal)) return int64_t(person->key);
  uint64_t h = 0xcbf29ce484222325ULL;
  for (unsigned char c : normal) h = (h ^ c) * 0x100000001b3ULL;
  return (int64_t(1) << 62) | int64_t(key_hash(h) >> 2);
}

void hash_join_int64(Int64Keys left_keys, Int64Keys right_keys, bool build_left, std::vector<uint32_t>& left_out,
                     std::vector<int64_t>& right_out, HashJoinStats& stats, Int64ProbeFn probe_fn, int threads) {
  const Int64Keys bk = build_left ? left_keys : right_keys;
  Int64Keys pk = build_left ? right_keys : left_keys;
  const size_t nb = bk.rows;
  size_t np = pk.rows;
  stats.build_rows = nb;
  stats.probe_rows = np;
  // Threads: the probe in contiguous ranges of probe rows; of the build, filling the table's
  // arrays.
  const size_t build_parts = parts_for(nb, threads), probe_parts = parts_for(np, threads);
  // The inserts run on one thread: two threads each inserting the keys of half the slots
  // (rows bucketed by home slot first, walks past a half's end finished on one thread) took
  // as long as one in due_claims (640 k build rows: 10-11 ms), and software prefetching did
  // not help either. The build side's key range [lo, hi] is checked before hashing a probe
  // key: probes far outside it (another region's IDs, another period's dates) cost one
  // comparison.
  Int64Table table(nb, build_parts);
  int64_t lo = INT64_MAX, hi = INT64_MIN;
  build_int64(table, bk.values, bk.valid, nb, lo, hi);
  // Probe rows that may match (valid, within [lo, hi], passing the Bloom filter), when the
  // filter pays: then only they are probed, as a compact key array (all valid), and the
  // pairs' probe positions are mapped back through `sel`. Same pairs, same order.
  std::vector<uint32_t> sel;
  std::vector<int64_t> compact;
  std::vector<uint8_t> compact_valid;
  if (bloom_prefilter(table, bk, pk, lo, hi, probe_parts, sel, compact, stats)) {
    compact_valid.assign(compact.size(), 1);
    pk = Int64Keys{compact.data(), compact_valid.data(), compact.size()};
    np = sel.size();
  }
  const size_t probe_parts_now = parts_for(np, threads);
  // Positions in `compact` back to probe rows.
  auto unmap = [&](std::vector<uint32_t>& l, std::vector<int64_t>& r, size_t from) {
    if (!stats.bloom) return;
    if (build_left)
      for (size_t k = from; k < r.size(); ++k) r[k] = int64_t(sel[size_t(r[k])]);
    else
      for (size_t k = from; k < l.size(); ++k) l[k] = sel[l[k]];
  };
  const size_t out_from = left_out.size();
  if (probe_fn && np > 0) {
    // The compiled loop, over each part's rows (its keys and valid bytes from the part's
    // first row, scal[3] = the part's row count), in chunks of up to kCap pairs (a probe
    // row's chain may span chunks); the probe rows it writes are the part's, so the part's
    // first row is added to them.
    auto part = [&](size_t begin, size_t end, std::vector<uint32_t>& lo_out, std::vector<int64_t>& ro_out,
                    size_t& skipped) {
      static constexpr size_t kCap = 4096;
      std::vector<uint32_t> bp(kCap), bb(kCap);
      const void* ptrs[5] = {pk.values + begin, pk.valid + begin, table.keys(), table.heads(), table.nexts()};
      const int64_t rows = int64_t(end - begin);
      int64_t scal[4] = {int64_t(table.mask()), lo, hi, rows};
      int64_t state[3] = {0, -1, 0};
      do {
        size_t n = size_t(probe_fn(ptrs, scal, bp.data(), bb.data(), kCap, state));
        if (begin)
          for (size_t k = 0; k < n; ++k) bp[k] += uint32_t(begin);
        const std::vector<uint32_t>& l = build_left ? bb : bp;
        const std::vector<uint32_t>& r = build_left ? bp : bb;
        lo_out.insert(lo_out.end(), l.begin(), l.begin() + long(n));
        ro_out.insert(ro_out.end(), r.begin(), r.begin() + long(n));
      } while (state[0] < rows || state[1] >= 0);
      skipped += size_t(state[2]);
    };
    probe_in_parts(np, probe_parts_now, part, left_out, right_out, stats.range_skipped);
    unmap(left_out, right_out, out_from);
    stats.compiled_probe = true;
    stats.pairs = left_out.size();
    return;
  }
  auto part = [&](size_t begin, size_t end, std::vector<uint32_t>& lo_out, std::vector<int64_t>& ro_out,
                  size_t& skipped) {
    skipped += probe_int64(table, pk.values, pk.valid, begin, end, lo, hi, build_left, lo_out, ro_out);
  };
  probe_in_parts(np, probe_parts_now, part, left_out, right_out, stats.range_skipped);
  unmap(left_out, right_out, out_from);
  stats.pairs = left_out.size();
}

void hash_join_pairs(const std::vector<Vec>& left_keys, const std::vector<Vec>& right_keys, bool build_left,
                     std::vector<uint32_t>& left_out, std::vector<int64_t>& right_out, HashJoinStats& stats,
                     Int64ProbeFn probe_fn, int threads) {
  const std::vector<Vec>& build = build_left ? left_keys : right_keys;
  const std::vector<Vec>& probe = build_left ? right_keys : left_keys;
  size_t nb = build.empty() ? 0 : build[0].size();
  size_t np = probe.empty() ? 0 : probe[0].size();
  bool int_key = build.size() == 1 && build[0].lane == Vec::I && probe[0].lane == Vec::I;
  bool party_key = build.size() == 1 && build[0].lane == Vec::S && probe[0].lane == Vec::S &&
                   build[0].type == rt::Logical::PartyId && probe[0].type == rt::Logical::PartyId;
  if (party_key) {
    // Party IDs join on int64 keys like ID cards (the stored 18 characters would be hashed and
    // compared as strings); only organisations' keys can collide, so their pairs are checked.
    const Vec &lv = left_keys[0], &rv = right_keys[0];
    const std::vector<int64_t> lk = party_keys(lv, threads), rk = party_keys(rv, threads);
    const size_t first = left_out.size();
    hash_join_int64(Int64Keys{lk.data(), lv.valid.data(), lk.size()}, Int64Keys{rk.data(), rv.valid.data(), rk.size()},
                    build_left, left_out, right_out, stats, probe_fn, threads);
    size_t kept = first;
    for (size_t k = first; k < left_out.size(); ++k) {
      const size_t l = left_out[k], r = size_t(right_out[k]);
      if (is_org_party_key(lk[l]) && lv.s[l] != rv.s[r]) continue;
      left_out[kept] = left_out[k];
      right_out[kept] = right_out[k];
      ++kept;
    }
    left_out.resize(kept);
    right_out.resize(kept);
    stats.pairs = kept;
    return;
  }
  if (int_key) {
    auto view = [](const Vec& v) { return Int64Keys{v.i.data(), v.valid.data(), std::min(v.i.size(), v.valid.size())}; };
    hash_join_int64(view(left_keys[0]), view(right_keys[0]), build_left, left_out, right_out, stats, probe_fn,
                    threads);
    return;
  }
  stats.build_rows = nb;
  stats.probe_rows = np;
  const size_t build_parts = parts_for(nb, threads), probe_parts = parts_for(np, threads);
  {
    // Text and multi-column keys: each row's key serialised, the table keyed by its hash, and
    // candidates compared byte for byte.
    std::vector<std::string> bkeys(nb);
    std::vector<int64_t> bhash(nb);
    std::vector<uint8_t> bvalid(nb);
    rt::parallel_for_each(build_parts, [&](size_t p) {
      for (size_t r = part_begin(nb, p, build_parts), e = part_begin(nb, p + 1, build_parts); r < e; ++r) {
        bvalid[r] = !any_null_key(build, r);
        if (!bvalid[r]) continue;
        bkeys[r] = serialise_key(build, r);
        bhash[r] = int64_t(hash_bytes(bkeys[r]));
      }
    });
    Int64Table table(nb, build_parts);
    for (size_t r = nb; r-- > 0;)
      if (bvalid[r]) table.insert(bhash[r], int32_t(r));
    auto part = [&](size_t begin, size_t end, std::vector<uint32_t>& lo_out, std::vector<int64_t>& ro_out,
                    size_t&) {
      for (size_t p = begin; p < end; ++p) {
        if (any_null_key(probe, p)) continue;
        std::string k = serialise_key(probe, p);
        for (int32_t b = table.find(int64_t(hash_bytes(k))); b >= 0; b = table.next(b))
          if (bkeys[size_t(b)] == k) {
            lo_out.push_back(uint32_t(build_left ? size_t(b) : p));
            ro_out.push_back(int64_t(build_left ? p : size_t(b)));
          }
      }
    };
    probe_in_parts(np, probe_parts, part, left_out, right_out, stats.range_skipped);
  }
  stats.pairs = left_out.size();
}

}  // namespace clue::exec
