#include "compiler/sql/layout.h"

namespace clue::sql {

std::string quote_ident(Dialect d, std::string_view name) {
  const char q = d == Dialect::ClickHouse || d == Dialect::Spark ? '`' : '"';
  std::string out(1, q);
  for (char c : name) {
    if (c == q) out += q;
    out += c;
  }
  out += q;
  return out;
}

std::string quote_text(Dialect d, std::string_view text) {
  const bool backslash = d == Dialect::ClickHouse || d == Dialect::Spark;
  std::string out = "'";
  for (char c : text) {
    if (c == '\'') out += backslash ? "\\'" : "''";
    else if (c == '\\' && backslash) out += "\\\\";
    else out += c;
  }
  out += "'";
  return out;
}

std::string raw_column(std::string_view field) { return "_clue_raw_" + std::string(field); }
std::string lon_column(std::string_view field) { return "_clue_lon_" + std::string(field); }
std::string lat_column(std::string_view field) { return "_clue_lat_" + std::string(field); }

bool is_key_type(TypeKind t) {
  return t == TypeKind::IdCard || t == TypeKind::PartyId || t == TypeKind::Uscc || t == TypeKind::CaseNo;
}

std::string sharding_expression(std::string_view column, TypeKind t) {
  const bool text = t == TypeKind::Text || is_key_type(t);
  return "cityHash64(ifNull(" + quote_ident(Dialect::ClickHouse, column) + (text ? ", ''))" : ", 0))");
}

bool sharded_by(std::string_view engine_full, std::string_view cluster, std::string_view database,
                std::string_view table, std::string_view column, TypeKind t) {
  // The server writes names bare or in backquotes and may escape the quotes: compare without
  // backquotes, backslashes and spaces.
  auto squeeze = [](std::string_view s) {
    std::string out;
    for (char c : s)
      if (c != '`' && c != '\\' && c != ' ') out += c;
    return out;
  };
  const std::string want = "Distributed(" + std::string(cluster) + ", " + std::string(database) + ", " +
                           std::string(table) + "_local, " + sharding_expression(column, t) + ")";
  return squeeze(engine_full) == squeeze(want);
}

std::string column_type(Dialect d, TypeKind t) {
  const bool ch = d == Dialect::ClickHouse;
  switch (t) {
    case TypeKind::Int: case TypeKind::Money: case TypeKind::Decimal: case TypeKind::DateTime:
      return ch ? "Int64" : "BIGINT";
    case TypeKind::Date: case TypeKind::Month:
      return ch ? "Int32" : "INTEGER";
    case TypeKind::Bool:
      return ch ? "UInt8" : "BOOLEAN";
    case TypeKind::Geo:
      return ch ? "Float64" : "DOUBLE PRECISION";
    default:
      // Text compares byte-wise in the engine: PostgreSQL needs the C collation for that.
      if (ch) return "String";
      if (d == Dialect::Postgres) return "TEXT COLLATE \"C\"";
      return d == Dialect::Spark ? "STRING" : "VARCHAR";
  }
}

TableLayout table_layout(Dialect d, const plan::Source& source) {
  TableLayout t;
  t.table = source.schema;
  const std::string dbl = d == Dialect::ClickHouse ? "Float64" : d == Dialect::Postgres ? "DOUBLE PRECISION" : "DOUBLE";
  for (size_t f = 0; f < source.fields.size(); ++f) {
    const plan::Field& fd = source.fields[f];
    if (fd.type.kind == TypeKind::Geo) {
      t.columns.push_back({lon_column(fd.name), ColumnRole::GeoLon, int(f), TypeKind::Geo, dbl});
      t.columns.push_back({lat_column(fd.name), ColumnRole::GeoLat, int(f), TypeKind::Geo, dbl});
    } else {
      t.columns.push_back({fd.name, ColumnRole::Field, int(f), fd.type.kind, column_type(d, fd.type.kind)});
    }
  }
  for (size_t f = 0; f < source.fields.size(); ++f)
    if (is_key_type(source.fields[f].type.kind))
      t.columns.push_back({raw_column(source.fields[f].name), ColumnRole::Raw, int(f), TypeKind::Text,
                           column_type(d, TypeKind::Text)});
  t.columns.push_back({kFileColumn, ColumnRole::File, -1, TypeKind::Text, column_type(d, TypeKind::Text)});
  t.columns.push_back({kLineColumn, ColumnRole::Line, -1, TypeKind::Int, column_type(d, TypeKind::Int)});
  return t;
}

std::string create_table_sql(Dialect d, const TableLayout& t, const std::string& cluster,
                             const std::string& local_suffix) {
  const bool ch = d == Dialect::ClickHouse;
  std::string name = quote_ident(d, t.table + local_suffix);
  std::string s = "CREATE TABLE " + name;
  if (ch && !cluster.empty()) s += " ON CLUSTER " + quote_ident(d, cluster);
  s += " (\n";
  for (size_t i = 0; i < t.columns.size(); ++i) {
    const ColumnDef& c = t.columns[i];
    // Provenance is always there; every other value may be missing (SQL NULL).
    const bool not_null = c.role == ColumnRole::File || c.role == ColumnRole::Line;
    std::string type = ch && !not_null ? "Nullable(" + c.sql_type + ")" : c.sql_type;
    s += "  " + quote_ident(d, c.name) + " " + type + (not_null && !ch ? " NOT NULL" : "");
    s += i + 1 < t.columns.size() ? ",\n" : "\n";
  }
  s += ")";
  if (ch) s += " ENGINE = MergeTree() ORDER BY (" + quote_ident(d, kFileColumn) + ", " + quote_ident(d, kLineColumn) + ")";
  return s;
}

}  // namespace clue::sql
