#include "runtime/values/cell_rewrite.h"

#include <cstdio>

#include "runtime/values/unicode_fold.h"

namespace clue::values {

CellRewrite::CellRewrite(const std::vector<std::pair<std::string, std::string>>& values, const std::string& date_order)
    : values_(values.begin(), values.end()), day_first_(date_order == "DMY"), month_first_(date_order == "MDY") {}

std::string_view CellRewrite::apply(std::string_view text, std::string& buf) const {
  if (!values_.empty()) {
    const std::string_view t = values::trim(text);
    if (auto it = values_.find(std::string(t)); it != values_.end()) return it->second;
  }
  if ((day_first_ || month_first_) && reorder_year_last_date(values::trim(text), day_first_, buf)) return buf;
  return text;
}

bool reorder_year_last_date(std::string_view text, bool day_first, std::string& buf) {
  int part[3] = {0, 0, 0}, digits[3] = {0, 0, 0};
  size_t k = 0;
  char sep = 0;
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c >= '0' && c <= '9') {
      if (digits[k] >= 4) return false;
      part[k] = part[k] * 10 + (c - '0');
      ++digits[k];
    } else if ((c == '/' || c == '.' || c == '-') && k < 2 && digits[k] > 0 && (sep == 0 || sep == c)) {
      sep = c;
      ++k;
    } else {
      return false;  // a time, a word: not this form
    }
  }
  if (k != 2 || digits[0] > 2 || digits[1] > 2 || digits[2] != 4) return false;
  const int day = day_first ? part[0] : part[1], month = day_first ? part[1] : part[0];
  char out[16];
  std::snprintf(out, sizeof out, "%04d-%02d-%02d", part[2], month, day);
  buf = out;  // an impossible date (31/02) is left to the date parser to reject
  return true;
}

}  // namespace clue::values
