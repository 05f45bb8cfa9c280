// The plan passes, run by one pipeline in a fixed order (`clue explain --list-passes` prints
// it): each pass is a file in compiler/plan/passes/ and stores its decisions in the nodes they
// concern. Any pass may be switched off (`--disable-pass NAME`); the leads stay the same, only
// the work done to find them changes (tests/unit/plan_passes_test.cpp checks every pass).
#pragma once
#include <set>
#include <string>
#include <vector>

#include "compiler/sema/typed_model.h"
#include "runtime/plan/plan.h"

namespace clue::planner {

struct PassInfo {
  const char* name;
  const char* what;  // one line for --list-passes
};
// The pipeline, in the order it runs.
const std::vector<PassInfo>& pass_list();
bool is_pass(const std::string& name);

struct PlanOptions {
  std::set<std::string> disabled;  // pass names
};

// The logical passes (folding, join keys, push-down, column pruning) on `p` in place.
void run_logical_passes(plan::Plan& p, const PlanOptions& o);
// The physical plan: a copy of the logical plan with each join's algorithm, build side and
// in-place key chosen (the build-side pass, when enabled, and the physical planner).
plan::Plan plan_physical(const plan::Plan& logical, const PlanOptions& o);

// Everything at once, as every command uses it: build, passes, physical plan.
struct Plans {
  plan::Plan logical;   // after the logical passes
  plan::Plan physical;
};
Plans plan_model(const typed::Model& m, const PlanOptions& o = {});

}  // namespace clue::planner
