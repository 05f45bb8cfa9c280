// An inline table (`table T {...} rows {...}`, docs/language.md "Inline tables") in SQL: its
// rows written into the statement, in the table layout's representation (layout.h), so a
// warehouse needs no table for it. PostgreSQL, Trino and Spark: (VALUES ...) AS t(cols);
// ClickHouse 18.16 has no VALUES in a query: SELECT ... UNION ALL SELECT ... instead.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "compiler/sql/dialect.h"
#include "runtime/plan/plan.h"

namespace clue::sql {

// One column the scan reads: a field of the table and the name the statement gives it.
struct InlineColumn {
  int field = -1;
  std::string as;
};

// A SELECT giving `columns` and the provenance columns `file_as` (the model file's name) and
// `line_as` (the row's line in it) for every row of `table`. On a value the dialect cannot
// hold (a datetime: the layout has no literal form for it yet) returns nullopt and sets `what`.
std::optional<std::string> inline_table_sql(Dialect d, const plan::Source& table, const std::vector<InlineColumn>& columns,
                                            const std::string& file_as, const std::string& line_as, std::string& what);

}  // namespace clue::sql
