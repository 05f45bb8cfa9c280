// Yes/no columns (是否履行完毕, 是否公示评估报告, 有无...).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "runtime/values/parsed.h"

namespace clue::values {

// The words that mean true / false for a column. Built once per column when a
// model is compiled (that is where the vectors allocate); parse_bool only
// reads it. Cell and words are compared after full-width folding, so the
// lists need only one spelling of each word.
struct BoolSpec {
  std::vector<std::string> true_words;
  std::vector<std::string> false_words;
  // Compare A-Z/a-z case-insensitively (so "YES", "Yes" and "yes" all match).
  bool ascii_case_insensitive = true;

  // 是 Y y yes true TRUE True 1 有 √ T  /  否 N n no false FALSE False 0 无 × F
  static const BoolSpec& defaults();
};

// Looks the trimmed cell up in spec.true_words, then spec.false_words.
// Empty -> null; a placeholder that is not in either list (不详, #N/A) ->
// Placeholder; anything else -> BoolUnknown. Never allocates.
Parsed<bool> parse_bool(std::string_view text, const BoolSpec& spec = BoolSpec::defaults()) noexcept;

}  // namespace clue::values
