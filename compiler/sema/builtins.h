// The built-in functions of the language: how many arguments they take and which types they
// accept and return. Checked here once, so the engines can assume well-typed calls. The
// builtins themselves (their names, English and Chinese, and which are aggregates) are listed
// once, in runtime/plan/builtins.def; this is the front end's table of their signatures,
// keyed by plan::Fn.
#pragma once
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "compiler/sema/types.h"
#include "runtime/plan/expr.h"

namespace clue {

enum class ArgRule {
  Text, Int, Numeric, Bool, Date, DateOrDateTime, DateLike /*date, month, datetime*/, IdCard, CaseNo, Geo,
  PartyId, IdCardOrPartyId,
  Any, Orderable, SameAsFirst, StringLiteral /*an RE2 pattern, checked*/,
  TextConstant /*a text literal: a separator*/, DigitsLiteral /*an int literal 0-4*/, NumericOrText,
};

struct Builtin {
  plan::Fn fn;
  std::vector<ArgRule> args;
  // Result: a fixed kind, or the first argument's type when `result_from_first` is set.
  TypeKind result;
  bool result_from_first = false;
  const char* description;
  // The last argument rule repeats: concat_ws(sep, a, b, c ...), at least args.size() arguments.
  bool variadic = false;

  const char* name() const { return plan::fn_name(fn); }        // English, as in builtins.def
  const char* name_zh() const { return plan::fn_name_zh(fn); }  // Chinese alias
  bool aggregate() const { return plan::fn_is_aggregate(fn); }
};

// The builtin callable as `name` (English or Chinese). count_distinct has no signature of its
// own and no callable name: it is what `count(distinct x)` becomes.
const Builtin* find_builtin(std::string_view name);
// The signature of `fn`; null for Fn::CountDistinct and Fn::SumDistinct (checked as count and
// sum) and Fn::None.
const Builtin* find_builtin(plan::Fn fn);
// Every signature, in builtins.def order.
const std::vector<Builtin>& all_builtins();
bool arg_accepts(ArgRule rule, Type t, Type first);
std::string arg_rule_name(ArgRule rule);

}  // namespace clue
