// Ingest records, raw text and co-located joins on the real servers of tools/local-cluster
// (docs/scale-out.md): the model of tests/fixtures/sql_records has schemas of its own, so its
// tables are not the ones the other server tests load at the same time.
//  - `run --on` refuses a table changed behind Clue's back (E0805), one whose ingest did not
//    complete (E0804) and one no ingest recorded (E0803); the messages are golden in English
//    and Chinese (tests/golden/sql/records/, the server's URL written {url}); the manifest
//    lists the records relied on, with each file's SHA-256 as the local run's manifest has it.
//  - `_clue_raw_<field>` holds the cell as exported (a 15-digit ID, full-width digits with
//    spaces around, a case number in half-width brackets) beside the normal form.
//  - on the two-shard ClickHouse, a join whose keys are both tables' sharding columns runs on
//    each shard, and one over tables sharded by another column falls back to GLOBAL: both give
//    the local run's leads.
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <map>

#include <nlohmann/json.hpp>

#include "compiler/remote/client.h"
#include "tests/support/run_command.h"
#include "tests/support/servers.h"

namespace fs = std::filesystem;
using clue::test::read_file;
using clue::test::run_command;

namespace {

const fs::path kDir = fs::path("tests") / "fixtures" / "sql_records";
std::string q(const std::string& s) { return "'" + s + "'"; }
int64_t now_us() {
  return std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}

std::string replace_all(std::string s, const std::string& from, const std::string& to) {
  for (size_t pos = 0; !from.empty() && (pos = s.find(from, pos)) != std::string::npos; pos += to.size())
    s.replace(pos, from.size(), to);
  return s;
}

struct Env {
  std::string url;
  fs::path tmp;
  std::string clue = q(CLUE_BINARY);
  std::string in_src = std::string("cd ") + q(CLUE_SOURCE_DIR) + " && ";
  std::string data(const std::string& model = "model.model") const {
    (void)model;
    return " --data zb=" + (kDir / "data" / "记录终本.csv").string() + " --data civil=" +
           (kDir / "data" / "记录民事.csv").string();
  }
  clue::test::CommandResult ingest(const std::string& model = "model.model", const std::string& env = "") const {
    return run_command(in_src + env + clue + " ingest " + (kDir / model).string() + " --replace --to " + q(url) + data() +
                       " --out " + q((tmp / "ingest").string()) + " --lang en");
  }
  clue::test::CommandResult run_on(const std::string& out, const std::string& lang = "en",
                                   const std::string& model = "model.model") const {
    return run_command(in_src + clue + " run " + (kDir / model).string() + " --on " + q(url) + " --no-xlsx --out " +
                       q((tmp / out).string()) + " --lang " + lang);
  }
  clue::test::CommandResult local(const std::string& out) const {
    return run_command(in_src + clue + " run " + (kDir / "model.model").string() + data() + " --no-xlsx --out " +
                       q((tmp / out).string()) + " --lang en");
  }
  std::unique_ptr<clue::remote::Client> client() const {
    return clue::remote::connect(clue::remote::parse_server_url(url), 0);
  }
  std::string ident(const std::string& name) const {
    return clue::remote::quote_identifier(clue::remote::parse_server_url(url).engine, name);
  }
};

// The failing run's output must be the golden file (en and zh), its URL written {url}.
void expect_golden(const Env& e, const std::string& name, int want_exit) {
  for (const char* lang : {"en", "zh"}) {
    auto r = e.run_on("bad", lang);
    EXPECT_EQ(r.exit_code, want_exit) << r.output;
    const std::string display = clue::remote::parse_server_url(e.url).display;
    const std::string actual = replace_all(r.output, display, "{url}") + "exit: " + std::to_string(r.exit_code) + "\n";
    const std::string path =
        std::string(CLUE_SOURCE_DIR) + "/tests/golden/sql/records/" + name + "." + lang + ".expected";
    if (clue::test::update_golden()) {
      fs::create_directories(fs::path(path).parent_path());
      clue::test::write_file(path, actual);
      continue;
    }
    EXPECT_EQ(read_file(path), actual) << name << " " << lang;
  }
}

void records_guard_run_on(const std::string& url) {
  Env e{url, fs::temp_directory_path() / ("clue-sql-records-" + std::to_string(::getpid()))};
  fs::remove_all(e.tmp);
  auto local = e.local("local");
  ASSERT_EQ(local.exit_code, 0) << local.output;
  auto ingest = e.ingest();
  ASSERT_EQ(ingest.exit_code, 0) << ingest.output;
  auto ok = e.run_on("ok");
  ASSERT_EQ(ok.exit_code, 0) << ok.output;
  EXPECT_EQ(read_file((e.tmp / "ok" / "leads.csv").string()), read_file((e.tmp / "local" / "leads.csv").string()));

  // The manifest names the records relied on, with the files' SHA-256 of the local run.
  const auto lm = nlohmann::json::parse(read_file((e.tmp / "local" / "manifest.json").string()));
  const auto rm = nlohmann::json::parse(read_file((e.tmp / "ok" / "manifest.json").string()));
  std::map<std::string, std::string> sha;
  for (const auto& in : lm["inputs"]) sha[in["source"].get<std::string>()] = in["sha256"].get<std::string>();
  ASSERT_EQ(rm["ingest_records"].size(), 2u) << rm.dump(2);
  for (const auto& r : rm["ingest_records"]) {
    SCOPED_TRACE(r.dump());
    const std::string source = r["source"];
    EXPECT_EQ(r["rows"].get<int64_t>(), source == "zb" ? 10 : 14);
    EXPECT_EQ(r["rejected"].get<int64_t>(), 0);
    EXPECT_EQ(r["layout_version"].get<int64_t>(), 2);
    ASSERT_EQ(r["files"].size(), 1u);
    EXPECT_EQ(r["files"][0]["sha256"], sha.at(source));
    EXPECT_GT(r["files"][0]["bytes"].get<int64_t>(), 0);
  }

  auto client = e.client();
  const bool ch = client->engine() == clue::remote::Engine::ClickHouse;
  clue::remote::QueryOptions sync;
  if (ch) sync.settings = {{"insert_distributed_sync", "1"}};
  const std::string civil = e.ident("记录民事");
  // A row inserted behind Clue's back: E0805.
  client->execute("INSERT INTO " + civil + " SELECT * FROM " + civil + " WHERE " + e.ident("_clue_line") + " = 2", sync);
  expect_golden(e, "rows_differ", 1);

  // An ingest killed after its `started` record (its rows partly in): E0804.
  ASSERT_EQ(e.ingest().exit_code, 0);
  ASSERT_EQ(e.run_on("ok2").exit_code, 0);
  client->execute("INSERT INTO " + e.ident("_clue_ingest") + " (" + e.ident("id") + ", " + e.ident("tbl") + ", " +
                  e.ident("source") + ", " + e.ident("state") + ", " + e.ident("replace") + ", " + e.ident("seq") +
                  ") VALUES ('feedface00000000', '记录终本', 'zb', 'started', 0, " + std::to_string(now_us()) + ")");
  expect_golden(e, "incomplete", 1);
  // ... and a new ingest with --replace makes the table usable again.
  ASSERT_EQ(e.ingest().exit_code, 0);
  auto again = e.run_on("ok3");
  EXPECT_EQ(again.exit_code, 0) << again.output;

  // A table no ingest recorded: E0803 (before any statement reads it).
  {
    auto r = e.run_on("bad", "en", "unrecorded.model");
    const std::string display = clue::remote::parse_server_url(e.url).display;
    for (const char* lang : {"en", "zh"}) {
      auto rl = e.run_on("bad", lang, "unrecorded.model");
      const std::string actual =
          replace_all(rl.output, display, "{url}") + "exit: " + std::to_string(rl.exit_code) + "\n";
      const std::string path =
          std::string(CLUE_SOURCE_DIR) + "/tests/golden/sql/records/missing." + lang + ".expected";
      if (clue::test::update_golden()) clue::test::write_file(path, actual);
      else EXPECT_EQ(read_file(path), actual) << lang;
    }
    EXPECT_EQ(r.exit_code, 1) << r.output;
    EXPECT_NE(r.output.find("[E0803]"), std::string::npos) << r.output;
  }
  fs::remove_all(e.tmp);
}

// The raw text of key fields arrives as exported, beside the normal form.
void raw_text_arrives(const std::string& url) {
  Env e{url, fs::temp_directory_path() / ("clue-sql-raw-" + std::to_string(::getpid()))};
  fs::remove_all(e.tmp);
  ASSERT_EQ(e.ingest().exit_code, 0);
  auto client = e.client();
  const auto rs = client->query_all("SELECT " + e.ident("_clue_line") + ", " + e.ident("原告身份证号") + ", " +
                                    e.ident("_clue_raw_原告身份证号") + ", " + e.ident("案号") + ", " +
                                    e.ident("_clue_raw_案号") + " FROM " + e.ident("记录民事") + " WHERE " +
                                    e.ident("_clue_line") + " IN (2, 3, 4) ORDER BY " + e.ident("_clue_line"));
  ASSERT_EQ(rs.rows_text.size(), 3u);
  auto cell = [&](size_t r, size_t c) { return rs.rows_text[r][c] ? *rs.rows_text[r][c] : std::string("NULL"); };
  // Line 2: a 15-digit ID (normalised to 18) and a case number in half-width brackets.
  EXPECT_EQ(cell(0, 2), "330803750315001");
  EXPECT_EQ(cell(0, 1), "330803197503150010");
  EXPECT_EQ(cell(0, 4), "(2023)浙0802民初300号");
  EXPECT_EQ(cell(0, 3), "（2023）浙0802民初300号");
  // Line 3: already in the normal form: raw and normal alike.
  EXPECT_EQ(cell(1, 2), "330803197503150010");
  EXPECT_EQ(cell(1, 2), cell(1, 1));
  // Line 4: full-width digits with spaces around, as the export wrote them.
  EXPECT_EQ(cell(2, 2), "  ３３０８０３１９７５０４０２００３１ ");
  EXPECT_EQ(cell(2, 1), "330803197504020031");
  fs::remove_all(e.tmp);
}

}  // namespace

