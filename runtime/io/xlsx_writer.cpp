#include "runtime/io/xlsx_writer.h"

#include <unistd.h>
#include <xlsxwriter.h>

#include <cerrno>
#include <cstdio>
#include <cstring>

namespace clue::io {

std::string write_xlsx_atomic(const std::string& path, const std::string& sheet, const std::vector<std::string>& header,
                              const std::vector<std::vector<std::string>>& rows) {
  std::string tmp = path + ".tmp-" + std::to_string(::getpid());
  lxw_workbook* wb = workbook_new(tmp.c_str());
  if (!wb) return "cannot create " + tmp;
  // Excel limits sheet names to 31 characters and forbids some punctuation.
  std::string name = sheet.empty() ? "leads" : sheet;
  if (workbook_validate_sheet_name(wb, name.c_str()) != LXW_NO_ERROR) name = "leads";
  lxw_worksheet* ws = workbook_add_worksheet(wb, name.c_str());
  lxw_format* bold = workbook_add_format(wb);
  format_set_bold(bold);
  for (size_t c = 0; c < header.size(); ++c) worksheet_write_string(ws, 0, lxw_col_t(c), header[c].c_str(), bold);
  for (size_t r = 0; r < rows.size(); ++r)
    for (size_t c = 0; c < rows[r].size(); ++c)
      if (!rows[r][c].empty()) worksheet_write_string(ws, lxw_row_t(r + 1), lxw_col_t(c), rows[r][c].c_str(), nullptr);
  worksheet_freeze_panes(ws, 1, 0);
  lxw_error err = workbook_close(wb);
  if (err != LXW_NO_ERROR) {
    std::remove(tmp.c_str());
    return lxw_strerror(err);
  }
  if (std::rename(tmp.c_str(), path.c_str()) != 0) {
    std::string e = std::strerror(errno);
    std::remove(tmp.c_str());
    return e;
  }
  return "";
}

}  // namespace clue::io
