// Server URLs (compiler/remote/client.h): what parses, and each U038x code for what does not.
#include <gtest/gtest.h>

#include "compiler/remote/client.h"

namespace clue::remote {
namespace {

DiagId error_of(const std::string& url) {
  try {
    parse_server_url(url);
  } catch (const RemoteError& e) {
    return e.id;
  }
  ADD_FAILURE() << url << " parsed";
  return DiagId::kCount;
}

TEST(ServerUrl, Postgres) {
  const ServerUrl u = parse_server_url("postgres://clue@127.0.0.1:55432/cases");
  EXPECT_EQ(u.engine, Engine::Postgres);
  EXPECT_EQ(u.user, "clue");
  ASSERT_EQ(u.hosts.size(), 1u);
  EXPECT_EQ(u.hosts[0].host, "127.0.0.1");
  EXPECT_EQ(u.hosts[0].port, 55432);
  EXPECT_EQ(u.database, "cases");
  EXPECT_EQ(u.cluster, "");
  EXPECT_EQ(u.display, "postgres://clue@127.0.0.1:55432/cases");
  EXPECT_EQ(parse_server_url("postgresql://db/x").hosts[0].port, 5432);
}

TEST(ServerUrl, ClickHouseClusterOfTwo) {
  const ServerUrl u = parse_server_url("clickhouse://h1:8123,h2:8124/db?cluster=prov");
  EXPECT_EQ(u.engine, Engine::ClickHouse);
  ASSERT_EQ(u.hosts.size(), 2u);
  EXPECT_EQ(u.hosts[0].host, "h1");
  EXPECT_EQ(u.hosts[1].port, 8124);
  EXPECT_EQ(u.database, "db");
  EXPECT_EQ(u.cluster, "prov");
  EXPECT_EQ(parse_server_url("clickhouse://h1/db").hosts[0].port, 8123);
  EXPECT_EQ(parse_server_url("clickhouse://[::1]:9/db").hosts[0].host, "::1");
}

TEST(ServerUrl, PasswordIsDecodedAndMaskedInTheDisplayForm) {
  const ServerUrl u = parse_server_url("postgres://clue:p%40ss@db:1/%E6%A1%88%E4%BB%B6");
  EXPECT_EQ(u.password, "p@ss");
  EXPECT_EQ(u.database, "案件");
  EXPECT_EQ(u.display, "postgres://clue:***@db:1/%E6%A1%88%E4%BB%B6");
  EXPECT_EQ(std::string(RemoteError(DiagId::ServerUnreachable, {u.display, "x"}).what()).find("p@ss"),
            std::string::npos);
}

TEST(ServerUrl, CodedErrors) {
  EXPECT_EQ(error_of("mysql://h/db"), DiagId::ServerUrlScheme);                          // U0380
  EXPECT_EQ(error_of("h1:8123/db"), DiagId::ServerUrlScheme);                            // U0380
  EXPECT_EQ(error_of("postgres://h1:5432"), DiagId::ServerUrlNoDatabase);                // U0381
  EXPECT_EQ(error_of("postgres://h1:5432/"), DiagId::ServerUrlNoDatabase);               // U0381
  EXPECT_EQ(error_of("clickhouse://h1/a/b"), DiagId::ServerUrlNoDatabase);               // U0381
  EXPECT_EQ(error_of("clickhouse://h1:0/db"), DiagId::ServerUrlBadHost);                 // U0382
  EXPECT_EQ(error_of("clickhouse://h1:65536/db"), DiagId::ServerUrlBadHost);             // U0382
  EXPECT_EQ(error_of("clickhouse://h1:80x/db"), DiagId::ServerUrlBadHost);               // U0382
  EXPECT_EQ(error_of("clickhouse://h1,,h2/db"), DiagId::ServerUrlBadHost);               // U0382
  EXPECT_EQ(error_of("postgres://h 1/db"), DiagId::ServerUrlBadHost);                    // U0382
  EXPECT_EQ(error_of("postgres://a:1,b:2/db"), DiagId::ServerUrlSeveralHosts);           // U0383
  EXPECT_EQ(error_of("clickhouse://h/db?shards=2"), DiagId::ServerUrlBadOption);         // U0384
  EXPECT_EQ(error_of("clickhouse://h/db?cluster="), DiagId::ServerUrlBadOption);         // U0384
  EXPECT_EQ(error_of("postgres://h/db?cluster=x"), DiagId::ServerUrlBadOption);          // U0384
  EXPECT_EQ(error_of("postgres://u:%zz@h/db"), DiagId::ServerUrlBadOption);              // U0384
  // Usage errors: the command exits with code 2.
  EXPECT_TRUE(diag_info(DiagId::ServerUrlScheme).usage);
  try {
    parse_server_url("postgres://a:1,b:2/db");
  } catch (const RemoteError& e) {
    EXPECT_STREQ(e.what(), "U0383: server URL 'postgres://a:1,b:2/db' names 2 hosts; a postgres:// URL names one");
  }
}

TEST(ServerUrl, Quoting) {
  EXPECT_EQ(quote_identifier(Engine::Postgres, "终本\"案件"), "\"终本\"\"案件\"");
  EXPECT_EQ(quote_identifier(Engine::ClickHouse, "a`b"), "`a\\`b`");
  EXPECT_EQ(quote_literal(Engine::Postgres, "it's \\"), "'it''s \\'");
  EXPECT_EQ(quote_literal(Engine::ClickHouse, "it's \\"), "'it\\'s \\\\'");
  std::string out;
  tsv_escape("a\tb\nc\\d\re", out);
  EXPECT_EQ(out, "a\\tb\\nc\\\\d\\re");
}

}  // namespace
}  // namespace clue::remote
