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

// Calls task(0..n-1), task 0 on the calling thread, the others on their own threads. A thread
// that cannot be started (its stack is mapped: under --max-memory, or past the process limit)
// leaves its task and the rest to the calling thread, one after another: the tasks are
// independent, so fewer threads only make the call slower. Destroying a vector that still
// holds started threads would terminate the process.
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
  size_t started = 1;
  try {
    pool.reserve(n > 0 ? n - 1 : 0);
    for (; started < n; ++started) pool.emplace_back(guarded, started);
  } catch (...) {  // std::system_error (EAGAIN) or std::bad_alloc: run the rest here
  }
  for (size_t i = 0; i < n; ++i)
    if (i == 0 || i >= started) guarded(i);
  for (auto& t : pool) t.join();
  if (error) std::rethrow_exception(error);
}

}  // namespace clue::rt
