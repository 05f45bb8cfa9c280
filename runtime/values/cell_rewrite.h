// A local mapping's rewriting of one column's cells before they are parsed (the values part of
// compiler/share/mapping.h, applied at load): a vocabulary (Y -> 是, 判决结案 -> 判决) and a
// date order for dates written with the year last (31/12/2021 read as DMY). The model and its
// schema stay as they were shared; only what the local export writes differently is mapped.
#pragma once
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

namespace clue::values {

class CellRewrite {
 public:
  // `values`: a cell's trimmed text -> what the schema expects instead. `date_order`: "", "DMY"
  // or "MDY" (checked by the mapping's reader).
  CellRewrite(const std::vector<std::pair<std::string, std::string>>& values, const std::string& date_order);
  // The text to parse instead of `text`: a mapped value, a date put in year-month-day order
  // (in `buf`), or `text` itself.
  std::string_view apply(std::string_view text, std::string& buf) const;

 private:
  std::unordered_map<std::string, std::string> values_;
  bool day_first_ = false, month_first_ = false;
};

// "D/M/YYYY" (or with . or -) in `text` put as "YYYY-MM-DD" into `buf` (day_first: the first
// number is the day; else the month). False when `text` is not three numbers with the year
// last; the caller then parses `text` as it is.
bool reorder_year_last_date(std::string_view text, bool day_first, std::string& buf);

}  // namespace clue::values
