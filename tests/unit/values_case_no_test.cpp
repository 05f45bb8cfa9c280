#include <gtest/gtest.h>

#include "runtime/values/case_no.h"

using namespace clue::values;

namespace {
std::string canon(std::string_view s) {
  auto r = parse_case_no(s);
  return r.ok() ? canonical(r.value()) : std::string(code(r.error()));
}
}  // namespace

TEST(ValuesCaseNo, NewFormParts) {
  auto r = parse_case_no("(2023)浙0803执1234号");
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r.value().year, 2023);
  EXPECT_EQ(r.value().court, "浙0803");
  EXPECT_EQ(r.value().type, "执");
  EXPECT_EQ(r.value().number, 1234);
  EXPECT_EQ(canonical(r.value()), "（2023）浙0803执1234号");
}

TEST(ValuesCaseNo, BracketAndWidthVariants) {
  const std::string want = "（2023）浙0803执1234号";
  EXPECT_EQ(canon("（2023）浙0803执1234号"), want);
  EXPECT_EQ(canon("〔2023〕浙0803执1234号"), want);
  EXPECT_EQ(canon("[2023]浙0803执1234号"), want);
  EXPECT_EQ(canon("【2023】浙0803执1234号"), want);
  EXPECT_EQ(canon("〖2023〗浙0803执1234号"), want);
  EXPECT_EQ(canon("［2023］浙0803执1234号"), want);
  EXPECT_EQ(canon("（２０２３）浙０８０３执１２３４号"), want);  // full-width digits
  EXPECT_EQ(canon(" ( 2023 ) 浙 0803 执 1234 号 "), want);       // spaces
  EXPECT_EQ(canon("(2023)浙0803执01234号"), want);                // leading zero
  EXPECT_EQ(canon("(2023)浙0803执1234"), want);                   // 号 missing
  EXPECT_EQ(canon("(2023)浙0803执1234号之一"), want);             // follow-up document
}

TEST(ValuesCaseNo, TypeWords) {
  EXPECT_EQ(parse_case_no("(2021)浙0803执恢56号").value().type, "执恢");
  EXPECT_EQ(parse_case_no("(2021)浙0803执保7号").value().type, "执保");
  EXPECT_EQ(parse_case_no("(2021)浙0803执异8号").value().type, "执异");
  EXPECT_EQ(parse_case_no("(2020)浙08民终100号").value().court, "浙08");
  EXPECT_EQ(parse_case_no("(2020)浙08民终100号").value().type, "民终");
  EXPECT_EQ(parse_case_no("(2019)京73民初5号").value().court, "京73");
  EXPECT_EQ(parse_case_no("(2022)苏0102刑初9号").value().type, "刑初");
  EXPECT_EQ(parse_case_no("(2022)苏0102民申9号").value().type, "民申");
}

TEST(ValuesCaseNo, CourtWithoutDigits) {
  auto hc = parse_case_no("(2019)京民终12号");
  ASSERT_TRUE(hc.ok());
  EXPECT_EQ(hc.value().court, "京");
  EXPECT_EQ(hc.value().type, "民终");
  auto spc = parse_case_no("(2019)最高法知民终1号");
  ASSERT_TRUE(spc.ok());
  EXPECT_EQ(spc.value().court, "最高法");
  EXPECT_EQ(spc.value().type, "知民终");
}

TEST(ValuesCaseNo, LegacyForm) {
  auto r = parse_case_no("(2011)嘉南民初字第3180号");
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r.value().year, 2011);
  EXPECT_EQ(r.value().court, "嘉南");
  EXPECT_EQ(r.value().type, "民初");
  EXPECT_EQ(r.value().number, 3180);
  EXPECT_EQ(canonical(r.value()), "（2011）嘉南民初3180号");
  // 字 / 第 optional in matching.
  EXPECT_EQ(canon("（2011）嘉南民初3180号"), "（2011）嘉南民初3180号");
  auto b = parse_case_no("(2010)沪一中民四(商)终字第1号");
  ASSERT_TRUE(b.ok());
  EXPECT_EQ(b.value().court, "沪一中");
  EXPECT_EQ(b.value().type, "民四（商）终");
}

TEST(ValuesCaseNo, Errors) {
  EXPECT_EQ(parse_case_no("2023浙0803执1234号").error(), ValueError::CaseNoBadFormat);  // no brackets
  EXPECT_EQ(parse_case_no("(23)浙0803执1234号").error(), ValueError::CaseNoBadYear);
  EXPECT_EQ(parse_case_no("(1900)浙0803执1234号").error(), ValueError::CaseNoBadYear);
  EXPECT_EQ(parse_case_no("(2023)0803执1234号").error(), ValueError::CaseNoBadCourt);
  EXPECT_EQ(parse_case_no("(2023)浙08033执1234号").error(), ValueError::CaseNoBadCourt);
  EXPECT_EQ(parse_case_no("(2023)浙0803执号").error(), ValueError::CaseNoBadNumber);
  EXPECT_EQ(parse_case_no("(2023)浙0803执0号").error(), ValueError::CaseNoBadNumber);
  EXPECT_EQ(parse_case_no("(2023)浙0803字1234号").error(), ValueError::CaseNoBadType);
  EXPECT_EQ(parse_case_no("(2023)嘉南1234号").error(), ValueError::CaseNoBadType);
  EXPECT_EQ(parse_case_no("(2023)浙0803执1234号附件").error(), ValueError::CaseNoBadFormat);
  EXPECT_EQ(parse_case_no("无").error(), ValueError::Placeholder);
  EXPECT_TRUE(parse_case_no(" ").is_null());
}
