#include "runtime/csv/rows.h"

#include <algorithm>
#include <cstring>
#include <utility>

#include "runtime/csv/scan.h"
#include "runtime/csv/utf8_simd.h"

namespace clue::csv {

Counters& Counters::operator+=(const Counters& o) {
  blank_lines += o.blank_lines;
  empty_rows += o.empty_rows;
  preamble_rows += o.preamble_rows;
  rows_read += o.rows_read;
  rows_delivered += o.rows_delivered;
  rows_rejected += o.rows_rejected;
  encoding_fallback_rows += o.encoding_fallback_rows;
  encoding_fallback_lines += o.encoding_fallback_lines;
  for (std::size_t i = 0; i < kErrorCodeCount; ++i) rejected_by[i] += o.rejected_by[i];
  return *this;
}

void RowBatch::clear() {
  cells_.clear();
  lines_.clear();
  spans_.clear();
  owned_.clear();
  width_ = 0;
}

namespace {

// Length of the white space at s[i] (ASCII space/tab, U+3000, NBSP), or 0.
// Called on every row, so test the first byte before comparing.
inline std::size_t space_at(std::string_view s, std::size_t i) {
  const char c = s[i];
  if (c == ' ' || c == '\t') return 1;
  if (c == '\xE3' && s.compare(i, 3, "\xE3\x80\x80") == 0) return 3;  // U+3000
  if (c == '\xC2' && s.compare(i, 2, "\xC2\xA0") == 0) return 2;      // U+00A0
  return 0;
}

}  // namespace

bool is_empty_record(std::string_view raw, char delimiter) {
  for (std::size_t i = 0; i < raw.size();) {
    if (raw[i] == delimiter || raw[i] == '"' || raw[i] == '\r' || raw[i] == '\n') {
      ++i;
      continue;
    }
    std::size_t n = space_at(raw, i);
    if (n == 0) return false;
    i += n;
  }
  return true;
}

std::optional<std::string> trailer_word(std::string_view raw, char delimiter) {
  // Find the first non-empty field, collecting it without white space and
  // quotes. Trailer words are short, so give up after a few characters.
  std::string word;
  std::size_t i = 0;
  for (; i < raw.size(); ++i) {  // skip empty fields
    if (raw[i] == delimiter || raw[i] == '"') continue;
    std::size_t n = space_at(raw, i);
    if (n) {
      i += n - 1;
      continue;
    }
    break;
  }
  // All four words start with byte 0xE5 or 0xE6; most rows stop here.
  if (i == raw.size() || (raw[i] != '\xE5' && raw[i] != '\xE6')) return std::nullopt;
  for (; i < raw.size() && raw[i] != delimiter && word.size() <= 12; ++i) {
    if (raw[i] == '"') continue;
    std::size_t n = space_at(raw, i);
    if (n) {
      i += n - 1;
      continue;
    }
    word += raw[i];
  }
  static constexpr std::string_view kWords[] = {"合计", "总计", "小计", "共计"};
  for (std::string_view w : kWords) {
    if (word.compare(0, w.size(), w) != 0) continue;
    std::string_view rest = std::string_view(word).substr(w.size());
    if (rest.empty() || rest[0] == ':' || rest.compare(0, 3, "：") == 0) return std::string(w);
  }
  return std::nullopt;
}

int column_at(std::string_view raw, std::size_t offset, Dialect d) {
  int col = 0;
  bool in_quotes = false, field_start = true;
  for (std::size_t i = 0; i < offset && i < raw.size(); ++i) {
    char c = raw[i];
    if (in_quotes) {
      if (c == d.quote) {
        if (i + 1 < raw.size() && raw[i + 1] == d.quote) ++i;
        else in_quotes = false;
      }
      continue;
    }
    if (field_start && c == d.quote) {
      in_quotes = true;
      field_start = false;
      continue;
    }
    field_start = (c == d.delimiter);
    if (field_start) ++col;
  }
  return col;
}

Diagnostic describe_reject(const Reject& r, const RowPolicy& policy) {
  const std::string line = std::to_string(r.line);
  switch (r.code) {
    case ErrorCode::FieldCountMismatch:
      return make_diagnostic(r.code, r.line, r.column,
                             {line, std::to_string(policy.expected_fields), std::to_string(r.field_count)});
    case ErrorCode::TrailerRow:
      return make_diagnostic(r.code, r.line, r.column,
                             {line, trailer_word(r.raw, policy.dialect.delimiter).value_or("")});
    case ErrorCode::InvalidEncodingRow:
      return make_diagnostic(r.code, r.line, r.column,
                             {line, std::to_string(r.column + 1), encoding_name(policy.source_encoding)});
    case ErrorCode::RecordTooLong:
      return make_diagnostic(r.code, r.line, r.column, {line, std::to_string(policy.max_record_bytes)});
    default:
      return make_diagnostic(r.code, r.line, r.column, {line});
  }
}

RowCursor::RowCursor(std::string_view text, std::uint64_t first_line, const RowPolicy& policy,
                     RejectSink on_reject, DiagnosticSink on_warning)
    : text_(text),
      policy_(policy),
      tok_(text, policy.dialect, first_line, policy.max_record_bytes),
      on_reject_(std::move(on_reject)),
      on_warning_(std::move(on_warning)),
      expected_fields_(policy.expected_fields) {
  tok_.set_projection(policy_.projection);
}

bool RowCursor::is_stable(std::string_view field) const {
  return field.empty() ||
         (field.data() >= text_.data() && field.data() + field.size() <= text_.data() + text_.size());
}

void RowCursor::reject(ErrorCode code, const Record& rec, int column) {
  ++counters_.rows_rejected;
  ++counters_.rejected_by[static_cast<std::size_t>(code)];
  if (!on_reject_) return;
  Reject r;
  r.code = code;
  r.line = rec.line;
  r.lines = rec.lines;
  r.column = column;
  r.field_count = rec.field_count;
  r.raw = truncate_raw(rec.raw);
  on_reject_(r);
}

bool RowCursor::valid_utf8(const Record& rec) {
  const char* b = rec.raw.data();
  const char* e = b + rec.raw.size();
  if (b >= valid_begin_ && e <= valid_end_) return true;
  // Validate ahead in bulk (SIMD), from this record's start to the last line end in the next
  // 64 KB: every record that ends inside a valid range is valid (records start after and end
  // before an ASCII line end, so they never split a character).
  const char* text_end = text_.data() + text_.size();
  if (b >= text_.data() && e <= text_end) {
    // Cut at a line end also when the range reaches the end of the text: the text may be a
    // window that ends inside a character (the late reading's pread windows), and a failed
    // bulk check sends the whole range through the scalar find_invalid_utf8.
    const char* stop = std::min(text_end, std::max(e, b + kBulkValidateBytes));
    if (stop > e) {
      const void* nl = memrchr(b, '\n', static_cast<std::size_t>(stop - b));
      stop = nl && static_cast<const char*>(nl) + 1 >= e ? static_cast<const char*>(nl) + 1 : e;
    }
    valid_begin_ = b;
    if (utf8_valid(b, static_cast<std::size_t>(stop - b))) {
      valid_end_ = stop;
      return true;
    }
    // Something in the range is not UTF-8; everything before it is.
    const std::size_t first_bad = find_invalid_utf8(std::string_view(b, static_cast<std::size_t>(stop - b)));
    valid_end_ = first_bad == kNoInvalid ? stop : b + first_bad;
    if (e <= valid_end_) return true;
  }
  if (scan::is_ascii(rec.raw.data(), rec.raw.data() + rec.raw.size())) return true;
  return find_invalid_utf8(rec.raw) == kNoInvalid;
}

bool RowCursor::use_fallback_text(Record& rec) {
  fallback_tok_.emplace(fallback_text_, policy_.dialect, rec.line, policy_.max_record_bytes);
  fallback_tok_->set_projection(policy_.projection);
  Record re;
  if (!fallback_tok_->next(re)) return false;
  re.lines = rec.lines;  // the raw row spans the same physical lines
  re.raw = rec.raw;      // the raw bytes stay the file's (record offsets, page release)
  rec = std::move(re);
  ++counters_.encoding_fallback_rows;
  return true;
}

namespace {

// The field around the first non-ASCII byte of `raw`, for C0305.
std::string_view ambiguous_field(std::string_view raw, char delimiter) {
  const char* b = raw.data();
  const char* e = b + raw.size();
  const char* q = scan::find_non_ascii(b, e);
  const char* fb = q;
  while (fb > b && fb[-1] != delimiter && fb[-1] != '"' && fb[-1] != '\n' && fb[-1] != '\r') --fb;
  const char* fe = q;
  while (fe < e && *fe != delimiter && *fe != '"' && *fe != '\n' && *fe != '\r') ++fe;
  return {fb, static_cast<std::size_t>(fe - fb)};
}

// At most about 48 bytes of valid UTF-8 `s`, cut between characters.
std::string_view shown(std::string_view s) {
  if (s.size() <= 48) return s;
  std::size_t n = 48;
  while (n > 0 && (static_cast<unsigned char>(s[n]) & 0xC0) == 0x80) --n;
  return s.substr(0, n);
}

}  // namespace

bool RowCursor::check_encoding(Record& rec) {
  if (valid_utf8(rec)) {
    if (!policy_.ambiguous_as_gb18030) return true;
    // A file that has GB18030 lines too: a row whose non-ASCII bytes are all 2-byte UTF-8
    // sequences (Latin, Greek, Cyrillic ...: no CJK character) reads as GB18030 just as well,
    // as one GBK character in eight does by accident. Take it as GB18030 when that reads
    // cleanly, and show both readings.
    const char* q = scan::find_non_ascii(rec.raw.data(), rec.raw.data() + rec.raw.size());
    const char* const e = rec.raw.data() + rec.raw.size();
    while (q < e && static_cast<unsigned char>(*q) < 0xE0) ++q;  // CJK rows stop at once
    if (q < e || scan::is_ascii(rec.raw.data(), e)) return true;
    fallback_text_.clear();
    gb18030_to_utf8(rec.raw, fallback_text_);
    if (find_invalid_utf8(fallback_text_) != kNoInvalid) return true;
    const std::string_view as_utf8 = ambiguous_field(rec.raw, policy_.dialect.delimiter);
    if (!use_fallback_text(rec)) return true;
    ++counters_.encoding_fallback_lines;
    if (on_warning_) {
      std::string as_gb;
      gb18030_to_utf8(as_utf8, as_gb);
      on_warning_(make_diagnostic(ErrorCode::AmbiguousEncodingRow, rec.line, -1,
                                  {std::to_string(rec.line), shown(as_utf8), shown(as_gb)}));
    }
    return true;
  }
  const std::size_t bad = find_invalid_utf8(rec.raw);
  if (policy_.gb18030_fallback) {
    // Auto-detected UTF-8, yet this row is not: most likely rows (or one long text) pasted
    // in from a GBK export. Decode it line by line, and field by field in a line that is not
    // UTF-8 (decode_utf8_row_mixed), and say which lines were GB18030 instead of guessing
    // silently. Bytes that are neither reject the row (C0103, below).
    fallback_text_.clear();
    fallback_lines_.clear();
    decode_utf8_row_mixed(rec.raw, policy_.dialect.delimiter, fallback_text_, fallback_lines_);
    const std::size_t still_bad = find_invalid_utf8(fallback_text_);
    if (still_bad != kNoInvalid) {
      reject(ErrorCode::InvalidEncodingRow, rec, column_at(fallback_text_, still_bad, policy_.dialect));
      return false;
    }
    const std::uint64_t first_line = rec.line;
    if (use_fallback_text(rec)) {
      counters_.encoding_fallback_lines += fallback_lines_.size();
      if (on_warning_)
        for (std::uint32_t k : fallback_lines_) {
          const std::uint64_t line = first_line + k;
          on_warning_(make_diagnostic(ErrorCode::EncodingFallback, line, -1, {std::to_string(line)}));
        }
      return true;
    }
  }
  const int col = column_at(rec.raw, bad, policy_.dialect);
  reject(ErrorCode::InvalidEncodingRow, rec, col);
  return false;
}

bool RowCursor::next(Record& row) {
  if (done_) return false;
  while (tok_.next(rec_)) {
    // Most records start with a byte that can begin neither an empty record (delimiters,
    // quotes, line ends, white space: ' ', '\t', U+3000 = E3.., U+00A0 = C2..) nor a trailer
    // row (合计/总计/小计/共计 start with E5 or E6): they skip both checks (~100 instructions
    // a row, 3 % of reading).
    const unsigned char c0 = rec_.raw.empty() ? '\n' : static_cast<unsigned char>(rec_.raw[0]);
    const bool plain = c0 != static_cast<unsigned char>(policy_.dialect.delimiter) && c0 != '"' && c0 != '\r' &&
                       c0 != '\n' && c0 != ' ' && c0 != '\t' && c0 != 0xE3 && c0 != 0xC2 && c0 != 0xE5 &&
                       c0 != 0xE6;
    if (!plain && is_empty_record(rec_.raw, policy_.dialect.delimiter)) {
      ++counters_.empty_rows;
      continue;
    }
    ++counters_.rows_read;
    if (!check_encoding(rec_)) continue;
    if (!plain && trailer_word(rec_.raw, policy_.dialect.delimiter)) {
      reject(ErrorCode::TrailerRow, rec_, -1);
      continue;
    }
    if (expected_fields_ == 0) expected_fields_ = rec_.field_count;  // no header row
    if (rec_.field_count != expected_fields_) {
      reject(ErrorCode::FieldCountMismatch, rec_, -1);
      continue;
    }
    ++counters_.rows_delivered;
    counters_.blank_lines = tok_.blank_lines();
    std::swap(row, rec_);
    return true;
  }
  done_ = true;
  counters_.blank_lines = tok_.blank_lines();
  if (tok_.failed()) {
    // The record the error hit is a row too: count and reject it, then
    // report the file error (reading cannot go on past it).
    const TokenizerError& e = tok_.error();
    Record bad;
    bad.line = e.record_line;
    bad.lines = static_cast<std::uint32_t>(std::max<std::uint64_t>(1, tok_.line() - e.record_line));
    bad.raw = text_.substr(e.record_offset, kRejectRawMax);
    ++counters_.rows_read;
    reject(e.code, bad, -1);
    if (e.code == ErrorCode::UnterminatedQuote)
      error_ = make_diagnostic(e.code, e.line, -1, {std::to_string(e.line)});
    else
      error_ = make_diagnostic(e.code, e.line, -1,
                               {std::to_string(e.line), std::to_string(policy_.max_record_bytes)});
  }
  return false;
}

std::size_t RowCursor::next_batch(RowBatch& batch, std::size_t max_rows) {
  std::size_t added = 0;
  Record& row = batch_row_;  // reused: its vector ping-pongs with rec_, no allocation
  while (added < max_rows && next(row)) {
    if (batch.size() == 0) batch.width_ = row.fields.size();
    for (std::string_view f : row.fields) {
      if (!is_stable(f)) f = batch.owned_.emplace_back(f);
      batch.cells_.push_back(f);
    }
    batch.lines_.push_back(row.line);
    batch.spans_.push_back(row.lines);
    ++added;
  }
  return added;
}

}  // namespace clue::csv
