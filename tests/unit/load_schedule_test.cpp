// runtime/load/schedule.h: which files load side by side and which one after another in
// chunks over every thread (issue 19: one large file must not leave the other threads idle).
#include <gtest/gtest.h>

#include "runtime/load/schedule.h"

namespace clue::rt {
namespace {

TEST(LoadSchedule, OneFileTakesEveryThread) {
  const LoadSchedule s = plan_loads({160'000'000}, 2);
  EXPECT_FALSE(s.side_by_side);
  EXPECT_EQ(s.threads_per_file, 2);
}

TEST(LoadSchedule, FewerThreadsThanFilesLoadOneAfterAnother) {
  const LoadSchedule s = plan_loads({100, 100, 100}, 2);
  EXPECT_FALSE(s.side_by_side);
  EXPECT_EQ(s.threads_per_file, 2);
}

TEST(LoadSchedule, BalancedFilesLoadSideBySide) {
  const LoadSchedule s = plan_loads({100'000'000, 90'000'000}, 2);
  EXPECT_TRUE(s.side_by_side);
  EXPECT_EQ(s.threads_per_file, 1);
  const LoadSchedule four = plan_loads({100'000'000, 90'000'000}, 4);
  EXPECT_TRUE(four.side_by_side);
  EXPECT_EQ(four.threads_per_file, 2);
}

TEST(LoadSchedule, OneLargeFileIsSplitOverEveryThread) {
  // provident_fund at 1 M: 终本 161 MB beside 公积金 53 MB; side by side, one thread would
  // parse 161 MB while the other is done after 53.
  const LoadSchedule pf = plan_loads({161'011'767, 53'456'447}, 2);
  EXPECT_FALSE(pf.side_by_side);
  EXPECT_EQ(pf.threads_per_file, 2);
  // due_claims: 民事 348 MB beside 终本 161 MB (68 % of the bytes): chunks would not repay
  // their cost (kChunkedLoadCost).
  const LoadSchedule dc = plan_loads({161'011'767, 347'604'326}, 2);
  EXPECT_TRUE(dc.side_by_side);
  EXPECT_EQ(dc.threads_per_file, 1);
  // One file of 90 % of the bytes.
  const LoadSchedule big = plan_loads({900, 100}, 2);
  EXPECT_FALSE(big.side_by_side);
}

TEST(LoadSchedule, AnUnknownSizeKeepsTheOldRule) {
  // 0: an xlsx sheet, whose parse the file size does not predict.
  const LoadSchedule s = plan_loads({0, 161'011'767}, 2);
  EXPECT_TRUE(s.side_by_side);
  EXPECT_EQ(s.threads_per_file, 1);
}

TEST(LoadSchedule, NoThreadsMeansOne) {
  const LoadSchedule s = plan_loads({100, 10}, 0);
  EXPECT_FALSE(s.side_by_side);
  EXPECT_EQ(s.threads_per_file, 1);
}

}  // namespace
}  // namespace clue::rt
