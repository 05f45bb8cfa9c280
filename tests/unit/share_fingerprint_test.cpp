// The run's fingerprint covers the model and every file it imports: editing an imported
// schema (the model's own bytes unchanged) changes it, and `clue why` then refuses (U0340).
#include <gtest/gtest.h>

#include <unistd.h>

#include <filesystem>

#include "compiler/session/fingerprint.h"
#include "tests/support/json.h"
#include "tests/support/run_command.h"

namespace fs = std::filesystem;

namespace {
std::string clue_cmd() { return std::string("'") + CLUE_BINARY + "'"; }

clue::test::Json manifest_of(const fs::path& out) {
  std::string err;
  auto j = clue::test::parse_json(clue::test::read_file((out / "manifest.json").string()), &err);
  EXPECT_TRUE(j.has_value()) << err;
  return j ? *j : clue::test::Json{};
}

std::string fingerprint_of(const clue::test::Json& m) {
  const auto* model = m.get("model");
  const auto* fp = model ? model->get("fingerprint") : nullptr;
  return fp ? fp->s : std::string();
}
}  // namespace

TEST(Fingerprint, ChangesWhenAnImportedSchemaChanges) {
  const fs::path work = fs::temp_directory_path() / ("clue_fingerprint_" + std::to_string(::getpid()));
  fs::remove_all(work);
  fs::create_directories(work / "schemas");
  fs::copy_file("models/due_claims.model", work / "due_claims.model");
  fs::copy_file("models/schemas/court.model", work / "schemas/court.model");
  const std::string data = "tests/golden/run/due_claims_dirty/data";
  auto run = [&](const std::string& out) {
    return clue::test::run_command(clue_cmd() + " run '" + (work / "due_claims.model").string() + "' --data-dir " + data +
                                   " --out '" + (work / out).string() + "'");
  };
  auto first = run("out1");
  ASSERT_EQ(first.exit_code, 0) << first.output;
  const clue::test::Json m1 = manifest_of(work / "out1");
  const std::string fp1 = fingerprint_of(m1);
  ASSERT_EQ(fp1.size(), 64u);
  // The import is listed with its path relative to the model and its SHA-256.
  const auto* imports = m1.get("model")->get("imports");
  ASSERT_NE(imports, nullptr);
  ASSERT_EQ(imports->items.size(), 1u);
  EXPECT_EQ(imports->items[0].get("path")->s, "schemas/court.model");
  EXPECT_EQ(imports->items[0].get("sha256")->s.size(), 64u);

  // The same files again: the same fingerprint (it does not depend on time or the out folder).
  ASSERT_EQ(run("out2").exit_code, 0);
  EXPECT_EQ(fingerprint_of(manifest_of(work / "out2")), fp1);

  // One comment more in the imported schema: the model's SHA-256 stays, the fingerprint does not.
  clue::test::write_file((work / "schemas/court.model").string(),
                         clue::test::read_file((work / "schemas/court.model").string()) + "# 本地改动\n");
  ASSERT_EQ(run("out3").exit_code, 0);
  const clue::test::Json m3 = manifest_of(work / "out3");
  EXPECT_EQ(m3.get("model")->get("sha256")->s, m1.get("model")->get("sha256")->s);
  EXPECT_NE(fingerprint_of(m3), fp1);

  // A rerun into the same --out records what changed since the run it replaces.
  ASSERT_EQ(run("out1").exit_code, 0);
  const clue::test::Json rerun = manifest_of(work / "out1");
  const auto* prev = rerun.get("previous_run");
  ASSERT_NE(prev, nullptr);
  EXPECT_EQ(prev->get("fingerprint")->s, fp1);
  ASSERT_EQ(prev->get("changed")->items.size(), 1u);
  EXPECT_EQ(prev->get("changed")->items[0].s, "schemas/court.model");
  ASSERT_EQ(run("out1").exit_code, 0);
  EXPECT_TRUE(manifest_of(work / "out1").get("previous_run")->get("changed")->items.empty());
  // `clue why` on a run made before the edit names the changed import.
  auto why = clue::test::run_command(clue_cmd() + " why '" + (work / "out2").string() + "' leads:1 --lang en");
  EXPECT_EQ(why.exit_code, 2) << why.output;
  EXPECT_NE(why.output.find("error[U0340]: 'schemas/court.model', imported by the model, has changed since the run"),
            std::string::npos)
      << why.output;
  fs::remove_all(work);
}

TEST(Fingerprint, EveryPartChangesIt) {
  using clue::session::fingerprint;
  const std::string a(64, 'a'), b(64, 'b');
  const std::string base = fingerprint(a, {{"s.model", a}}, "");
  EXPECT_NE(fingerprint(b, {{"s.model", a}}, ""), base);   // the model
  EXPECT_NE(fingerprint(a, {{"s.model", b}}, ""), base);   // an import's bytes
  EXPECT_NE(fingerprint(a, {{"t.model", a}}, ""), base);   // an import's path
  EXPECT_NE(fingerprint(a, {}, ""), base);                 // an import fewer
  EXPECT_NE(fingerprint(a, {{"s.model", a}}, b), base);    // a mapping
  // The order imports were listed in does not matter.
  EXPECT_EQ(fingerprint(a, {{"s.model", a}, {"t.model", b}}, ""), fingerprint(a, {{"t.model", b}, {"s.model", a}}, ""));
  EXPECT_EQ(clue::session::changed_parts(a, {{"s.model", a}}, "", a, {{"s.model", b}}, b),
            (std::vector<std::string>{"s.model", "mapping"}));
}
