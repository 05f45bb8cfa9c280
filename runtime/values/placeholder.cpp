#include "runtime/values/placeholder.h"

#include "runtime/values/unicode_fold.h"

namespace clue::values {

namespace {
// \N is MySQL's NULL in SELECT ... INTO OUTFILE exports; — is U+2014.
constexpr std::string_view kPlaceholders[] = {
    "不详", "无", "暂无", "未知", "#N/A", "N/A", "NULL", "--", "-", "\xE2\x80\x94",
    "\xE2\x80\x94\xE2\x80\x94", "/", "\\N",
};
}  // namespace

bool is_placeholder(std::string_view s) noexcept {
  // Cheap reject: every placeholder is at most 6 bytes (in UTF-8, after full-
  // width folding the input can only shrink, so allow the 3x width).
  if (s.empty() || s.size() > 18) return false;
  for (std::string_view w : kPlaceholders)
    if (equals_folded(s, w, /*ascii_case_insensitive=*/true)) return true;
  return false;
}

}  // namespace clue::values
