#include "runtime/values/boolean.h"

#include "runtime/values/placeholder.h"
#include "runtime/values/unicode_fold.h"

namespace clue::values {

const BoolSpec& BoolSpec::defaults() {
  // √ U+221A, × U+00D7. Case variants are listed for readers of this table;
  // with ascii_case_insensitive they are redundant but harmless.
  static const BoolSpec spec{
      {"是", "Y", "y", "yes", "true", "TRUE", "True", "1", "有", "\xE2\x88\x9A", "T"},
      {"否", "N", "n", "no", "false", "FALSE", "False", "0", "无", "\xC3\x97", "F"},
      true,
  };
  return spec;
}

Parsed<bool> parse_bool(std::string_view text, const BoolSpec& spec) noexcept {
  const std::string_view s = trim(text);
  if (s.empty()) return Parsed<bool>::null();
  // Word lists first: 无 is "false" here although it is a placeholder elsewhere.
  // Exact byte comparison catches the usual cells cheaply; the folded
  // comparison then handles width and case variants.
  for (const std::string& w : spec.true_words)
    if (s == w) return Parsed<bool>::success(true);
  for (const std::string& w : spec.false_words)
    if (s == w) return Parsed<bool>::success(false);
  for (const std::string& w : spec.true_words)
    if (equals_folded(s, w, spec.ascii_case_insensitive)) return Parsed<bool>::success(true);
  for (const std::string& w : spec.false_words)
    if (equals_folded(s, w, spec.ascii_case_insensitive)) return Parsed<bool>::success(false);
  return Parsed<bool>::failure(is_placeholder(s) ? ValueError::Placeholder : ValueError::BoolUnknown);
}

}  // namespace clue::values
