// `clue lint` says in one line that it found nothing (issue 13), in text only: JSON and SARIF are
// read by tools and stay exactly as they were; with findings the count of errors and warnings
// is the last line, as before. (The text lines themselves: tests/golden/diagnostics/lint_clean_*.)
#include <gtest/gtest.h>

#include <string>

#include "tests/support/json.h"
#include "tests/support/run_command.h"

namespace {

clue::test::CommandResult lint(const std::string& args) {
  return clue::test::run_command(std::string("'") + CLUE_BINARY + "' lint " + args);
}

TEST(LintResult, OneLineInTextNothingAddedToJsonOrSarif) {
  auto text = lint("--lang en models/due_claims.model models/pension.model");
  EXPECT_EQ(text.exit_code, 0) << text.output;
  EXPECT_EQ(text.output, "2 models checked: no errors, no warnings\n");

  for (const std::string format : {"json", "sarif"}) {
    auto r = lint("--format " + format + " models/due_claims.model");
    EXPECT_EQ(r.exit_code, 0) << r.output;
    std::string err;
    EXPECT_TRUE(clue::test::parse_json(r.output, &err).has_value()) << format << ": " << err << "\n" << r.output;
    EXPECT_EQ(r.output.find("model checked"), std::string::npos);
    EXPECT_EQ(r.output.find("models checked"), std::string::npos);
  }
}

TEST(LintResult, WithFindingsTheCountIsTheLastLine) {
  auto r = lint("--lang en tests/golden/diagnostics/W0201_unused_source.model");
  EXPECT_EQ(r.exit_code, 0) << r.output;
  EXPECT_NE(r.output.find("warning[W0201]"), std::string::npos) << r.output;
  EXPECT_EQ(r.output.find("model checked"), std::string::npos) << r.output;
  EXPECT_EQ(r.output.substr(r.output.rfind('\n', r.output.size() - 2) + 1), "0 errors, 1 warning\n") << r.output;
}

}  // namespace
