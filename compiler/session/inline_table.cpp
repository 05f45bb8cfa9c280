#include "compiler/session/inline_table.h"

#include <map>
#include <string>

namespace clue::session {
namespace {

// A CSV cell that reads back as exactly `text`: always quoted (a comma, quote or line end in a
// model string stays in its cell).
void append_cell(std::string& out, const std::string& text) {
  out += '"';
  for (char c : text) {
    if (c == '"') out += '"';
    out += c;
  }
  out += '"';
}

}  // namespace

rt::LoadResult load_inline_table(const typed::Source& table, const std::vector<rt::ColumnSpec>& columns) {
  const typed::Schema& schema = *table.schema;
  std::string csv;
  for (size_t c = 0; c < schema.fields.size(); ++c) {
    if (c) csv += ',';
    append_cell(csv, schema.fields[c].name);
  }
  csv += '\n';
  // The CSV line each row starts on → its line in the model (a text may hold a line end).
  std::map<uint64_t, uint64_t> model_line;
  uint64_t line = 2;
  for (size_t r = 0; r < table.table_cells.size(); ++r) {
    model_line[line] = table.table_lines[r];
    for (size_t c = 0; c < table.table_cells[r].size(); ++c) {
      if (c) csv += ',';
      append_cell(csv, table.table_cells[r][c]);
      for (char ch : table.table_cells[r][c]) line += ch == '\n';
    }
    csv += '\n';
    ++line;
  }
  rt::LoadSpec spec;
  spec.source = table.name;
  spec.path = table.table_path;
  spec.columns = columns;
  for (auto& c : spec.columns) c.deferred = false;  // nothing to re-read: the bytes are gone
  spec.encoding = "utf-8";
  spec.delimiter = ',';
  spec.header_line = 1;
  rt::LoadResult r = rt::load_csv_bytes(spec, csv);
  auto to_model = [&](uint64_t l) {
    auto it = model_line.upper_bound(l);
    return it == model_line.begin() ? l : std::prev(it)->second;
  };
  for (uint64_t& l : r.table.line) l = to_model(l);
  // The checker accepted every cell, so a reject here would be a reader's rule the checker does
  // not know (a 合计 row, say): it stays a reject, at its line in the model, never silent.
  for (auto& rej : r.rejects) rej.line = to_model(rej.line);
  r.error_line = r.error_line ? to_model(r.error_line) : 0;
  r.table.path = table.table_path;
  r.stats.encoding = "model";
  return r;
}

}  // namespace clue::session
