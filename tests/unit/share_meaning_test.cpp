// Header meaning: a suggestion or a hint never crosses party roles (原告 ↔ 被告, 申请执行人 ↔
// 被执行人), and the same thing under another word (证件号码 / 身份证号) ranks first.
#include <gtest/gtest.h>

#include <string>
#include <string_view>
#include <vector>

#include "runtime/csv/header.h"
#include "runtime/csv/header_meaning.h"

using namespace clue::csv;

TEST(HeaderMeaning, RolesAndThings) {
  EXPECT_EQ(header_meaning("原告身份证号").roles, std::vector<std::string>{"原告"});
  EXPECT_EQ(header_meaning("被申请人").roles, std::vector<std::string>{"被申请人"});  // not 申请人
  EXPECT_EQ(header_meaning("申请执行人").roles, std::vector<std::string>{"申请执行人"});
  EXPECT_EQ(header_meaning("被执行人姓名").roles, std::vector<std::string>{"被执行人"});
  EXPECT_TRUE(header_meaning("身份证号码").roles.empty());
  EXPECT_EQ(header_meaning("原告证件号码").thing, header_meaning("原告身份证号").thing);
  EXPECT_EQ(header_meaning("案件编号").thing, header_meaning("案号").thing);
}

TEST(HeaderMeaning, NeverAcrossRoles) {
  EXPECT_EQ(meaning_distance("原告身份证号", "被告身份证号"), kIncompatible);
  EXPECT_EQ(meaning_distance("申请执行人", "被执行人"), kIncompatible);
  EXPECT_EQ(meaning_distance("被执行人身份证号", "申请执行人身份证号"), kIncompatible);
  EXPECT_EQ(meaning_distance("原告身份证号", "原告证件号码"), 0u);
  EXPECT_FALSE(plausible_binding("原告身份证号", "被告身份证号"));
  EXPECT_TRUE(plausible_binding("原告身份证号", "原告证件号码"));
  EXPECT_TRUE(plausible_binding("被执行人身份证号", "身份证号码"));  // an export of one party
  EXPECT_TRUE(plausible_binding("案号", "案件编号"));
  EXPECT_FALSE(plausible_binding("案号", "法院"));
}

namespace {
HeaderMatch match(std::vector<std::string> cells, std::vector<std::string> expected) {
  std::vector<std::string_view> views(cells.begin(), cells.end());
  return match_header(views, 1, expected);
}
}  // namespace

// Issue 16: a missing 原告身份证号 was hinted 被告身份证号 (one character away), which would
// invert the model. The hint is now the plaintiff's column under its local name.
TEST(HeaderMeaning, MissingColumnHintKeepsTheRole) {
  HeaderMatch m = match({"案号", "原告", "原告证件号码", "被告", "被告身份证号"}, {"原告身份证号"});
  ASSERT_EQ(m.columns[0].index, -1);
  EXPECT_EQ(m.columns[0].nearest, 2);
  // With no column of the plaintiff's, the defendant's is still never proposed.
  HeaderMatch n = match({"被告", "被告身份证号"}, {"原告身份证号"});
  ASSERT_EQ(n.columns[0].index, -1);
  EXPECT_NE(n.columns[0].nearest, 1);
}
