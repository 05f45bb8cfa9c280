// Machine-readable diagnostics: the JSON document and SARIF 2.1.0 must be valid JSON with the
// properties the SARIF specification requires (§3.13 sarifLog, §3.14 run, §3.27 result).
#include <gtest/gtest.h>

#include <set>

#include "compiler/diag/render.h"
#include "compiler/lint/lint.h"
#include "compiler/sema/frontend.h"
#include "tests/support/json.h"

namespace clue {
namespace {

using test::Json;

struct Fixture {
  SourceManager sm;
  DiagnosticSink sink;
};

std::unique_ptr<Fixture> diagnose() {
  auto f = std::make_unique<Fixture>();
  auto fe = run_front_end_text(f->sm, "模型/测试.model",
                               "model t { title \"含\\\"引号\\\"的标题\" }\n"
                               "schema S { 身份证号: idcard\n 姓名: text }\nsource s: S\nsource u: S\n"
                               "r = s where s.身份证号 == s.姓名 and s.姓名s == \"x\"\noutput r { s.身份证号 }\n",
                               f->sink);
  run_lint(fe, f->sink);
  f->sink.sort_by_location();
  return f;
}

TEST(Formats, JsonIsOneValidDocument) {
  auto f = diagnose();
  ASSERT_GE(f->sink.all().size(), 3u);
  for (Lang lang : {Lang::En, Lang::Zh}) {
    std::string err;
    auto j = test::parse_json(render_json(f->sink.all(), f->sm, lang), &err);
    ASSERT_TRUE(j) << err;
    ASSERT_EQ(j->kind, Json::Object);
    EXPECT_EQ(j->get("errors")->n, double(f->sink.error_count()));
    EXPECT_EQ(j->get("warnings")->n, double(f->sink.warning_count()));
    const Json* diags = j->get("diagnostics");
    ASSERT_TRUE(diags && diags->kind == Json::Array);
    ASSERT_EQ(diags->items.size(), f->sink.all().size());
    for (const Json& d : diags->items) {
      EXPECT_EQ(d.get("code")->s.size(), 5u);
      EXPECT_TRUE(d.get("severity")->s == "error" || d.get("severity")->s == "warning");
      EXPECT_FALSE(d.get("message")->s.empty());
      ASSERT_EQ(d.get("span")->kind, Json::Object);
      EXPECT_EQ(d.get("span")->get("file")->s, "模型/测试.model");
      EXPECT_GE(d.get("span")->get("line")->n, 1);
    }
  }
}

TEST(Formats, EmptyJsonIsStillADocument) {
  SourceManager sm;
  auto j = test::parse_json(render_json({}, sm, Lang::En));
  ASSERT_TRUE(j);
  EXPECT_EQ(j->get("diagnostics")->items.size(), 0u);
}

TEST(Formats, SarifHasTheRequiredStructure) {
  auto f = diagnose();
  std::string err;
  auto j = test::parse_json(render_sarif(f->sink.all(), f->sm, Lang::Zh), &err);
  ASSERT_TRUE(j) << err;
  EXPECT_EQ(j->get("version")->s, "2.1.0");
  const Json* runs = j->get("runs");
  ASSERT_TRUE(runs && runs->kind == Json::Array && runs->items.size() == 1);
  const Json& run = runs->items[0];
  const Json* driver = run.get("tool")->get("driver");
  ASSERT_TRUE(driver);
  EXPECT_EQ(driver->get("name")->s, "clue");
  const Json* rules = driver->get("rules");
  ASSERT_TRUE(rules && rules->kind == Json::Array);
  EXPECT_EQ(rules->items.size(), diag_count());
  std::set<std::string> ids;
  for (const Json& r : rules->items) {
    EXPECT_TRUE(ids.insert(r.get("id")->s).second) << "duplicate rule id " << r.get("id")->s;
    EXPECT_FALSE(r.get("shortDescription")->get("text")->s.empty());
  }
  const Json* results = run.get("results");
  ASSERT_TRUE(results && results->kind == Json::Array);
  ASSERT_EQ(results->items.size(), f->sink.all().size());
  static const std::set<std::string> kLevels = {"none", "note", "warning", "error"};
  for (const Json& r : results->items) {
    const std::string& id = r.get("ruleId")->s;
    size_t index = size_t(r.get("ruleIndex")->n);
    ASSERT_LT(index, rules->items.size());
    EXPECT_EQ(rules->items[index].get("id")->s, id) << "ruleIndex must point at the rule";
    EXPECT_TRUE(kLevels.count(r.get("level")->s));
    EXPECT_FALSE(r.get("message")->get("text")->s.empty());
    const Json& loc = r.get("locations")->items.at(0);
    EXPECT_EQ(loc.get("physicalLocation")->get("artifactLocation")->get("uri")->s, "模型/测试.model");
    const Json* region = loc.get("physicalLocation")->get("region");
    EXPECT_GE(region->get("startLine")->n, 1);
    EXPECT_GE(region->get("startColumn")->n, 1);
    EXPECT_GE(region->get("endColumn")->n, region->get("startColumn")->n);
  }
}

}  // namespace
}  // namespace clue
