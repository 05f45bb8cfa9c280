// Header detection and column matching.
//
// Court exports put title rows above the header ("XX法院终本案件清单",
// "导出时间：2024-01-01"), and the same column is spelled "未履行金额（元）" in
// one file and "未履行金额(元) " in the next. Matching therefore compares
// normalised names, and a missing column is reported with the nearest header
// actually present, so the user can fix the mapping in one go.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace clue::csv {

// How many records from the top are searched for the header.
inline constexpr std::size_t kHeaderSearchRecords = 20;

// Removes all white space (ASCII, NBSP, U+3000 ideographic space, BOM,
// zero-width spaces: Excel headers often contain line breaks and padding),
// folds full-width ASCII to half-width (（元）-> (元), ＩＤ -> ID) and
// lower-cases ASCII letters. Invalid UTF-8 bytes are kept as they are.
std::string normalize_header(std::string_view s);

// Levenshtein distance counted in Unicode code points, so one Chinese
// character is one edit (not three bytes).
std::size_t edit_distance(std::string_view a, std::string_view b);

struct ColumnMatch {
  std::string expected;     // as given by the caller
  int index = -1;           // 0-based column in the file; -1 = missing
  int nearest = -1;         // missing only: closest header column, -1 if none
  std::size_t distance = 0; // missing only: edit distance to it
};

struct HeaderMatch {
  std::uint64_t line = 0;                  // physical line of the header record; 0 = none
  std::vector<std::string> names;          // header cells, as in the file
  std::vector<ColumnMatch> columns;        // one per expected column, same order
  std::vector<int> extras;                 // non-empty header cells nobody asked for
  std::vector<std::vector<int>> duplicates;  // columns sharing one normalised name

  std::size_t found() const;
  bool complete() const { return found() == columns.size(); }
  // File column index per expected column (-1 for missing): the projection.
  std::vector<int> projection() const;
};

// Matches one header record against the expected columns. With no expected
// columns, only names and duplicates are filled.
HeaderMatch match_header(std::span<const std::string_view> cells, std::uint64_t line,
                         std::span<const std::string> expected);

// Number of distinct expected columns (given normalised) present in `cells`.
std::size_t count_expected(std::span<const std::string_view> cells,
                           std::span<const std::string> normalized_expected);

}  // namespace clue::csv
