// Builds small .xlsx files from raw part XML, with libzip: for tests, fuzz seeds and
// benchmarks (the reader's tests, and the loader's tests when they need an .xlsx made on
// the fly). Not an xlsx writer for users: the caller writes the sheet XML.
#pragma once
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace clue::xlsx::build {

struct Workbook {
  // (sheet name, complete worksheet XML), in workbook order; sheet i is
  // xl/worksheets/sheet<i+1>.xml.
  std::vector<std::pair<std::string, std::string>> sheets;
  std::string shared_strings;  // complete sharedStrings.xml, or empty for none
  std::string styles;          // complete styles.xml, or empty for none
  bool date1904 = false;
  bool compress = true;  // deflate (as Excel does) or store
};

// The bytes of an .xlsx with the given parts (and [Content_Types].xml, the relationships
// and the workbook). Empty on a libzip failure.
std::string xlsx_bytes(const Workbook& wb);

// A zip holding exactly these (name, content) entries: for packages with unusual layouts.
std::string zip_bytes(const std::vector<std::pair<std::string, std::string>>& entries, bool compress = true);

// Writes bytes to a file; false on failure.
bool write_file(const std::string& path, std::string_view bytes);

// XML-escapes text for element content or a quoted attribute (& < > " ').
std::string escape(std::string_view text);

// <worksheet ...><sheetData>{rows}</sheetData></worksheet> with the XML declaration and
// the SpreadsheetML namespaces.
std::string worksheet(std::string_view rows);
// <sst ...>{items}</sst>; items are <si>...</si> elements.
std::string shared_strings(std::string_view items);
// styles.xml with these <numFmt .../> elements and one <xf numFmtId=".."/> per id (cellXfs).
std::string styles(std::string_view num_fmts, const std::vector<int>& xf_num_fmt_ids);

}  // namespace clue::xlsx::build
