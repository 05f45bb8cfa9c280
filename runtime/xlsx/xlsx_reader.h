// Streams the rows of one worksheet of an .xlsx file (Office Open XML) without building a DOM
// of the sheet: a 1 M-row export is read in constant memory besides the shared strings.
//
// This header is the contract between the xlsx reader and the loader (runtime/load).
#pragma once
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace clue::xlsx {

enum class CellKind { Empty, String, Number, Bool, Error };

struct Cell {
  CellKind kind = CellKind::Empty;
  // String: the text (shared or inline string, or a formula's cached string result).
  // Number: the number exactly as written in the sheet XML (e.g. "44621", "3.30802E+16").
  // Bool: "1" or "0". Error: the error text, e.g. "#N/A".
  std::string text;
  double number = 0;  // Number only
  bool date_style = false;  // Number with a date/time number format (the cell's style)
  // Notes (added with the reader):
  // - A date-styled Number in a workbook that uses the 1904 date system (Mac Excel's old
  //   default, SheetReader::date1904()) has `number` shifted by 1462 days to the 1900 system,
  //   so `number` of a date cell is always a 1900-system serial (epoch 1899-12-30); `text`
  //   stays as written.
  // - A cell whose value is empty text (an empty shared or inline string, <v></v>) is Empty.
  // - A number cell whose text is no finite number, and a t="d" (ISO 8601) cell, come as
  //   String with the text as written: passed on, never guessed.
  // - String text has XML entities and Excel's _xHHHH_ escapes (_x000D_ = CR) decoded; rich
  //   text runs are concatenated; phonetic runs (<rPh>) are left out.
};

struct Row {
  uint64_t number = 0;      // 1-based row number in the sheet
  std::vector<Cell> cells;  // index = column (A = 0); missing cells are Empty
  // (Added with the reader:) cells.size() is one past the last non-empty cell, so rows of
  // one sheet can differ in size; next() reuses the Row's storage, so pass the same Row.
};

class SheetReader {
 public:
  virtual ~SheetReader() = default;
  // Next non-empty row; false at the end or on an error (then error() is set).
  virtual bool next(Row& row) = 0;
  virtual const std::string& error() const = 0;
  virtual const std::vector<std::string>& sheet_names() const = 0;
  // Added with the reader:
  virtual const std::string& error_zh() const = 0;    // Chinese text of error()
  virtual const std::string& sheet_name() const = 0;  // the sheet being read
  virtual bool date1904() const = 0;                  // the workbook uses the 1904 date system
};

struct OpenResult {
  std::unique_ptr<SheetReader> reader;  // null on failure
  std::string error;                    // English text when reader is null
  std::string error_zh;
  std::vector<std::string> sheets;  // the workbook's sheet names, when it could be read
};

// Opens `path` and positions on the sheet named `sheet` (empty: the first sheet).
// A sheet name that matches no sheet exactly is matched once more ignoring ASCII case and
// surrounding spaces, when that finds exactly one sheet. Errors: a missing/unreadable/empty
// file, a file that is not a zip (an old .xls, an HTML page or a CSV under an .xlsx name are
// told apart), a truncated zip, a zip with no workbook, a damaged workbook/styles/shared
// strings part, an unknown sheet name (the message lists the sheets), a chart sheet.
// Errors in the sheet itself (truncated or malformed XML, a cell reference beyond XFD, a
// shared string index out of range) come from SheetReader::next() / error().
OpenResult open_sheet(const std::string& path, const std::string& sheet);

// The names of the workbook's sheets, in order, reading only its workbook part (cheap even for
// a large workbook); {} when it cannot be read (open_sheet says why).
std::vector<std::string> sheet_names(const std::string& path);

// The same for an .xlsx held in memory (fuzzing, tests); `display_name` stands for the path
// in messages.
OpenResult open_sheet_bytes(std::string bytes, const std::string& sheet,
                            const std::string& display_name = "(in memory)");

}  // namespace clue::xlsx
