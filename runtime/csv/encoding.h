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
#include <vector>

namespace clue::csv {

enum class Encoding : std::uint8_t { Auto, Utf8, Gb18030, Utf16Le, Utf16Be };

std::string_view encoding_name(Encoding e);  // "UTF-8", "GB18030", ...
// An encoding as a user writes it (auto, utf-8, gb18030 and its aliases gbk/gb2312/cp936,
// utf-16/utf-16le/utf-16be; ASCII case, '-' and '_' ignored). False for anything else.
bool parse_encoding_name(std::string_view name, Encoding& out);

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
  // Auto without a BOM or with a UTF-8 one, when the window is not all valid
  // UTF-8: the vote (see detect_encoding). Both zero when the window was clean
  // or not looked at.
  std::size_t utf8_lines = 0;     // lines valid as UTF-8 with a 3- or 4-byte character
  std::size_t gb18030_lines = 0;  // lines not valid as UTF-8
};

// Picks the encoding. An explicit request wins (its own BOM is still
// skipped). Auto: BOM if any (a UTF-8 one still gets the line vote's counts,
// not its verdict); otherwise look at `sniff_bytes` starting at
// the first non-ASCII byte (a long ASCII prefix says nothing). All valid
// UTF-8 (one SIMD pass, the usual case) -> UTF-8. Otherwise each line with a
// non-ASCII byte votes: not valid UTF-8 -> GB18030; valid with at least one
// 3- or 4-byte sequence (every CJK character) -> UTF-8; valid with 2-byte
// sequences only (as a GBK line of a character or two can be by accident)
// -> no vote. The majority of lines wins, a tie goes to the first line that
// voted (usually the header). Whatever wins, the minority lines are still
// decoded as what they are, line by line, and reported: in a UTF-8 file by
// the row layer (C0302, decode_utf8_row_mixed; and when the window held
// GB18030 lines, a row valid both ways without a CJK character is taken as
// GB18030, C0305), in a GB18030 file when it is transcoded (C0304,
// decode_gb18030_by_line). Pure ASCII -> UTF-8.
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

// ------------------------------------------- files mixing UTF-8 and GB18030 ----
//
// Exports get concatenated, and rows (or one long judgment) pasted from a GBK
// file end up in a UTF-8 one, or the other way round. The unit of decision is
// the physical line (line ends as the tokenizer counts them), pooled so that a
// short GBK field that happens to be valid UTF-8 (one character in eight is)
// is decided with the rest of its line. Splitting at bytes below 0x30 never
// cuts a character in either encoding.

// A line or field is taken as UTF-8 without further question when it is valid
// UTF-8 holding at least this many 3- or 4-byte sequences: GBK text of one or
// two characters (4 bytes) cannot be, and longer GBK text almost never is (see
// docs/data.md, Encodings, for the measured rates).
inline constexpr std::size_t kSureUtf8Sequences = 2;

// Number of 3- and 4-byte sequences in valid UTF-8 `s` (its bytes E0..F4).
std::size_t count_wide_utf8(std::string_view s);

// A record of a UTF-8 file that is not valid UTF-8, decoded line by line:
//  * a line that is valid UTF-8 with kSureUtf8Sequences wide sequences, or
//    ASCII, is copied;
//  * any other line is decided field by field (split at `delimiter` when it
//    is a byte below 0x40 other than a digit, and at quotes): a field that is
//    valid UTF-8 with kSureUtf8Sequences wide sequences is copied; else it is
//    decoded as GB18030 if that gives no invalid byte; else, if it is valid
//    UTF-8 it is copied; else it is decoded as GB18030 with its invalid bytes
//    kept (so the row layer rejects the row, C0103).
// Appends to `out`; `gb_lines` gets the 0-based index (within the record) of
// each physical line in which something was decoded as GB18030.
void decode_utf8_row_mixed(std::string_view raw, char delimiter, std::string& out,
                           std::vector<std::uint32_t>& gb_lines);

// A GB18030 file (auto-detected, not requested), decoded line by line: a line
// that is valid UTF-8 with kSureUtf8Sequences wide sequences, or valid UTF-8
// that is not valid GB18030, is copied as UTF-8 and its 1-based physical line
// number appended to `utf8_lines`; every other line is decoded as GB18030
// (as decode_to_utf8 does). Returns false only when the converter is missing.
bool decode_gb18030_by_line(std::string_view in, TextBuffer& out, std::vector<std::uint64_t>& utf8_lines,
                            std::string* error);

}  // namespace clue::csv
