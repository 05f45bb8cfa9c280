// Equi-join matching: a compact open-addressing hash table over the build side's keys (one
// int64 per row for IDs, dates and amounts; serialised bytes for text and multi-column keys),
// probed by the other side. Rows with a null key never match anything.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "runtime/exec/frame.h"

namespace clue::exec {

// The hash of an int64 key in the join's table (and in its Bloom filter): a 64-bit finaliser
// (MurmurHash3's). The compiled probe loop computes the same; tests use it to choose keys
// whose slots collide.
inline uint64_t key_hash(uint64_t x) {
  x ^= x >> 33;
  x *= 0xff51afd7ed558ccdULL;
  x ^= x >> 33;
  x *= 0xc4ceb9fe1a85ec53ULL;
  x ^= x >> 33;
  return x;
}

// A party ID (its stored 18 characters, values/party_id.h) as an int64 join key, so that party
// IDs join like ID cards: a person's key is their ID card body (< 10^17, exact); an
// organisation's is bit 62 and 62 bits of its code's hash, which two codes may share, so a
// pair of organisation keys is confirmed by comparing the characters.
int64_t party_key(std::string_view normal) noexcept;
inline bool is_org_party_key(int64_t key) { return key >= (int64_t(1) << 62); }

// Whether any key of row `r` is null (such a row matches nothing).
bool any_null_key(const std::vector<Vec>& keys, size_t r);
// A key tuple as bytes (text and multi-column keys): equal keys give equal bytes. The join's
// tables and the streamed probe side's key set (key_set.h) both use it, so they agree.
std::string serialise_key(const std::vector<Vec>& keys, size_t r);
// One key cell of row `r` appended as bytes (8 for an int, 16 for a point, length and bytes
// for text): the part serialise_key and the grouping's key (which also marks nulls) share.
void append_key_cell(std::string& out, const Vec& k, size_t r);

struct HashJoinStats {
  size_t build_rows = 0, probe_rows = 0, pairs = 0;
  size_t range_skipped = 0;  // probe keys outside the build side's [min, max]: not hashed
  bool bloom = false;        // int64 keys: probe rows were first tested against a Bloom filter
  size_t bloom_skipped = 0;  // probe keys in range that the Bloom filter ruled out
  bool compiled_probe = false;  // the int64-key probe ran as compiled code
};

// A compiled probe loop over one int64 key (the JIT's; the C++ loop in hash_join.cpp is the
// interpreter's and the reference). Arguments:
//   ptrs:  [0] probe keys (int64), [1] probe valid bytes, [2] table slot keys (int64),
//          [3] slot heads (int32, -1 = empty), [4] next build row of each build row (int32)
//   scal:  [0] slot mask, [1] build keys' minimum, [2] maximum, [3] probe rows
//   state: [0] next probe row, [1] pending build row of its chain (-1: none), [2] range_skipped;
//          {0, -1, 0} at the start.
// Writes up to `cap` pairs (probe row, build row) to out_probe/out_build, in the C++ loop's
// order, and returns how many; call again while state[0] < probe rows or state[1] >= 0.
using Int64ProbeFn = uint64_t (*)(const void* const* ptrs, const int64_t* scal, uint32_t* out_probe,
                                  uint32_t* out_build, uint64_t cap, int64_t* state);

// Keys of the left rows and of the right rows (one Vec per key column, same types). Appends
// every matching (left position, right position) pair, in probe-row order (each probe row's
// matches in ascending build row). `build_left` builds the table over the left keys (when the
// left side is smaller); the pairs are the same either way. With `probe`, a single int64 key
// is probed by that compiled loop instead of the C++ one (called once per part below, over
// the part's rows: ptrs[0]/ptrs[1] point at its first row, scal[3] is its row count).
//
// `threads` > 1 splits a probe side of at least 64 Ki rows over up to that many threads, in
// contiguous ranges whose pairs are concatenated in range order (the table's arrays are
// filled, and text keys serialised, by ranges too; the inserts run on one thread). The pairs,
// their order and the stats are the same for any number of threads.
// A single int64 key with a large build side (64 Ki rows or more) whose probe keys mostly miss
// (judged on a sample of 4,096) is first filtered through a Bloom filter of the build keys;
// only the rows that may match are probed.
void hash_join_pairs(const std::vector<Vec>& left_keys, const std::vector<Vec>& right_keys, bool build_left,
                     std::vector<uint32_t>& left_out, std::vector<int64_t>& right_out, HashJoinStats& stats,
                     Int64ProbeFn probe = nullptr, int threads = 1);

// One int64 key column, borrowed: `rows` values and their valid bytes (a Vec's, or a table
// column's when the key is a plain column read in row order, which then needs no copy).
struct Int64Keys {
  const int64_t* values = nullptr;
  const uint8_t* valid = nullptr;
  size_t rows = 0;
};

// hash_join_pairs for a single int64 key (what it does for one Vec::I key on each side).
void hash_join_int64(Int64Keys left_keys, Int64Keys right_keys, bool build_left, std::vector<uint32_t>& left_out,
                     std::vector<int64_t>& right_out, HashJoinStats& stats, Int64ProbeFn probe = nullptr,
                     int threads = 1);

}  // namespace clue::exec
