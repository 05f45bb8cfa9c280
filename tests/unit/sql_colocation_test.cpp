// Co-located joins on a ClickHouse cluster (compiler/sql/emit.h, Sharding): golden SQL of a
// join (due_claims) and an anti join (lowincome_power) when both tables are sharded by the
// join key (a local join / NOT IN against the shards' `_local` tables, the left table the
// Distributed one in the join's own FROM) and when one is sharded by another column (GLOBAL,
// as without sharding). tests/golden/sql/colocated/<model>.<local|global>.clickhouse.sql; the
// statements run on the real cluster in sql_servers_test.cpp and sql_records_test.cpp.
// Regenerate with CLUE_UPDATE_GOLDEN=1 and review the diff.
#include <gtest/gtest.h>

#include <filesystem>

#include "compiler/session/inputs.h"
#include "compiler/session/session.h"
#include "compiler/sql/emit.h"
#include "tests/support/run_command.h"

namespace fs = std::filesystem;

namespace {

std::string emit(const std::string& model, const clue::sql::Sharding& sh) {
  clue::session::Compiled cm;
  const std::string path = std::string(CLUE_SOURCE_DIR) + "/models/" + model + ".model";
  EXPECT_EQ(clue::session::compile(path, {}, cm), clue::session::CompileStatus::Ok);
  clue::exec::ParamValues values;
  std::vector<std::pair<std::string, std::string>> shown;
  EXPECT_TRUE(clue::session::resolve_params(*cm.fe.model, {}, values, shown, cm.sink));
  auto st = clue::sql::emit_sql(cm.plans.logical, values, clue::sql::Dialect::ClickHouse, cm.sink, &sh);
  std::string out;
  for (const auto& s : st) out += "-- output " + s.output + "\n" + s.sql + ";\n";
  return out;
}

void expect_golden(const std::string& name, const std::string& actual) {
  const std::string path = std::string(CLUE_SOURCE_DIR) + "/tests/golden/sql/colocated/" + name + ".clickhouse.sql";
  if (clue::test::update_golden()) {
    fs::create_directories(fs::path(path).parent_path());
    clue::test::write_file(path, actual);
    return;
  }
  EXPECT_EQ(clue::test::read_file(path), actual) << path;
}

size_t count(const std::string& s, const std::string& what) {
  size_t n = 0;
  for (size_t p = 0; (p = s.find(what, p)) != std::string::npos; p += what.size()) ++n;
  return n;
}

}  // namespace

TEST(SqlColocation, AJoinOnBothShardingKeysStaysOnTheShards) {
  const std::string sql = emit("due_claims", {"clue", {{"终本案件", "被执行人身份证号"}, {"民事案件", "原告身份证号"}}});
  EXPECT_EQ(count(sql, "GLOBAL"), 0u) << sql;
  EXPECT_EQ(count(sql, "`clue`.`民事案件_local`"), 1u);
  expect_golden("due_claims.local", sql);
}

TEST(SqlColocation, AJoinOnAnotherColumnStaysGlobal) {
  // 民事案件 sharded by its case number: the rows an ID joins are on any shard.
  const std::string sql = emit("due_claims", {"clue", {{"终本案件", "被执行人身份证号"}, {"民事案件", "案号"}}});
  EXPECT_EQ(count(sql, "GLOBAL ALL INNER JOIN"), 1u) << sql;
  EXPECT_EQ(count(sql, "_local"), 0u);
  expect_golden("due_claims.global", sql);
  // Without sharding at all: the same as emit-sql's.
  EXPECT_EQ(emit("due_claims", {"clue", {}}), sql);
}

TEST(SqlColocation, AnAntiJoinOnBothShardingKeysIsALocalNotIn) {
  const std::string sql = emit("lowincome_power", {"clue", {{"低保家庭", "身份证号"}, {"电费减免记录", "身份证号"}}});
  EXPECT_EQ(count(sql, "GLOBAL"), 0u) << sql;
  EXPECT_EQ(count(sql, "NOT IN"), 1u);
  expect_golden("lowincome_power.local", sql);
  const std::string global = emit("lowincome_power", {"clue", {{"低保家庭", "身份证号"}, {"电费减免记录", "户号"}}});
  EXPECT_EQ(count(global, "GLOBAL NOT IN"), 1u) << global;
  expect_golden("lowincome_power.global", global);
}
