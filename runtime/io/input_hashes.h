// The SHA-256 of a run's input files, for the manifest: two files at a time where the CPU
// can (see sha256_ni.h: 1.5x the throughput of one stream). A file's bytes come from its
// reader, handed over in order as they are parsed (feed: hashed while still in cache), or
// are read here: ahead of a file's reader, to go through the rounds beside another file's
// bytes, and at the end, whatever no reader handed over.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>
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
  void feed(size_t i, std::string_view bytes);

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
  size_t companion(size_t i) const;
  std::string_view read_ahead(File& f, std::vector<char>& buf, size_t max);
  std::vector<File> files_;
  std::vector<char> ahead_, ahead2_;
};

// All of the files' digests at once (InputHasher without readers).
std::vector<std::string> sha256_files(const std::vector<std::string>& paths);

}  // namespace clue::io
