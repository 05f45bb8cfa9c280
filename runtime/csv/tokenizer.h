// RFC 4180 tokenizer over a UTF-8 buffer that stays alive (mapped file or
// decoded text). Yields one record at a time as string_views; nothing is
// allocated per field: a field points into the buffer, or — only when a
// quoted field contains "" escapes or text after its closing quote — into a
// per-record scratch buffer owned by the tokenizer.
//
// Dialect rules (the ones Excel and Python's csv module follow):
//  * a quote is special only at the start of a field; inside an unquoted
//    field it is a literal character (dirty exports contain 12" etc.);
//  * inside quotes, "" is one quote, and delimiters/newlines are data;
//  * text after a closing quote up to the next delimiter is appended as is;
//  * line ends are "\n", "\r\n" or a lone "\r"; empty lines are skipped and
//    counted, and line numbers count every physical line, also those inside
//    quoted fields.
//
// The chunker (chunk.cpp) implements the same automaton for record framing;
// tests check the two agree.
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "runtime/csv/errors.h"

namespace clue::csv {

inline constexpr std::size_t kDefaultMaxRecordBytes = std::size_t{64} << 20;

struct Dialect {
  char delimiter = ',';
  char quote = '"';
};

struct Record {
  // All fields, or with a projection: the projected fields in projection
  // order (a projected column the record does not have is an empty view).
  std::vector<std::string_view> fields;
  std::uint32_t field_count = 0;  // fields in the record, before projection
  std::uint64_t line = 0;         // 1-based physical line where it starts
  std::uint32_t lines = 0;        // physical lines it spans (>= 1)
  std::string_view raw;           // raw bytes, without the line terminator
};

// A tokenizer error stops the tokenizer: after an unterminated quote or an
// over-long record there is no trustworthy place to resynchronise.
struct TokenizerError {
  ErrorCode code{};               // UnterminatedQuote or RecordTooLong
  std::uint64_t line = 0;         // quote: line where it opened; too long: record start
  std::uint64_t record_line = 0;  // line where the failing record starts
  std::size_t record_offset = 0;  // byte offset of that record in the buffer
};

class Tokenizer {
 public:
  // `text` must outlive the tokenizer and the records it yields.
  // `first_line` is the physical line number of text[0] (for chunks).
  explicit Tokenizer(std::string_view text, Dialect dialect = {}, std::uint64_t first_line = 1,
                     std::size_t max_record_bytes = kDefaultMaxRecordBytes);

  // Keep only these 0-based columns, in this order. Unprojected fields are
  // still scanned (to count them and find the record end) but never stored
  // or unescaped. Empty span = all columns.
  void set_projection(std::span<const int> columns);

  // Next record; false at the end of the text or on error (see error()).
  // The record's views into scratch are valid until the next call.
  bool next(Record& r);

  bool failed() const { return failed_; }
  const TokenizerError& error() const { return error_; }
  std::uint64_t blank_lines() const { return blank_lines_; }
  std::size_t offset() const { return static_cast<std::size_t>(pos_ - begin_); }
  std::uint64_t line() const { return line_; }  // line of the next record
  std::string_view text() const { return {begin_, static_cast<std::size_t>(end_ - begin_)}; }

  // True if `field` points into scratch (not into the text): callers that
  // keep fields past the next call must copy those.
  bool in_scratch(std::string_view field) const {
    return !scratch_.empty() && field.data() >= scratch_.data() &&
           field.data() < scratch_.data() + scratch_.size();
  }

 private:
  bool fail(ErrorCode code, std::uint64_t line, const char* record_start, std::uint64_t record_line);
  bool skip_blank_lines(const char*& p);
  const char* record_limit(const char* p) const;

  const char* begin_;
  const char* end_;
  const char* pos_;
  Dialect dialect_;
  std::uint64_t line_;
  std::size_t max_record_bytes_;
  std::uint64_t blank_lines_ = 0;
  bool failed_ = false;
  TokenizerError error_{};

  std::vector<int> slot_of_column_;  // column -> output slot, -1 = skip
  std::size_t projected_width_ = 0;
  std::vector<std::size_t> dead_slots_;  // slots no column fills
  bool projecting_ = false;

  // Fast path, for the usual dialects (delimiter, quote, '\n' and '\r' all
  // distinct): an index of the special bytes ahead (delimiter, quote, '\n',
  // '\r'), built by SIMD 64 bytes at a time, so a plain field costs reading
  // one entry instead of scanning its bytes. Entry i in [index_pos_,
  // index_len_) is at index_base_ + index_[i], ascending; they are all the
  // special bytes in [that first entry, index_end_), and all before the
  // current record's limit. Positions only move forward; entries behind the
  // position (blank lines, the \n of a \r\n) are skipped. Other dialects
  // take next_generic, the plain scanner (one find_any3 per field).
  bool next_generic(Record& r);
  template <bool kProject>
  bool next_fast(Record& r);
  bool refill_index(const char* from, const char* limit);
  static constexpr std::uint32_t kIndexCapacity = 1024;  // entries per refill (+64 slack)
  bool fast_ = false;
  bool avx2_ = false;                // index with AVX2 (one pshufb per 32 bytes)
  bool avx512_ = false;              // index with AVX-512 VBMI2 (vpcompressb)
  unsigned char class_table_[16]{};  // the special byte by low nibble, 0x80 = none
  const char* index_base_ = nullptr;
  const char* index_end_ = nullptr;
  std::uint32_t index_pos_ = 0;
  std::uint32_t index_len_ = 0;
  std::uint32_t index_[kIndexCapacity + 64];  // not initialised: only [0, index_len_) is read

  std::string scratch_;
  struct Fixup {
    std::size_t slot, offset, length;
  };
  std::vector<Fixup> fixups_;
};

namespace detail {
// For tests: the highest SIMD level a Tokenizer constructed from now on may
// use for its index (0 = SSE2, 1 = AVX2, 2 = AVX-512 VBMI2; it also needs
// the CPU to have it). Results never depend on it.
extern std::atomic<int> tokenizer_simd_cap;
}  // namespace detail

}  // namespace clue::csv
