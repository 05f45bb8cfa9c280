// Owns the text of every file the compiler reads and turns byte offsets into the line and
// column a person sees. Columns count Unicode characters, not bytes, so a caret under a
// Chinese identifier lands under the right glyph.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace clue {

using FileId = uint32_t;
inline constexpr FileId kNoFile = UINT32_MAX;

// A half-open range in one file. Lines and columns are 1-based; columns count characters.
struct Span {
  FileId file = kNoFile;
  uint32_t line = 0;
  uint32_t col = 0;
  uint32_t end_line = 0;
  uint32_t end_col = 0;

  bool valid() const { return file != kNoFile && line != 0; }
  // Smallest span covering both (same file assumed).
  static Span cover(const Span& a, const Span& b);
};

class SourceManager {
 public:
  // Registers a file's text; the returned id is stable for the manager's lifetime.
  FileId add(std::string path, std::string text);
  // A file known by name only (a data file): places in it are printed without a snippet.
  FileId add_external(std::string path);
  const std::string& path(FileId id) const { return files_[id].path; }
  const std::string& text(FileId id) const { return files_[id].text; }
  size_t file_count() const { return files_.size(); }
  // The text of line `line` (1-based) without its line terminator.
  std::string_view line_text(FileId id, uint32_t line) const;
  uint32_t line_count(FileId id) const { return uint32_t(files_[id].line_starts.size()); }

 private:
  struct File {
    std::string path;
    std::string text;
    std::vector<size_t> line_starts;
  };
  std::vector<File> files_;
};

// Byte offset of the first invalid UTF-8 sequence, or npos when the text is valid.
size_t first_invalid_utf8(std::string_view s);
// The text with every invalid UTF-8 byte replaced by U+FFFD.
std::string sanitize_utf8(std::string_view s);

// Number of Unicode characters in a UTF-8 string (invalid bytes count as one character each).
size_t utf8_char_count(std::string_view s);
// Display width in a terminal: CJK and full-width characters take two cells.
size_t display_width(std::string_view s);
// The prefix of `s` holding its first `chars` characters.
std::string_view utf8_prefix(std::string_view s, size_t chars);

}  // namespace clue
