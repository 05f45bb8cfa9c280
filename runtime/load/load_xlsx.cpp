// load_table for .xlsx: streams the sheet's rows through xlsx::SheetReader (runtime/xlsx),
// finds the header row among the first 20 rows by matching the declared headers (as for
// CSV), and parses each declared cell once with the same rules as CSV (builder.h).
//
// What a workbook adds over text:
//  - number cells in date / month / datetime columns are Excel serials (1900 system), except
//    an 8-digit yyyymmdd (6-digit yyyymm for months) in a cell without a date format;
//  - number cells in idcard / uscc / partyid / case_no columns are digit strings, but one written in
//    scientific notation (3.30802E+16) or with more than 15 significant digits has lost
//    digits in Excel's double: V0105, never guessed. "123" stays "123";
//  - the same check for text columns (a long number kept as text would be silently wrong);
//  - error cells (#N/A, #VALUE!) are V0002 placeholders: null and reported;
//  - bool cells give TRUE/FALSE to text columns and the value itself to bool columns.
// Sheet rows: RejectRecord.line and Table::line are 1-based sheet row numbers.
#include <cmath>
#include <cstdio>

#include "runtime/csv/errors.h"
#include "runtime/csv/header.h"
#include "runtime/csv/rows.h"
#include "runtime/load/builder.h"
#include "runtime/values/datetime.h"
#include "runtime/values/unicode_fold.h"
#include "runtime/xlsx/xlsx_reader.h"

