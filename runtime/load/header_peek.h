// The header row of a data file, read before loading it: a local mapping may give a field
// several candidate headers (compiler/share/mapping.h), and which one the file has decides the
// header the loader is asked for. Only the first rows are read.
#pragma once
#include <string>
#include <vector>

namespace clue::rt {

struct PeekedHeader {
  bool ok = false;
  std::string error_en, error_zh;  // when !ok: the file cannot be read
  std::vector<std::string> cells;  // the header row's cells, as written
  uint64_t line = 0;               // its line (CSV) or row (xlsx)
};

// Among the first csv::kHeaderSearchRecords rows of `path` (`sheet` for an .xlsx; `encoding` as
// LoadSpec::encoding), the row holding the most of `wanted` (compared normalised, see
// csv::normalize_header); the first non-empty row when none holds any.
PeekedHeader peek_header(const std::string& path, const std::string& sheet, const std::string& encoding,
                         const std::vector<std::string>& wanted);

}  // namespace clue::rt
