#include <gtest/gtest.h>

#include <fstream>
#include <set>
#include <sstream>
#include <string>

#include "runtime/values/parsed.h"
#include "runtime/values/value_errors.h"

using namespace clue::values;

TEST(ValuesErrors, Registry) {
  EXPECT_STREQ(code(ValueError::None), "V0000");
  EXPECT_STREQ(code(ValueError::IdcardBadLength), "V0101");
  EXPECT_STREQ(message_en(ValueError::IdcardExcelFloat), "number stored by Excel as a float; digits lost");
  EXPECT_STREQ(code(ValueError::Placeholder), "V0002");
  EXPECT_STREQ(message_zh(ValueError::BoolUnknown), "无法识别的是/否取值");
  EXPECT_STREQ(code(static_cast<ValueError>(9999)), "V0000");  // out of range is safe
  // Codes are unique and well-formed.
  std::set<std::string> seen;
  for (int i = 1; i <= kValueErrorCount; ++i) {
    const std::string c = code(static_cast<ValueError>(i));
    EXPECT_EQ(c.size(), 5u);
    EXPECT_EQ(c[0], 'V');
    EXPECT_TRUE(seen.insert(c).second) << c;
    EXPECT_GT(std::string(message_en(static_cast<ValueError>(i))).size(), 0u);
    EXPECT_GT(std::string(message_zh(static_cast<ValueError>(i))).size(), 0u);
  }
}

TEST(ValuesErrors, ParsedStates) {
  constexpr auto ok = Parsed<int>::success(7);
  static_assert(ok.ok() && !ok.is_null() && !ok.is_error() && ok.value() == 7);
  constexpr auto nul = Parsed<int>::null();
  static_assert(nul.is_null() && !nul.ok() && nul.error() == ValueError::None);
  constexpr auto bad = Parsed<int>::failure(ValueError::IntOverflow);
  static_assert(bad.is_error() && bad.value_or(-1) == -1);
  EXPECT_FALSE(bad.as_optional().has_value());
  EXPECT_EQ(ok.as_optional(), 7);
  static_assert(std::is_trivially_copyable_v<Parsed<long>>);
  static_assert(sizeof(Parsed<long>) <= 16);
}

#ifdef CLUE_SOURCE_DIR
// docs/data.md carries a hand-maintained copy of the registry; keep it exact.
TEST(ValuesErrors, DocsTableMatchesRegistry) {
  std::ifstream in(std::string(CLUE_SOURCE_DIR) + "/docs/data.md");
  ASSERT_TRUE(in.good());
  std::stringstream ss;
  ss << in.rdbuf();
  const std::string doc = ss.str();
  for (int i = 1; i <= kValueErrorCount; ++i) {
    const auto e = static_cast<ValueError>(i);
    const std::string row = std::string("| ") + code(e) + " | ";
    const auto at = doc.find(row);
    ASSERT_NE(at, std::string::npos) << code(e);
    const std::string line = doc.substr(at, doc.find('\n', at) - at);
    EXPECT_NE(line.find(message_en(e)), std::string::npos) << line;
    EXPECT_NE(line.find(message_zh(e)), std::string::npos) << line;
  }
}
#endif
