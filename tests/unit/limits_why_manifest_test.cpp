// Hostile inputs to `clue why`: a run's manifest edited by hand or by an attacker. Before the
// schema check (compiler/driver/manifest_schema.h) `{}`-like and deeply nested manifests
// crashed `why` (SIGSEGV), a line number past 2^64 was an internal error (exit 3). Now each is
// a usage error (exit 2) naming what is wrong; a manifest whose strings are all \u-escaped
// (valid JSON, as another tool may write it) explains the same lead as the original.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "compiler/driver/manifest_schema.h"
#include "tests/support/hostile_model.h"

namespace clue {
namespace {

using Json = nlohmann::json;

TEST(LimitsWhyManifest, SchemaNamesTheFirstBadKey) {
  const Json good = Json::parse(R"({"model": {"path": "m.model", "sha256": "ab"}, "params": {"p": "1"},
      "inputs": [{"source": "zb", "path": "z.csv"}], "outputs": [{"name": "leads", "path": "o/leads.csv"}],
      "plan": {"disabled_passes": ["pushdown"]}})");
  EXPECT_EQ(manifest_schema_error(good), "");
  EXPECT_EQ(manifest_schema_error(Json::object()), "model: missing");
  EXPECT_EQ(manifest_schema_error(Json::array()), "(the whole file): not an object");
  auto with = [&](const char* pointer, Json v) {
    Json m = good;
    m[Json::json_pointer(pointer)] = std::move(v);
    return manifest_schema_error(m);
  };
  EXPECT_EQ(with("/model/path", 5), "model.path: not a string");
  EXPECT_EQ(with("/inputs/0", "a"), "inputs[0]: not an object");
  EXPECT_EQ(with("/inputs/0/sha256", Json::array()), "inputs[0].sha256: not a string or null");
  EXPECT_EQ(with("/inputs/0/sha256", nullptr), "");
  EXPECT_EQ(with("/outputs/0/name", 7), "outputs[0].name: not a string");
  EXPECT_EQ(with("/outputs", Json::object()), "outputs: not an array");
  EXPECT_EQ(with("/params/p", Json::array({1})), "params.p: not a string");
  EXPECT_EQ(with("/plan/disabled_passes", 5), "plan.disabled_passes: not an array");
  Json deep = "x";
  for (int i = 0; i < 100000; ++i) deep = Json::array({std::move(deep)});
  EXPECT_EQ(with("/params/p", std::move(deep)), "nested more than 16 levels deep");
}

class WhyOnATamperedRun : public ::testing::Test {
 protected:
  void SetUp() override {
    auto r = test::clue("run tests/golden/diagnostics/lib/due_claims_small.model --data-dir "
                        "tests/golden/run/due_claims_dirty/data --input-hash none --out " + out_);
    ASSERT_EQ(r.exit_code, 0) << r.output;
    original_ = test::read_file(out_ + "/manifest.json");
  }
  test::CommandResult why_with(const std::string& manifest) {
    test::write_file(out_ + "/manifest.json", manifest);
    return test::clue("why " + out_ + " leads:1 --lang en");
  }
  test::ScratchDir dir_{"why_tampered"};
  std::string out_ = dir_.file("out");
  std::string original_;
};

TEST_F(WhyOnATamperedRun, EveryTamperingIsAUsageErrorNeverACrash) {
  const Json m = Json::parse(original_);
  std::vector<std::string> tampered = {"{}", "[]", "{\"model\": {}}", std::string(200000, '[') + std::string(200000, ']')};
  for (const char* key : {"model", "inputs", "outputs"}) {
    Json t = m;
    t.erase(key);
    tampered.push_back(t.dump());
    t[key] = 42;
    tampered.push_back(t.dump());
  }
  Json t = m;
  t["outputs"][0]["name"] = Json::array();
  tampered.push_back(t.dump());
  // Spelled as text: nlohmann's dump() recurses (the crash `why` had, printing a param).
  t = m;
  t["params"]["p"] = "DEEP";
  std::string deep = t.dump();
  deep.replace(deep.find("\"DEEP\""), 6, std::string(100000, '[') + std::string(100000, ']'));
  tampered.push_back(deep);
  for (const auto& text : tampered) {
    auto r = why_with(text);
    EXPECT_EQ(r.exit_code, 2) << text.substr(0, 200) << "\n" << r.output.substr(0, 500);
    EXPECT_TRUE(r.output.find("[U0316]") != std::string::npos || r.output.find("[U0302]") != std::string::npos)
        << r.output.substr(0, 500);
  }
}

TEST_F(WhyOnATamperedRun, EscapedNamesReadTheSame) {
  auto plain = why_with(original_);
  ASSERT_EQ(plain.exit_code, 0) << plain.output;
  // Every non-ASCII character as \uXXXX (and "leads" itself spelled with escapes).
  std::string escaped = Json::parse(original_).dump(-1, ' ', true);
  size_t at = escaped.find("\"leads\"");
  ASSERT_NE(at, std::string::npos);
  escaped.replace(at, 7, "\"\\u006c\\u0065ads\"");
  auto r = why_with(escaped);
  EXPECT_EQ(r.exit_code, 0) << r.output;
  EXPECT_EQ(r.output, plain.output);
}

TEST_F(WhyOnATamperedRun, ALineNumberPast2To64IsU0317) {
  std::string leads = test::read_file(out_ + "/leads.csv");
  size_t at = leads.find("终本案件.csv:");
  ASSERT_NE(at, std::string::npos);
  leads.insert(at + std::string("终本案件.csv:").size(), "99999999999999999999999");
  test::write_file(out_ + "/leads.csv", leads);
  auto r = why_with(original_);
  EXPECT_EQ(r.exit_code, 2) << r.output;
  EXPECT_NE(r.output.find("[U0317]"), std::string::npos) << r.output;
}

}  // namespace
}  // namespace clue
