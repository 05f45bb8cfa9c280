#include "runtime/io/chunk_pipe.h"

#include <new>
#include <utility>

namespace clue::io {

void ChunkPipe::start(Producer produce, size_t ahead) {
  stop();
  {
    std::lock_guard lock(mu_);
    chunks_.clear();
    ahead_ = ahead == 0 ? 1 : ahead;
    done_ = failed_ = cancel_ = false;
  }
  thread_ = std::thread([this, p = std::move(produce)]() mutable { run(std::move(p)); });
}

void ChunkPipe::run(Producer produce) {
  bool failed = false;
  try {
    for (bool more = true; more;) {
      std::string chunk;
      more = produce(chunk);
      std::unique_lock lock(mu_);
      // Wait for room: the reader is behind by `ahead` chunks (or gone).
      cv_.wait(lock, [&] { return cancel_ || chunks_.size() < ahead_; });
      if (cancel_) break;
      if (!chunk.empty()) chunks_.push_back(std::move(chunk));
      cv_.notify_all();
    }
  } catch (...) {
    // An exception must not end the process from a thread: the reader raises it.
    failed = true;
  }
  std::lock_guard lock(mu_);
  done_ = true;
  failed_ = failed;
  cv_.notify_all();
}

bool ChunkPipe::pop(std::string& out) {
  std::unique_lock lock(mu_);
  cv_.wait(lock, [&] { return !chunks_.empty() || done_; });
  if (chunks_.empty()) {
    if (failed_) throw std::bad_alloc();
    return false;
  }
  out = std::move(chunks_.front());
  chunks_.pop_front();
  cv_.notify_all();
  return true;
}

void ChunkPipe::stop() {
  if (!thread_.joinable()) return;
  {
    std::lock_guard lock(mu_);
    cancel_ = true;
    cv_.notify_all();
  }
  thread_.join();
}

}  // namespace clue::io
