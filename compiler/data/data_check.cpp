#include "compiler/data/data_check.h"

#include <map>
#include <memory>

#include "compiler/data/field_values.h"
#include "compiler/sema/type_arg.h"
#include "runtime/csv/reader.h"
#include "runtime/values/cell_rewrite.h"
#include "runtime/values/value_errors.h"

namespace clue {
namespace {

const char* clue_encoding_name(csv::Encoding e) {
  switch (e) {
    case csv::Encoding::Gb18030: return "GB18030";
    case csv::Encoding::Utf16Le: return "UTF-16LE";
    case csv::Encoding::Utf16Be: return "UTF-16BE";
    default: return "UTF-8";
  }
}

Span data_span(FileId file, uint64_t line) { return Span{file, uint32_t(line ? line : 1), 1, uint32_t(line ? line : 1), 2}; }

std::string shorten(std::string_view s, size_t chars) {
  std::string_view p = utf8_prefix(s, chars);
  return p.size() < s.size() ? std::string(p) + "…" : std::string(s);
}

// Column headers a schema reads, in field order (two per geo field).
std::vector<std::string> expected_headers(const typed::Schema& s) {
  std::vector<std::string> out;
  for (const auto& f : s.fields)
    for (const auto& h : f.headers) out.push_back(h);
  return out;
}

void check_one(const typed::Source& src, const DataBinding& b, size_t sample_rows, SourceManager& sm,
               DiagnosticSink& sink, std::vector<DataFileSummary>& out) {
  const typed::Schema& schema = *src.schema;
  FileId file = sm.add_external(b.path);
  csv::ReadOptions opt;
  opt.expected_headers = expected_headers(schema);
  // A mapping's headers, vocabularies and date orders, as the run would apply them.
  std::vector<std::unique_ptr<values::CellRewrite>> rewrite(schema.fields.size());
  std::vector<std::string> shown_header(schema.fields.size());
  for (size_t k = 0; k < schema.fields.size(); ++k) {
    const auto& h = schema.fields[k].headers;
    shown_header[k] = h.size() == 2 ? h[0] + "/" + h[1] : h[0];
  }
  if (b.fields.size() == schema.fields.size()) {
    opt.expected_headers.clear();
    for (size_t k = 0; k < b.fields.size(); ++k) {
      for (const auto& h : b.fields[k].headers) opt.expected_headers.push_back(h);
      if (b.fields[k].headers.size() == 1) shown_header[k] = b.fields[k].headers[0];
      if (!b.fields[k].value_map.empty() || !b.fields[k].date_order.empty())
        rewrite[k] = std::make_unique<values::CellRewrite>(b.fields[k].value_map, b.fields[k].date_order);
    }
  }
  if (!b.encoding.empty()) csv::parse_encoding_name(b.encoding, opt.encoding);
  csv::OpenResult r = csv::CsvFile::open(b.path, opt);

  // Which field each expected header belongs to, for messages.
  std::vector<const typed::Field*> owner;
  for (const auto& f : schema.fields)
    for (size_t k = 0; k < f.headers.size(); ++k) owner.push_back(&f);

  bool missing_reported = false;
  for (size_t i = 0; i < r.header.columns.size() && i < owner.size(); ++i) {
    const csv::ColumnMatch& c = r.header.columns[i];
    if (c.index >= 0) continue;
    missing_reported = true;
    auto& d = sink.report(DiagId::MissingColumn, data_span(file, r.header.line), {b.path, c.expected, owner[i]->name});
    d.data_code = csv::registry_code(csv::ErrorCode::MissingColumn);
    if (c.nearest >= 0 && size_t(c.nearest) < r.header.names.size())
      d.notes.push_back({NoteId::DidYouMean, {}, {r.header.names[size_t(c.nearest)]}});
    d.notes.push_back({NoteId::DeclaredHere, owner[i]->span, {owner[i]->name}});
  }
  if (!r.ok()) {
    for (const auto& diag : r.diagnostics) {
      if (diag.code == csv::ErrorCode::MissingColumn && missing_reported) continue;
      report_data_file_error(sink, file, b.path, diag.line, csv::code_id(diag.code), diag.message_en, diag.message_zh);
    }
    return;
  }
  csv::CsvFile& f = *r.file;
  if (!f.header().extras.empty()) {
    std::string list;
    for (int idx : f.header().extras) list += (list.empty() ? "" : ", ") + f.header().names[size_t(idx)];
    sink.report(DiagId::ExtraColumns, data_span(file, f.header().line), {b.path, list});
  }

  // Sample values: per field, how many fail and the first failure.
  struct Stat {
    uint64_t sampled = 0, invalid = 0, first_line = 0;
    std::string first_value;
    values::ValueError first_error = values::ValueError::None;
  };
  std::vector<Stat> stats(schema.fields.size());
  csv::Record row;
  uint64_t rows = 0;
  while (rows < sample_rows && f.next(row)) {
    ++rows;
    size_t col = 0;
    for (size_t k = 0; k < schema.fields.size(); ++k) {
      const typed::Field& field = schema.fields[k];
      std::string_view a = col < row.fields.size() ? row.fields[col] : std::string_view();
      std::string_view second = field.headers.size() == 2 && col + 1 < row.fields.size() ? row.fields[col + 1] : std::string_view();
      col += field.headers.size();
      std::string rewritten;
      if (rewrite[k]) a = rewrite[k]->apply(a, rewritten);
      CellCheck c = check_cell(field, a, second);
      if (c.status == CellStatus::Empty) continue;
      Stat& s = stats[k];
      ++s.sampled;
      if (c.status == CellStatus::Invalid) {
        if (s.invalid++ == 0) {
          s.first_line = row.line;
          s.first_value = shorten(field.headers.size() == 2 ? std::string(a) + "," + std::string(second) : std::string(a), 40);
          s.first_error = c.error;
        }
      }
    }
  }
  if (f.error()) {
    const auto& e = *f.error();
    report_data_file_error(sink, file, b.path, e.line, csv::code_id(e.code), e.message_en, e.message_zh);
  }
  for (size_t k = 0; k < schema.fields.size(); ++k) {
    const Stat& s = stats[k];
    if (!s.invalid) continue;
    const typed::Field& field = schema.fields[k];
    const std::string& header = shown_header[k];
    auto& d = sink.report(DiagId::ValuesDoNotParse, data_span(file, s.first_line),
                          {std::to_string(s.invalid), std::to_string(s.sampled), header, type_arg(field.type),
                           std::to_string(s.first_line), s.first_value});
    d.data_code = values::registry_code(s.first_error);
    d.notes.push_back({NoteId::Because,
                       {},
                       {bilingual(std::string(values::code(s.first_error)) + " " + values::message_en(s.first_error),
                                  std::string(values::code(s.first_error)) + " " + values::message_zh(s.first_error))}});
    d.notes.push_back({NoteId::DeclaredAsType, field.span, {field.name, type_arg(field.type)}});
  }
  DataFileSummary sum;
  sum.source = src.name;
  sum.path = b.path;
  sum.encoding = clue_encoding_name(f.encoding());
  sum.delimiter = f.dialect().delimiter;
  sum.header_line = f.header().line;
  sum.rows_sampled = rows;
  out.push_back(sum);
}
}  // namespace

Diagnostic& report_data_file_error(DiagnosticSink& sink, FileId file, const std::string& path, uint64_t line,
                                   std::string_view code, std::string_view en, std::string_view zh) {
  std::string what = std::string(code) + " " + std::string(en);
  std::string what_zh = std::string(code) + " " + std::string(zh);
  Diagnostic& d = line == 0  // the whole file: cannot be opened, is empty, is not CSV...
                      ? sink.report(DiagId::DataFileUnreadable, data_span(file, 1), {path, bilingual(what, what_zh)})
                      : sink.report(DiagId::BadDataFile, data_span(file, line),
                                    {path, std::to_string(line), bilingual(what, what_zh)});
  return d.with_data_code(code);
}

bool check_binding_name(const typed::Model& model, const std::string& name, DiagnosticSink& sink) {
  for (const auto& s : model.sources) {
    if (s.name != name) continue;
    if (!s.is_table) return true;
    // An inline table is model text: a file given for it would be silently ignored.
    sink.report(DiagId::DataForTable, s.span, {name});
    return false;
  }
  auto& d = sink.report(DiagId::UnknownDataBinding, Span{}, {name});
  std::vector<std::string> names;
  for (const auto& s : model.sources) names.push_back(s.name);
  if (auto m = closest_match(name, names)) d.notes.push_back({NoteId::DidYouMean, {}, {*m}});
  return false;
}

bool parse_binding(const std::string& arg, DataBinding& out) {
  size_t eq = arg.find('=');
  if (eq == std::string::npos || eq == 0 || eq + 1 == arg.size()) return false;
  out.source = arg.substr(0, eq);
  out.path = arg.substr(eq + 1);
  return true;
}

std::vector<DataFileSummary> check_data_files(const typed::Model& model, const std::vector<DataBinding>& bindings,
                                              size_t sample_rows, SourceManager& sm, DiagnosticSink& sink) {
  std::vector<DataFileSummary> out;
  // A source may have several files (--data repeated): each is checked.
  std::map<std::string, std::vector<const DataBinding*>> by_source;
  for (const auto& b : bindings)
    if (check_binding_name(model, b.source, sink)) by_source[b.source].push_back(&b);
  for (const auto& src : model.sources) {
    if (!src.schema || src.is_table) continue;  // an inline table reads no file
    auto it = by_source.find(src.name);
    if (it == by_source.end()) {
      sink.report(DiagId::MissingDataBinding, src.span, {src.name});
      continue;
    }
    for (const DataBinding* b : it->second) check_one(src, *b, sample_rows, sm, sink, out);
  }
  return out;
}

}  // namespace clue
