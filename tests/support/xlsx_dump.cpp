#include "tests/support/xlsx_dump.h"

#include "runtime/xlsx/xlsx_reader.h"

namespace clue::test {
namespace {

std::string quoted(const std::string& s) {
  std::string out = "\"";
  for (char c : s) {
    switch (c) {
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      default: out += c;
    }
  }
  return out + "\"";
}

std::string cell_text(const xlsx::Cell& c) {
  switch (c.kind) {
    case xlsx::CellKind::Empty: return "-";
    case xlsx::CellKind::String: return quoted(c.text);
    case xlsx::CellKind::Number: return (c.date_style ? "date:" : "n:") + c.text;
    case xlsx::CellKind::Bool: return "bool:" + c.text;
    case xlsx::CellKind::Error: return "error:" + c.text;
  }
  return "?";
}

}  // namespace

std::string xlsx_dump(const std::string& path) {
  auto first = xlsx::open_sheet(path, "");
  if (!first.reader) return "error: " + first.error + "\n";
  std::string out;
  for (const std::string& name : first.sheets) {
    auto r = xlsx::open_sheet(path, name);
    if (!r.reader) return out + "error: " + r.error + "\n";
    out += "sheet " + name + "\n";
    xlsx::Row row;
    while (r.reader->next(row)) {
      std::string line;
      for (size_t i = 0; i < row.cells.size(); ++i) line += (i ? " | " : "") + cell_text(row.cells[i]);
      out += line + "\n";
    }
    if (!r.reader->error().empty()) out += "error: " + r.reader->error() + "\n";
  }
  return out;
}

}  // namespace clue::test
