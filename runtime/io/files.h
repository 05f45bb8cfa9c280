// File helpers for run outputs: SHA-256 of inputs for the manifest (see sha256.h), and atomic writes (temporary name, then rename), so a
// failed run never leaves a half-written output behind. Temporary names are unpredictable and
// created exclusively (mkostemp): a planted file or symbolic link is never written through.
// Every write, the fsync and the close are checked.
#pragma once
#include <cstddef>
#include <memory>
#include <string>
#include <string_view>

#include "runtime/io/sha256.h"

namespace clue::io {

// Hex SHA-256 of a file's bytes; empty on error.
std::string sha256_file(const std::string& path);
std::string sha256_text(const std::string& text);

// Creates an empty temporary file beside `path` (".NAME.clue-tmp-XXXXXX", O_EXCL, the
// permissions of an ordinary new file) and returns its descriptor and name; -1 with errno.
int create_temp_beside(const std::string& path, std::string& tmp);

// Writes `content` to `path` atomically. Returns an error message, empty on success.
std::string write_atomic(const std::string& path, const std::string& content);

// The same, written piece by piece (an output too large to build in memory first, such as a
// rejects.csv of millions of rows): open(), write() any number of times, commit(). Until
// commit() succeeds the content is under a temporary name, removed if the writer is destroyed
// first, so a failed run never leaves a half-written output behind.
class AtomicFile {
 public:
  AtomicFile() = default;
  AtomicFile(const AtomicFile&) = delete;
  AtomicFile& operator=(const AtomicFile&) = delete;
  ~AtomicFile();
  std::string open(const std::string& path);  // error message, empty on success
  void write(std::string_view bytes);          // an error is kept for commit()
  std::string commit();                        // error message, empty on success

 private:
  std::string path_, tmp_, error_;
  int fd_ = -1;
};

}  // namespace clue::io
