// `clue lint` on a folder of broken models must report every planted error — and nothing
// else — at the exact line and column (tests/broken_models/README.md explains the markers).
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <regex>
#include <sstream>

#include "tests/support/json.h"
#include "tests/support/run_command.h"

namespace {
namespace fs = std::filesystem;

using Finding = std::tuple<std::string, int, int, std::string>;  // file, line, column, code

std::vector<Finding> planted() {
  std::vector<Finding> out;
  std::regex marker("([EW][0-9]{4}):([0-9]+)");
  for (const auto& e : fs::directory_iterator(fs::path(CLUE_SOURCE_DIR) / "tests/broken_models")) {
    if (e.path().extension() != ".model") continue;
    std::istringstream in(clue::test::read_file(e.path().string()));
    std::string line;
    for (int n = 1; std::getline(in, line); ++n) {
      size_t at = line.find("#!");
      int target = n;
      if (line.rfind("#^", 0) == 0) {
        at = 0;
        target = n - 1;
      }
      if (at == std::string::npos) continue;
      std::string rest = line.substr(at + 2);
      for (auto it = std::sregex_iterator(rest.begin(), rest.end(), marker); it != std::sregex_iterator(); ++it)
        out.emplace_back("tests/broken_models/" + e.path().filename().string(), target, std::stoi((*it)[2]), (*it)[1]);
    }
  }
  std::sort(out.begin(), out.end());
  return out;
}

TEST(BrokenModels, EveryPlantedErrorIsReportedExactly) {
  auto r = clue::test::run_command(std::string("'") + CLUE_BINARY + "' lint --format json tests/broken_models");
  EXPECT_EQ(r.exit_code, 1);
  std::string err;
  auto json = clue::test::parse_json(r.output, &err);
  ASSERT_TRUE(json) << err << "\n" << r.output;
  std::vector<Finding> reported;
  for (const auto& d : json->get("diagnostics")->items) {
    const auto* span = d.get("span");
    reported.emplace_back(span->get("file")->s, int(span->get("line")->n), int(span->get("column")->n), d.get("code")->s);
  }
  std::sort(reported.begin(), reported.end());
  auto want = planted();
  ASSERT_GE(want.size(), 20u) << "the planted errors were not found";
  auto show = [](const std::vector<Finding>& v) {
    std::string s;
    for (const auto& [f, l, c, code] : v) s += "  " + f + ":" + std::to_string(l) + ":" + std::to_string(c) + " " + code + "\n";
    return s;
  };
  EXPECT_EQ(reported, want) << "reported:\n" << show(reported) << "planted:\n" << show(want);
}

}  // namespace
