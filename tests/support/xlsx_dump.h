// An .xlsx as reviewable text, for golden files: every sheet, and per row its cells with their
// kind, read with Clue's own xlsx reader. A lead file's typed cells (an ID as a string, money
// as a number, a date as a date-formatted serial) are then pinned like any CSV.
#pragma once
#include <string>

namespace clue::test {

// "sheet NAME" lines, then one line per row: cells separated by " | ", each `"text"` (a string,
// with \n \r \t \" \\ escaped), `n:NUMBER` (as written in the sheet), `date:NUMBER` (a number
// with a date format), `bool:0|1`, `error:TEXT`, or `-` (empty). On a read error, its text.
std::string xlsx_dump(const std::string& path);

}  // namespace clue::test
