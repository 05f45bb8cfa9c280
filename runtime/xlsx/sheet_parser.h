// Turns the XML of one worksheet into Rows, streaming (private to the xlsx reader).
#pragma once
#include <cstdint>
#include <string>

#include "runtime/xlsx/parts.h"
#include "runtime/xlsx/xlsx_reader.h"
#include "runtime/xlsx/xml_pull.h"

namespace clue::xlsx::detail {

// For messages: which file and sheet is being read.
struct SheetPlace {
  std::string file;   // path as given
  std::string sheet;  // sheet name
  std::string part;   // zip entry, e.g. xl/worksheets/sheet1.xml
};

// Column letters of a cell reference ("B2" -> 1, "XFD7" -> 16383). False for anything that
// is not letters (at most 3, up to XFD) followed by digits.
bool parse_cell_column(std::string_view ref, uint32_t& col);

class SheetParser {
 public:
  SheetParser(ByteSource& src, const SharedStrings& sst, const Styles& styles, bool date1904, SheetPlace place,
              size_t chunk = XmlPull::kDefaultChunk);

  // Next row with at least one non-empty cell; false at the end or on an error.
  bool next(Row& row);
  bool failed() const { return state_ == State::Failed; }
  const std::string& error() const { return error_; }
  const std::string& error_zh() const { return error_zh_; }
  size_t peak_buffer() const { return xml_.peak_buffer(); }

 private:
  enum class State { Before, Data, Done, Failed };
  enum class Type { Number, Shared, Inline, Str, Bool, Error, Date, Other };

  bool fail(std::string en, std::string zh);
  bool fail_xml();
  bool start_row();
  bool start_cell();
  bool finish_cell(Row& row);
  Cell& slot(Row& row, uint32_t col);

  XmlPull xml_;
  const SharedStrings& sst_;
  const Styles& styles_;
  bool date1904_;
  SheetPlace place_;
  State state_ = State::Before;
  std::string error_, error_zh_;

  // Current row.
  bool in_row_ = false;
  uint64_t row_number_ = 0;
  uint64_t last_row_ = 0;
  uint32_t used_ = 0;  // cells [0, used_) of the Row are this row's
  int64_t last_col_ = -1;
  // Current cell.
  bool in_cell_ = false, in_is_ = false, capture_ = false, have_value_ = false;
  int rph_ = 0;
  uint32_t col_ = 0;
  Type type_ = Type::Number;
  uint64_t style_ = 0;
  std::string value_;
  std::string ref_;  // the cell's r attribute, for messages
  std::string scratch_;
};

}  // namespace clue::xlsx::detail
