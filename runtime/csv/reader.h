// CsvFile: the public entry point of the CSV layer.
//
//   ReadOptions opt;
//   opt.expected_headers = {"案号", "被执行人", "未履行金额(元)"};
//   opt.on_reject = [&](const Reject& r) { ... };
//   OpenResult res = CsvFile::open(path, opt);
//   if (!res.ok()) { report(res.diagnostics); return; }
//   RowBatch batch;
//   while (res.file->next_batch(batch, 4096)) { ... batch.row(i)[k] ... ; batch.clear(); }
//   if (res.file->error()) report(*res.file->error());
//
// open() does everything that needs the top of the file: map it, pick the
// encoding (transcoding GB18030/UTF-16 to UTF-8 once; with Encoding::Auto,
// lines of the other of UTF-8 and GB18030 are decoded as what they are and
// reported, see detect_encoding), the delimiter and
// the header row, and match the expected columns. Then rows stream out with
// the expected columns only, in the order asked for. For parallel reading,
// data_chunks() + cursor() give independent readers over record-aligned
// chunks of the data region whose counters add up.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "runtime/csv/chunk.h"
#include "runtime/csv/encoding.h"
#include "runtime/csv/errors.h"
#include "runtime/csv/header.h"
#include "runtime/csv/input.h"
#include "runtime/csv/rows.h"
#include "runtime/csv/tokenizer.h"

namespace clue::csv {

// open() reports at most this many lines of a GB18030 file read as UTF-8 (C0304), and the
// loader keeps at most this many of the cursors' C0302 warnings; the counters count them all.
inline constexpr std::size_t kMaxEncodingLineWarnings = 1000;

struct ReadOptions {
  Encoding encoding = Encoding::Auto;
  char delimiter = 0;                       // 0 = detect among , \t |
  std::int64_t header_line = 0;             // 0 = detect; > 0 = physical line; -1 = no header row
  // Columns to deliver, in this order (matched after normalisation, see
  // header.h); all must be present. Empty = deliver all columns. Ignored
  // with header_line == -1.
  std::vector<std::string> expected_headers;
  std::size_t max_record_bytes = kDefaultMaxRecordBytes;
  std::size_t sniff_bytes = std::size_t{4} << 20;  // UTF-8 check window for Encoding::Auto
  RejectSink on_reject;                     // optional; rejects are counted regardless
  DiagnosticSink on_warning;                // optional; warnings met while streaming
};

class CsvFile;

struct OpenResult {
  std::unique_ptr<CsvFile> file;            // null when a file error occurred
  std::vector<Diagnostic> diagnostics;      // file errors and warnings from open()
  HeaderMatch header;                       // filled whenever a header row was found
  bool ok() const { return file != nullptr; }
};

class CsvFile {
 public:
  static OpenResult open(const std::string& path, ReadOptions options);
  // Same, over bytes in memory (copied); `name` is used in messages.
  static OpenResult open_bytes(std::string_view bytes, ReadOptions options,
                               const std::string& name = "<memory>");

  Encoding encoding() const { return encoding_; }   // what the file was decoded as
  Dialect dialect() const { return policy_.dialect; }
  const HeaderMatch& header() const { return header_; }
  std::string_view data_text() const { return data_; }  // UTF-8, after the header
  std::uint64_t data_first_line() const { return data_first_line_; }
  // The rules every cursor over this file follows (dialect, width, projection, encoding).
  const RowPolicy& policy() const { return policy_; }
  // When data_text() is the mapped file itself (UTF-8, not transcoded): the file offset of
  // data_text()[0]; otherwise -1. Lets a reader fetch records with pread after the load.
  std::int64_t data_file_offset() const {
    if (!input_.mapped() || data_.empty()) return -1;
    const std::string_view b = input_.bytes();
    if (data_.data() < b.data() || data_.data() + data_.size() > b.data() + b.size()) return -1;
    return static_cast<std::int64_t>(data_.data() - b.data());
  }

  // The file's bytes as read, before any transcoding (mapped, or in memory).
  std::string_view source_bytes() const { return input_.bytes(); }

  // Streaming. Row views stay valid until the next call; those pointing
  // into the file text (all but unescaped/fallback fields) for the
  // CsvFile's lifetime.
  bool next(Record& row);
  // Appends up to max_rows rows to `batch` (which owns copies of the
  // unstable fields). Returns false when nothing was added.
  bool next_batch(RowBatch& batch, std::size_t max_rows);
  template <class F>
  void for_each(F&& f) {
    Record row;
    while (next(row)) f(static_cast<const Record&>(row));
  }

  // Message (English and Chinese) for a reject this file produced.
  Diagnostic describe(const Reject& r) const { return describe_reject(r, policy_); }

  // Counters of the sequential reader, including title rows and blank lines
  // above the header.
  Counters counters() const;
  // File error that stopped streaming (UnterminatedQuote, RecordTooLong,
  // RowAccountingMismatch), if any.
  const std::optional<Diagnostic>& error() const { return error_; }

  // Parallel reading: record-aligned chunks of data_text() and a cursor
  // for each. Add the cursors' counters to preamble_counters() for totals.
  std::vector<Chunk> data_chunks(std::size_t n, const ParallelFor& parallel_for = {}) const;
  RowCursor cursor(const Chunk& chunk, RejectSink on_reject = {}, DiagnosticSink on_warning = {}) const;
  const Counters& preamble_counters() const { return preamble_; }

 private:
  CsvFile() = default;
  static OpenResult open_input(InputFile input, ReadOptions options, const std::string& name);
  void finish();

  InputFile input_;
  TextBuffer decoded_;  // only when not UTF-8
  Encoding encoding_ = Encoding::Utf8;
  std::string_view data_;
  std::uint64_t data_first_line_ = 1;
  RowPolicy policy_;
  HeaderMatch header_;
  Counters preamble_;
  std::optional<RowCursor> cursor_;
  std::optional<Diagnostic> error_;
};

}  // namespace clue::csv
