// The SHA-256 of a run's input files, for the manifest: two files at a time where the CPU
// can (see sha256_ni.h: 1.5x the throughput of one stream). A file's bytes come from its
// reader, handed over in order as they are parsed (feed: hashed while still in cache), or
// are read here: ahead of a file's reader, to go through the rounds beside another file's
// bytes, and at the end, whatever no reader handed over.
#pragma once
#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "runtime/io/sha256.h"

namespace clue::io {

class InputHasher {
 public:
  // One entry per file; an empty path is not hashed (its digest is "").
  explicit InputHasher(const std::vector<std::string>& paths);
  ~InputHasher();
  InputHasher(const InputHasher&) = delete;
  InputHasher& operator=(const InputHasher&) = delete;

  // File i's next bytes, as its reader parsed them: every byte from the file's start, in
  // order, each once. Bytes already hashed (read ahead) are skipped. One thread at a time.
  // Without pair_ahead nothing else is read to go beside them.
  void feed(size_t i, std::string_view bytes, bool pair_ahead = true);
  // The next bytes of two files (as feed takes them), through the rounds side by side.
  void feed_pair(size_t i, std::string_view a, size_t j, std::string_view b);

  // Hashes what is left of every file and returns the hex digests ("" for an empty path or
  // a file that could not be read). The hasher is spent afterwards.
  std::vector<std::string> finish();

 private:
  struct File {
    std::string path;
    int fd = -1;
    uint64_t size = 0;  // at open; a reader may hand over more if the file grows
    uint64_t fed = 0;   // bytes its reader handed over
    Sha256 hash;
    bool failed = false;
  };
  static bool unhashed(File& f, std::string_view& bytes);
  size_t companion(size_t i) const;
  std::string_view read_ahead(File& f, std::vector<char>& buf, size_t max);
  std::vector<File> files_;
  std::vector<char> ahead_, ahead2_;
};

// An InputHasher on a thread of its own, fed by readers on other threads (one per file), for
// runs whose files are parsed side by side: the readers hand over each stretch right after
// parsing it and go on; the thread hashes two files' stretches together where both have some
// waiting. Nothing is copied: a stretch must stay readable (mapped) until taken(i) passes its
// end, so a reader drops pages behind min(its parse, taken) and waits for taken() to reach
// the end of what it offered before it unmaps the file. (The alternative, a thread reading
// the files itself with pread, spent 0.05 s copying 509 MB at due_claims 1 M.)
class HashThread {
 public:
  // `streamed`: the files whose readers will offer bytes (the others are read in finish()).
  HashThread(std::shared_ptr<InputHasher> hasher, std::vector<bool> streamed);
  ~HashThread();
  HashThread(const HashThread&) = delete;
  HashThread& operator=(const HashThread&) = delete;

  void offer(size_t i, std::string_view bytes);  // file i's next stretch (its reader's thread)
  uint64_t taken(size_t i) const;                 // bytes of file i hashed, from its start
  void wait_taken(size_t i, uint64_t n);          // until taken(i) >= n
  void done(size_t i);                            // file i's reader offers no more
  // Waits for the thread (every streamed file must be done()), then hashes what no reader
  // offered and returns the digests (InputHasher::finish).
  std::vector<std::string> finish();

 private:
  void run();
  struct Stream {
    std::deque<std::string_view> pending;
    uint64_t pending_bytes = 0;
    bool active = false;
    std::atomic<uint64_t> taken{0};
  };
  std::shared_ptr<InputHasher> hasher_;
  std::vector<std::unique_ptr<Stream>> streams_;
  std::mutex mu_;
  std::condition_variable work_, progress_;
  std::thread thread_;
};

// All of the files' digests at once (InputHasher without readers).
std::vector<std::string> sha256_files(const std::vector<std::string>& paths);

}  // namespace clue::io
