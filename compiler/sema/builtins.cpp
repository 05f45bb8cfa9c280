#include "compiler/sema/builtins.h"

namespace clue {
namespace {
using A = ArgRule;
using K = TypeKind;

const std::vector<Builtin>& table() {
  static const std::vector<Builtin> kTable = {
      // text
      {"contains", "包含", {A::Text, A::Text}, K::Bool, false, false, "text contains a substring"},
      {"starts_with", "开头是", {A::Text, A::Text}, K::Bool, false, false, "text starts with a prefix"},
      {"ends_with", "结尾是", {A::Text, A::Text}, K::Bool, false, false, "text ends with a suffix"},
      {"matches", "匹配", {A::Text, A::StringLiteral}, K::Bool, false, false, "text matches an RE2 regular expression"},
      {"length", "长度", {A::Text}, K::Int, false, false, "number of characters"},
      {"text", "转文本", {A::Any}, K::Text, false, false, "the value's normal form as text"},
      {"coalesce", "取非空", {A::Any, A::SameAsFirst}, K::Error, true, false, "the first argument unless it is null"},
      // dates
      {"add_days", "加天数", {A::Date, A::Int}, K::Date, false, false, "date plus a number of days"},
      {"add_months", "加月数", {A::DateLike, A::Int}, K::Error, true, false, "date or month plus months (clamped to month end)"},
      {"days_between", "相差天数", {A::Date, A::Date}, K::Int, false, false, "days from the first date to the second"},
      {"year", "年份", {A::DateLike}, K::Int, false, false, "calendar year"},
      {"month", "月", {A::DateLike}, K::Int, false, false, "month number 1-12"},
      {"to_month", "所在月份", {A::DateLike}, K::Month, false, false, "the month a date falls in"},
      {"to_date", "转日期", {A::DateOrDateTime}, K::Date, false, false, "the date part of a datetime"},
      // ID numbers and case numbers
      {"birth_date", "出生日期", {A::IdCard}, K::Date, false, false, "birth date encoded in an ID number"},
      {"age", "年龄", {A::IdCard, A::Date}, K::Int, false, false, "age in whole years at a date"},
      {"gender", "性别", {A::IdCard}, K::Text, false, false, "男 or 女, from the ID's sequence digit"},
      {"region", "地区码", {A::IdCard}, K::Text, false, false, "6-digit region code"},
      {"case_year", "案件年度", {A::CaseNo}, K::Int, false, false, "year of a case number"},
      {"court_code", "法院代字", {A::CaseNo}, K::Text, false, false, "court code of a case number, e.g. 浙0803"},
      {"case_type", "案件类型", {A::CaseNo}, K::Text, false, false, "type word of a case number, e.g. 执, 民初"},
      {"mask", "脱敏", {A::IdCard}, K::Text, false, false, "ID number with the birth date and sequence hidden"},
      // geo
      {"distance", "距离", {A::Geo, A::Geo}, K::Decimal, false, false, "great-circle distance in metres (WGS-84)"},
      // aggregates
      {"count", "计数", {}, K::Int, false, true, "number of rows (or of non-null values)"},
      {"sum", "求和", {A::Numeric}, K::Error, true, true, "sum of non-null values"},
      {"min", "最小值", {A::Orderable}, K::Error, true, true, "smallest non-null value"},
      {"max", "最大值", {A::Orderable}, K::Error, true, true, "largest non-null value"},
  };
  return kTable;
}
}  // namespace

const std::vector<Builtin>& all_builtins() { return table(); }

const Builtin* find_builtin(std::string_view name) {
  for (const auto& b : table())
    if (name == b.name || name == b.name_zh) return &b;
  return nullptr;
}

bool arg_accepts(ArgRule rule, Type t, Type first) {
  if (t.is_error() || t.is(TypeKind::Null)) return true;
  switch (rule) {
    case A::Text: case A::StringLiteral: return t.is(K::Text);
    case A::Int: return t.is(K::Int);
    case A::Numeric: return is_numeric(t.kind);
    case A::Bool: return t.is(K::Bool);
    case A::Date: return t.is(K::Date);
    case A::DateOrDateTime: return t.is(K::Date) || t.is(K::DateTime);
    case A::DateLike: return t.is(K::Date) || t.is(K::Month) || t.is(K::DateTime);
    case A::IdCard: return t.is(K::IdCard);
    case A::CaseNo: return t.is(K::CaseNo);
    case A::Geo: return t.is(K::Geo);
    case A::Any: return !t.is(K::List);
    case A::Orderable: return is_orderable(t.kind);
    case A::SameAsFirst: return first.is_error() || t == first || (is_numeric(t.kind) && is_numeric(first.kind));
  }
  return false;
}

std::string arg_rule_name(ArgRule rule) {
  switch (rule) {
    case A::Text: return "text";
    case A::StringLiteral: return "a text literal";
    case A::Int: return "int";
    case A::Numeric: return "int, decimal or money";
    case A::Bool: return "bool";
    case A::Date: return "date";
    case A::DateOrDateTime: return "date or datetime";
    case A::DateLike: return "date, month or datetime";
    case A::IdCard: return "idcard";
    case A::CaseNo: return "case_no";
    case A::Geo: return "geo";
    case A::Any: return "a single value";
    case A::Orderable: return "an orderable value";
    case A::SameAsFirst: return "the first argument's type";
  }
  return "?";
}

}  // namespace clue
