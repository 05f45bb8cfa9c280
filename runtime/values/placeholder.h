// Recognises the "unknown" placeholders that exports put in place of a value.
#pragma once

#include <string_view>

namespace clue::values {

// True if the (already trimmed) cell is one of the placeholders commonly used
// for "unknown": 不详, 无, 暂无, 未知, #N/A, N/A, NULL, --, -, —, ——, /, \N
// (ASCII words case-insensitive, full-width forms accepted).
//
// Parsers report these as ValueError::Placeholder instead of a format error so
// data-quality reports can tell "the source says unknown" from "garbage".
// The boolean parser checks its word lists first, because 无 means "no" there.
bool is_placeholder(std::string_view trimmed) noexcept;

}  // namespace clue::values
