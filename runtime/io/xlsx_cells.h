// How a lead's cell becomes an xlsx cell: the pure part of the xlsx writer (xlsx_writer.h),
// apart so it can be tested cell by cell.
//
// - Text that XML 1.0 cannot hold (control characters other than TAB, LF and CR; U+FFFE,
//   U+FFFF; bytes that are not UTF-8) would make the workbook unreadable: each such character
//   becomes U+FFFD, visibly, and the cell is counted. Text that looks like Excel's own escape
//   `_xHHHH_` is escaped (`_x005F_xHHHH_`) so Excel shows it as written, not as the character
//   HHHH. A cell longer than Excel's limit (32,767 characters) is cut there, and counted.
// - Numbers: Excel keeps 15 significant digits, so a number with more is written as text (exact,
//   counted) rather than rounded.
// - Dates: Excel's serial day (epoch 1899-12-30) for dates from 1900-03-01 on; earlier dates
//   (Excel's 1900 leap-year bug makes them ambiguous) are written as text.
#pragma once
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace clue::io {

inline constexpr size_t kXlsxMaxChars = 32767;  // characters in one cell
inline constexpr size_t kXlsxMaxRows = 1048576;  // rows in one sheet, the header included

struct XlsxText {
  std::string text;       // what goes into the cell
  bool replaced = false;  // a character XML cannot hold was replaced by U+FFFD
  bool truncated = false; // cut at kXlsxMaxChars
};
XlsxText xlsx_text(std::string_view s);

// Significant digits of a number in normal form: "-0012.500" has 3 (leading zeros and a
// fraction's trailing zeros do not count; an integer's trailing zeros do: "1200" has 4).
size_t significant_digits(std::string_view number);

// The value of a number in normal form ("-12.50", "3"), when Excel can hold it exactly
// (at most 15 significant digits); nothing otherwise.
std::optional<double> xlsx_number(std::string_view number);

// Excel serial of "YYYY-MM-DD" or "YYYY-MM-DD HH:MM:SS" (the engine's normal forms), for
// dates from 1900-03-01 on; nothing for anything else.
std::optional<double> xlsx_date_serial(std::string_view text);

// Display width of text in a spreadsheet column: CJK and other wide characters count two.
size_t display_columns(std::string_view s);

}  // namespace clue::io
