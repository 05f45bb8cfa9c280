// Style and correctness rules that go beyond type checking: unused things, suspicious
// conditions, and what makes a model safe to share (metadata, no jurisdiction-specific
// literals, no unmasked ID numbers). Each rule is a registered warning code and can be
// silenced on one line with `# lint:allow(CODE) reason`.
#pragma once
#include "compiler/diag/diagnostic.h"
#include "compiler/sema/frontend.h"

namespace clue {

void run_lint(const FrontEndResult& fe, DiagnosticSink& sink);
// `clue lint --profile share`: what a model sent to other offices needs besides run_lint's
// rules: a semantic version (W0601). (The rest of issue 16's profile is not built yet.)
void run_share_lint(const FrontEndResult& fe, DiagnosticSink& sink);
// Drops warnings silenced by lint:allow comments and reports malformed suppressions.
void apply_suppressions(const FrontEndResult& fe, DiagnosticSink& sink);

}  // namespace clue
