// The built-in functions of the language: their names (English and Chinese), how many
// arguments they take and which types they accept and return. Checked here once, so the
// engines can assume well-typed calls.
#pragma once
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "compiler/sema/types.h"

namespace clue {

enum class ArgRule {
  Text, Int, Numeric, Bool, Date, DateOrDateTime, DateLike /*date, month, datetime*/, IdCard, CaseNo, Geo,
  Any, Orderable, SameAsFirst, StringLiteral,
};

struct Builtin {
  const char* name;     // English, the canonical name in the typed model
  const char* name_zh;  // Chinese alias
  std::vector<ArgRule> args;
  // Result: a fixed kind, or the first argument's type when `result_from_first` is set.
  TypeKind result;
  bool result_from_first = false;
  bool aggregate = false;
  const char* description;
};

const Builtin* find_builtin(std::string_view name);
const std::vector<Builtin>& all_builtins();
bool arg_accepts(ArgRule rule, Type t, Type first);
std::string arg_rule_name(ArgRule rule);

}  // namespace clue
