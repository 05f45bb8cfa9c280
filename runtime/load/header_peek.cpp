#include "runtime/load/header_peek.h"

#include <string_view>

#include "runtime/csv/header.h"
#include "runtime/csv/reader.h"
#include "runtime/load/loader.h"
#include "runtime/xlsx/xlsx_reader.h"

namespace clue::rt {
namespace {

bool is_xlsx_path(const std::string& path) {
  const size_t dot = path.rfind('.');
  if (dot == std::string::npos) return false;
  std::string ext = path.substr(dot + 1);
  for (char& c : ext) c = char(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
  return ext == "xlsx" || ext == "xlsm";
}

// Keeps `cells` when they hold more of `wanted` than the best row so far.
struct Best {
  std::vector<std::string> normalized_wanted;
  PeekedHeader& out;
  size_t score = 0;
  bool any = false;
  void offer(const std::vector<std::string_view>& cells, uint64_t line) {
    bool empty = true;
    for (std::string_view c : cells) empty = empty && c.empty();
    if (empty) return;
    const size_t n = csv::count_expected(cells, normalized_wanted);
    if (!any || n > score) {
      out.cells.assign(cells.begin(), cells.end());
      out.line = line;
      score = n;
      any = true;
    }
  }
};

}  // namespace

PeekedHeader peek_header(const std::string& path, const std::string& sheet, const std::string& encoding,
                         const std::vector<std::string>& wanted) {
  PeekedHeader out;
  Best best{{}, out};
  for (const auto& w : wanted) best.normalized_wanted.push_back(csv::normalize_header(w));
  if (is_xlsx_path(path)) {
    xlsx::OpenResult r = xlsx::open_sheet(path, sheet);
    if (!r.reader) {
      out.error_en = r.error;
      out.error_zh = r.error_zh;
      return out;
    }
    xlsx::Row row;
    for (size_t k = 0; k < csv::kHeaderSearchRecords && r.reader->next(row); ++k) {
      std::vector<std::string_view> cells;
      for (const auto& c : row.cells) cells.push_back(c.text);
      best.offer(cells, row.number);
    }
    out.ok = best.any || r.reader->error().empty();
    if (!out.ok) {
      out.error_en = r.reader->error();
      out.error_zh = r.reader->error_zh();
    }
    return out;
  }
  // The reader's own header search (the row with the most of `wanted`); not every candidate
  // is in the file, so the open itself may fail with a missing column: the header row is
  // still found and kept.
  csv::ReadOptions opt;
  opt.expected_headers = wanted;
  if (!parse_encoding(encoding, opt.encoding)) opt.encoding = csv::Encoding::Auto;
  csv::OpenResult r = csv::CsvFile::open(path, opt);
  if (r.header.line > 0) {
    out.cells = r.header.names;
    out.line = r.header.line;
    out.ok = true;
    return out;
  }
  for (const auto& d : r.diagnostics) {
    // No row holds any of them: nothing binds (the loader reports the file as it would).
    if (d.code == csv::ErrorCode::HeaderNotFound) {
      out.ok = true;
      return out;
    }
    out.error_en = d.message_en;
    out.error_zh = d.message_zh;
    break;
  }
  out.ok = r.diagnostics.empty();
  return out;
}

}  // namespace clue::rt
