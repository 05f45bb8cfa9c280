// Writes a table of text cells as an .xlsx workbook with libxlsxwriter (Debian's
// libxlsxwriter-dev): one sheet, a bold frozen header row. Every cell is written as text so
// that ID numbers and case numbers keep all their digits in Excel.
#pragma once
#include <string>
#include <vector>

namespace clue::io {

// Writes to a temporary name, then renames. Returns an error message, empty on success.
std::string write_xlsx_atomic(const std::string& path, const std::string& sheet, const std::vector<std::string>& header,
                              const std::vector<std::vector<std::string>>& rows);

}  // namespace clue::io
