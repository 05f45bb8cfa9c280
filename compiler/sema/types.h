// The value types of the model language. Types are few and closed: each one has exactly one
// parser and one normal form in the runtime (docs/data.md), which is what makes matching on
// IDs and case numbers reliable.
#pragma once
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "runtime/plan/types.h"

namespace clue {

bool is_numeric(TypeKind k);
bool is_orderable(TypeKind k);  // supports < <= > >= and min/max
std::string type_name(Type t);
std::string type_name_zh(Type t);  // 身份证号, 列表<文本>, ...
// English names and their Chinese aliases: "text"/"文本", "idcard"/"身份证号", ...
std::optional<TypeKind> type_by_name(std::string_view name);
// Every type's two spellings, in the order above (editors complete them).
struct TypeSpelling {
  const char* en;
  const char* zh;
};
std::vector<TypeSpelling> type_spellings();
// The type two numeric operands produce: money if either is money, else decimal, else int.
TypeKind numeric_result(TypeKind a, TypeKind b);

}  // namespace clue
