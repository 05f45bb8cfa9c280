// End to end on real servers: every shipped model's fixtures (models/tests/<model>/<case>/:
// data/ and optional params) are run locally, ingested into PostgreSQL and into the two-shard
// ClickHouse of tools/local-cluster, and run there with `clue run --on`; each output's CSV must
// be byte-identical to the local run's. So are the models of tests/fixtures/sql_models (every
// builtin with an SQL form, aggregates, joins with a relation, unions). The servers come from CLUE_TEST_PG_URL /
// CLUE_TEST_CH_URL (tools/test exports them); without them the test is skipped on a developer's
// machine and FAILS in CI (tests/support/servers.h).
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>

#include <nlohmann/json.hpp>

#include "tests/support/run_command.h"
#include "tests/support/servers.h"

namespace fs = std::filesystem;
using clue::test::read_file;
using clue::test::run_command;

namespace {

struct Fixture {
  std::string model;  // models/<name>.model
  fs::path dir;       // models/tests/<name>/<case>
};

std::vector<Fixture> fixtures() {
  std::vector<Fixture> out;
  const fs::path root = fs::path(CLUE_SOURCE_DIR) / "models";
  for (const auto& m : fs::directory_iterator(root)) {
    if (m.path().extension() != ".model") continue;
    const fs::path cases = root / "tests" / m.path().stem();
    if (!fs::is_directory(cases)) continue;
    for (const auto& c : fs::directory_iterator(cases))
      if (fs::is_directory(c.path() / "data")) out.push_back({m.path().string(), c.path()});
  }
  // Models written for the SQL back end's own constructs (builtins, aggregates, joins with a
  // relation, unions): tests/fixtures/sql_models/<name>/model.model with data/ beside it.
  for (const auto& m : fs::directory_iterator(fs::path(CLUE_SOURCE_DIR) / "tests" / "fixtures" / "sql_models"))
    if (fs::exists(m.path() / "model.model")) out.push_back({(m.path() / "model.model").string(), m.path()});
  std::sort(out.begin(), out.end(), [](const Fixture& a, const Fixture& b) { return a.dir < b.dir; });
  return out;
}

std::string params_of(const fs::path& dir) {
  std::string args;
  std::ifstream f(dir / "params");
  for (std::string line; std::getline(f, line);)
    if (!line.empty() && line[0] != '#') args += " --param '" + line + "'";
  return args;
}

std::string q(const std::string& s) { return "'" + s + "'"; }

// A fixture runs on every server unless its folder has a file `servers` naming the ones it is
// for ("postgres", "clickhouse"): a model with a builtin one dialect refuses (E0800).
bool runs_on(const Fixture& fx, const std::string& url) {
  if (!fs::exists(fx.dir / "servers")) return true;
  const std::string scheme = url.substr(0, url.find(':'));
  const std::string servers = read_file((fx.dir / "servers").string());
  return servers.find(scheme) != std::string::npos;
}

// Runs every fixture on `url` and compares with the local run; returns how many outputs matched.
size_t compare_on(const std::string& url) {
  const fs::path tmp = fs::temp_directory_path() / ("clue-sql-e2e-" + std::to_string(::getpid()));
  fs::remove_all(tmp);
  size_t matched = 0;
  for (const Fixture& fx : fixtures()) {
    if (!runs_on(fx, url)) continue;
    SCOPED_TRACE(fx.dir.string());
    const std::string params = params_of(fx.dir);
    const std::string clue = q(CLUE_BINARY);
    auto local = run_command(clue + " run " + q(fx.model) + " --data-dir " + q((fx.dir / "data").string()) + params +
                             " --no-xlsx --out " + q((tmp / "local").string()) + " --lang en");
    EXPECT_EQ(local.exit_code, 0) << local.output;
    auto ingest = run_command(clue + " ingest " + q(fx.model) + " --replace --to " + q(url) + " --data-dir " +
                              q((fx.dir / "data").string()) + " --out " + q((tmp / "ingest").string()) + " --lang en");
    EXPECT_EQ(ingest.exit_code, 0) << ingest.output;
    // The rejects are the local run's: the same readers and normalisers.
    EXPECT_EQ(read_file((tmp / "ingest" / "rejects.csv").string()), read_file((tmp / "local" / "rejects.csv").string()));
    auto remote = run_command(clue + " run " + q(fx.model) + " --on " + q(url) + params + " --no-xlsx --out " +
                              q((tmp / "remote").string()) + " --lang en");
    EXPECT_EQ(remote.exit_code, 0) << remote.output;
    // The manifests describe the files alike (the shared write step): rows and the formula
    // guard's count per output.
    if (fs::exists(tmp / "remote" / "manifest.json")) {
      const auto lm = nlohmann::json::parse(read_file((tmp / "local" / "manifest.json").string()));
      const auto rm = nlohmann::json::parse(read_file((tmp / "remote" / "manifest.json").string()));
      EXPECT_EQ(rm.value("engine", ""), std::string("sql:") + url.substr(0, url.find(':')));
      EXPECT_EQ(lm["outputs"].size(), rm["outputs"].size());
      for (size_t i = 0; i < lm["outputs"].size() && i < rm["outputs"].size(); ++i)
        for (const char* field : {"name", "rows", "formula_guarded_cells"})
          EXPECT_EQ(lm["outputs"][i][field], rm["outputs"][i][field]) << field;
    }
    for (const auto& e : fs::directory_iterator(tmp / "local")) {
      const std::string name = e.path().filename().string();
      if (e.path().extension() != ".csv" || name == "rejects.csv") continue;
      EXPECT_TRUE(fs::exists(tmp / "remote" / name)) << name << "\n" << remote.output;
      EXPECT_EQ(read_file((tmp / "remote" / name).string()), read_file(e.path().string())) << name;
      ++matched;
    }
    fs::remove_all(tmp);
  }
  return matched;
}

TEST(SqlServers, FixturesGiveTheLocalLeadsOnPostgres) {
  CLUE_NEED_SERVER(url, "CLUE_TEST_PG_URL");
  EXPECT_GE(compare_on(url), 24u);  // every fixture has one output at least
}

TEST(SqlServers, FixturesGiveTheLocalLeadsOnTheClickHouseCluster) {
  CLUE_NEED_SERVER(url, "CLUE_TEST_CH_URL");
  EXPECT_GE(compare_on(url), 24u);
}

}  // namespace

