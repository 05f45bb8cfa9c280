// The table layout: the ONE definition of how a schema's rows live in a warehouse (PostgreSQL,
// ClickHouse, Trino, Spark). `clue ingest` creates and fills tables by it, the SQL emitter reads
// them by it, and `clue run --on` reads provenance back by it (docs/scale-out.md, "Table layout").
//
// One table per schema, named as the schema is written; one column per field, same name, with a
// representation whose SQL semantics are the engine's (runtime/table/column.h):
//   int, datetime (seconds)             int64
//   money, decimal                      int64 scaled ×10^4 (the engine's exact arithmetic)
//   date                                int32 days since 1970-01-01 (ClickHouse's Date covers only
//                                       1970–2106 and rolls over silently: never used)
//   month                               int32 year*12 + month-1
//   bool                                boolean (ClickHouse: UInt8 0/1)
//   text, case_no, uscc, party_id       text, the normal form (runtime/values)
//   idcard                              text, the 18-character normal form (its order is the
//                                       engine's order of the 17-digit body)
//   geo                                 two float64 columns _clue_lon_<field>, _clue_lat_<field>
// Every column may be NULL (ClickHouse: Nullable). Besides the fields: _clue_file (the file's
// label, as a local run shows it in provenance), _clue_line (int64, the line in that file) and,
// for key fields (idcard, party_id, uscc, case_no), _clue_raw_<field>: the cell's text as exported.
#pragma once
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "compiler/sql/dialect.h"
#include "runtime/plan/plan.h"

namespace clue::sql {

// An identifier quoted as the dialect needs ("x" for PostgreSQL and Trino, `x` for ClickHouse
// and Spark), embedded quote characters doubled.
std::string quote_ident(Dialect d, std::string_view name);
// A string literal: '...' with quotes doubled; ClickHouse and Spark also read backslash escapes
// in literals, so backslashes are doubled there (the regex '\\b' stays \b, not a backspace).
std::string quote_text(Dialect d, std::string_view text);

// The reserved column names.
inline constexpr const char* kFileColumn = "_clue_file";
inline constexpr const char* kLineColumn = "_clue_line";
std::string raw_column(std::string_view field);  // _clue_raw_<field>
std::string lon_column(std::string_view field);  // _clue_lon_<field>
std::string lat_column(std::string_view field);  // _clue_lat_<field>

// True for the fields whose raw text is kept (idcard, party_id, uscc, case_no).
bool is_key_type(TypeKind t);

enum class ColumnRole { Field, GeoLon, GeoLat, Raw, File, Line };
struct ColumnDef {
  std::string name;
  ColumnRole role = ColumnRole::Field;
  int field = -1;        // the schema field (Field, GeoLon, GeoLat, Raw)
  TypeKind type = TypeKind::Text;  // the field's type (Field); Text, Int or Decimal-like otherwise
  std::string sql_type;  // in the dialect, without NULL / Nullable
};
struct TableLayout {
  std::string table;  // the schema's name
  std::vector<ColumnDef> columns;
};

// ClickHouse: the expression a Distributed table shards a table's rows by when they are
// sharded by `column` (of type `t`): cityHash64 of the value, a missing one as '' or 0 (the
// sharding expression may not be Nullable). `clue ingest` creates it, `run --on` recognises it
// in system.tables (sharded_by) to co-locate joins.
std::string sharding_expression(std::string_view column, TypeKind t);
// True when a Distributed table's engine as system.tables shows it (engine_full) shards the
// rows of `<table>_local` of `database` on `cluster` by sharding_expression(column, t); the
// server's quoting and spacing are ignored.
bool sharded_by(std::string_view engine_full, std::string_view cluster, std::string_view database,
                std::string_view table, std::string_view column, TypeKind t);

// The SQL type of a field of type `t` (as stored: see above), without nullability.
std::string column_type(Dialect d, TypeKind t);
// The layout of one source's schema.
TableLayout table_layout(Dialect d, const plan::Source& source);
// CREATE TABLE for the layout. ClickHouse: with `local_suffix` and `cluster` set, the local
// MergeTree table (table + suffix) ON CLUSTER; without, a MergeTree table.
std::string create_table_sql(Dialect d, const TableLayout& t, const std::string& cluster = "",
                             const std::string& local_suffix = "");

}  // namespace clue::sql
