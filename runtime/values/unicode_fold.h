// Common pre-processing for all value parsers: UTF-8 decoding, full-width
// folding, trimming and middle-dot folding.
//
// Exports from Chinese systems mix half- and full-width forms freely
// (３６０４２６…, （2023）, ￥１，２３４), pad cells with U+3000 or NBSP, and
// UTF-8 CSVs often start with a BOM. Parsers therefore work on a stream of
// *folded* code points (FoldedReader) rather than copying the input: nothing
// here allocates except the explicit std::string helpers.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace clue::values {

// Returned by decode_utf8 for a malformed or truncated sequence (one byte is
// consumed, so decoding always makes progress).
inline constexpr char32_t kInvalidCodePoint = 0xFFFFFFFF;

namespace detail {
char32_t decode_utf8_multibyte(const char*& p, const char* end) noexcept;
}

// Decodes one code point at p and advances p. Precondition: p < end.
// ASCII is handled inline because it is by far the common case.
inline char32_t decode_utf8(const char*& p, const char* end) noexcept {
  auto b = static_cast<unsigned char>(*p);
  if (b < 0x80) {
    ++p;
    return b;
  }
  return detail::decode_utf8_multibyte(p, end);
}

// Writes c as UTF-8 to out (needs 4 bytes), returns the byte count.
std::size_t encode_utf8(char32_t c, char* out) noexcept;
void append_utf8(std::string& s, char32_t c);

// Full-width ASCII U+FF01..U+FF5E -> U+0021..U+007E; ideographic space
// U+3000 -> ' '. Everything else unchanged.
constexpr char32_t fold_width(char32_t c) noexcept {
  if (c >= 0xFF01 && c <= 0xFF5E) return c - 0xFF01 + 0x21;
  if (c == 0x3000) return U' ';
  return c;
}

// Middle-dot variants seen in minority names (阿不都·热合曼) -> U+00B7.
// U+FF0E (full-width full stop) is also used as a name dot, but elsewhere it
// is a genuine full stop, so it is folded only when `in_name` is true.
constexpr char32_t fold_middle_dot(char32_t c, bool in_name = false) noexcept {
  switch (c) {
    case 0x2022: case 0x30FB: case 0xFF65: case 0x2027: case 0x2219:
      return 0x00B7;
    case 0xFF0E:
      return in_name ? 0x00B7 : c;
    default:
      return c;
  }
}

constexpr bool is_middle_dot_variant(char32_t c) noexcept {
  return c == 0x00B7 || c == 0x2022 || c == 0x30FB || c == 0xFF65 || c == 0x2027 ||
         c == 0x2219 || c == 0xFF0E;
}

// The characters stripped from both ends of every cell: space, tab, CR, LF,
// NBSP U+00A0, ideographic space U+3000 and BOM / zero-width no-break space
// U+FEFF.
constexpr bool is_trim_space(char32_t c) noexcept {
  return c == U' ' || c == U'\t' || c == U'\r' || c == U'\n' || c == 0x00A0 || c == 0x3000 ||
         c == 0xFEFF;
}

// The builtin normalize_punct (规范标点): the same text with full-width ASCII (letters,
// digits, punctuation, brackets: （速裁） -> (速裁)) and the ideographic space folded by
// fold_width, the CJK brackets 〔〕 as () and 【】 as [], Chinese quotes “”‘’ as "" '', and
// trimmed (is_trim_space). A stage written 审查起诉(速裁), 审查起诉（速裁） or 审查起诉〔速裁〕
// is then one value. Invalid UTF-8 bytes are kept as they are.
std::string normalize_punct(std::string_view s);

// Strips is_trim_space characters from both ends. Works on bytes (no
// decoding) and returns a view into the input.
std::string_view trim(std::string_view s) noexcept;

// True if every byte is < 0x80: callers use this to skip all folding work.
bool is_ascii(std::string_view s) noexcept;

// Allocating convenience: trim + fold_width of every code point. Invalid
// UTF-8 bytes are passed through unchanged.
std::string fold_width_string(std::string_view s);

// Compares the fold_width()ed code points of `input` and `word`.
// With ascii_case_insensitive, A-Z and a-z compare equal. No allocation.
bool equals_folded(std::string_view input, std::string_view word,
                   bool ascii_case_insensitive = false) noexcept;

constexpr bool is_ascii_digit(char32_t c) noexcept { return c >= U'0' && c <= U'9'; }
constexpr char32_t ascii_upper(char32_t c) noexcept {
  return (c >= U'a' && c <= U'z') ? c - 32 : c;
}

// Forward reader yielding fold_width()ed code points of a string. Parsers use
// it with one code point of look-ahead; it never allocates.
class FoldedReader {
 public:
  explicit FoldedReader(std::string_view s) noexcept
      : p_(s.data()), end_(s.data() + s.size()) {
    load();
  }
  bool done() const noexcept { return at_end_; }
  // Current code point (folded); 0 at end.
  char32_t peek() const noexcept { return cur_; }
  // Returns the current code point and advances.
  char32_t next() noexcept {
    char32_t c = cur_;
    load();
    return c;
  }
  // Byte offset of the current code point in the original string.
  const char* position() const noexcept { return cur_start_; }

 private:
  void load() noexcept {
    cur_start_ = p_;
    if (p_ >= end_) {
      at_end_ = true;
      cur_ = 0;
      return;
    }
    cur_ = fold_width(decode_utf8(p_, end_));
  }

  const char* p_;
  const char* end_;
  const char* cur_start_ = nullptr;
  char32_t cur_ = 0;
  bool at_end_ = false;
};

}  // namespace clue::values
