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
// rules (docs/sharing.md): a semantic version (W0601), a title and an author (W0604), a comment
// saying what each param means (W0605), no absolute or ".." paths (W0606), no division codes,
// case numbers or (in consts) places and court codes (W0608), no unmasked text column named
// like an ID number in an output (W0609). Fixtures (W0607, E0647) are the driver's: it runs them.
void run_share_lint(const FrontEndResult& fe, const SourceManager& sm, DiagnosticSink& sink);
// The comment that says what a declaration means: after it on its line, or on the line above
// ("" when there is none). W0605 asks for one on each param; package.json keeps it.
std::string declaration_comment(const SourceManager& sm, const Span& span);
// Drops warnings silenced by lint:allow comments and reports malformed suppressions.
void apply_suppressions(const FrontEndResult& fe, DiagnosticSink& sink);

}  // namespace clue
