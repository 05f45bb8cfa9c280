// The memory budget of a run (--max-memory; docs/performance.md, "Bigger than memory"): the
// big consumers — loaded columns, the pieces of a streamed source in flight, key sets, hash
// tables, join pairs — are accounted where they are allocated, and the plan chooses streaming
// (stream_plan.h) from the budget. A consumer that would take the total past the limit stops
// the run with E0580 (BudgetExceeded, naming what and how much) instead of leaving it to the
// kernel's OOM killer. Thread-safe: pieces are parsed on several threads.
#pragma once
#include <atomic>
#include <cstdint>
#include <stdexcept>
#include <string>

namespace clue::exec {

// Thrown when an accounted allocation would pass the budget: what it was for, its size, what
// was accounted before it and the limit (bytes).
struct BudgetExceeded : std::runtime_error {
  BudgetExceeded(const char* en, const char* zh, uint64_t bytes, uint64_t held, uint64_t limit)
      : std::runtime_error(std::string("memory budget exceeded: ") + en), en(en), zh(zh), bytes(bytes), held(held),
        limit(limit) {}
  const char *en, *zh;  // what the memory was for (static text)
  uint64_t bytes, held, limit;
};

class MemoryBudget {
 public:
  explicit MemoryBudget(uint64_t limit = 0) : limit_(limit) {}
  uint64_t limit() const { return limit_; }  // 0: none
  // Accounts `bytes` more for `what_for`; throws BudgetExceeded (and accounts nothing) when
  // that would pass the limit.
  void take(uint64_t bytes, const char* en, const char* zh) {
    const uint64_t before = used_.fetch_add(bytes);
    if (limit_ && before + bytes > limit_) {
      used_.fetch_sub(bytes);
      throw BudgetExceeded(en, zh, bytes, before, limit_);
    }
    uint64_t p = peak_.load();
    while (before + bytes > p && !peak_.compare_exchange_weak(p, before + bytes)) {
    }
  }
  void give(uint64_t bytes) { used_.fetch_sub(bytes); }
  // Whether `bytes` more would fit now (planning: stream or not).
  bool fits(uint64_t bytes) const { return !limit_ || used_.load() + bytes <= limit_; }
  uint64_t used() const { return used_.load(); }
  uint64_t peak() const { return peak_.load(); }

 private:
  uint64_t limit_;
  std::atomic<uint64_t> used_{0}, peak_{0};
};

// take() in a constructor, give() in the destructor: memory held for a scope.
class Held {
 public:
  Held(MemoryBudget* b, uint64_t bytes, const char* en, const char* zh) : b_(b), bytes_(bytes) {
    if (b_) b_->take(bytes_, en, zh);
  }
  ~Held() {
    if (b_) b_->give(bytes_);
  }
  Held(const Held&) = delete;
  Held& operator=(const Held&) = delete;

 private:
  MemoryBudget* b_;
  uint64_t bytes_;
};

}  // namespace clue::exec
