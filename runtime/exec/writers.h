// Serialises run results: leads as CSV (UTF-8 with BOM, so Excel opens Chinese correctly) or
// JSON lines, rejects as CSV, and the run's manifest as JSON.
//
// CSV: cells separated by ',', lines ended by CRLF. A cell is quoted (and its '"' doubled) only
// when it holds ',', '"', CR or LF, or starts or ends with a space; every other cell, the empty
// one included, is written as is. Each writer appends into one output string sized up front,
// with no temporary string per cell or row (rejects.csv can have hundreds of thousands of rows);
// rejects.csv is handed over in pieces rather than built whole.
//
// Formula guard (leads CSV only): a text cell that starts with = + - @ TAB or CR gets a "'" in
// front so that a spreadsheet opening the file shows it as text instead of running it as a
// formula (OWASP's rule against CSV injection, see formula_guard.h); numeric columns (int,
// decimal, money, by OutputTable::types) are never guarded. to_csv counts the guarded cells.
// rejects.csv guards the cells that come from the data (文件, 原始值) the same way.
//
// JSON lines: one object per row, `{"column":"cell",...}` in column order, no spaces, every cell
// a string, written as nlohmann-json writes strings with ensure_ascii off: UTF-8 kept as it is
// (not \uXXXX), '/' and DEL not escaped, '"' and '\' as \" and \\, backspace, form feed, LF,
// CR and tab as \b \f \n \r \t, other control characters as \u00xx, and invalid UTF-8 replaced
// by U+FFFD (never an error).
#pragma once
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "runtime/exec/engine.h"
#include "runtime/load/loader.h"

namespace clue::exec {

std::string csv_cell(const std::string& s);
// `neutralised`, when given, is set to the number of cells the formula guard prefixed.
std::string to_csv(const OutputTable& t, uint64_t* neutralised = nullptr);
std::string to_jsonl(const OutputTable& t);
std::string rejects_csv(const std::vector<const rt::RejectRecord*>& rejects);
// The same, handed to `out` in pieces of about 1 MB (what `clue run` writes to the file).
void write_rejects_csv(const std::vector<const rt::RejectRecord*>& rejects,
                       const std::function<void(std::string_view)>& out);
// How many cells of rejects.csv the formula guard prefixes (for the summary and manifest).
uint64_t rejects_guarded_cells(const std::vector<const rt::RejectRecord*>& rejects);

// Appending forms: `out += csv_cell(s)` without the temporary; `s` as a JSON string (in its
// quotes), byte for byte what nlohmann-json writes (see above).
void append_csv_cell(std::string& out, std::string_view s);
void append_json_string(std::string& out, std::string_view s);

}  // namespace clue::exec