namespace clue::rt {
namespace {

using namespace load_detail;
using values::ValueError;
using xlsx::Cell;
using xlsx::CellKind;

const Cell kEmptyCell{};

std::string_view cell_text(const Cell& c) {
  switch (c.kind) {
    case CellKind::Empty: return {};
    case CellKind::Bool: return c.text == "1" ? "TRUE" : "FALSE";
    default: return c.text;
  }
}

bool cell_blank(const Cell& c) {
  return c.kind == CellKind::Empty || (c.kind == CellKind::String && values::trim(c.text).empty());
}

// A number as written in the sheet XML whose digits Excel cannot hold: scientific notation
// with a non-negative exponent, or more than 15 significant integer digits.
bool digits_lost(std::string_view t) {
  size_t i = 0;
  if (i < t.size() && (t[i] == '-' || t[i] == '+')) ++i;
  while (i < t.size() && t[i] == '0') ++i;
  size_t int_digits = 0;
  while (i < t.size() && t[i] >= '0' && t[i] <= '9') ++i, ++int_digits;
  if (int_digits > 15) return true;
  if (i < t.size() && t[i] == '.') {
    ++i;
    while (i < t.size() && t[i] >= '0' && t[i] <= '9') ++i;
  }
  if (i < t.size() && (t[i] == 'E' || t[i] == 'e')) {
    ++i;
    return !(i < t.size() && t[i] == '-');
  }
  return false;
}

bool all_digits(std::string_view t, size_t n) {
  if (t.size() != n) return false;
  for (char c : t)
    if (c < '0' || c > '9') return false;
  return true;
}

// The number as Excel displays it in a General cell (15 significant digits).
std::string excel_display(double v) {
  char buf[40];
  std::snprintf(buf, sizeof buf, "%.15g", v);
  return buf;
}

template <class T, class Push>
CellResult take(Column& col, const values::Parsed<T>& r, Push push) {
  if (r.ok()) {
    push(r.value());
    return CellResult::ok();
  }
  col.push_null();
  return r.is_null() ? CellResult::empty() : CellResult::fail(r.error());
}

CellResult push_xlsx(const ColumnPlan& p, Column& col, const Cell& a, const Cell& b) {
  if (a.kind == CellKind::Error || (p.type == Logical::Geo && b.kind == CellKind::Error)) {
    col.push_null();
    return CellResult::fail(ValueError::Placeholder);
  }
  if (p.type == Logical::Geo) return push_cell(p, col, cell_text(a), cell_text(b), false);
  if (a.kind == CellKind::Bool) {
    if (p.type == Logical::Bool) {
      col.valid.push_back(1);
      col.u8.push_back(a.text == "1" ? 1 : 0);
      return CellResult::ok();
    }
    return push_cell(p, col, cell_text(a), {}, true);
  }
  if (a.kind != CellKind::Number) return push_cell(p, col, cell_text(a), {}, false);

  // Number cells.
  const std::string_view t = a.text;
  switch (p.type) {
    case Logical::Date:
      if (!a.date_style && all_digits(t, 8)) return push_cell(p, col, t, {}, true);
      return take(col, values::date_from_excel_serial(a.number), [&](values::Date d) { push_i32(col, d); });
    case Logical::Month:
      if (!a.date_style && (all_digits(t, 6) || all_digits(t, 8))) return push_cell(p, col, t, {}, true);
      return take(col, values::date_from_excel_serial(a.number),
                  [&](values::Date d) { push_i32(col, values::month_from_date(d)); });
    case Logical::DateTime:
      if (!a.date_style && all_digits(t, 8)) return push_cell(p, col, t, {}, true);
      return take(col, values::from_excel_serial(a.number), [&](values::DateTime d) { push_i64(col, d); });
    case Logical::IdCard:
    case Logical::Uscc:
    case Logical::PartyId:
    case Logical::CaseNo:
    case Logical::Text:
      if (digits_lost(t)) {
        col.push_null();
        return CellResult::fail(ValueError::IdcardExcelFloat);
      }
      return push_cell(p, col, t, {}, true);
    case Logical::Int:
    case Logical::Decimal:
    case Logical::Money: {
      // The XML may hold the double's full expansion (0.30000000000000004) or an exponent;
      // what the user saw in Excel is the 15-digit display, so retry with that.
      const size_t before = col.size();
      CellResult r = push_cell(p, col, t, {}, true);
      if (r.state == CellResult::Error && std::isfinite(a.number)) {
        truncate_column(col, before);
        const std::string shown = excel_display(a.number);
        r = push_cell(p, col, shown, {}, true);
      }
      return r;
    }
    default:
      return push_cell(p, col, t, {}, true);
  }
}

// The row's cells as text, tab-separated, without the empty cells at its end; `limit` stops
// early (for a reject's raw text, which is truncated anyway).
std::string row_text(const xlsx::Row& row, size_t limit = SIZE_MAX) {
  std::string s;
  size_t last = row.cells.size();
  while (last > 0 && row.cells[last - 1].kind == CellKind::Empty) --last;
  for (size_t i = 0; i < last; ++i) {
    if (i) s += '\t';
    s += cell_text(row.cells[i]);
    if (s.size() > limit) break;
  }
  return s;
}

std::string join_row(const xlsx::Row& row) { return csv::truncate_raw(row_text(row, csv::kRejectRawMax * 2)); }

}  // namespace

LoadResult load_xlsx(const LoadSpec& spec) {
  LoadResult res;
  res.table.name = spec.source;
  res.table.path = spec.path;
  for (const ColumnSpec& c : spec.columns) res.table.column_names.push_back(c.name);
  Plan plan;
  if (!make_plan(spec, plan, res)) return res;
  for (const ColumnPlan& p : plan.cols) res.table.columns.push_back(Column::make(p.type));
  LoadStats& st = res.stats;
  st.encoding = "xlsx";
  st.delimiter = 0;

  xlsx::OpenResult o = xlsx::open_sheet(spec.path, spec.sheet);
  if (!o.reader) {
    const diag::CodeInfo& e = load_error(LoadError::XlsxOpen);
    set_error(res, e.code, fill(e.en, {spec.path, o.error}),
              fill(e.zh, {spec.path, o.error_zh.empty() ? o.error : o.error_zh}));
    return res;
  }
  xlsx::SheetReader& rd = *o.reader;
  auto read_error = [&](uint64_t row) {
    const diag::CodeInfo& e = load_error(LoadError::XlsxRead);
    set_error(res, e.code, fill(e.en, {spec.path, std::to_string(row), rd.error()}),
              fill(e.zh, {spec.path, std::to_string(row), rd.error_zh().empty() ? rd.error() : rd.error_zh()}),
              row);
  };
  auto file_error = [&](csv::ErrorCode code, uint64_t line, std::initializer_list<std::string_view> args) {
    const csv::Diagnostic d = csv::make_diagnostic(code, line, -1, args);
    set_error(res, std::string(csv::code_id(code)), "'" + spec.path + "': " + d.message_en,
              "“" + spec.path + "”：" + d.message_zh, line);
  };

  // 1. Header row: the first of the first 20 rows with the most declared headers, or the
  // row the spec names.
  std::vector<std::string> norm;
  for (const std::string& e : plan.expected) norm.push_back(csv::normalize_header(e));
  std::vector<xlsx::Row> head;
  xlsx::Row row;
  int chosen = -1;
  size_t best = 0;
  while (true) {
    if (spec.header_line <= 0 && head.size() >= csv::kHeaderSearchRecords) break;
    if (!rd.next(row)) break;
    head.push_back(std::move(row));
    const xlsx::Row& h = head.back();
    if (spec.header_line > 0) {
      if (h.number == uint64_t(spec.header_line)) {
        chosen = int(head.size() - 1);
        break;
      }
      if (h.number > uint64_t(spec.header_line)) break;
      continue;
    }
    std::vector<std::string_view> cells;
    for (const Cell& c : h.cells) cells.push_back(cell_text(c));
    const size_t hits = csv::count_expected(cells, norm);
    if (hits > best) best = hits, chosen = int(head.size() - 1);
  }
  if (!rd.error().empty() && chosen < 0) {
    read_error(head.empty() ? 1 : head.back().number);
    return res;
  }
  if (head.empty()) {
    file_error(csv::ErrorCode::EmptyFile, 0, {spec.path});
    return res;
  }
  if (chosen < 0) {
    if (spec.header_line > 0) {
      file_error(csv::ErrorCode::HeaderLineInvalid, 0, {std::to_string(spec.header_line)});
    } else {
      std::string list;
      for (const std::string& e : plan.expected) list += (list.empty() ? "" : "、") + e;
      file_error(csv::ErrorCode::HeaderNotFound, 0, {std::to_string(csv::kHeaderSearchRecords), list});
    }
    return res;
  }
  const xlsx::Row& hrow = head[size_t(chosen)];
  std::vector<std::string> names;
  for (const Cell& c : hrow.cells) names.emplace_back(cell_text(c));
  std::vector<std::string_view> name_views(names.begin(), names.end());
  const csv::HeaderMatch hm = csv::match_header(name_views, hrow.number, plan.expected);
  res.header = names;
  {
    std::string code, en, zh;
    auto add = [&](const csv::Diagnostic& d) {
      if (code.empty()) code = csv::code_id(d.code);
      en += (en.empty() ? "" : "; ") + d.message_en;
      zh += (zh.empty() ? "" : "；") + d.message_zh;
    };
    for (const csv::ColumnMatch& c : hm.columns)
      if (c.index < 0)
        add(csv::make_diagnostic(csv::ErrorCode::MissingColumn, hrow.number, -1,
                                 {c.expected, c.nearest >= 0 ? hm.names[size_t(c.nearest)] : std::string(),
                                  c.nearest >= 0 ? std::to_string(c.nearest + 1) : std::string("-")}));
    for (const std::vector<int>& g : hm.duplicates) {
      bool expected_dup = false;
      for (const csv::ColumnMatch& c : hm.columns)
        for (int x : g) expected_dup |= c.index == x;
      std::string cols;
      for (int x : g) cols += (cols.empty() ? "" : ",") + std::to_string(x + 1);
      const csv::Diagnostic d = csv::make_diagnostic(
          expected_dup ? csv::ErrorCode::AmbiguousColumn : csv::ErrorCode::DuplicateHeader, hrow.number, g.front(),
          {hm.names[size_t(g.front())], cols});
      if (expected_dup) add(d);
      else res.warnings.push_back({std::string(csv::code_id(d.code)), d.line, d.message_en, d.message_zh});
    }
    if (!code.empty()) {
      set_error(res, code, "'" + spec.path + "': " + en, "“" + spec.path + "”：" + zh, hrow.number);
      return res;
    }
  }
  std::vector<int> file_col(plan.expected.size());
  for (size_t i = 0; i < hm.columns.size(); ++i) file_col[i] = hm.columns[i].index;
  for (ColumnPlan& p : plan.cols) {
    p.header = names[size_t(file_col[size_t(p.slot)])];
    if (p.slot2 >= 0) p.header2 = names[size_t(file_col[size_t(p.slot2)])];
  }
  st.header_line = hrow.number;
  for (int i = 0; i < chosen; ++i) {
    bool blank = true;
    for (const Cell& c : head[size_t(i)].cells) blank &= cell_blank(c);
    ++(blank ? st.empty_rows : st.title_rows);
  }

  // 2. Data rows.
  Part part;
  part.cols = std::move(res.table.columns);
  RowBuilder b(plan, part);
  uint64_t csv_rejects = 0;
  auto cell_at = [](const xlsx::Row& r, int idx) -> const Cell& {
    return idx >= 0 && size_t(idx) < r.cells.size() ? r.cells[size_t(idx)] : kEmptyCell;
  };
  auto process = [&](const xlsx::Row& r) {
    const Cell* first = nullptr;
    for (const Cell& c : r.cells)
      if (!cell_blank(c)) {
        first = &c;
        break;
      }
    if (!first) {
      ++st.empty_rows;
      return;
    }
    ++st.rows_read;
    if (first->kind == CellKind::String) {
      if (auto word = csv::trailer_word(first->text, '\t')) {
        const std::string line = std::to_string(r.number);
        csv::Diagnostic d = csv::make_diagnostic(csv::ErrorCode::TrailerRow, r.number, -1, {line, *word});
        RejectRecord rec;
        rec.source = plan.source;
        rec.path = plan.path;
        rec.line = r.number;
        rec.raw = join_row(r);
        rec.code = SharedText::of_static(csv::code_id(d.code));
        rec.reason_en = std::move(d.message_en);
        rec.reason_zh = std::move(d.message_zh);
        rec.row_rejected = true;
        part.rejects.push_back(std::move(rec));
        ++st.trailer_rows;
        ++csv_rejects;
        return;
      }
    }
    b.begin_row();
    for (size_t j = 0; j < plan.cols.size(); ++j) {
      const ColumnPlan& p = plan.cols[j];
      const Cell& a = cell_at(r, file_col[size_t(p.slot)]);
      const Cell& c2 = p.slot2 >= 0 ? cell_at(r, file_col[size_t(p.slot2)]) : kEmptyCell;
      b.cell(j, push_xlsx(p, part.cols[j], a, c2), cell_text(a), cell_text(c2));
    }
    if (b.end_row(r.number)) part.hashes.push_back(row_hash(row_text(r)));
  };
  for (size_t i = size_t(chosen) + 1; i < head.size(); ++i) process(head[i]);
  uint64_t last = head.back().number;
  while (rd.next(row)) {
    process(row);
    last = row.number;
  }
  if (!rd.error().empty()) read_error(last + 1);
  else res.ok = true;

  res.table.columns = std::move(part.cols);
  res.table.line = std::move(part.lines);
  res.row_hash = std::move(part.hashes);
  res.rejects = std::move(part.rejects);
  add_nulls(plan, part, st);
  st.rows_used = res.table.rows();
  st.rows_rejected = csv_rejects + part.value_row_rejects;
  if (!st.balanced() && res.ok) {
    const csv::Diagnostic d =
        csv::make_diagnostic(csv::ErrorCode::RowAccountingMismatch, 0, -1,
                             {std::to_string(st.rows_read), std::to_string(st.rows_used), std::to_string(st.rows_rejected)});
    set_error(res, std::string(csv::code_id(d.code)), d.message_en, d.message_zh);
  }
  return res;
}

}  // namespace clue::rt
