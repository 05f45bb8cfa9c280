// The test servers of tools/local-cluster (PostgreSQL, the two-shard ClickHouse) for the tests
// that run SQL on a real server. tools/test starts them and exports CLUE_TEST_PG_URL and
// CLUE_TEST_CH_URL; while iterating, `tools/local-cluster start` and `source
// /tmp/clue-cluster/env`. Without the variable a test is skipped on a developer's machine but
// FAILS in CI (CI=true), so CI can never pass by skipping the servers.
#pragma once
#include <gtest/gtest.h>

#include <cstdlib>
#include <string>

namespace clue::test {

// The URL in environment variable `var`, or "" after recording a skip (developer) or a failure
// (CI): call it as `const std::string url = server_url("CLUE_TEST_PG_URL"); if (url.empty()) return;`
// directly in the TEST body (GTEST_SKIP only skips from there).
inline std::string server_url_or_empty(const char* var) {
  const char* v = std::getenv(var);
  return v && *v ? std::string(v) : std::string();
}
inline bool in_ci() {
  const char* ci = std::getenv("CI");
  return ci && std::string(ci) == "true";
}

}  // namespace clue::test

// In a TEST body: `CLUE_NEED_SERVER(url, "CLUE_TEST_PG_URL");` declares `url` or returns.
#define CLUE_NEED_SERVER(url, var)                                                                 \
  const std::string url = ::clue::test::server_url_or_empty(var);                                \
  if (url.empty()) {                                                                             \
    if (::clue::test::in_ci()) FAIL() << var << " is not set: CI must run the server tests "     \
                                                "(tools/test starts tools/local-cluster)";       \
    GTEST_SKIP() << var << " is not set (tools/local-cluster start; source /tmp/clue-cluster/env)"; \
  }
