#include "compiler/plan/pipeline.h"

#include <algorithm>

#include "compiler/plan/builder.h"
#include "compiler/plan/passes/passes.h"
#include "runtime/exec/eval.h"
#include "runtime/table/column.h"

namespace clue::planner {
namespace {

struct Pass {
  PassInfo info;
  void (*run)(plan::Plan&);
  bool physical;  // runs on the physical plan
};

const std::vector<Pass>& pipeline() {
  static const std::vector<Pass> kPasses = {
      {{"fold-constants", "literal arithmetic, comparisons, and/or/not and if with a literal side"},
       passes::fold_constants, false},
      {{"join-keys", "split each join's `on` into hash keys, a distance condition and the residual"},
       passes::extract_join_keys, false},
      {{"push-down", "filters reading only a joined source run on it before the join"},
       passes::push_down_filters, false},
      {{"prune-columns", "parse only the fields read; those only printed are parsed late, for the leads"},
       passes::prune_columns, false},
      {{"build-side", "inner hash joins build on the smaller side, as measured when they run"},
       passes::choose_build_side, true},
  };
  return kPasses;
}

// The physical operators: what each join runs as, and whether its key can be read in place.
// `e is null`: run where `e` dropped rows, it counts those dropped for a missing value.
plan::ExprPtr is_null(const plan::Expr& e) {
  auto x = std::make_unique<plan::Expr>();
  x->kind = plan::ExprKind::IsNull;
  x->type = Type::of(TypeKind::Bool);
  x->loc = e.loc;
  x->args.push_back(plan::clone(e));
  return x;
}

void choose_operators(plan::Plan& p) {
  for (plan::Node& n : p.nodes) {
    if ((n.kind == plan::NodeKind::Filter || n.kind == plan::NodeKind::Join) && n.condition)
      n.null_check = is_null(*n.condition);
    if (n.kind != plan::NodeKind::Join) continue;
    n.pushed_null_checks.clear();
    for (const auto& e : n.pushed) n.pushed_null_checks.push_back(is_null(*e));
    n.algo = !n.keys.empty() ? plan::JoinAlgo::Hash : n.distance ? plan::JoinAlgo::Grid : plan::JoinAlgo::NestedLoop;
    // One key that is a plain column of the joined source stored as int64 (int, money,
    // decimal, datetime, idcard), of the other side's type: the join reads the loaded column
    // itself (when it is loaded and nothing is pushed down), not a copy of it. A partyid column
    // too: its int64 keys are computed from the stored characters (exec/hash_join.h).
    n.key_in_place = false;
    if (n.algo == plan::JoinAlgo::Hash && n.keys.size() == 1 && n.how != plan::JoinKind::Cross && !plan::joins_relation(n)) {
      const plan::Expr& r = *n.keys[0].right;
      const plan::Expr& l = *n.keys[0].left;
      n.key_in_place = r.kind == plan::ExprKind::Column && r.binding == n.binding && l.type == r.type &&
                       (rt::phys_of(exec::to_logical(r.type.kind)) == rt::Phys::I64 || r.type.is(TypeKind::PartyId));
    }
  }
  p.physical = true;
}

}  // namespace

const std::vector<PassInfo>& pass_list() {
  static const std::vector<PassInfo> kInfo = [] {
    std::vector<PassInfo> v;
    for (const auto& p : pipeline()) v.push_back(p.info);
    return v;
  }();
  return kInfo;
}

bool is_pass(const std::string& name) {
  return std::any_of(pipeline().begin(), pipeline().end(), [&](const Pass& p) { return name == p.info.name; });
}

void run_logical_passes(plan::Plan& p, const PlanOptions& o) {
  for (const auto& pass : pipeline()) {
    if (pass.physical || o.disabled.count(pass.info.name)) continue;
    pass.run(p);
    p.passes.push_back(pass.info.name);
  }
}

plan::Plan plan_physical(const plan::Plan& logical, const PlanOptions& o) {
  plan::Plan p = plan::clone(logical);
  for (const auto& pass : pipeline()) {
    if (!pass.physical || o.disabled.count(pass.info.name)) continue;
    pass.run(p);
    p.passes.push_back(pass.info.name);
  }
  choose_operators(p);
  return p;
}

Plans plan_model(const typed::Model& m, const PlanOptions& o) {
  Plans out;
  out.logical = build_logical(m);
  run_logical_passes(out.logical, o);
  out.physical = plan_physical(out.logical, o);
  return out;
}

}  // namespace clue::planner
