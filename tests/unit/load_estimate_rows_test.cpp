// rt::estimate_file_rows: the row count `clue run` guesses from a file's size and first 64 KB,
// to decide whether to start compiling before the files are read. For rows of even length it
// must be close (about 5 % above), and 0 when it cannot tell.
#include <gtest/gtest.h>

#include <string>

#include "runtime/load/loader.h"
#include "tests/support/temp_file.h"

namespace clue::rt {
namespace {

class EstimateRows : public ::testing::Test {
 protected:
  test::TempFile file_{"clue_estimate"};
  const std::string& path_ = file_.path;
  void write(const std::string& bytes) { file_.write(bytes); }
};

TEST_F(EstimateRows, CloseForAnExportOfManyRows) {
  std::string s = "案号,被执行人,被执行人身份证号\n";
  for (int i = 0; i < 200000; ++i) s += "（2021）浙0102执" + std::to_string(100000 + i) + "号,张三,110101199003074514\n";
  write(s);
  const uint64_t n = estimate_file_rows(path_);
  EXPECT_GE(n, 200000u);
  EXPECT_LE(n, 215000u);
}

TEST_F(EstimateRows, SmallFileIsCountedWhole) {
  write("a,b\n1,2\n3,4\n");
  const uint64_t n = estimate_file_rows(path_);
  EXPECT_GE(n, 3u);
  EXPECT_LE(n, 30u);
}

TEST_F(EstimateRows, ZeroWhenItCannotTell) {
  EXPECT_EQ(estimate_file_rows(path_ + ".missing"), 0u);
  write("");
  EXPECT_EQ(estimate_file_rows(path_), 0u);
  EXPECT_EQ(estimate_file_rows("workbook.xlsx"), 0u);  // compressed: its size says nothing
}

}  // namespace
}  // namespace clue::rt
