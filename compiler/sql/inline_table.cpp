#include "compiler/sql/inline_table.h"

#include "compiler/sql/layout.h"
#include "runtime/values/datetime.h"
#include "runtime/values/decimal.h"

namespace clue::sql {
namespace {

// One cell (checked and normalised by the checker, "" = null) as the layout stores its type,
// cast to the column's type so that a column of nulls, or of ints in a decimal column, has
// the one type a VALUES list or UNION ALL needs.
std::optional<std::string> cell_sql(Dialect d, TypeKind t, const std::string& text, std::string& what) {
  const bool ch = d == Dialect::ClickHouse;
  std::string type = column_type(d, t);
  if (ch) type = "Nullable(" + type + ")";
  // PostgreSQL's text column type carries its collation (TEXT COLLATE "C", so that text sorts
  // byte-wise as the engine's does); a cast takes the type alone, the collation follows it.
  std::string collate;
  if (const size_t at = type.find(" COLLATE "); at != std::string::npos) {
    collate = type.substr(at);
    type = type.substr(0, at);
  }
  auto cast = [&](const std::string& v) { return "CAST(" + v + " AS " + type + ")" + collate; };
  if (text.empty()) return cast("NULL");
  switch (t) {
    case TypeKind::Int: return cast(text);
    case TypeKind::Decimal: case TypeKind::Money: {
      auto p = values::parse_decimal(text);
      if (!p.ok()) break;
      return cast(std::to_string(p.value().raw));
    }
    case TypeKind::Date: {
      auto p = values::parse_date(text);
      if (!p.ok()) break;
      return cast(std::to_string(int64_t(p.value())));
    }
    case TypeKind::Month: {
      if (text.size() < 7) break;
      const int y = std::stoi(text.substr(0, 4)), m = std::stoi(text.substr(5, 2));
      return cast(std::to_string(int64_t(y) * 12 + m - 1));
    }
    case TypeKind::Bool: {
      const bool v = text == "true";
      return cast(ch ? (v ? "1" : "0") : (v ? "TRUE" : "FALSE"));
    }
    case TypeKind::Text: case TypeKind::IdCard: case TypeKind::Uscc: case TypeKind::CaseNo: case TypeKind::PartyId:
      return cast(quote_text(d, text));
    default: break;
  }
  what = std::string(t == TypeKind::DateTime ? "a datetime" : "a") + " column of an inline table (value " + text + ")";
  return std::nullopt;
}

}  // namespace

std::optional<std::string> inline_table_sql(Dialect d, const plan::Source& table, const std::vector<InlineColumn>& columns,
                                            const std::string& file_as, const std::string& line_as, std::string& what) {
  // Every row's cells, then its provenance: the model file and the row's line in it.
  std::vector<std::vector<std::string>> rows;
  for (size_t r = 0; r < table.rows.size(); ++r) {
    std::vector<std::string> row;
    for (const InlineColumn& c : columns) {
      const TypeKind t = table.fields[size_t(c.field)].type.kind;
      auto v = cell_sql(d, t, table.rows[r][size_t(c.field)], what);
      if (!v) return std::nullopt;
      row.push_back(*v);
    }
    row.push_back(quote_text(d, table.file));
    row.push_back("CAST(" + std::to_string(r < table.row_lines.size() ? table.row_lines[r] : 0) + " AS " +
                  column_type(d, TypeKind::Int) + ")");
    rows.push_back(std::move(row));
  }
  std::vector<std::string> names;
  for (const InlineColumn& c : columns) names.push_back(quote_ident(d, c.as));
  names.push_back(quote_ident(d, file_as));
  names.push_back(quote_ident(d, line_as));
  std::string sql;
  if (d == Dialect::ClickHouse) {
    for (size_t r = 0; r < rows.size(); ++r) {
      sql += r ? "\nUNION ALL SELECT " : "SELECT ";
      for (size_t k = 0; k < rows[r].size(); ++k) sql += (k ? ", " : "") + rows[r][k] + " AS " + names[k];
    }
    return "SELECT * FROM (" + sql + ")";
  }
  sql = "SELECT * FROM (VALUES";
  for (size_t r = 0; r < rows.size(); ++r) {
    sql += r ? ",\n  (" : "\n  (";
    for (size_t k = 0; k < rows[r].size(); ++k) sql += (k ? ", " : "") + rows[r][k];
    sql += ")";
  }
  sql += ") AS " + quote_ident(d, "_clue_" + table.name) + "(";
  for (size_t k = 0; k < names.size(); ++k) sql += (k ? ", " : "") + names[k];
  return sql + ")";
}

}  // namespace clue::sql