// ClickHouse ingest stages a batch of rows at a time (a million; the server's max_memory_usage
// bounds one INSERT … SELECT). With batches of 3 rows a fixture goes through many of them: the
// leads must still be the local run's, no row lost or doubled between batches.
TEST(SqlServers, ClickHouseIngestInSmallBatchesGivesTheLocalLeads) {
  CLUE_NEED_SERVER(url, "CLUE_TEST_CH_URL");
  const fs::path tmp = fs::temp_directory_path() / ("clue-sql-batches-" + std::to_string(::getpid()));
  fs::remove_all(tmp);
  const std::string model = (fs::path(CLUE_SOURCE_DIR) / "models" / "due_claims.model").string();
  fs::path data;
  for (const Fixture& fx : fixtures())
    if (fx.model == model) {
      data = fx.dir / "data";
      break;
    }
  ASSERT_FALSE(data.empty());
  const std::string clue = q(CLUE_BINARY);
  auto local = run_command(clue + " run " + q(model) + " --data-dir " + q(data.string()) + " --no-xlsx --out " +
                           q((tmp / "local").string()) + " --lang en");
  ASSERT_EQ(local.exit_code, 0) << local.output;
  auto ingest = run_command("CLUE_INGEST_BATCH_ROWS=3 " + clue + " ingest " + q(model) + " --replace --to " + q(url) +
                            " --data-dir " + q(data.string()) + " --out " + q((tmp / "ingest").string()) + " --lang en");
  ASSERT_EQ(ingest.exit_code, 0) << ingest.output;
  auto remote = run_command(clue + " run " + q(model) + " --on " + q(url) + " --no-xlsx --out " +
                            q((tmp / "remote").string()) + " --lang en");
  ASSERT_EQ(remote.exit_code, 0) << remote.output;
  const std::string leads = read_file((tmp / "local" / "leads.csv").string());
  EXPECT_GT(std::count(leads.begin(), leads.end(), '\n'), 1);
  EXPECT_EQ(read_file((tmp / "remote" / "leads.csv").string()), leads);
  fs::remove_all(tmp);
}
