// Hostile limits on memory: with --max-memory (an address-space limit) low
// enough to fail part way, a run with several threads used to end in an
// internal error (exit 3) or an abort (exit 134: glibc could not load the
// unwinder past the limit). Every limit now gives a complete run (exit 0) or
// E0514 (exit 1), whichever step runs out.
#include <gtest/gtest.h>

#include <vector>

#include "tests/support/hostile_model.h"
#include "tests/support/sanitizers.h"

namespace clue {
namespace {

TEST(LimitsMemory, EveryMaxMemoryWithFourOrEightThreadsIsARunOrE0514) {
  if (test::kAddressSanitizer) GTEST_SKIP() << test::kNoAddressLimitUnderAsan;
  test::ScratchDir dir("memory");
  std::string csv = "a,b,m\n";
  for (int i = 0; i < 300000; ++i)
    csv += std::to_string(i % 5000) + ",name" + std::to_string(i) + "," + std::to_string(i % 997) + ".5\n";
  const std::string data = dir.write("s.csv", csv);
  const std::string model =
      dir.write("m.model", test::hostile_head() + "source t: S\n" +
                               "leads = s\n  join t on s.b == t.b\n  where s.m > 100 and t.m < 50\n"
                               "output leads { s.a, s.b, t.b as other }\n");
  int failed = 0, ran = 0;
  // 60-400 MB in steps, where the run fails part way (loading, compiling,
  // joining, each while the others run); then limits high enough that it runs
  // whatever the machine's load (where a limit falls between the two varies
  // with threads).
  std::vector<int> limits;
  for (int mib = 60; mib <= 200; mib += 8) limits.push_back(mib);
  for (int mib = 220; mib <= 400; mib += 30) limits.push_back(mib);
  for (int mib : {800, 1600}) limits.push_back(mib);
  for (int threads : {4, 8})
    for (int mib : limits) {
      const std::string out = dir.file("out" + std::to_string(mib));
      auto r = test::clue("run " + model + " --data s=" + data + " --data t=" + data + " --out " + out + " --threads " +
                          std::to_string(threads) +
                          " --jit-threshold 0 --jit-cache none --input-hash "
                          "none --max-memory " +
                          std::to_string(mib) + "M --lang en");
      if (r.exit_code == 0) {
        ++ran;
        continue;
      }
      ++failed;
      EXPECT_EQ(r.exit_code, 1) << threads << " threads, " << mib << "M: " << r.output.substr(0, 1000);
      EXPECT_NE(r.output.find("[E0514]"), std::string::npos)
          << threads << " threads, " << mib << "M: " << r.output.substr(0, 1000);
    }
  EXPECT_GT(failed, 0) << "no limit was low enough to fail: the test proves nothing";
  EXPECT_GT(ran, 0) << "no limit was high enough to run";
}

}  // namespace
}  // namespace clue
