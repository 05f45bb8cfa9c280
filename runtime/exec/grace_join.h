// A grace hash join (docs/engine.md, "Spilling"): when a join's hash table would not fit the
// memory budget, both sides' int64 keys are written with their row numbers to partition files
// by the top bits of the key's hash, and the partition pairs are joined one at a time, each
// with a table a 2^bits-th of the size; the pairs come back in (left row, right row) order, as
// the engine orders every join's pairs. Only the keys spill: the frames and loaded columns stay
// in memory (their rows are what the pairs point at).
#pragma once
#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

#include "runtime/exec/hash_join.h"
#include "runtime/exec/memory_budget.h"

namespace clue::exec {

// A spill file that cannot be created, written or read back (E0581: path, errno's text), or a
// partition whose table still does not fit the budget (E0582: path is "3/8", detail its build
// rows).
struct SpillError : std::runtime_error {
  SpillError(std::string code, std::string path, std::string detail)
      : std::runtime_error(code + ": " + path + ": " + detail), code(std::move(code)), path(std::move(path)),
        detail(std::move(detail)) {}
  std::string code, path, detail;
};

struct SpillStats {
  size_t partitions = 0;
  uint64_t bytes_written = 0;  // both sides' records
  uint64_t largest_partition = 0;  // build rows of the largest partition
};

// The partitions (a power of two, at least 2) for a join whose hash table would take
// `table_bytes`, so that one partition's table takes at most a quarter of `available` (the
// budget not yet in use).
size_t spill_partitions(uint64_t table_bytes, uint64_t available);

// hash_join_int64's pairs (left position, right position), through partition files in `dir`
// (created if missing; the files are removed afterwards, however the join ends). `budget`
// accounts each partition's table and keys while it is joined.
void grace_join_int64(Int64Keys left_keys, Int64Keys right_keys, bool build_left, std::vector<uint32_t>& left_out,
                      std::vector<int64_t>& right_out, HashJoinStats& stats, const std::string& dir,
                      size_t partitions, MemoryBudget* budget, SpillStats& spill, int threads = 1);

}  // namespace clue::exec
