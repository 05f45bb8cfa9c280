// Runs tasks on threads and rethrows the first exception in the caller: an exception on a
// worker thread (e.g. std::bad_alloc under --max-memory) must not terminate the process.
#pragma once
#include <cstddef>
#include <exception>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace clue::rt {

// Calls task(0..n-1), task 0 on the calling thread, the others on their own threads.
inline void parallel_for_each(size_t n, const std::function<void(size_t)>& task) {
  std::exception_ptr error;
  std::mutex mu;
  auto guarded = [&](size_t i) {
    try {
      task(i);
    } catch (...) {
      std::lock_guard<std::mutex> lock(mu);
      if (!error) error = std::current_exception();
    }
  };
  std::vector<std::thread> pool;
  for (size_t i = 1; i < n; ++i) pool.emplace_back(guarded, i);
  if (n > 0) guarded(0);
  for (auto& t : pool) t.join();
  if (error) std::rethrow_exception(error);
}

}  // namespace clue::rt
