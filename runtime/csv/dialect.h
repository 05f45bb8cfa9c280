// Delimiter detection. Chinese exports use ',' (Excel CSV), '\t' (Excel
// "text", many court systems) and '|' (bank and telecom extracts).
#pragma once

#include <cstddef>
#include <span>
#include <string>
#include <string_view>

namespace clue::csv {

inline constexpr char kDelimiterCandidates[] = {',', '\t', '|'};

// Tokenizes the first records of `text` (quote-aware, so quoted delimiters
// do not count) with each candidate and scores it by, in order:
//  1. how many expected headers one of the first 20 records contains (the
//     strongest signal when the caller knows its columns);
//  2. how many records share the most common field count (>= 2 fields;
//     one-cell title rows are ignored);
//  3. that field count (a tab file whose amounts contain one comma each
//     must not be read as comma-separated with 2 columns).
// Ties go to the earlier candidate; ',' when nothing splits at all.
char detect_delimiter(std::string_view text, std::span<const std::string> expected_headers,
                      std::size_t sample_bytes = std::size_t{1} << 16);

}  // namespace clue::csv
