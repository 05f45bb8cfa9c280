// Runs a producer of byte chunks on a thread of its own, a few chunks ahead of the one reading
// them (issue 19). The xlsx writer uses it so that, with two threads or more, a sheet's XML is
// produced while libzip deflates the XML before it: these two halves of an xlsx's CPU time
// then overlap instead of running one after the other on one thread, which was the last
// stretch of a 2-thread run where only one core worked. The reader sees the same bytes in the
// same order as when it calls the producer itself, so the file does not change.
#pragma once
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>
#include <string>
#include <thread>

namespace clue::io {

class ChunkPipe {
 public:
  // `produce` appends the next chunk to its argument and returns false once nothing is left
  // (the chunk it appended last may be non-empty). At most `ahead` chunks wait unread.
  using Producer = std::function<bool(std::string&)>;
  ChunkPipe() = default;
  ChunkPipe(const ChunkPipe&) = delete;
  ChunkPipe& operator=(const ChunkPipe&) = delete;
  ~ChunkPipe() { stop(); }

  // Stops a producer still running, then starts `produce` on a new thread.
  void start(Producer produce, size_t ahead = 4);
  // Moves the next chunk into `out` (replacing its content); false when the producer is done
  // and every chunk has been taken. Throws std::bad_alloc when the producer failed with an
  // exception (the only one SheetXml can raise), after the chunks before it.
  bool pop(std::string& out);
  // Asks the producer to stop after its current chunk and waits for its thread.
  void stop();

 private:
  void run(Producer produce);

  std::mutex mu_;
  std::condition_variable cv_;
  std::deque<std::string> chunks_;
  size_t ahead_ = 4;
  bool done_ = false, failed_ = false, cancel_ = false;
  std::thread thread_;
};

}  // namespace clue::io
