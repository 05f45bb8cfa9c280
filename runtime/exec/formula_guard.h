// The guard against spreadsheet formula injection (OWASP "CSV Injection"): a CSV cell that
// starts with '=', '+', '-', '@', TAB or CR is read by Excel and LibreOffice as a formula
// when the file is opened, so data such as `=HYPERLINK("http://x","y")` in a name field would
// become a live link (or worse) in the lead file a prosecutor opens. Such a text cell is
// written with a "'" in front, which spreadsheets show as text and do not evaluate.
//
// Numeric columns (int, decimal, money) are left alone: their cells are numbers in normal
// form, and a negative amount "-12.50" must stay a number. Every prefixed cell is counted,
// because the prefix changes the file's bytes (the run's summary and manifest say how many).
#pragma once
#include <string_view>

#include "runtime/plan/types.h"

namespace clue::exec {

// Whether a spreadsheet would take this cell for a formula: it starts with = + - @ TAB or CR.
inline bool formula_like(std::string_view cell) {
  if (cell.empty()) return false;
  char c = cell[0];
  return c == '=' || c == '+' || c == '-' || c == '@' || c == '\t' || c == '\r';
}

// Columns whose cells are numbers in normal form, never guarded.
inline bool numeric_column(TypeKind k) { return k == TypeKind::Int || k == TypeKind::Decimal || k == TypeKind::Money; }

// The prefix that neutralises a formula-like cell.
inline constexpr char kFormulaGuard = '\'';

}  // namespace clue::exec
