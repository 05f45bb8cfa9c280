// File input: the bytes of a whole file as one read-only buffer.
//
// Regular files are memory-mapped, so a 2 GB export costs no heap and no copy;
// pages come in as the tokenizer walks forward (MADV_SEQUENTIAL). Pipes,
// FIFOs and /dev/stdin cannot be mapped, so they are read into memory.
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
};

}  // namespace clue::csv
