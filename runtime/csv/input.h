// File input: the bytes of a whole file as one read-only buffer.
//
// Regular files are memory-mapped, so a 2 GB export costs no heap and no copy;
// pages come in as the tokenizer walks forward (MADV_SEQUENTIAL). Only regular
// files are accepted (symbolic links followed): a folder, a device such as
// /dev/zero, a FIFO or a socket is an error, never an endless read or a hang.
// The mapping is guarded against truncation by another program
// (runtime/fs/mapping_guard.h, namespace fsafe).
#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>

namespace clue::csv {

class InputFile {
 public:
  InputFile() = default;
  InputFile(InputFile&&) noexcept;
  InputFile& operator=(InputFile&&) noexcept;
  InputFile(const InputFile&) = delete;
  InputFile& operator=(const InputFile&) = delete;
  ~InputFile();

  // Opens and maps (or reads) `path`. On failure returns false and sets
  // *error to the system error text (strerror).
  bool open(const std::string& path, std::string* error);

  // Wraps bytes already in memory (tests, embedded data); copies them.
  static InputFile from_bytes(std::string_view bytes);

  std::string_view bytes() const { return {data_, size_}; }
  bool mapped() const { return map_ != nullptr; }

 private:
  void reset();

  const char* data_ = "";
  std::size_t size_ = 0;
  void* map_ = nullptr;               // mmap base when mapped
  std::size_t map_size_ = 0;
  std::unique_ptr<char[]> heap_;      // buffer when read, not mapped
  int guard_ = -1;                    // fsafe::guard_mapping slot of the mapping
};

}  // namespace clue::csv
