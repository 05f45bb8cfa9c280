// Composing relations (issue 15): a join key over a derived column or a group key, a relation
// joined as a whole (its columns as g.name, g.source.field), and the lint warning for an
// aggregate over rows that a join repeated (W0307) — where it must fire and where it must not.
#include <gtest/gtest.h>

#include <algorithm>

#include "tests/support/checked_model.h"

namespace {

using clue::test::check_model;

const char* kSchemas = R"(
schema 终本案件 { 案号: case_no  被执行人身份证号: partyid  未履行金额: money  是否履行完毕: bool }
schema 公积金账户 { 个人账号: text  身份证号: idcard  余额: money }
source zb: 终本案件
source gjj: 公积金账户
)";

bool has(const std::vector<std::string>& codes, const char* code) {
  return std::find(codes.begin(), codes.end(), code) != codes.end();
}

// Was E0401 ("join without a key"): the key's left side is a group key, a derived column.
TEST(Compose, GroupKeyIsAJoinKey) {
  auto c = check_model(kSchemas, R"(
多案 = zb group by zb.被执行人身份证号 as 证号 compute 案件数 = count(distinct zb.案号) having 案件数 >= 2
r = 多案 join gjj on gjj.身份证号 == 证号
output r { gjj.个人账号, 案件数 }
)");
  EXPECT_TRUE(c->codes().empty()) << c->codes().front();
  EXPECT_NE(c->typed().find("key person_id(#证号:partyid):idcard = gjj.身份证号:idcard"), std::string::npos) << c->typed();
}

TEST(Compose, DerivedColumnIsAJoinKey) {
  auto c = check_model(kSchemas, R"(
r = gjj derive 号 = gjj.身份证号 join zb on person_id(zb.被执行人身份证号) == 号
output r { gjj.个人账号, zb.案号 }
)");
  EXPECT_TRUE(c->codes().empty()) << c->codes().front();
}

TEST(Compose, JoinedRelationColumnsByName) {
  auto c = check_model(kSchemas, R"(
多案 = zb group by zb.被执行人身份证号 as 证号 compute 案件数 = count(distinct zb.案号)
r = gjj join 多案 as g on g.证号 == gjj.身份证号 where g.案件数 >= 2 and 案件数 < 10
output r { gjj.个人账号, g.案件数 }
)");
  EXPECT_TRUE(c->codes().empty()) << c->codes().front();
  EXPECT_NE(c->typed().find("join g (relation 多案)"), std::string::npos) << c->typed();
  EXPECT_NE(c->typed().find("key gjj.身份证号:idcard = person_id(#g.证号:partyid):idcard"), std::string::npos) << c->typed();
}

TEST(Compose, FieldOfASourceInsideAJoinedRelation) {
  auto c = check_model(kSchemas, R"(
未履行 = zb where zb.是否履行完毕 == false
r = gjj join 未履行 as w on person_id(w.zb.被执行人身份证号) == gjj.身份证号
output r { gjj.个人账号, w.zb.案号, w.未履行金额 }
)");
  EXPECT_TRUE(c->codes().empty()) << c->codes().front();
}

TEST(Compose, UnknownColumnOfAJoinedRelation) {
  auto c = check_model(kSchemas, R"(
多案 = zb group by zb.被执行人身份证号 as 证号 compute 案件数 = count(distinct zb.案号)
r = gjj join 多案 as g on g.证号 == gjj.身份证号
output r { g.案件 }
)");
  EXPECT_TRUE(has(c->codes(), "E0202"));
}

// join first, group after, by the join key: gjj's balance is added once per 终本 case.
TEST(Compose, SumAfterOneToManyJoinWarns) {
  auto c = check_model(kSchemas, R"(
r = zb join gjj on gjj.身份证号 == zb.被执行人身份证号
  group by zb.被执行人身份证号 as 证号 compute 余额 = sum(gjj.余额), 账户数 = count(gjj.个人账号)
output r { mask(证号) as 证号, 余额, 账户数 }
)",
                       true);
  const std::vector<std::string> codes = c->codes();
  EXPECT_EQ(std::count(codes.begin(), codes.end(), "W0307"), 2);
}

// Grouped by the case (a column of zb that is not its join key): one case per group, nothing
// repeated (models/provident_fund.model); count(distinct), min and max do not change with
// repeats; grouping first and joining after repeats nothing.
TEST(Compose, NoWarningWhenNothingIsRepeated) {
  auto pinned = check_model(kSchemas, R"(
r = zb join gjj on gjj.身份证号 == zb.被执行人身份证号
  group by zb.案号 compute 余额 = sum(gjj.余额)
output r { 案号, 余额 }
)",
                            true);
  EXPECT_FALSE(has(pinned->codes(), "W0307"));
  auto distinct = check_model(kSchemas, R"(
r = zb join gjj on gjj.身份证号 == zb.被执行人身份证号
  group by zb.被执行人身份证号 as 证号 compute 账户数 = count(distinct gjj.个人账号), 最多 = max(gjj.余额)
output r { mask(证号) as 证号, 账户数, 最多 }
)",
                              true);
  EXPECT_FALSE(has(distinct->codes(), "W0307"));
  auto grouped_first = check_model(kSchemas, R"(
多案 = zb group by zb.被执行人身份证号 as 证号 compute 案件数 = count(distinct zb.案号)
r = 多案 join gjj on gjj.身份证号 == 证号 group by 证号, 案件数 compute 余额 = sum(gjj.余额)
output r { mask(证号) as 证号, 案件数, 余额 }
)",
                                   true);
  EXPECT_FALSE(has(grouped_first->codes(), "W0307"));
}

}  // namespace
