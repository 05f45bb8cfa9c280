// parallel_stable_sort (runtime/exec/parallel_sort.h): the output sort on several threads must
// give exactly std::stable_sort's order, ties included, for any thread count (issue 19).
#include <gtest/gtest.h>

#include <random>
#include <vector>

#include "runtime/exec/parallel_sort.h"

namespace {

TEST(ParallelStableSort, SameOrderAsStableSortForAnyThreadCount) {
  std::mt19937 rng(19);
  for (size_t n : {size_t(0), size_t(5), size_t(8191), size_t(8192), size_t(20000), size_t(50001)}) {
    // Few distinct keys: most elements tie, so stability decides the order.
    std::vector<int> key(n);
    for (auto& k : key) k = int(rng() % 37);
    auto less = [&](size_t a, size_t b) { return key[a] < key[b]; };
    std::vector<size_t> want(n);
    for (size_t i = 0; i < n; ++i) want[i] = i;
    std::stable_sort(want.begin(), want.end(), less);
    for (int threads : {1, 2, 3, 4, 7}) {
      std::vector<size_t> got(n);
      for (size_t i = 0; i < n; ++i) got[i] = i;
      clue::exec::parallel_stable_sort(got, less, threads);
      EXPECT_EQ(got, want) << "n " << n << ", threads " << threads;
    }
  }
}

}  // namespace
