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
  EXPECT_EQ(rules->items.size(), diag::kCodeCount) << "the rules are the whole registry: E, W, C, V, L";
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

// A diagnostic that wraps a data problem carries its C/V/L code: JSON as "dataCode" beside the
// E/W "code"; SARIF as the result's ruleId (its rule is in the table, with a help text), the
// E/W code kept in the result's properties.
TEST(Formats, DataCodesInJsonAndSarif) {
  SourceManager sm;
  FileId file = sm.add_external("data/终本.csv");
  DiagnosticSink sink;
  sink.report(DiagId::BadDataFile, Span{file, 3, 1, 3, 2},
              {"data/终本.csv", "3", bilingual("C0205 the quoted field …", "C0205 第3行开始的引号字段…")})
      .with_data_code("C0205");
  sink.report(DiagId::ExtraColumns, Span{file, 1, 1, 1, 2}, {"data/终本.csv", "备注"});

  auto j = test::parse_json(render_json(sink.all(), sm, Lang::En));
  ASSERT_TRUE(j);
  const Json& d0 = j->get("diagnostics")->items.at(0);
  EXPECT_EQ(d0.get("code")->s, "E0507");
  ASSERT_TRUE(d0.get("dataCode"));
  EXPECT_EQ(d0.get("dataCode")->s, "C0205");
  EXPECT_EQ(d0.get("message")->s, "'data/终本.csv' line 3: C0205 the quoted field …") << "the text is unchanged";
  EXPECT_EQ(j->get("diagnostics")->items.at(1).get("dataCode"), nullptr) << "no data code, no key";

  std::string err;
  auto s = test::parse_json(render_sarif(sink.all(), sm, Lang::Zh), &err);
  ASSERT_TRUE(s) << err;
  const Json& run = s->get("runs")->items.at(0);
  const Json* rules = run.get("tool")->get("driver")->get("rules");
  const Json& r0 = run.get("results")->items.at(0);
  EXPECT_EQ(r0.get("ruleId")->s, "C0205");
  EXPECT_EQ(r0.get("level")->s, "error");
  const Json& rule = rules->items.at(size_t(r0.get("ruleIndex")->n));
  EXPECT_EQ(rule.get("id")->s, "C0205");
  EXPECT_EQ(rule.get("name")->s, "CsvUnterminatedQuote");
  EXPECT_EQ(rule.get("shortDescription")->get("text")->s, "第{}行开始的引号字段直到文件结尾仍未闭合");
  ASSERT_TRUE(rule.get("help"));
  EXPECT_FALSE(rule.get("help")->get("text")->s.empty());
  EXPECT_EQ(r0.get("properties")->get("code")->s, "E0507");
  EXPECT_EQ(r0.get("properties")->get("dataCode")->s, "C0205");
  const Json& r1 = run.get("results")->items.at(1);
  EXPECT_EQ(r1.get("ruleId")->s, "W0503");
  EXPECT_EQ(r1.get("properties")->get("code")->s, "W0503");
  EXPECT_EQ(r1.get("properties")->get("dataCode"), nullptr);
}

// --list-rules: every code of the registry, in the chosen language, as text, JSON or SARIF.
TEST(Formats, CodeListHasEveryCode) {
  auto j = test::parse_json(render_code_list(DiagFormat::Json, Lang::Zh));
  ASSERT_TRUE(j);
  const Json* codes = j->get("codes");
  ASSERT_TRUE(codes && codes->kind == Json::Array);
  ASSERT_EQ(codes->items.size(), diag::kCodeCount);
  for (size_t i = 0; i < diag::kCodeCount; ++i) {
    const diag::CodeInfo& info = diag::all()[i];
    const Json& c = codes->items[i];
    EXPECT_EQ(c.get("code")->s, info.code);
    EXPECT_EQ(c.get("name")->s, info.id);
    EXPECT_EQ(c.get("severity")->s, diag::severity_name(info.severity));
    EXPECT_EQ(c.get("message")->s, info.zh);
    if (info.has_hint()) {
      EXPECT_EQ(c.get("hint")->s, info.hint_zh);
    } else {
      EXPECT_EQ(c.get("hint")->kind, Json::Null);
    }
  }
  const std::string text = render_code_list(DiagFormat::Text, Lang::En);
  for (const diag::CodeInfo& info : diag::all())
    EXPECT_NE(text.find(std::string(info.code) + "  "), std::string::npos) << info.code;
  EXPECT_NE(text.find("C0204  file error    CsvMissingColumn  column '{}' is missing"), std::string::npos);
  auto s = test::parse_json(render_code_list(DiagFormat::Sarif, Lang::En));
  ASSERT_TRUE(s);
  EXPECT_EQ(s->get("runs")->items.at(0).get("tool")->get("driver")->get("rules")->items.size(), diag::kCodeCount);
  EXPECT_EQ(s->get("runs")->items.at(0).get("results")->items.size(), 0u);
}

}  // namespace
}  // namespace clue
