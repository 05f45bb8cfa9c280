// The table layout (compiler/sql/layout.h): the representation each field type gets per
// dialect, the reserved columns, and quoting that keeps a name or a literal what it is.
#include <gtest/gtest.h>

#include "compiler/sql/layout.h"

namespace clue::sql {
namespace {

plan::Source source() {
  plan::Source s;
  s.name = "zb";
  s.schema = "终本案件";
  s.fields = {{"案号", Type::of(TypeKind::CaseNo)},
              {"未履行金额", Type::of(TypeKind::Money)},
              {"终本日期", Type::of(TypeKind::Date)},
              {"是否履行完毕", Type::of(TypeKind::Bool)},
              {"位置", Type::of(TypeKind::Geo)}};
  return s;
}

TEST(SqlLayout, TypesKeepTheEnginesMeaning) {
  // Dates are day numbers everywhere: ClickHouse's Date would roll over outside 1970–2106.
  EXPECT_EQ(column_type(Dialect::ClickHouse, TypeKind::Date), "Int32");
  EXPECT_EQ(column_type(Dialect::Postgres, TypeKind::Date), "INTEGER");
  EXPECT_EQ(column_type(Dialect::ClickHouse, TypeKind::Money), "Int64");
  EXPECT_EQ(column_type(Dialect::Postgres, TypeKind::Money), "BIGINT");
  // Text compares byte-wise, as the engine compares it.
  EXPECT_EQ(column_type(Dialect::Postgres, TypeKind::Text), "TEXT COLLATE \"C\"");
  EXPECT_EQ(column_type(Dialect::Postgres, TypeKind::IdCard), "TEXT COLLATE \"C\"");
  EXPECT_EQ(column_type(Dialect::ClickHouse, TypeKind::Bool), "UInt8");
}

TEST(SqlLayout, ColumnsOfASchema) {
  const TableLayout t = table_layout(Dialect::ClickHouse, source());
  EXPECT_EQ(t.table, "终本案件");
  std::vector<std::string> names;
  for (const auto& c : t.columns) names.push_back(c.name);
  const std::vector<std::string> want = {"案号", "未履行金额", "终本日期", "是否履行完毕", "_clue_lon_位置", "_clue_lat_位置",
                                         "_clue_raw_案号", "_clue_file", "_clue_line"};
  EXPECT_EQ(names, want);
  const std::string create = create_table_sql(Dialect::ClickHouse, t, "", "_local");
  EXPECT_NE(create.find("CREATE TABLE `终本案件_local` ("), std::string::npos) << create;
  EXPECT_NE(create.find("`终本日期` Nullable(Int32)"), std::string::npos) << create;
  EXPECT_NE(create.find("`_clue_line` Int64\n"), std::string::npos) << create;  // provenance is never NULL
  EXPECT_NE(create.find("ENGINE = MergeTree()"), std::string::npos) << create;
  const std::string pg = create_table_sql(Dialect::Postgres, table_layout(Dialect::Postgres, source()));
  EXPECT_NE(pg.find("\"_clue_file\" TEXT COLLATE \"C\" NOT NULL"), std::string::npos) << pg;
  EXPECT_NE(pg.find("\"未履行金额\" BIGINT,"), std::string::npos) << pg;
}

TEST(SqlLayout, QuotingKeepsNamesAndLiterals) {
  EXPECT_EQ(quote_ident(Dialect::Postgres, "a\"b"), "\"a\"\"b\"");
  EXPECT_EQ(quote_ident(Dialect::ClickHouse, "a`b"), "`a``b`");
  EXPECT_EQ(quote_ident(Dialect::Spark, "x"), "`x`");
  EXPECT_EQ(quote_ident(Dialect::Trino, "x"), "\"x\"");
  // A regex's \b: written as is where literals take backslashes as written, doubled where they
  // are escapes (ClickHouse's '\b' is a backspace).
  EXPECT_EQ(quote_text(Dialect::Postgres, "\\bpos'"), "'\\bpos'''");
  EXPECT_EQ(quote_text(Dialect::Trino, "\\b"), "'\\b'");
  EXPECT_EQ(quote_text(Dialect::ClickHouse, "\\bpos'"), "'\\\\bpos\\''");
  EXPECT_EQ(quote_text(Dialect::Spark, "\\b"), "'\\\\b'");
}

TEST(SqlLayout, KeyFieldsKeepTheirRawText) {
  EXPECT_TRUE(is_key_type(TypeKind::IdCard));
  EXPECT_TRUE(is_key_type(TypeKind::PartyId));
  EXPECT_TRUE(is_key_type(TypeKind::Uscc));
  EXPECT_TRUE(is_key_type(TypeKind::CaseNo));
  EXPECT_FALSE(is_key_type(TypeKind::Text));
}

}  // namespace
}  // namespace clue::sql

// The sharding of a Distributed table as system.tables shows it (engine_full): recognised
// whatever the server's quoting, and only for the column, key type, cluster and table it names.
TEST(SqlLayout, ShardingIsRecognisedFromTheEngine) {
  using clue::TypeKind;
  using clue::sql::sharded_by;
  const std::string shown = "Distributed(clue_two_shards, clue, `表_local`, cityHash64(ifNull(`身份证`, \\'\\')))";
  EXPECT_EQ(clue::sql::sharding_expression("身份证", TypeKind::IdCard), "cityHash64(ifNull(`身份证`, ''))");
  EXPECT_TRUE(sharded_by(shown, "clue_two_shards", "clue", "表", "身份证", TypeKind::IdCard));
  EXPECT_TRUE(sharded_by(shown, "clue_two_shards", "clue", "表", "身份证", TypeKind::Text));
  EXPECT_FALSE(sharded_by(shown, "clue_two_shards", "clue", "表", "案号", TypeKind::IdCard));
  EXPECT_FALSE(sharded_by(shown, "clue_two_shards", "clue", "表", "身份证", TypeKind::Int));  // hashed as 0, not ''
  EXPECT_FALSE(sharded_by(shown, "other", "clue", "表", "身份证", TypeKind::IdCard));
  EXPECT_FALSE(sharded_by(shown, "clue_two_shards", "clue", "表2", "身份证", TypeKind::IdCard));
  EXPECT_FALSE(sharded_by("Distributed(clue_two_shards, clue, `表_local`, rand())", "clue_two_shards", "clue", "表",
                          "身份证", TypeKind::IdCard));
  EXPECT_TRUE(sharded_by("Distributed(c, db, t_local, cityHash64(ifNull(n, 0)))", "c", "db", "t", "n", TypeKind::Int));
}
