// Text encodings. Everything downstream of this file sees UTF-8.
//
// Chinese-locale Excel saves CSV as CP936/GBK; we decode it as GB18030, its
// superset. Other exports are UTF-8, often with a BOM. Excel's "Unicode text"
// export is UTF-16LE with a BOM, so that is understood too (BOM only).
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

namespace clue::csv {

enum class Encoding : std::uint8_t { Auto, Utf8, Gb18030, Utf16Le, Utf16Be };

std::string_view encoding_name(Encoding e);  // "UTF-8", "GB18030", ...

inline constexpr std::size_t kNoInvalid = static_cast<std::size_t>(-1);

// Offset of the first byte that is not part of a well-formed UTF-8 sequence
// (overlongs, surrogates and > U+10FFFF are invalid), or kNoInvalid.
// With allow_truncated_tail, a sequence cut short by the end of `s` is
// accepted: used on sniff windows that end at an arbitrary byte.
std::size_t find_invalid_utf8(std::string_view s, bool allow_truncated_tail = false);

struct Detection {
  Encoding encoding = Encoding::Utf8;
  std::size_t bom_size = 0;       // bytes to skip at the start
  bool not_text = false;          // looks like a workbook, not CSV
  std::string what;               // for not_text: what it looks like
};

// Picks the encoding. An explicit request wins (its own BOM is still
// skipped). Auto: BOM if any; otherwise check UTF-8 on `sniff_bytes`
// starting at the first non-ASCII byte (a long ASCII prefix says nothing):
// all valid -> UTF-8; mostly invalid -> GB18030; at least 4 valid multi-byte
// sequences per invalid byte -> UTF-8 with some damaged rows (the row layer
// then decodes those rows as GB18030 and reports their lines). Pure ASCII ->
// UTF-8.
Detection detect_encoding(std::string_view bytes, Encoding requested,
                          std::size_t sniff_bytes = std::size_t{4} << 20);

// Transcoding to UTF-8. Invalid input bytes are copied through unchanged:
// in GB18030 they are always >= 0x80 and never followed by a UTF-8
// continuation byte, so the output is invalid UTF-8 exactly there, and the
// row layer reports the row (line and column) instead of guessing. For
// UTF-16 an invalid unit becomes the byte 0xFF, for the same reason.
//
// The output buffer is allocated uninitialised: pages that are never written
// are never committed, so the 1.5x worst-case bound costs no real memory.
struct TextBuffer {
  std::unique_ptr<char[]> data;
  std::size_t size = 0;
  std::string_view view() const { return {data.get(), size}; }
};

// Returns false only when the converter itself is unavailable (*error set).
bool decode_to_utf8(std::string_view in, Encoding enc, TextBuffer& out, std::string* error);

// Appends the UTF-8 form of GB18030 `in` to `out` (same invalid-byte rule).
void gb18030_to_utf8(std::string_view in, std::string& out);

}  // namespace clue::csv
