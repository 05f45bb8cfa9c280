// A `where` of several conjuncts (`a and b and c`) evaluated one conjunct at a time, each only
// on the rows no conjunct before it made false. credit_card_lending's
// `案由 in … and 文书类型 in … and matches(正文, …)` ran the regular expression over every
// judgment (and once more for the count of rows dropped for a null); most are dropped by the
// two `in` lists, so the regex now reads about a fifth of the text.
//
// Same result as evaluating the whole condition: under three-valued logic `a and b` is false
// when either side is false, else null when either is null, else true, whatever the order.
// What order can change is which rows an expression is evaluated on at all, so only
// expressions that cannot stop the run (no arithmetic that may overflow, no date builtin that
// may leave the calendar: exec/overflow.h, exec/value_range.h) are skipped or moved.
#pragma once
#include <vector>

#include "runtime/plan/expr.h"

namespace clue::exec {

// The order to evaluate `cond`'s conjuncts in, or empty when evaluating the whole condition
// at once is as good: one conjunct, or none that scans text (a call such as matches or
// contains) after a cheaper one, or a conjunct that could stop the run would be skipped.
// When every conjunct is safe, those without a call come first (stable); otherwise the
// written order is kept and only the first may be unsafe.
std::vector<const plan::Expr*> short_circuit_order(const plan::Expr& cond);

// True when evaluating `e` can never throw (stop the run) for any row.
bool cannot_stop_run(const plan::Expr& e);

// True when `e` calls a builtin (the conjuncts short_circuit_order puts last; the JIT
// compiles none). compiler/plan's prune-columns parses the fields that only such a conjunct
// after the first reads late, for the rows the conjuncts before it kept.
bool has_call(const plan::Expr& e);

}  // namespace clue::exec
