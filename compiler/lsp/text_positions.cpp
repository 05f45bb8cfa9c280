#include "compiler/lsp/text_positions.h"

namespace clue::lsp {
namespace {
// Length of the UTF-8 sequence starting with byte `c` (an invalid byte counts as one).
size_t seq_len(unsigned char c) {
  if (c < 0x80) return 1;
  if ((c >> 5) == 0x6) return 2;
  if ((c >> 4) == 0xE) return 3;
  if ((c >> 3) == 0x1E) return 4;
  return 1;
}
uint32_t units(size_t len, Encoding enc) { return enc == Encoding::Utf16 && len == 4 ? 2 : 1; }
}  // namespace

uint32_t lsp_column(std::string_view line, uint32_t chars, Encoding enc) {
  uint32_t col = 0;
  size_t i = 0;
  for (uint32_t c = 0; c < chars && i < line.size(); ++c) {
    size_t len = seq_len(static_cast<unsigned char>(line[i]));
    col += units(len, enc);
    i += len;
  }
  return col;
}

uint32_t char_column(std::string_view line, uint32_t col, Encoding enc) {
  uint32_t chars = 0, at = 0;
  size_t i = 0;
  while (i < line.size() && at < col) {
    size_t len = seq_len(static_cast<unsigned char>(line[i]));
    at += units(len, enc);
    i += len;
    ++chars;
  }
  return chars;
}

std::string_view line_of(const std::string& text, uint32_t line) {
  size_t start = 0;
  for (uint32_t l = 0; l < line; ++l) {
    size_t nl = text.find('\n', start);
    if (nl == std::string::npos) return {};
    start = nl + 1;
  }
  size_t end = text.find('\n', start);
  if (end == std::string::npos) end = text.size();
  if (end > start && text[end - 1] == '\r') --end;
  return std::string_view(text).substr(start, end - start);
}

size_t byte_offset(const std::string& text, uint32_t line, uint32_t col, Encoding enc) {
  size_t start = 0;
  for (uint32_t l = 0; l < line; ++l) {
    size_t nl = text.find('\n', start);
    if (nl == std::string::npos) return text.size();
    start = nl + 1;
  }
  std::string_view rest = line_of(text, line);
  uint32_t chars = char_column(rest, col, enc);
  size_t i = 0;
  for (uint32_t c = 0; c < chars && i < rest.size(); ++c) i += seq_len(static_cast<unsigned char>(rest[i]));
  return start + i;
}

}  // namespace clue::lsp
