// Writes a table of leads as an .xlsx workbook (its XML: xlsx_parts.h; the sheets deflated by
// ISA-L at level 1, raw_deflate.h; the zip container: libzip): the file made for people to open. One sheet; a bold, frozen header row with an autofilter;
// columns as wide as their content (up to a limit). Cells are typed by their column's plan
// type, so that nothing changes on the way into a spreadsheet:
//   text, idcard, uscc, case numbers, months, geo, bool (是/否), provenance: string cells with
//     the text number format "@" (never numbers: an 18-digit ID keeps every digit; never
//     formulas: a string cell is not evaluated, whatever it starts with);
//   money: numbers with the format #,##0.00 (SUM works);
//   decimal: numbers showing exactly the fraction digits of their normal form;
//   int: numbers with the format 0 (no 1.2E+11);
//   date, datetime: Excel dates with the formats yyyy-mm-dd and yyyy-mm-dd hh:mm:ss.
// What cannot go in as is falls back to text and is counted (xlsx_cells.h): numbers with more
// than 15 significant digits, dates before 1900-03-01; characters XML cannot hold are replaced
// by U+FFFD, cells over 32,767 characters cut.
#pragma once
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "runtime/plan/types.h"

namespace clue::io {

// What the writer could not keep as in the leads' text form (the CSV keeps it all).
struct XlsxStats {
  uint64_t replaced_cells = 0;   // cells with characters XML 1.0 forbids, replaced by U+FFFD
  uint64_t truncated_cells = 0;  // cells longer than 32,767 characters, cut
  uint64_t numbers_as_text = 0;  // numbers with more than 15 significant digits, kept as text
};

// Writes to a temporary name, then renames. `types` holds the plan type of the leading
// columns (the rest, provenance, are text); empty: every cell text. Returns an error message,
// empty on success. More rows than a sheet holds (1,048,575 below the header, or
// `rows_per_sheet` for tests) continue on sheets named SHEET-2, SHEET-3, ..., each with the
// header: no lead is left out. With `threads` >= 2 each sheet's XML is produced on a thread
// of its own while libzip deflates what came before (io::ChunkPipe); the file is the same.
std::string write_xlsx_atomic(const std::string& path, const std::string& sheet, const std::vector<std::string>& header,
                              const std::vector<std::vector<std::string>>& rows, const std::vector<TypeKind>& types = {},
                              XlsxStats* stats = nullptr, size_t rows_per_sheet = 0, int threads = 1);

}  // namespace clue::io
