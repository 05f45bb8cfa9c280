#include "runtime/io/xlsx_writer.h"

#include <fcntl.h>
#include <unistd.h>
#include <xlsxwriter.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>

#include "runtime/io/files.h"
#include "runtime/io/xlsx_cells.h"

namespace clue::io {
namespace {

// How a column's cells are written.
enum class CellStyle { Text, Int, Money, Decimal, Date, DateTime };

CellStyle style_of(TypeKind k) {
  switch (k) {
    case TypeKind::Int: return CellStyle::Int;
    case TypeKind::Money: return CellStyle::Money;
    case TypeKind::Decimal: return CellStyle::Decimal;
    case TypeKind::Date: return CellStyle::Date;
    case TypeKind::DateTime: return CellStyle::DateTime;
    default: return CellStyle::Text;  // IDs, case numbers, months, geo, bool (是/否), text
  }
}

constexpr size_t kWidthSample = 1000;  // rows looked at for a column's width
constexpr double kMinWidth = 6, kMaxWidth = 50;

struct Formats {
  lxw_format *header, *text, *int_, *money, *date, *datetime;
  lxw_format* decimal[5];  // 0 to 4 fraction digits, as the normal form shows them
};

Formats make_formats(lxw_workbook* wb) {
  auto fmt = [&](const char* num) {
    lxw_format* f = workbook_add_format(wb);
    format_set_num_format(f, num);
    return f;
  };
  Formats f;
  f.header = workbook_add_format(wb);
  format_set_bold(f.header);
  f.text = fmt("@");
  f.int_ = fmt("0");
  f.money = fmt("#,##0.00");
  f.date = fmt("yyyy-mm-dd");
  f.datetime = fmt("yyyy-mm-dd hh:mm:ss");
  const char* dec[] = {"0", "0.0", "0.00", "0.000", "0.0000"};
  for (int i = 0; i < 5; ++i) f.decimal[i] = fmt(dec[i]);
  return f;
}

lxw_format* decimal_format(const Formats& f, const std::string& s) {
  size_t dot = s.find('.');
  size_t digits = dot == std::string::npos ? 0 : s.size() - dot - 1;
  return f.decimal[std::min<size_t>(digits, 4)];
}

// The sheet names: `base` (or "leads" when Excel would refuse it), then base-2, base-3, ...
// for a table that needs more than one sheet.
std::string sheet_name(lxw_workbook* wb, const std::string& base, size_t index) {
  std::string name = base.empty() ? "leads" : base;
  if (workbook_validate_sheet_name(wb, name.c_str()) != LXW_NO_ERROR) name = "leads";
  if (index == 0) return name;
  std::string numbered = name + "-" + std::to_string(index + 1);
  return workbook_validate_sheet_name(wb, numbered.c_str()) == LXW_NO_ERROR ? numbered
                                                                           : "leads-" + std::to_string(index + 1);
}

}  // namespace

std::string write_xlsx_atomic(const std::string& path, const std::string& sheet, const std::vector<std::string>& header,
                              const std::vector<std::vector<std::string>>& rows, const std::vector<TypeKind>& types,
                              XlsxStats* stats, size_t rows_per_sheet) {
  if (rows_per_sheet == 0 || rows_per_sheet > kXlsxMaxRows - 1) rows_per_sheet = kXlsxMaxRows - 1;
  XlsxStats st;
  // libxlsxwriter opens its file by name: the name is made first, exclusively and
  // unpredictably (io::create_temp_beside), so no planted link is followed.
  std::string tmp;
  const int tmp_fd = create_temp_beside(path, tmp);
  if (tmp_fd < 0) return std::strerror(errno);
  ::close(tmp_fd);
  // Constant memory: each row goes to a temporary file as soon as the next one starts, strings
  // inline (no shared-strings table to build): a million leads take seconds, not a gigabyte.
  lxw_workbook_options options{};
  options.constant_memory = LXW_TRUE;
  options.use_zip64 = LXW_TRUE;  // sheets over 4 GB uncompressed
  lxw_workbook* wb = workbook_new_opt(tmp.c_str(), &options);
  if (!wb) {
    std::remove(tmp.c_str());
    return "cannot create " + tmp;
  }
  const Formats fm = make_formats(wb);
  std::vector<CellStyle> style(header.size(), CellStyle::Text);
  for (size_t c = 0; c < types.size() && c < style.size(); ++c) style[c] = style_of(types[c]);

  lxw_error err = LXW_NO_ERROR;
  lxw_worksheet* ws = nullptr;
  // A string cell: never a formula, whatever it starts with.
  auto put_text = [&](lxw_row_t r, lxw_col_t c, const std::string& s, lxw_format* f) {
    XlsxText x = xlsx_text(s);
    st.replaced_cells += x.replaced;
    st.truncated_cells += x.truncated;
    if (err == LXW_NO_ERROR) err = worksheet_write_string(ws, r, c, x.text.c_str(), f);
  };
  // One sheet per rows_per_sheet rows (more than a sheet holds go on to the next sheet, each
  // with the header: no lead is left out); at least one sheet, for the header.
  size_t sheets = rows.empty() ? 1 : (rows.size() + rows_per_sheet - 1) / rows_per_sheet;
  for (size_t sh = 0; sh < sheets && err == LXW_NO_ERROR; ++sh) {
    std::string name = sheet_name(wb, sheet, sh);
    ws = workbook_add_worksheet(wb, name.c_str());
    if (!ws) return "cannot add sheet " + name;
    const size_t first = sh * rows_per_sheet, last = std::min(rows.size(), first + rows_per_sheet);
    // Widths first: in constant memory mode rows are written once, in order.
    for (size_t c = 0; c < header.size(); ++c) {
      size_t width = display_columns(header[c]);
      for (size_t r = first; r < last && r < first + kWidthSample; ++r)
        if (c < rows[r].size()) width = std::max(width, display_columns(rows[r][c]));
      // Room for the widest cell seen, the autofilter's button and a margin.
      worksheet_set_column(ws, lxw_col_t(c), lxw_col_t(c), std::clamp(double(width) + 4, kMinWidth, kMaxWidth), nullptr);
    }
    for (size_t c = 0; c < header.size(); ++c) put_text(0, lxw_col_t(c), header[c], fm.header);
    for (size_t r = first; r < last && err == LXW_NO_ERROR; ++r) {
      const lxw_row_t row = lxw_row_t(r - first + 1);
      for (size_t c = 0; c < rows[r].size() && c < header.size(); ++c) {
        const std::string& s = rows[r][c];
        if (s.empty()) continue;  // null: a blank cell
        const lxw_col_t col = lxw_col_t(c);
        switch (style[c]) {
          case CellStyle::Text: put_text(row, col, s, fm.text); continue;
          case CellStyle::Date: case CellStyle::DateTime:
            if (auto serial = xlsx_date_serial(s)) {
              err = worksheet_write_number(ws, row, col, *serial, style[c] == CellStyle::Date ? fm.date : fm.datetime);
              continue;
            }
            put_text(row, col, s, fm.text);  // before 1900-03-01: exact as text
            continue;
          case CellStyle::Int: case CellStyle::Money: case CellStyle::Decimal:
            if (auto v = xlsx_number(s)) {
              lxw_format* f = style[c] == CellStyle::Int     ? fm.int_
                              : style[c] == CellStyle::Money ? fm.money
                                                             : decimal_format(fm, s);
              err = worksheet_write_number(ws, row, col, *v, f);
              continue;
            }
            ++st.numbers_as_text;  // more digits than Excel keeps: exact as text
            put_text(row, col, s, fm.text);
            continue;
        }
      }
    }
    worksheet_freeze_panes(ws, 1, 0);
    if (!header.empty()) worksheet_autofilter(ws, 0, 0, lxw_row_t(last - first), lxw_col_t(header.size() - 1));
  }
  if (err != LXW_NO_ERROR) {
    // A cell libxlsxwriter refused: the file would miss it, so none is written.
    workbook_close(wb);
    std::remove(tmp.c_str());
    return lxw_strerror(err);
  }
  err = workbook_close(wb);
  if (err != LXW_NO_ERROR) {
    std::remove(tmp.c_str());
    return lxw_strerror(err);
  }
  // On disk before it takes the final name (a full disk may show only here).
  const int fd = ::open(tmp.c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
  if (fd < 0 || ::fsync(fd) != 0) {
    std::string e = std::strerror(errno);
    if (fd >= 0) ::close(fd);
    std::remove(tmp.c_str());
    return e;
  }
  ::close(fd);
  if (std::rename(tmp.c_str(), path.c_str()) != 0) {
    std::string e = std::strerror(errno);
    std::remove(tmp.c_str());
    return e;
  }
  if (stats) *stats = st;
  return "";
}

}  // namespace clue::io
