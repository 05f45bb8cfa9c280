// A stable sort on several threads, with exactly the order of one std::stable_sort (issue 19:
// the output sort of a run must not depend on --threads).
#pragma once
#include <algorithm>
#include <cstddef>
#include <vector>

#include "runtime/table/parallel.h"

namespace clue::exec {

// Below this many rows a run, sorting on another thread costs more than it saves (a thread
// starts in some 50 µs).
constexpr size_t kMinSortRowsPerThread = 4096;

// std::stable_sort of `idx` by `less`, in up to `threads` contiguous runs sorted on their own
// threads, then merged pairwise (std::merge takes equal elements from the left run first), so
// the order is exactly that of one std::stable_sort over the whole, for any thread count.
template <class T, class Less>
void parallel_stable_sort(std::vector<T>& idx, const Less& less, int threads) {
  const size_t n = idx.size();
  size_t runs = threads > 1 && n >= 2 * kMinSortRowsPerThread
                    ? std::min<size_t>(size_t(threads), n / kMinSortRowsPerThread)
                    : 1;
  if (runs <= 1) {
    std::stable_sort(idx.begin(), idx.end(), less);
    return;
  }
  std::vector<size_t> bound(runs + 1);
  for (size_t p = 0; p <= runs; ++p) bound[p] = n * p / runs;
  auto at = [&](size_t i) { return idx.begin() + std::ptrdiff_t(i); };
  rt::parallel_for_each(runs, [&](size_t p) { std::stable_sort(at(bound[p]), at(bound[p + 1]), less); });
  // Merge neighbouring runs, the merges of one round on threads of their own.
  std::vector<T> tmp(n);
  while (runs > 1) {
    rt::parallel_for_each(runs / 2, [&](size_t q) {
      const size_t b = bound[2 * q], m = bound[2 * q + 1], e = bound[2 * q + 2];
      std::merge(at(b), at(m), at(m), at(e), tmp.begin() + std::ptrdiff_t(b), less);
      std::copy(tmp.begin() + std::ptrdiff_t(b), tmp.begin() + std::ptrdiff_t(e), at(b));
    });
    std::vector<size_t> next;
    for (size_t p = 0; p <= runs; p += 2) next.push_back(bound[p]);
    if (next.back() != n) next.push_back(n);
    bound = std::move(next);
    runs = bound.size() - 1;
  }
}

}  // namespace clue::exec
