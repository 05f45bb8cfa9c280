#include "runtime/load/schedule.h"

#include <algorithm>

namespace clue::rt {

LoadSchedule plan_loads(const std::vector<uint64_t>& bytes, int threads) {
  threads = std::max(1, threads);
  const size_t files = bytes.size();
  LoadSchedule s;
  s.threads_per_file = threads;
  if (files <= 1 || size_t(threads) < files) return s;  // one after another, every thread each
  const int per_file = std::max(1, threads / int(files));
  uint64_t total = 0, largest = 0;
  bool known = true;
  for (uint64_t b : bytes) {
    known = known && b > 0;
    total += b;
    largest = std::max(largest, b);
  }
  // Estimated wall time of each, in bytes parsed by the busiest thread.
  const double side = double(largest) / per_file;
  const double chunked = double(total) / threads * kChunkedLoadCost;
  if (!known || side <= chunked) {
    s.side_by_side = true;
    s.threads_per_file = per_file;
  }
  return s;
}

}  // namespace clue::rt
