// partyid (当事人证件号): what the checker accepts and how it rewrites joins and literals.
#include <gtest/gtest.h>

#include "compiler/lint/lint.h"
#include "compiler/sema/frontend.h"
#include "compiler/sema/typed_dump.h"
#include "tests/support/checked_model.h"

namespace clue {
namespace {

constexpr const char* kSchemas = R"SCHEMA(
schema 终本案件 {
  案号: case_no
  被执行人身份证号: 当事人证件号
  是否履行完毕: bool
}
schema 养老金 {
  身份证号: idcard
  月发放金额: money
}
schema 企业 {
  统一社会信用代码: uscc
  名称: text
}
schema 民事案件 {
  案号: case_no
  原告证件号: partyid?
  原告: text
}
)SCHEMA";

using test::Checked;

std::unique_ptr<Checked> check(const std::string& body, bool lint = false) {
  return test::check_model(kSchemas, body, lint);
}

TEST(PartyIdChecker, JoinWithAnIdcardTakesThePersonsId) {
  auto c = check("source zb: 终本案件\nsource yl: 养老金\n"
                 "r = zb join yl on yl.身份证号 == zb.被执行人身份证号\noutput r { zb.案号 }\n");
  EXPECT_TRUE(c->sink.all().empty()) << c->codes().size();
  const std::string t = c->typed();
  EXPECT_NE(t.find("key person_id(zb.被执行人身份证号:partyid):idcard = yl.身份证号:idcard"), std::string::npos) << t;
}

TEST(PartyIdChecker, JoinWithAUsccTakesTheOrganisationsCode) {
  auto c = check("source zb: 终本案件\nsource qy: 企业\n"
                 "r = zb join qy on zb.被执行人身份证号 == qy.统一社会信用代码\noutput r { zb.案号 }\n");
  EXPECT_TRUE(c->sink.all().empty()) << c->codes().size();
  const std::string t = c->typed();
  EXPECT_NE(t.find("key org_id(zb.被执行人身份证号:partyid):uscc = qy.统一社会信用代码:uscc"), std::string::npos) << t;
}

TEST(PartyIdChecker, JoinWithAPartyIdIsPlain) {
  auto c = check("source zb: 终本案件\nsource civil: 民事案件\n"
                 "r = zb join civil on zb.被执行人身份证号 == civil.原告证件号\noutput r { zb.案号 }\n");
  EXPECT_TRUE(c->sink.all().empty()) << c->codes().size();
  EXPECT_NE(c->typed().find("key zb.被执行人身份证号:partyid = civil.原告证件号:partyid"), std::string::npos) << c->typed();
}

TEST(PartyIdChecker, ComparesWithIdsOfEitherKindButNotText) {
  auto ok = check("source zb: 终本案件\nsource yl: 养老金\nsource qy: 企业\n"
                  "r = zb join yl on yl.身份证号 == zb.被执行人身份证号\n"
                  "  join qy on qy.名称 == \"x\" and zb.被执行人身份证号 != qy.统一社会信用代码\n"
                  "output r { zb.案号 }\n");
  for (const auto& code : ok->codes()) EXPECT_NE(code, "E0301");
  auto bad = check("source civil: 民事案件\nr = civil where civil.原告证件号 == civil.原告\noutput r { civil.案号 }\n");
  EXPECT_EQ(bad->codes(), std::vector<std::string>{"E0301"});
  // Like idcard, a party ID is not ordered.
  auto order = check("source civil: 民事案件\nr = civil where civil.原告证件号 < \"91110000600037341L\"\n"
                     "output r { civil.案号 }\n");
  EXPECT_EQ(order->codes(), std::vector<std::string>{"E0302"});
}

TEST(PartyIdChecker, LiteralsAreReadByThePartyIdParser) {
  auto ok = check("param 号: partyid = \"110105491231002\"\n"
                  "param 单: list<当事人证件号> = [\"91110000600037341l\", \"１１０１０５１９４９１２３１００２ｘ\"]\n"
                  "source zb: 终本案件\n"
                  "r = zb where zb.被执行人身份证号 == \"９１１１００００６０００３７３４１Ｌ\" or zb.被执行人身份证号 in 单\n"
                  "  or zb.被执行人身份证号 == 号\n"
                  "output r { zb.案号 }\n");
  EXPECT_TRUE(ok->sink.all().empty()) << ok->codes().size();
  const auto& params = ok->fe.model->params;
  ASSERT_EQ(params.size(), 2u);
  EXPECT_EQ(params[0].default_value->text, "11010519491231002X");
  ASSERT_EQ(params[1].default_list.size(), 2u);
  EXPECT_EQ(params[1].default_list[0].text, "91110000600037341L");
  EXPECT_EQ(params[1].default_list[1].text, "11010519491231002X");
  EXPECT_NE(ok->typed().find("(zb.被执行人身份证号:partyid == \"91110000600037341L\":text)"), std::string::npos)
      << ok->typed();

  auto bad = check("param 号: partyid = \"91110000600037341M\"\nsource zb: 终本案件\n"
                   "r = zb where zb.被执行人身份证号 == \"9111000060003734\" or zb.被执行人身份证号 == 号\n"
                   "output r { zb.案号 }\n");
  ASSERT_EQ(bad->codes(), (std::vector<std::string>{"E0319", "E0319"}));
  const auto& d = bad->sink.all();
  ASSERT_TRUE(d[0].data_code.has_value() && d[1].data_code.has_value());
  EXPECT_EQ(std::string(diag::info(*d[0].data_code).code), "V0703");
  EXPECT_EQ(std::string(diag::info(*d[1].data_code).code), "V0702");
  EXPECT_NE(message(d[0], Lang::En).find("neither a valid ID card number nor"), std::string::npos)
      << message(d[0], Lang::En);
}

TEST(PartyIdChecker, KindBuiltinsAndConversions) {
  auto ok = check("source zb: 终本案件\n"
                  "r = zb where is_person(zb.被执行人身份证号) or 是单位(zb.被执行人身份证号)\n"
                  "  derive 生日 = birth_date(person_id(zb.被执行人身份证号)), 码 = 转信用代码(zb.被执行人身份证号)\n"
                  "output r { zb.案号, mask(zb.被执行人身份证号) as 号, 生日, 码 }\n");
  EXPECT_TRUE(ok->sink.all().empty()) << ok->codes().size();
  const std::string t = ok->typed();
  EXPECT_NE(t.find("birth_date(person_id(zb.被执行人身份证号:partyid):idcard):date"), std::string::npos) << t;
  EXPECT_NE(t.find("org_id(zb.被执行人身份证号:partyid):uscc"), std::string::npos) << t;
}

// An idcard function on a party ID: not a silent null for organisations, an error with the fix.
TEST(PartyIdChecker, PersonFunctionsNeedThePersonsId) {
  auto c = check("param 日: date = 2024-01-01\nsource zb: 终本案件\n"
                 "r = zb where age(zb.被执行人身份证号, 日) >= 18 and gender(zb.被执行人身份证号) == \"男\"\n"
                 "output r { zb.案号 }\n");
  ASSERT_EQ(c->codes(), (std::vector<std::string>{"E0325", "E0325"}));
  const auto& d = c->sink.all()[0];
  EXPECT_NE(message(d, Lang::En).find("'age' needs a person's idcard"), std::string::npos) << message(d, Lang::En);
  auto other = check("source zb: 终本案件\nr = zb where is_person(zb.案号)\noutput r { zb.案号 }\n");
  EXPECT_EQ(other->codes(), std::vector<std::string>{"E0305"});
}

TEST(PartyIdChecker, OutputOfAFullPartyIdIsW0401) {
  auto c = check("source zb: 终本案件\nr = zb where zb.是否履行完毕 == false\n"
                 "output r { zb.案号, zb.被执行人身份证号, text(person_id(zb.被执行人身份证号)) as 号 }\n",
                 true);
  EXPECT_EQ(c->codes(), (std::vector<std::string>{"W0401", "W0401"}));
}

}  // namespace
}  // namespace clue
