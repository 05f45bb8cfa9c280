// Issue 19: every stage runs on --threads N (the join's probe, the late reading of printed
// fields, the output rows' formatting and sort, the files written side by side), and the
// results must not depend on N. On a 200,000-row sample of the realistic generator (due_claims
// has 10 k leads there: enough for the late reading, formatting and sort to split over 2 and 4
// threads), every model's output CSV files and rejects.csv are compared byte for byte between
// 1, 2 and 4 threads.
#include <gtest/gtest.h>

#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>

#include "tests/support/run_command.h"

namespace fs = std::filesystem;

namespace {

TEST(ThreadsIdentical, EveryModelWritesTheSameFilesOn1And2And4Threads) {
  const fs::path base = fs::temp_directory_path() / ("clue_threads_identical_" + std::to_string(::getpid()));
  fs::remove_all(base);
  const fs::path data = base / "data";
  auto g = clue::test::run_command(std::string("'") + CLUE_GEN_BINARY + "' --out '" + data.string() + "' --scale 200000");
  ASSERT_EQ(g.exit_code, 0) << g.output;
  size_t big = 0;
  for (const char* model : {"due_claims", "provident_fund", "pension", "lowincome_power", "bars_near_schools",
                            "professional_lenders", "restricted_consumption", "judicial_auctions", "repealed_statutes",
                            "credit_card_lending", "detention_deadlines"}) {
    std::map<std::string, std::string> first;
    for (int threads : {1, 2, 4}) {
      const fs::path out = base / (std::string(model) + "_" + std::to_string(threads));
      auto r = clue::test::run_command(std::string("'") + CLUE_BINARY + "' run models/" + model + ".model --data-dir '" +
                                       data.string() + "' --out '" + out.string() + "' --lang en --threads " +
                                       std::to_string(threads));
      ASSERT_EQ(r.exit_code, 0) << model << " " << threads << "\n" << r.output;
      auto files = clue::test::csv_files(out.string());
      ASSERT_GE(files.size(), 2u) << model;  // the leads and rejects.csv
      if (threads == 1) {
        first = std::move(files);
        for (const auto& [name, bytes] : first)
          if (name != "rejects.csv") big = std::max<size_t>(big, size_t(std::count(bytes.begin(), bytes.end(), '\n')));
        continue;
      }
      ASSERT_EQ(files.size(), first.size()) << model << " " << threads;
      for (const auto& [name, bytes] : first)
        EXPECT_TRUE(files[name] == bytes) << model << ": " << name << " differs between 1 and " << threads << " threads";
    }
  }
  EXPECT_GT(big, 8192u) << "no output large enough to be split over threads";
  fs::remove_all(base);
}

}  // namespace
