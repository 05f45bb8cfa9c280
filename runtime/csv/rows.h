// Row accounting: turns tokenizer records into delivered rows or rejects.
//
// Every record of the data region ends as exactly one of
//   delivered            -> returned to the caller
//   rejected(reason)     -> handed to the reject sink and counted by reason:
//        FieldCountMismatch (never shifted or padded), TrailerRow (合计/总计/
//        小计/共计), InvalidEncodingRow, and the record a file error hits
//        (UnterminatedQuote, RecordTooLong);
// so rows_read == rows_delivered + rows_rejected always holds. Not records,
// and counted separately: empty lines (blank_lines) and records with only
// delimiters, quotes and spaces such as ",,,," (empty_rows).
//
// A RowCursor reads one range of text; the whole data region (CsvFile) or
// one chunk of it (parallel parsing). Counters add up across chunks.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "runtime/csv/encoding.h"
#include "runtime/csv/errors.h"
#include "runtime/csv/tokenizer.h"

namespace clue::csv {

struct Counters {
  std::uint64_t blank_lines = 0;      // empty physical lines (anywhere in the file)
  std::uint64_t empty_rows = 0;       // data records with no content (",,,,")
  std::uint64_t preamble_rows = 0;    // title records above the header
  std::uint64_t rows_read = 0;        // data records after the header
  std::uint64_t rows_delivered = 0;
  std::uint64_t rows_rejected = 0;
  std::uint64_t encoding_fallback_rows = 0;  // UTF-8 file: rows delivered after GB18030 fallback
  // Physical lines not in the file's encoding: GB18030 lines of those rows (C0302), or, in
  // a GB18030 file, lines read as UTF-8 (C0304, counted by CsvFile::open).
  std::uint64_t encoding_fallback_lines = 0;
  std::array<std::uint64_t, kErrorCodeCount> rejected_by{};  // by reason

  std::uint64_t rejected(ErrorCode c) const { return rejected_by[static_cast<std::size_t>(c)]; }
  bool balanced() const { return rows_read == rows_delivered + rows_rejected; }
  Counters& operator+=(const Counters& o);
};

using RejectSink = std::function<void(const Reject&)>;
using DiagnosticSink = std::function<void(const Diagnostic&)>;

// What every cursor over one file needs to know; fixed once the header is read.
struct RowPolicy {
  Dialect dialect;
  std::uint32_t expected_fields = 0;  // 0 = take it from the first record
  std::vector<int> projection;        // empty = all columns
  Encoding source_encoding = Encoding::Utf8;  // for messages
  bool gb18030_fallback = false;      // auto-detected UTF-8: decode bad rows' GB18030 lines
  // ... and the detector met GB18030 lines: a valid row with no 3- or 4-byte sequence that
  // reads as GB18030 too is taken as GB18030 (C0305).
  bool ambiguous_as_gb18030 = false;
  std::size_t max_record_bytes = kDefaultMaxRecordBytes;
};

// Delivered rows in a batch: a row-major matrix of views. Views point into
// the file text (alive as long as the CsvFile) or into the batch itself
// (unescaped fields), so a batch stays valid until it is cleared or refilled.
class RowBatch {
 public:
  std::size_t size() const { return lines_.size(); }
  std::size_t width() const { return width_; }
  std::span<const std::string_view> row(std::size_t i) const {
    return {cells_.data() + i * width_, width_};
  }
  std::uint64_t line(std::size_t i) const { return lines_[i]; }
  std::uint32_t line_span(std::size_t i) const { return spans_[i]; }
  void clear();

 private:
  friend class RowCursor;
  std::size_t width_ = 0;
  std::vector<std::string_view> cells_;
  std::vector<std::uint64_t> lines_;
  std::vector<std::uint32_t> spans_;
  std::deque<std::string> owned_;  // deque: elements never move
};

// If the first non-empty field of `raw` is 合计/总计/小计/共计 (white space
// ignored, optionally followed by a colon and more text), returns it.
std::optional<std::string> trailer_word(std::string_view raw, char delimiter);

// True if `raw` has no content: only delimiters, quotes and white space.
bool is_empty_record(std::string_view raw, char delimiter);

// 0-based column of byte `offset` in `raw` (quote-aware).
int column_at(std::string_view raw, std::size_t offset, Dialect d);

// The message for a reject (both languages), e.g. for the rejects report.
Diagnostic describe_reject(const Reject& r, const RowPolicy& policy);

class RowCursor {
 public:
  RowCursor(std::string_view text, std::uint64_t first_line, const RowPolicy& policy,
            RejectSink on_reject = {}, DiagnosticSink on_warning = {});

  // Next delivered row (views valid until the next call, see is_stable).
  // False at the end of the text or when a file error stops reading.
  bool next(Record& row);

  // Appends up to max_rows delivered rows; returns how many were added.
  std::size_t next_batch(RowBatch& batch, std::size_t max_rows);

  // Rows already delivered keep pointing at valid memory if their fields
  // are stable (inside the text); others must be copied before next().
  bool is_stable(std::string_view field) const;

  const Counters& counters() const { return counters_; }
  // The file error that stopped reading (UnterminatedQuote, RecordTooLong).
  const std::optional<Diagnostic>& error() const { return error_; }
  bool done() const { return done_; }

 private:
  void reject(ErrorCode code, const Record& rec, int column);
  bool check_encoding(Record& rec);  // false = rejected
  bool valid_utf8(const Record& rec);
  bool use_fallback_text(Record& rec);  // rec's fields from fallback_text_

  std::string_view text_;
  RowPolicy policy_;
  Tokenizer tok_;
  RejectSink on_reject_;
  DiagnosticSink on_warning_;
  Counters counters_;
  std::optional<Diagnostic> error_;
  std::uint32_t expected_fields_;
  bool done_ = false;
  Record rec_;
  Record batch_row_;
  // GB18030 fallback for one row: decoded bytes, the lines decoded, a tokenizer over them.
  std::string fallback_text_;
  std::vector<std::uint32_t> fallback_lines_;
  std::optional<Tokenizer> fallback_tok_;
  // Bytes in [valid_begin_, valid_end_) are known to be valid UTF-8 (checked in bulk).
  static constexpr std::size_t kBulkValidateBytes = std::size_t{64} << 10;
  const char* valid_begin_ = nullptr;
  const char* valid_end_ = nullptr;
};

}  // namespace clue::csv
