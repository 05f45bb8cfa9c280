#include <gtest/gtest.h>

#include <unordered_set>

#include "runtime/values/uscc.h"

using namespace clue::values;

namespace {
std::string norm(std::string_view s) {
  auto r = parse_uscc(s);
  return r.ok() ? to_string(r.value()) : std::string(code(r.error()));
}
}  // namespace

TEST(ValuesUscc, ValidAndNormalised) {
  EXPECT_EQ(norm("91110000600037341L"), "91110000600037341L");
  EXPECT_EQ(norm("91110000600037341l"), "91110000600037341L");              // lower case
  EXPECT_EQ(norm("９１１１００００６０００３７３４１Ｌ"), "91110000600037341L");  // full-width
  EXPECT_EQ(norm(" 91110000600037341L\xE3\x80\x80"), "91110000600037341L");  // trimmed
  EXPECT_EQ(norm("91330000MA27U0AB1X"), "91330000MA27U0AB1X");  // letters inside
  EXPECT_EQ(norm("Y1110000MA00ABCD1D"), "Y1110000MA00ABCD1D");  // letter authority code
  EXPECT_EQ(uscc_check_char("91110000600037341"), 'L');
  EXPECT_EQ(uscc_check_char("9111000060003734I"), '\0');  // I not in alphabet
}

TEST(ValuesUscc, Errors) {
  EXPECT_EQ(parse_uscc("91110000600037341M").error(), ValueError::UsccBadCheckDigit);
  EXPECT_EQ(parse_uscc("91110000600037341").error(), ValueError::UsccBadLength);
  EXPECT_EQ(parse_uscc("91110000600037341LL").error(), ValueError::UsccBadLength);
  EXPECT_EQ(parse_uscc("9111000060003734IL").error(), ValueError::UsccBadChar);  // I
  EXPECT_EQ(parse_uscc("91110000600O37341L").error(), ValueError::UsccBadChar);  // O
  EXPECT_EQ(parse_uscc("91110000-60003734").error(), ValueError::UsccBadChar);
  EXPECT_EQ(parse_uscc("#N/A").error(), ValueError::Placeholder);
  EXPECT_TRUE(parse_uscc("").is_null());
}

TEST(ValuesUscc, OrderHashAndOrgCode) {
  const Uscc a = parse_uscc("91110000600037341L").value();
  const Uscc b = parse_uscc("91330000MA27U0AB1X").value();
  EXPECT_LT(a, b);
  EXPECT_EQ(a, parse_uscc("91110000600037341l").value());
  std::unordered_set<Uscc> set{a, b, a};
  EXPECT_EQ(set.size(), 2u);
  EXPECT_EQ(organization_code(a), "600037341");
}
