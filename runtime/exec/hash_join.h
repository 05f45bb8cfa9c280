// Equi-join matching: a compact open-addressing hash table over the build side's keys (one
// int64 per row for IDs, dates and amounts; serialised bytes for text and multi-column keys),
// probed by the other side. Rows with a null key never match anything.
#pragma once
#include <cstdint>
#include <vector>

#include "runtime/exec/frame.h"

namespace clue::exec {

struct HashJoinStats {
  size_t build_rows = 0, probe_rows = 0, pairs = 0;
  size_t range_skipped = 0;  // probe keys outside the build side's [min, max]: not hashed
};

// Keys of the left rows and of the right rows (one Vec per key column, same types). Appends
// every matching (left position, right position) pair. `build_left` builds the table over
// the left keys (when the left side is smaller); the pairs are the same either way.
void hash_join_pairs(const std::vector<Vec>& left_keys, const std::vector<Vec>& right_keys, bool build_left,
                     std::vector<uint32_t>& left_out, std::vector<int64_t>& right_out, HashJoinStats& stats);

}  // namespace clue::exec
