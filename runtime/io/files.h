// File helpers for run outputs: SHA-256 of inputs for the manifest (OpenSSL's libcrypto:
// fast, with the CPU's SHA extensions), and atomic writes (temporary name, then rename), so a
// failed run never leaves a half-written output behind.
#pragma once
#include <cstddef>
#include <memory>
#include <string>
#include <string_view>

namespace clue::io {

// Hex SHA-256 of a file's bytes; empty on error.
std::string sha256_file(const std::string& path);
std::string sha256_text(const std::string& text);

// SHA-256 fed piece by piece: a reader hashes each stretch of a file right after parsing it,
// while the bytes are still in cache, instead of reading the whole file a second time.
class Sha256 {
 public:
  Sha256();
  ~Sha256();
  Sha256(Sha256&&) noexcept;
  Sha256& operator=(Sha256&&) noexcept;
  void update(std::string_view bytes);
  std::string hex_digest();  // ends the hash
 private:
  struct Ctx;
  std::unique_ptr<Ctx> ctx_;
};

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
