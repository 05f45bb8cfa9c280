#include "runtime/io/xlsx_writer.h"

#include <fcntl.h>
#include <unistd.h>
#include <xlsxwriter.h>

#include <cerrno>
#include <cstdio>
#include <cstring>

#include "runtime/io/files.h"

namespace clue::io {

std::string write_xlsx_atomic(const std::string& path, const std::string& sheet, const std::vector<std::string>& header,
                              const std::vector<std::vector<std::string>>& rows) {
  // libxlsxwriter opens its file by name: the name is made first, exclusively and
  // unpredictably (io::create_temp_beside), so no planted link is followed.
  std::string tmp;
  const int tmp_fd = create_temp_beside(path, tmp);
  if (tmp_fd < 0) return std::strerror(errno);
  ::close(tmp_fd);
  lxw_workbook* wb = workbook_new(tmp.c_str());
  if (!wb) {
    std::remove(tmp.c_str());
    return "cannot create " + tmp;
  }
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
  return "";
}

}  // namespace clue::io
