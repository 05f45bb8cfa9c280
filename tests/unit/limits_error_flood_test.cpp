// Hostile models: an error inside a const that others use twice each is met once per inlined
// copy. The front-end fuzzer found a model reporting one "unknown name" 66,656 times (a 22 MB
// SARIF file, 15 s under ASan): a diagnostic identical to one already reported is kept once.
#include <gtest/gtest.h>

#include <string>

#include "tests/support/hostile_model.h"

namespace clue {
namespace {

size_t count(const std::string& text, const std::string& what) {
  size_t n = 0;
  for (size_t p = text.find(what); p != std::string::npos; p = text.find(what, p + 1)) ++n;
  return n;
}

TEST(LimitsErrorFlood, AnErrorInADoubledConstIsReportedOnce) {
  test::ScratchDir dir("flood");
  // c1 names `c_missing`, and every const after uses the one before twice: 2^15 copies of c1.
  std::string model = test::hostile_head() + "const c1 = c_missing + 1\n";
  for (int k = 2; k <= 16; ++k)
    model += "const c" + std::to_string(k) + " = c" + std::to_string(k - 1) + " + c" + std::to_string(k - 1) + "\n";
  model += "leads = s\n  where s.a > c16\noutput leads { s.a }\n";
  auto r = test::clue("lint --lang en " + dir.write("m.model", model));
  EXPECT_EQ(r.exit_code, 1) << r.output.substr(0, 2000);
  EXPECT_EQ(count(r.output, "[E0201]"), 1u) << r.output.substr(0, 2000);
}

}  // namespace
}  // namespace clue
