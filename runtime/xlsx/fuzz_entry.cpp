#include "runtime/xlsx/fuzz_entry.h"

#include <charconv>
#include <cmath>
#include <string>
#include <vector>

#include "runtime/xlsx/parts.h"
#include "runtime/xlsx/sheet_parser.h"
#include "runtime/xlsx/xlsx_reader.h"

namespace clue::xlsx {

namespace {

void check(bool ok) {
  if (!ok) __builtin_trap();
}

void check_row(const Row& row) {
  check(row.number > 0);
  check(!row.cells.empty() && row.cells.back().kind != CellKind::Empty);
  for (const Cell& c : row.cells) {
    switch (c.kind) {
      case CellKind::Empty:
        check(c.text.empty());
        break;
      case CellKind::Number: {
        double d = 0;
        auto r = std::from_chars(c.text.data(), c.text.data() + c.text.size(), d);
        check(r.ec == std::errc() && r.ptr == c.text.data() + c.text.size() && std::isfinite(c.number));
        break;
      }
      case CellKind::Bool:
        check(c.text == "0" || c.text == "1");
        break;
      default:
        check(!c.text.empty());
    }
  }
}

bool same(const Row& a, const Row& b) {
  if (a.number != b.number || a.cells.size() != b.cells.size()) return false;
  for (size_t i = 0; i < a.cells.size(); ++i) {
    const Cell &x = a.cells[i], &y = b.cells[i];
    if (x.kind != y.kind || x.text != y.text || x.date_style != y.date_style) return false;
    if (x.number != y.number) return false;
  }
  return true;
}

void read_all(SheetReader& r) {
  Row row;
  while (r.next(row)) check_row(row);
  (void)r.error();
}

std::vector<Row> parse_sheet(std::string_view xml, size_t chunk, const detail::SharedStrings& sst,
                             const detail::Styles& styles, std::string& error) {
  detail::MemorySource src(xml, chunk);
  detail::SheetParser p(src, sst, styles, false, {"fuzz", "Sheet1", "sheet1.xml"}, chunk);
  std::vector<Row> rows;
  Row row;
  while (p.next(row)) {
    check_row(row);
    rows.push_back(row);
  }
  error = p.error();
  check(p.failed() == !error.empty());
  return rows;
}

}  // namespace

int fuzz_xlsx_bytes(const uint8_t* data, size_t size) {
  const char* chars = reinterpret_cast<const char*>(data);
  if (size >= 2 && data[0] == 'P' && data[1] == 'K') {
    std::string bytes(chars, size);
    OpenResult first = open_sheet_bytes(bytes, "");
    if (first.reader) {
      read_all(*first.reader);
      std::vector<std::string> names = first.reader->sheet_names();
      for (size_t i = 1; i < names.size() && i < 8; ++i) {
        OpenResult o = open_sheet_bytes(bytes, names[i]);
        if (o.reader) read_all(*o.reader);
      }
    } else {
      check(!first.error.empty() && !first.error_zh.empty());
    }
    return 0;
  }
  if (size == 0) return 0;
  size_t chunk = 1 + data[0] % 64;
  std::string_view xml(chars + 1, size - 1);
  std::string xml_s(xml);

  detail::SharedStrings sst;
  detail::StreamFault fault;
  {
    detail::MemorySource src(xml, chunk);
    if (!detail::read_shared_strings(src, chunk, sst, fault)) sst = detail::SharedStrings();
  }
  detail::Styles styles;
  std::string err;
  if (!detail::parse_styles(xml_s, styles, err)) styles = detail::Styles();
  styles.date_xf.resize(std::max<size_t>(styles.date_xf.size(), 4), true);
  detail::WorkbookInfo wb;
  (void)detail::parse_workbook(xml_s, wb, err);
  std::vector<detail::Relationship> rels;
  (void)detail::parse_rels(xml_s, "xl/", rels, err);
  (void)detail::is_date_format_code(xml);
  std::string esc = xml_s;
  detail::decode_ooxml_escapes(esc);

  std::string err_small, err_big;
  std::vector<Row> small = parse_sheet(xml, chunk, sst, styles, err_small);
  std::vector<Row> big = parse_sheet(xml, detail::XmlPull::kDefaultChunk, sst, styles, err_big);
  check(small.size() == big.size());
  for (size_t i = 0; i < small.size(); ++i) check(same(small[i], big[i]));
  check(err_small.empty() == err_big.empty());
  return 0;
}

}  // namespace clue::xlsx
