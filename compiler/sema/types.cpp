#include "compiler/sema/types.h"

namespace clue {
namespace {
struct TypeName {
  TypeKind kind;
  const char* en;
  const char* zh;
};
constexpr TypeName kNames[] = {
    {TypeKind::Text, "text", "文本"},         {TypeKind::Int, "int", "整数"},
    {TypeKind::Decimal, "decimal", "小数"},   {TypeKind::Money, "money", "金额"},
    {TypeKind::Bool, "bool", "布尔"},         {TypeKind::Date, "date", "日期"},
    {TypeKind::Month, "month", "月份"},       {TypeKind::DateTime, "datetime", "日期时间"},
    {TypeKind::IdCard, "idcard", "身份证号"}, {TypeKind::Uscc, "uscc", "信用代码"},
    {TypeKind::CaseNo, "case_no", "案号"},    {TypeKind::Geo, "geo", "坐标"},
    {TypeKind::PartyId, "partyid", "当事人证件号"},
    {TypeKind::List, "list", "列表"},
};
}  // namespace

bool is_numeric(TypeKind k) { return k == TypeKind::Int || k == TypeKind::Decimal || k == TypeKind::Money; }

bool is_orderable(TypeKind k) {
  return is_numeric(k) || k == TypeKind::Text || k == TypeKind::Date || k == TypeKind::Month ||
         k == TypeKind::DateTime || k == TypeKind::CaseNo;
}

static const char* kind_name(TypeKind k) {
  if (k == TypeKind::Error) return "<error>";
  if (k == TypeKind::Null) return "null";
  for (const auto& n : kNames)
    if (n.kind == k) return n.en;
  return "?";
}

std::string type_name(Type t) {
  if (t.kind == TypeKind::List) return std::string("list<") + kind_name(t.element) + ">";
  return kind_name(t.kind);
}

std::string type_name_zh(Type t) {
  auto zh = [](TypeKind k) -> std::string {
    if (k == TypeKind::Error) return "<错误>";
    if (k == TypeKind::Null) return "空值";
    for (const auto& n : kNames)
      if (n.kind == k) return n.zh;
    return "?";
  };
  if (t.kind == TypeKind::List) return "列表<" + zh(t.element) + ">";
  return zh(t.kind);
}

std::optional<TypeKind> type_by_name(std::string_view name) {
  for (const auto& n : kNames)
    if (name == n.en || name == n.zh) return n.kind;
  return std::nullopt;
}

std::vector<TypeSpelling> type_spellings() {
  std::vector<TypeSpelling> out;
  for (const auto& n : kNames) out.push_back({n.en, n.zh});
  return out;
}

TypeKind numeric_result(TypeKind a, TypeKind b) {
  if (a == TypeKind::Money || b == TypeKind::Money) return TypeKind::Money;
  if (a == TypeKind::Decimal || b == TypeKind::Decimal) return TypeKind::Decimal;
  return TypeKind::Int;
}

}  // namespace clue
