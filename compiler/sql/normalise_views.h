// Normalising views for raw tables already in a warehouse (issue 17, docs/scale-out.md): when
// the exports were loaded as text by someone else's pipeline, `emit-sql` can put a view in front
// of each raw table whose columns are what Clue's own normalisers (runtime/values) make of the
// text: an ID number in its 18-character form (15-digit numbers upgraded, check digit checked),
// dates as days since 1970-01-01 (2022-03-01, 2022/3/1, 2022.3.1, 2022年3月1日, 二〇二二年三月
// 一日, 20220301, with or without a time of day; months and date-times likewise), amounts as integers scaled by 10^4 (1,234.50元,
// ¥1234.5, (1,234.00), and 1.2万 where the field allows it) and text with full-width letters and
// digits folded, trimmed, middle dots unified.
//
// Plain SQL per dialect, no user-defined functions: a view is nested SELECTs of regular
// expressions and integer arithmetic. A value the engine's normaliser rejects (or an empty
// cell) is NULL; the differential test (tests/unit/remote_views_test.cpp) runs the value
// corpora through both and requires identical results on PostgreSQL and ClickHouse. Trino and
// Spark SQL are golden-filed (tests/golden/sql/views/) and syntax-checked.
#pragma once
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "compiler/diag/diagnostic.h"
#include "compiler/sql/dialect.h"
#include "runtime/plan/types.h"

namespace clue::sql {

// The normalisers with an SQL form.
enum class NormalForm {
  Text,     // values::normalize_text                       -> text
  Int,      // values::parse_int                            -> bigint
  Bool,     // values::parse_bool (the field's words)        -> integer 1 / 0 (ClickHouse has no boolean)
  Uscc,     // values::parse_uscc                           -> text, 18 characters
  PartyId,  // values::parse_party_id (ID number, else USCC)  -> text, 18 characters
  IdCard,   // values::parse_idcard, to_string              -> text, 18 characters
  Date,     // values::parse_date                           -> integer, days since 1970-01-01
  Month,    // values::parse_month                          -> integer, year * 12 + month - 1
  DateTime, // values::parse_datetime                       -> bigint, seconds since 1970-01-01 00:00
  Decimal,  // values::parse_decimal (money and decimal)    -> bigint, value * 10^4
};

// The form of a field type; nullopt for a type with no SQL normaliser (the caller reports
// E0834 NoNormalisingView naming the field).
std::optional<NormalForm> normal_form_of(TypeKind type);

struct RawColumn {
  std::string name;       // the raw table's column (text) and the view's normalised column
  NormalForm form = NormalForm::Text;
  bool allow_wan_units = false;  // Decimal: 1.2万 / 3亿 (the field's `allow 万` option)
  // Bool: the field's words; empty: values::BoolSpec::defaults().
  std::vector<std::string> true_words = {}, false_words = {};
};

// A raw table's field as the schema declares it.
struct ViewField {
  std::string name;
  TypeKind type = TypeKind::Text;
  bool allow_wan_units = false;
  std::vector<std::string> true_words = {}, false_words = {};  // bool fields; empty: the defaults
};

// E0834 NoNormalisingView: args fill the code's {0}..{3} (field, schema, type, dialect).
struct ViewError : std::runtime_error {
  ViewError(DiagId id, std::vector<std::string> args);
  DiagId id;
  std::vector<std::string> args;
};

// The view's columns for the fields of `schema`; throws ViewError for a field whose type has no
// normalising SQL (never a column silently left raw).
std::vector<RawColumn> view_columns(Dialect dialect, std::string_view schema, const std::vector<ViewField>& fields);

// CREATE VIEW `view` AS a SELECT over `raw_table` with, for every column, its normalised value
// under the column's name and the raw text as _clue_raw_<name>. Identifiers are quoted for the
// dialect. One statement, ending in ";".
std::string normalising_view(Dialect dialect, std::string_view view, std::string_view raw_table,
                             const std::vector<RawColumn>& columns);

}  // namespace clue::sql
