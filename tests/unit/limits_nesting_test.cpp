// Hostile models, part 1: nesting. Each of these overflowed the stack (SIGSEGV) somewhere —
// in ANTLR, the checker, the linter, folding, the planner or an engine — before the limits of
// compiler/syntax/limits.h; now each is a coded error, and models at the limits run in both
// engines. A crash shows as exit 139 (or -1), never as the expected 1.
#include <gtest/gtest.h>

#include "compiler/syntax/limits.h"
#include "tests/support/hostile_model.h"

namespace clue {
namespace {

using test::hostile_head;
using test::repeat;

std::string where_model(const std::string& condition) {
  return hostile_head() + "leads = s\n  where " + condition + "\noutput leads { s.a }\n";
}

bool has(const test::CommandResult& r, const std::string& code) {
  return r.output.find("[" + code + "]") != std::string::npos;
}

TEST(LimitsNesting, TenThousandParenthesesAreE0115) {
  test::ScratchDir dir("parens");
  auto r = test::clue("lint --lang en " + dir.write("m.model", where_model(repeat("(", 10000) + "s.a > 1" + repeat(")", 10000))));
  EXPECT_EQ(r.exit_code, 1) << r.output.substr(0, 2000);
  EXPECT_TRUE(has(r, "E0115"));
  EXPECT_LT(r.output.size(), 4000u) << "the snippet of a long line is cut";
}

TEST(LimitsNesting, HundredThousandNotsAreE0115) {
  test::ScratchDir dir("nots");
  auto r = test::clue("lint --lang en " + dir.write("m.model", where_model(repeat("not ", 100000) + "s.a > 1")));
  EXPECT_EQ(r.exit_code, 1) << r.output.substr(0, 2000);
  EXPECT_TRUE(has(r, "E0115"));
}

TEST(LimitsNesting, TwentyThousandNestedIfsAreE0115) {
  test::ScratchDir dir("ifs");
  std::string cond;
  for (int i = 0; i < 20000; ++i) cond += "if s.a > " + std::to_string(i) + " then false else ";
  auto r = test::clue("lint --lang en " + dir.write("m.model", where_model(cond + "true")));
  EXPECT_EQ(r.exit_code, 1) << r.output.substr(0, 2000);
  EXPECT_TRUE(has(r, "E0115"));
}

TEST(LimitsNesting, NestedListTypesAreE0115) {
  test::ScratchDir dir("types");
  auto r = test::clue("lint --lang en " + dir.write("m.model", hostile_head() + "param p: " + repeat("list<", 10000) +
                                                                    "int" + repeat(">", 10000) + "\n"));
  EXPECT_EQ(r.exit_code, 1) << r.output.substr(0, 2000);
  EXPECT_TRUE(has(r, "E0115"));
}

TEST(LimitsNesting, SumsOfTenThousandAndHundredThousandTermsAreE0116) {
  for (int terms : {10000, 100000}) {
    test::ScratchDir dir("sum");
    std::string sum = "s.a";
    for (int i = 1; i < terms; ++i) sum += " + s.a";
    auto r = test::clue("lint --lang en " + dir.write("m.model", where_model(sum + " > 1")));
    EXPECT_EQ(r.exit_code, 1) << terms << ": " << r.output.substr(0, 2000);
    EXPECT_TRUE(has(r, "E0116")) << terms;
  }
}

TEST(LimitsNesting, ChainsOfHundredThousandRelationsAreE0331InEitherOrder) {
  for (bool reversed : {false, true}) {
    test::ScratchDir dir("chain");
    std::string rels;
    for (int k = 1; k < 100000; ++k) {
      int i = reversed ? 100000 - k : k;
      rels += "r" + std::to_string(i) + " = r" + std::to_string(i - 1) + " where s.a > 0\n";
    }
    auto r = test::clue("lint --lang en " +
                        dir.write("m.model", hostile_head() + "r0 = s\n" + rels + "output r99999 { s.a }\n"));
    EXPECT_EQ(r.exit_code, 1) << r.output.substr(0, 2000);
    EXPECT_TRUE(has(r, "E0331"));
    EXPECT_LT(r.output.size(), 2000u) << "reported once, not once a thousand relations";
  }
}

// Just inside every limit at once: both engines (the JIT forced even for three rows) give the
// same three-row answer, and `explain` prints every stage.
TEST(LimitsNesting, ModelsAtTheLimitsRunInBothEngines) {
  test::ScratchDir dir("at_limits");
  const std::string data = dir.write("s.csv", "a,b,m\n1,x,1.5\n2,y,2\n5,z,3\n");
  std::string sum = "s.a", ors = "s.a == 0";
  for (size_t i = 1; i + 3 < limits::kMaxExprDepth; ++i) sum += " + s.a";
  for (int i = 1; i < 400; ++i) ors += " or s.a == " + std::to_string(i);
  std::string ifs;
  for (int i = 0; i < 100; ++i) ifs += "if s.a > " + std::to_string(100 + i) + " then false else ";
  std::string rels;
  for (int i = 1; i < 100; ++i) rels += "r" + std::to_string(i) + " = r" + std::to_string(i - 1) + " where s.a > 0\n";
  const std::string model =
      hostile_head() + "r0 = s\n" + rels + "leads = r99\n  where " + sum + " > 1\n  where " +
      repeat("not not ", limits::kMaxNesting / 2 - 2) + "(" + ors + ")\n  where " + ifs + "true\n" +
      "  derive t = " + repeat("- ", limits::kMaxNesting - 4) + "s.a\n" +
      "output leads { s.a, t, " + sum + " as big }\n";
  const std::string path = dir.write("m.model", model);
  std::string first;
  for (const char* engine : {"interp", "jit --jit-threshold 0"}) {
    const std::string out = dir.file(std::string("out_") + engine[0]);
    auto r = test::clue("run " + path + " --data s=" + data + " --out " + out + " --input-hash none --engine " + engine);
    ASSERT_EQ(r.exit_code, 0) << engine << ": " << r.output.substr(0, 3000);
    const std::string leads = test::read_file(out + "/leads.csv");
    EXPECT_NE(leads.find("5,"), std::string::npos) << leads;
    if (first.empty()) first = leads;
    else EXPECT_EQ(leads, first) << "the engines disagree";
  }
  for (const char* stage : {"ast", "typed", "logical", "physical", "llvm"}) {
    auto r = test::clue("explain " + path + " --emit=" + stage + " > /dev/null");
    EXPECT_EQ(r.exit_code, 0) << stage << ": " << r.output.substr(0, 2000);
  }
}

}  // namespace
}  // namespace clue
