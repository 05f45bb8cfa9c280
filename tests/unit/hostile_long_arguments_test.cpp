// Arguments far longer than any real one (a 10^5-character --data path, --param value or LEAD)
// give a short message: every quoted value, the place's path included, is cut with its length.
#include <gtest/gtest.h>

#include "tests/unit/hostile_support.h"

namespace clue {
namespace {

TEST(HostileLongArguments, AHugeDataPathGivesAShortMessage) {
  test::TempDir dir("long_path");
  const std::string model = dir.write("m.model",
                                      "model m { version \"1\" jurisdiction \"t\" basis \"t\" }\n"
                                      "schema S { a: text }\nsource s: S\nr = s where s.a != \"\"\n"
                                      "output r { s.a }\n");
  const std::string path(100000, '9');
  auto r = test::clue("run " + model + " --data s=" + path + " --out " + dir / "out" + " --lang en");
  EXPECT_EQ(r.exit_code, 1) << r.output.substr(0, 2000);
  EXPECT_NE(r.output.find("[E0501]"), std::string::npos) << r.output.substr(0, 2000);
  // Was 100,504 bytes: the path whole in the place before the message.
  EXPECT_LT(r.output.size(), 2000u) << r.output.substr(0, 2000);
  EXPECT_NE(r.output.find("(100000 bytes)"), std::string::npos) << r.output.substr(0, 2000);
}

}  // namespace
}  // namespace clue
