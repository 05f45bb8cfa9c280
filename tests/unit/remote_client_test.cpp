// The warehouse clients against the real servers of tools/local-cluster: PostgreSQL 15 and the
// two-shard ClickHouse 18.16 (tests/support/servers.h: skipped without them on a developer's
// machine, failing in CI). Each engine: version, streamed rows with NULLs and escapes, per-query
// settings, bulk loads, and every server error as its code with the server's own message.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <atomic>
#include <thread>

#include "compiler/remote/client.h"
#include "tests/support/servers.h"

namespace clue::remote {
namespace {

const char* var_of(Engine e) { return e == Engine::Postgres ? "CLUE_TEST_PG_URL" : "CLUE_TEST_CH_URL"; }

// A table name of this test's own, so runs in parallel (build and build-asan) do not meet.
std::string scratch_table(const char* what) {
  return std::string("clue_test_") + what + "_" + std::to_string(getpid());
}

DiagId error_of(const std::function<void()>& f, std::string* message = nullptr) {
  try {
    f();
  } catch (const RemoteError& e) {
    if (message) *message = e.what();
    return e.id;
  } catch (const std::exception& e) {
    ADD_FAILURE() << "not a coded error: " << e.what();
  }
  return DiagId::kCount;
}

class Clients : public ::testing::TestWithParam<Engine> {};

TEST_P(Clients, VersionRowsNullsAndEscapes) {
  CLUE_NEED_SERVER(text, var_of(GetParam()));
  auto c = connect(parse_server_url(text));
  EXPECT_EQ(c->engine(), GetParam());
  const std::string version = c->server_version();
  EXPECT_TRUE(version.starts_with(GetParam() == Engine::Postgres ? "PostgreSQL 15." : "ClickHouse 18.16"))
      << version;
  const std::string sql = GetParam() == Engine::Postgres
                              ? "SELECT 1::bigint AS n, NULL::text AS missing, E'a\\tb\\nc\\\\d' AS escaped, "
                                "'终本案件' AS zh"
                              : "SELECT toInt64(1) AS n, CAST(NULL AS Nullable(String)) AS missing, "
                                "'a\\tb\\nc\\\\d' AS escaped, '终本案件' AS zh";
  ResultSet r = c->query_all(sql);
  ASSERT_EQ(r.columns, (std::vector<std::string>{"n", "missing", "escaped", "zh"}));
  ASSERT_EQ(r.types.size(), 4u);
  EXPECT_EQ(r.types[0], GetParam() == Engine::Postgres ? "bigint" : "Int64");
  ASSERT_EQ(r.rows_text.size(), 1u);
  EXPECT_EQ(r.rows, 1u);
  EXPECT_EQ(r.rows_text[0][0], "1");
  EXPECT_FALSE(r.rows_text[0][1].has_value());
  EXPECT_EQ(r.rows_text[0][2], "a\tb\nc\\d");
  EXPECT_EQ(r.rows_text[0][3], "终本案件");
  EXPECT_FALSE(r.query_id.empty());
  // The text \N (backslash, N) is a value, not NULL.
  ResultSet n = c->query_all(GetParam() == Engine::Postgres ? "SELECT E'\\\\N' AS x" : "SELECT '\\\\N' AS x");
  ASSERT_EQ(n.rows_text.size(), 1u);
  EXPECT_EQ(n.rows_text[0][0], "\\N");
}

TEST_P(Clients, RowsStreamWithoutBeingCollected) {
  CLUE_NEED_SERVER(text, var_of(GetParam()));
  auto c = connect(parse_server_url(text));
  const std::string sql = GetParam() == Engine::Postgres ? "SELECT g FROM generate_series(1, 300000) AS g ORDER BY g"
                                                         : "SELECT number + 1 AS g FROM system.numbers LIMIT 300000";
  std::uint64_t count = 0, sum = 0;
  bool ordered = true;
  const QueryInfo info = c->query(sql, [&](const Row& row) {
    ++count;
    const std::uint64_t v = std::stoull(std::string(*row.at(0)));
    ordered = ordered && v == count;
    sum += v;
  });
  EXPECT_EQ(count, 300000u);
  EXPECT_EQ(info.rows, 300000u);
  EXPECT_TRUE(ordered);
  EXPECT_EQ(sum, 300000ull * 300001ull / 2);
}

TEST_P(Clients, SettingsApplyToOneQuery) {
  CLUE_NEED_SERVER(text, var_of(GetParam()));
  auto c = connect(parse_server_url(text));
  if (GetParam() == Engine::Postgres) {
    QueryOptions o;
    o.settings = {{"work_mem", "7MB"}};
    EXPECT_EQ(c->query_all("SELECT current_setting('work_mem')", o).rows_text.at(0).at(0), "7MB");
    EXPECT_NE(c->query_all("SELECT current_setting('work_mem')").rows_text.at(0).at(0), "7MB");
  } else {
    QueryOptions o;
    o.settings = {{"join_use_nulls", "1"}};
    const char* sql = "SELECT value FROM system.settings WHERE name = 'join_use_nulls'";
    EXPECT_EQ(c->query_all(sql, o).rows_text.at(0).at(0), "1");
    EXPECT_EQ(c->query_all(sql).rows_text.at(0).at(0), "0");
    // The query id is the caller's when given: system.processes knows it while it runs.
    o.query_id = "clue-test-" + std::to_string(getpid());
    const ResultSet r = c->query_all("SELECT query_id FROM system.processes WHERE query_id = '" + o.query_id + "'", o);
    EXPECT_EQ(r.query_id, o.query_id);
    ASSERT_EQ(r.rows_text.size(), 1u);
    EXPECT_EQ(r.rows_text[0][0], o.query_id);
  }
}

TEST_P(Clients, BulkLoadRoundTrip) {
  CLUE_NEED_SERVER(text, var_of(GetParam()));
  auto c = connect(parse_server_url(text));
  const Engine e = GetParam();
  const std::string table = scratch_table("load");
  const std::string q = quote_identifier(e, table);
  c->execute("DROP TABLE IF EXISTS " + q);
  c->execute(e == Engine::Postgres ? "CREATE TABLE " + q + " (id bigint, 名称 text)"
                                   : "CREATE TABLE " + q + " (id Int64, `名称` Nullable(String)) ENGINE = Memory");
  // 10,000 rows in pieces that do not end at line ends.
  std::string all;
  for (int i = 0; i < 10000; ++i) {
    all += std::to_string(i) + "\t";
    if (i % 7 == 0) all += "\\N";
    else tsv_escape("张三\t" + std::to_string(i) + "\n\\", all);
    all += "\n";
  }
  size_t at = 0;
  const LoadInfo info = c->bulk_load(table, {"id", "名称"}, [&](std::string& chunk) {
    const size_t n = std::min<size_t>(4093, all.size() - at);
    chunk.append(all, at, n);
    at += n;
    return at < all.size();
  });
  EXPECT_EQ(info.bytes, all.size());
  const ResultSet r = c->query_all("SELECT count(*), count(" + quote_identifier(e, "名称") + "), max(id) FROM " + q);
  EXPECT_EQ(r.rows_text.at(0).at(0), "10000");
  EXPECT_EQ(r.rows_text.at(0).at(1), std::to_string(10000 - 1429));
  EXPECT_EQ(r.rows_text.at(0).at(2), "9999");
  const ResultSet one = c->query_all("SELECT " + quote_identifier(e, "名称") + " FROM " + q + " WHERE id = 3");
  EXPECT_EQ(one.rows_text.at(0).at(0), "张三\t3\n\\");
  // A value that does not fit its column: E0832 with the server's message.
  std::string message;
  bool sent = false;
  EXPECT_EQ(error_of([&] {
              c->bulk_load(table, {"id", "名称"}, [&](std::string& chunk) {
                chunk = sent ? "" : "not-a-number\tx\n";
                sent = true;
                return false;
              });
            }, &message),
            DiagId::ServerLoadFailed)
      << message;
  EXPECT_NE(message.find(table), std::string::npos) << message;
  // A failing source ends the load; the client stays usable.
  EXPECT_THROW(c->bulk_load(table, {"id", "名称"}, [](std::string&) -> bool { throw std::runtime_error("disk"); }),
               std::runtime_error);
  EXPECT_EQ(c->query_all("SELECT count(*) FROM " + q).rows_text.at(0).at(0), "10000");
  c->execute("DROP TABLE " + q);
}

TEST_P(Clients, ServerErrorsAreCodedWithTheServersMessage) {
  CLUE_NEED_SERVER(text, var_of(GetParam()));
  auto c = connect(parse_server_url(text));
  std::string message;
  EXPECT_EQ(error_of([&] { c->query_all("SELECT * FROM clue_no_such_table"); }, &message),
            DiagId::ServerRejectedStatement);  // E0831
  EXPECT_NE(message.find("clue_no_such_table"), std::string::npos) << message;
  EXPECT_NE(message.find("(statement: SELECT * FROM clue_no_such_table"), std::string::npos) << message;
  // Still usable after an error.
  EXPECT_EQ(c->query_all("SELECT 2").rows_text.at(0).at(0), "2");
  // A missing database, and a closed port: E0830.
  ServerUrl wrong_db = parse_server_url(text);
  wrong_db.database = "clue_no_such_database";
  EXPECT_EQ(error_of([&] { connect(wrong_db); }, &message), DiagId::ServerUnreachable) << message;
  EXPECT_NE(message.find("clue_no_such_database"), std::string::npos) << message;
  ServerUrl closed = parse_server_url(text);
  closed.hosts = {{"127.0.0.1", 1}};
  EXPECT_EQ(error_of([&] { connect(closed); }, &message), DiagId::ServerUnreachable) << message;
}

INSTANTIATE_TEST_SUITE_P(Engines, Clients, ::testing::Values(Engine::Postgres, Engine::ClickHouse),
                         [](const auto& info) { return std::string(engine_name(info.param)); });

// The cluster of tools/local-cluster: two shards; a Distributed table over a local table on
// each host spreads rows by its sharding key, and each host answers for the whole.
TEST(ClickHouseCluster, TwoShardsAndADistributedTable) {
  CLUE_NEED_SERVER(text, "CLUE_TEST_CH_URL");
  const ServerUrl url = parse_server_url(text);
  ASSERT_EQ(url.hosts.size(), 2u);
  ASSERT_FALSE(url.cluster.empty());
  const std::string local = scratch_table("shard"), dist = scratch_table("dist");
  for (size_t h = 0; h < 2; ++h) {
    auto c = connect(url, h);
    c->execute("DROP TABLE IF EXISTS " + dist);
    c->execute("DROP TABLE IF EXISTS " + local);
    c->execute("CREATE TABLE " + local + " (k Int64, v String) ENGINE = MergeTree ORDER BY k");
    c->execute("CREATE TABLE " + dist + " AS " + local + " ENGINE = Distributed(" + url.cluster + ", " +
               url.database + ", " + local + ", cityHash64(k))");
  }
  auto first = connect(url, 0);
  EXPECT_EQ(first->query_all("SELECT count() FROM system.clusters WHERE cluster = '" + url.cluster + "'")
                .rows_text.at(0).at(0),
            "2");
  bool sent = false;
  QueryOptions sync;
  sync.settings = {{"insert_distributed_sync", "1"}};
  first->bulk_load(dist, {"k", "v"}, [&](std::string& chunk) {
    for (int i = 0; i < 1000 && !sent; ++i) chunk += std::to_string(i) + "\tv" + std::to_string(i) + "\n";
    sent = true;
    return false;
  }, sync);
  std::uint64_t on_shards = 0;
  for (size_t h = 0; h < 2; ++h) {
    auto c = connect(url, h);
    const auto n = std::stoull(*c->query_all("SELECT count() FROM " + local).rows_text.at(0).at(0));
    EXPECT_GT(n, 300u) << "shard " << h << " has " << n << " of 1000 rows";
    on_shards += n;
    EXPECT_EQ(c->query_all("SELECT count(), sum(k) FROM " + dist).rows_text.at(0),
              (std::vector<std::optional<std::string>>{"1000", "499500"}));
  }
  EXPECT_EQ(on_shards, 1000u);
  for (size_t h = 0; h < 2; ++h) {
    auto c = connect(url, h);
    c->execute("DROP TABLE " + dist);
    c->execute("DROP TABLE " + local);
  }
}

// A server that answers HTTP but not as ClickHouse does: E0833, not a silent empty result.
TEST(ClickHouseClient, AnAnswerThatIsNotClickHousesIsAnError) {
  const int listener = socket(AF_INET, SOCK_STREAM, 0);
  ASSERT_GE(listener, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ASSERT_EQ(bind(listener, reinterpret_cast<sockaddr*>(&addr), sizeof addr), 0);
  ASSERT_EQ(listen(listener, 4), 0);
  socklen_t len = sizeof addr;
  getsockname(listener, reinterpret_cast<sockaddr*>(&addr), &len);
  const int port = ntohs(addr.sin_port);
  std::thread server([listener] {
    const int conn = accept(listener, nullptr, nullptr);
    if (conn < 0) return;
    char buf[4096];
    (void)!read(conn, buf, sizeof buf);
    const std::string answer =
        "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nConnection: close\r\nContent-Length: 14\r\n\r\n<html>hi</html";
    (void)!write(conn, answer.data(), answer.size());
    close(conn);
  });
  std::string message;
  const DiagId id = error_of([&] { connect(parse_server_url("clickhouse://127.0.0.1:" + std::to_string(port) + "/db")); },
                             &message);
  server.join();
  close(listener);
  EXPECT_EQ(id, DiagId::ServerAnswerUnreadable) << message;  // E0833
}

}  // namespace
}  // namespace clue::remote
