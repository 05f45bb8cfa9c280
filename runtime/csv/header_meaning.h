// What a header means, beyond its spelling: the party role it names (原告, 被告, 申请执行人,
// 被执行人, ...) and the thing it holds (an ID number, a case number, a name).
//
// Edit distance alone ranks 被告身份证号 as the nearest header for a missing 原告身份证号 (one
// character apart), and binding a field to the other party's column would silently invert a
// model. So a suggestion never crosses roles: a header naming a role other than the field's
// is never proposed, and among the others the ones holding the same thing (身份证号 and
// 证件号码 are both an ID number) come first, then the nearest spelling.
#pragma once

#include <cstddef>
#include <limits>
#include <string>
#include <string_view>
#include <vector>

namespace clue::csv {

struct HeaderMeaning {
  std::vector<std::string> roles;  // party roles named, in order (e.g. {"原告"}); none for most headers
  std::string thing;             // the rest, with synonyms reduced to one word (证件号码 -> 证件号)
};

// The meaning of one header (normalised with normalize_header first).
HeaderMeaning header_meaning(std::string_view header);

inline constexpr std::size_t kIncompatible = std::numeric_limits<std::size_t>::max();

// How far `candidate` is from meaning `expected` (lower is closer): kIncompatible when both
// name party roles and the roles differ; otherwise the edit distance between their things,
// plus one when only one of them names a role. 0: the same thing (原告身份证号 / 原告证件号码).
std::size_t meaning_distance(std::string_view expected, std::string_view candidate);

// Whether a suggestion of `candidate` for `expected` is close enough to propose as a binding
// (not only as a "did you mean" hint): the same role and either the same thing, or a
// thing at most a third of its characters away.
bool plausible_binding(std::string_view expected, std::string_view candidate);

}  // namespace clue::csv
