// The XML parts of an .xlsx workbook of leads (SpreadsheetML, ECMA-376), apart from the zip
// container (xlsx_writer.cpp) so each part can be tested as text.
//
// Why our own XML rather than libxlsxwriter's: libxlsxwriter deflates at zlib's default level
// with no way to choose, and in constant-memory mode it prints every row to a temporary file and
// copies it back; at 50 k leads that was 1.0 s of a 2.3 s run (docs/performance.md). The parts a
// table of leads needs are few and fixed: content types, relationships, a workbook with one
// sheet per 1,048,575 rows, a style sheet with the eight number formats, and the sheets, whose
// rows are produced in chunks as the zip writer asks for them (nothing is held whole).
#pragma once
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "runtime/io/xlsx_writer.h"

namespace clue::io::xlsx_parts {

// The cell formats of styles.xml, in the order of its cellXfs (the `s` attribute of a cell).
enum Style : uint8_t {
  kStyleDefault = 0,
  kStyleHeader,    // bold
  kStyleText,      // "@"
  kStyleInt,       // "0"
  kStyleMoney,     // "#,##0.00"
  kStyleDate,      // "yyyy-mm-dd"
  kStyleDateTime,  // "yyyy-mm-dd hh:mm:ss"
  kStyleDecimal0,  // "0", "0.0" … "0.0000": exactly the fraction digits of the normal form
};
inline constexpr int kDecimalStyles = 5;

std::string content_types(size_t sheets);
std::string package_rels();
// `names` are the sheets' names; `last_cell` the bottom-right cell of each sheet's autofilter
// ("K5293"), empty for a sheet without columns.
std::string workbook(const std::vector<std::string>& names, const std::vector<std::string>& last_cell);
std::string workbook_rels(size_t sheets);
std::string styles();

// Column letters of a 0-based column: 0 -> "A", 25 -> "Z", 26 -> "AA".
std::string column_name(size_t col);

// The bottom-right cell of a sheet of `columns` columns holding a header and `rows` rows
// ("K5293"); empty without columns.
std::string last_cell(size_t columns, size_t rows);

// A name Excel accepts for a sheet: 1–31 characters, none of []:*?/\, not starting or ending
// with an apostrophe, not "History" (reserved by Excel).
bool valid_sheet_name(std::string_view name);

// The XML of one sheet, produced a chunk at a time: the rows [first, last) of `rows` below the
// header, typed by `types` (see xlsx_writer.h), with the header row bold and frozen, column
// widths from the first 1,000 values, and an autofilter over the whole range.
class SheetXml {
 public:
  SheetXml(const std::vector<std::string>& header, const std::vector<std::vector<std::string>>& rows,
           const std::vector<TypeKind>& types, size_t first, size_t last, XlsxStats& stats);
  // Appends the next piece of the sheet (at least `want` bytes unless the sheet ends) to `out`;
  // returns false once everything has been produced.
  bool next(std::string& out, size_t want);
  std::string last_cell() const;

 private:
  void head(std::string& out);
  void row(std::string& out, size_t r);
  // A cell at column `ref` ("B"), row `row` ("17").
  void text_cell(std::string& out, std::string_view ref, std::string_view row, const std::string& s, Style style);
  void number_cell(std::string& out, std::string_view ref, std::string_view row, double v, Style style);

  const std::vector<std::string>& header_;
  const std::vector<std::vector<std::string>>& rows_;
  std::vector<TypeKind> types_;
  size_t first_, last_;
  XlsxStats& stats_;
  std::vector<std::string> columns_;  // "A", "B", …
  std::vector<Style> styles_;         // each column's, from its type
  enum class Stage { Head, Rows, Tail, Done } stage_ = Stage::Head;
  size_t next_row_ = 0;
};

}  // namespace clue::io::xlsx_parts
