// The SQL dialects Clue writes (issue 17, docs/scale-out.md): the emitter of the plan and the
// normalising views both take one of these. PostgreSQL and ClickHouse run here (tools/
// local-cluster); Trino and Spark SQL are golden-filed and syntax-checked only.
#pragma once
#include <optional>
#include <string_view>

namespace clue::sql {

enum class Dialect { Postgres, ClickHouse, Trino, Spark };

inline constexpr Dialect kAllDialects[] = {Dialect::Postgres, Dialect::ClickHouse, Dialect::Trino, Dialect::Spark};

// "postgres", "clickhouse", "trino", "spark": the --dialect values and golden file suffixes.
constexpr std::string_view dialect_name(Dialect d) {
  switch (d) {
    case Dialect::Postgres: return "postgres";
    case Dialect::ClickHouse: return "clickhouse";
    case Dialect::Trino: return "trino";
    case Dialect::Spark: return "spark";
  }
  return "postgres";
}

constexpr std::optional<Dialect> parse_dialect(std::string_view name) {
  for (Dialect d : kAllDialects) {
    if (dialect_name(d) == name) return d;
  }
  return std::nullopt;
}

}  // namespace clue::sql