// One test per server: the tests share the fixture's tables (ctest runs tests side by side).
void colocated_and_global(const std::string& url);
TEST(SqlRecords, OnPostgres) {
  CLUE_NEED_SERVER(url, "CLUE_TEST_PG_URL");
  records_guard_run_on(url);
  raw_text_arrives(url);
}
TEST(SqlRecords, OnTheClickHouseCluster) {
  CLUE_NEED_SERVER(url, "CLUE_TEST_CH_URL");
  records_guard_run_on(url);
  raw_text_arrives(url);
  colocated_and_global(url);
}

// Ingest shards both tables by the join key: the join runs on each shard (the manifest shows
// the sharding); ingested by a model joining on case numbers, the ID join falls back to GLOBAL.
// Both give the local leads, which have rows on both shards.
void colocated_and_global(const std::string& url) {
  Env e{url, fs::temp_directory_path() / ("clue-sql-coloc-" + std::to_string(::getpid()))};
  fs::remove_all(e.tmp);
  ASSERT_EQ(e.local("local").exit_code, 0);
  const std::string leads = read_file((e.tmp / "local" / "leads.csv").string());
  EXPECT_GE(std::count(leads.begin(), leads.end(), '\n'), 10);

  ASSERT_EQ(e.ingest().exit_code, 0);
  auto on = e.run_on("local_join");
  ASSERT_EQ(on.exit_code, 0) << on.output;
  EXPECT_EQ(read_file((e.tmp / "local_join" / "leads.csv").string()), leads);
  auto m = nlohmann::json::parse(read_file((e.tmp / "local_join" / "manifest.json").string()));
  EXPECT_EQ(m["sharding"]["记录终本"], "被执行人身份证号") << m.dump(2);
  EXPECT_EQ(m["sharding"]["记录民事"], "原告身份证号");
  // Both shards hold rows of each table (else a local join could not be told from a global one).
  for (size_t h = 0; h < 2; ++h) {
    auto c = clue::remote::connect(clue::remote::parse_server_url(url), h);
    for (const char* t : {"记录终本_local", "记录民事_local"}) {
      auto rs = c->query_all("SELECT count() FROM " + e.ident(t));
      EXPECT_NE(*rs.rows_text.at(0).at(0), "0") << t << " on host " << h;
    }
  }

  auto re = run_command(e.in_src + e.clue + " ingest " + (kDir / "by_case_no.model").string() + " --replace --to " +
                        q(url) + e.data() + " --out " + q((e.tmp / "ingest2").string()) + " --lang en");
  ASSERT_EQ(re.exit_code, 0) << re.output;
  auto global = e.run_on("global_join");
  ASSERT_EQ(global.exit_code, 0) << global.output;
  EXPECT_EQ(read_file((e.tmp / "global_join" / "leads.csv").string()), leads);
  m = nlohmann::json::parse(read_file((e.tmp / "global_join" / "manifest.json").string()));
  EXPECT_EQ(m["sharding"]["记录终本"], "案号") << m.dump(2);
  EXPECT_EQ(m["sharding"]["记录民事"], "案号");
  fs::remove_all(e.tmp);
}
