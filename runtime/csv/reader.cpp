#include "runtime/csv/reader.h"

#include <utility>

#include "runtime/csv/dialect.h"
#include "runtime/csv/scan.h"

namespace clue::csv {
namespace {

std::string join(const std::vector<std::string>& v, std::string_view sep) {
  std::string s;
  for (const std::string& x : v) {
    if (!s.empty()) s += sep;
    s += x;
  }
  return s;
}

std::string join_columns(const std::vector<int>& cols) {
  std::string s;
  for (int c : cols) {
    if (!s.empty()) s += ',';
    s += std::to_string(c + 1);
  }
  return s;
}

// A record seen while looking for the header, copied (the tokenizer's
// scratch does not outlive the next call).
struct Candidate {
  std::vector<std::string> cells;
  std::uint64_t line = 0;
  std::size_t end_offset = 0;       // byte offset just after the record
  std::uint64_t next_line = 0;      // line number at end_offset
  std::uint64_t blank_before = 0;   // blank lines up to and including this record
  bool empty = false;
  std::vector<std::uint64_t> gb_lines;  // lines decoded as GB18030 (see copy_record)
};

// With the GB18030 fallback, a record that is not valid UTF-8 (a header or title row pasted
// in from a GBK export) is decoded as the cursors decode data rows; `gb_lines` gets the
// physical lines decoded as GB18030.
Candidate copy_record(const Record& r, const Tokenizer& t, const RowPolicy& policy) {
  const char delimiter = policy.dialect.delimiter;
  Candidate c;
  c.cells.assign(r.fields.begin(), r.fields.end());
  if (policy.gb18030_fallback && !scan::is_ascii(r.raw.data(), r.raw.data() + r.raw.size()) &&
      find_invalid_utf8(r.raw) != kNoInvalid) {
    std::string text;
    std::vector<std::uint32_t> lines;
    decode_utf8_row_mixed(r.raw, delimiter, text, lines);
    Tokenizer one(text, policy.dialect, r.line, policy.max_record_bytes);
    Record d;
    if (one.next(d)) {
      c.cells.assign(d.fields.begin(), d.fields.end());
      for (std::uint32_t k : lines) c.gb_lines.push_back(r.line + k);
    }
  }
  c.line = r.line;
  c.end_offset = t.offset();
  c.next_line = t.line();
  c.blank_before = t.blank_lines();
  c.empty = is_empty_record(r.raw, delimiter);
  return c;
}

void add_tokenizer_error(std::vector<Diagnostic>& out, const Tokenizer& t, std::size_t max_bytes) {
  const TokenizerError& e = t.error();
  if (e.code == ErrorCode::UnterminatedQuote)
    out.push_back(make_diagnostic(e.code, e.line, -1, {std::to_string(e.line)}));
  else
    out.push_back(make_diagnostic(e.code, e.line, -1, {std::to_string(e.line), std::to_string(max_bytes)}));
}

}  // namespace

OpenResult CsvFile::open(const std::string& path, ReadOptions options) {
  InputFile in;
  std::string err;
  if (!in.open(path, &err)) {
    OpenResult res;
    res.diagnostics.push_back(make_diagnostic(ErrorCode::IoError, 0, -1, {path, err}));
    return res;
  }
  return open_input(std::move(in), std::move(options), path);
}

OpenResult CsvFile::open_bytes(std::string_view bytes, ReadOptions options, const std::string& name) {
  return open_input(InputFile::from_bytes(bytes), std::move(options), name);
}

OpenResult CsvFile::open_input(InputFile input, ReadOptions options, const std::string& name) {
  OpenResult res;
  auto& diags = res.diagnostics;
  std::unique_ptr<CsvFile> f(new CsvFile());
  f->input_ = std::move(input);
  const std::string_view bytes = f->input_.bytes();

  // 1. Encoding: everything after this point is UTF-8.
  const Detection det = detect_encoding(bytes, options.encoding, options.sniff_bytes);
  if (det.not_text) {
    diags.push_back(make_diagnostic(ErrorCode::NotCsv, 0, -1, {det.what}));
    return res;
  }
  f->encoding_ = det.encoding;
  // Auto-detected (not requested): lines in the other of UTF-8 and GB18030 are decoded as
  // what they are and reported, in a UTF-8 file by the cursors (C0302), in a GB18030 file
  // here (C0304).
  const bool per_line = options.encoding == Encoding::Auto;
  std::string_view text;
  if (det.encoding == Encoding::Utf8) {
    text = bytes.substr(det.bom_size);  // zero-copy: the mapped file itself
  } else {
    std::string err;
    std::vector<std::uint64_t> utf8_lines;
    const bool decoded =
        det.encoding == Encoding::Gb18030 && per_line
            ? decode_gb18030_by_line(bytes.substr(det.bom_size), f->decoded_, utf8_lines, &err)
            : decode_to_utf8(bytes.substr(det.bom_size), det.encoding, f->decoded_, &err);
    if (!decoded) {
      diags.push_back(make_diagnostic(ErrorCode::InvalidEncoding, 0, -1,
                                      {encoding_name(det.encoding), err}));
      return res;
    }
    text = f->decoded_.view();
    f->preamble_.encoding_fallback_lines = utf8_lines.size();
    for (std::size_t i = 0; i < utf8_lines.size() && i < kMaxEncodingLineWarnings; ++i)
      diags.push_back(make_diagnostic(ErrorCode::Utf8InGb18030, utf8_lines[i], -1,
                                      {std::to_string(utf8_lines[i])}));
  }
  RowPolicy& policy = f->policy_;
  policy.source_encoding = det.encoding;
  policy.gb18030_fallback = per_line && det.encoding == Encoding::Utf8;
  policy.ambiguous_as_gb18030 = policy.gb18030_fallback && det.gb18030_lines > 0;
  policy.max_record_bytes = options.max_record_bytes;

  // 2. Delimiter.
  const char delimiter =
      options.delimiter ? options.delimiter : detect_delimiter(text, options.expected_headers);
  policy.dialect = Dialect{delimiter, '"'};

  // 3. Header row: collect the first records (all of them up to the
  // requested line when it is given).
  Tokenizer t(text, policy.dialect, 1, options.max_record_bytes);
  std::vector<Candidate> cands;
  Record r;
  const bool no_header = options.header_line < 0;
  const bool explicit_line = options.header_line > 0;
  int chosen = -1;
  while ((explicit_line || no_header || cands.size() < kHeaderSearchRecords) && t.next(r)) {
    if (explicit_line) {
      if (r.line > static_cast<std::uint64_t>(options.header_line)) break;
      cands.push_back(copy_record(r, t, policy));
      if (r.line == static_cast<std::uint64_t>(options.header_line)) {
        chosen = static_cast<int>(cands.size()) - 1;
        break;
      }
      cands.back().cells = {};  // only counted: the line may be far down
    } else {
      cands.push_back(copy_record(r, t, policy));
      if (no_header && !cands.back().empty) break;  // first data record: its width
    }
  }
  bool any_content = false;
  for (const Candidate& c : cands) any_content |= !c.empty;
  if (!any_content && !t.failed()) {
    diags.push_back(make_diagnostic(ErrorCode::EmptyFile, 0, -1, {name}));
    return res;
  }

  if (no_header) {
    f->data_ = text;
    f->data_first_line_ = 1;
    for (const Candidate& c : cands)
      if (!c.empty) policy.expected_fields = static_cast<std::uint32_t>(c.cells.size());
  } else {
    if (!explicit_line) {
      if (options.expected_headers.empty()) {
        for (std::size_t i = 0; i < cands.size() && chosen < 0; ++i)
          if (!cands[i].empty) chosen = static_cast<int>(i);
      } else {
        std::vector<std::string> norm;
        for (const std::string& e : options.expected_headers) norm.push_back(normalize_header(e));
        std::size_t best = 0;
        for (std::size_t i = 0; i < cands.size(); ++i) {
          std::vector<std::string_view> cells(cands[i].cells.begin(), cands[i].cells.end());
          std::size_t hits = count_expected(cells, norm);
          if (hits > best) best = hits, chosen = static_cast<int>(i);  // first row with the most
        }
      }
    }
    if (chosen < 0) {
      if (t.failed()) add_tokenizer_error(diags, t, options.max_record_bytes);
      if (explicit_line)
        diags.push_back(make_diagnostic(ErrorCode::HeaderLineInvalid, 0, -1,
                                        {std::to_string(options.header_line)}));
      else
        diags.push_back(make_diagnostic(ErrorCode::HeaderNotFound, 0, -1,
                                        {std::to_string(kHeaderSearchRecords),
                                         join(options.expected_headers, "、")}));
      return res;
    }
    const Candidate& h = cands[chosen];
    for (int i = 0; i < chosen; ++i) (cands[i].empty ? f->preamble_.empty_rows : f->preamble_.preamble_rows)++;
    f->preamble_.blank_lines = h.blank_before;
    std::vector<std::string_view> cells(h.cells.begin(), h.cells.end());
    for (std::uint64_t line : h.gb_lines) {
      ++f->preamble_.encoding_fallback_lines;
      diags.push_back(make_diagnostic(ErrorCode::EncodingFallback, line, -1, {std::to_string(line)}));
    }
    f->header_ = match_header(cells, h.line, options.expected_headers);
    res.header = f->header_;
    const HeaderMatch& m = f->header_;

    bool fatal = false;
    for (const ColumnMatch& c : m.columns) {
      if (c.index >= 0) continue;
      fatal = true;
      diags.push_back(make_diagnostic(
          ErrorCode::MissingColumn, h.line, -1,
          {c.expected, c.nearest >= 0 ? m.names[c.nearest] : std::string(),
           c.nearest >= 0 ? std::to_string(c.nearest + 1) : std::string("-")}));
    }
    for (const std::vector<int>& group : m.duplicates) {
      bool expected_dup = false;
      for (const ColumnMatch& c : m.columns)
        for (int g : group) expected_dup |= (c.index == g);
      if (expected_dup) fatal = true;  // which of the two is meant? never guess
      diags.push_back(make_diagnostic(expected_dup ? ErrorCode::AmbiguousColumn : ErrorCode::DuplicateHeader,
                                      h.line, group.front(), {m.names[group.front()], join_columns(group)}));
    }
    if (fatal) return res;

    policy.expected_fields = static_cast<std::uint32_t>(h.cells.size());
    if (!options.expected_headers.empty()) policy.projection = m.projection();
    f->data_ = text.substr(h.end_offset);
    f->data_first_line_ = h.next_line;

    // Header-only file: say so now rather than leave the caller guessing.
    Tokenizer rest(f->data_, policy.dialect, f->data_first_line_, options.max_record_bytes);
    Record first;
    if (!rest.next(first) && !rest.failed())
      diags.push_back(make_diagnostic(ErrorCode::NoDataRows, 0, -1, {name}));
  }

  f->cursor_.emplace(f->data_, f->data_first_line_, policy, std::move(options.on_reject),
                     std::move(options.on_warning));
  res.file = std::move(f);
  return res;
}

bool CsvFile::next(Record& row) {
  if (cursor_->next(row)) return true;
  finish();
  return false;
}

bool CsvFile::next_batch(RowBatch& batch, std::size_t max_rows) {
  std::size_t n = cursor_->next_batch(batch, max_rows);
  if (n < max_rows) finish();
  return n > 0;
}

void CsvFile::finish() {
  if (!cursor_->done() || error_) return;
  if (cursor_->error()) error_ = cursor_->error();
  const Counters c = counters();
  if (!c.balanced())  // cannot happen; if it ever does, never pass it silently
    error_ = make_diagnostic(ErrorCode::RowAccountingMismatch, 0, -1,
                             {std::to_string(c.rows_read), std::to_string(c.rows_delivered),
                              std::to_string(c.rows_rejected)});
}

Counters CsvFile::counters() const {
  Counters c = preamble_;
  c += cursor_->counters();
  return c;
}

std::vector<Chunk> CsvFile::data_chunks(std::size_t n, const ParallelFor& parallel_for) const {
  return split_chunks(data_, n, policy_.dialect, data_first_line_, parallel_for);
}

RowCursor CsvFile::cursor(const Chunk& chunk, RejectSink on_reject, DiagnosticSink on_warning) const {
  return RowCursor(chunk.of(data_), chunk.first_line, policy_, std::move(on_reject), std::move(on_warning));
}

}  // namespace clue::csv
