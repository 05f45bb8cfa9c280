// rejects.csv is written in pieces (exec::write_rejects_csv into an io::AtomicFile), so that a
// file of millions of rejects is never held whole. The pieces must add up to exactly the
// whole-file form, end at row boundaries, and the file must appear only when committed.
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

#include "runtime/exec/writers.h"
#include "runtime/io/files.h"
#include "tests/support/temp_file.h"

namespace clue {
namespace {

std::vector<rt::RejectRecord> many_rejects(size_t n) {
  std::vector<rt::RejectRecord> recs(n);
  for (size_t i = 0; i < n; ++i) {
    rt::RejectRecord& r = recs[i];
    r.source = "zb";
    r.path = "data/终本案件.csv";
    r.line = i + 4;
    r.column = "被执行人身份证号";
    r.raw = "91330881171380829" + std::to_string(i) + (i % 9 ? "" : ",\"引号\"");
    r.code = "V0102";
    r.reason_zh = "身份证号码含有数字和末位X以外的字符";
    r.reason_en = "ID card number contains a character other than digits and a final X";
  }
  return recs;
}

std::vector<const rt::RejectRecord*> pointers(const std::vector<rt::RejectRecord>& recs) {
  std::vector<const rt::RejectRecord*> p;
  for (const auto& r : recs) p.push_back(&r);
  return p;
}

TEST(RejectsPieces, PiecesAddUpToTheWholeFileAndEndAtRowBoundaries) {
  const auto recs = many_rejects(40000);  // about 7 MB: several pieces
  const auto ptrs = pointers(recs);
  std::vector<std::string> pieces;
  exec::write_rejects_csv(ptrs, [&](std::string_view p) { pieces.emplace_back(p); });
  ASSERT_GT(pieces.size(), 3u);
  std::string joined;
  for (const std::string& p : pieces) {
    EXPECT_TRUE(p.size() >= 2 && p.compare(p.size() - 2, 2, "\r\n") == 0);
    joined += p;
  }
  EXPECT_EQ(joined, exec::rejects_csv(ptrs));
  size_t rows = 0;
  for (size_t at = 0; (at = joined.find("\r\n", at)) != std::string::npos; at += 2) ++rows;
  EXPECT_EQ(rows, recs.size() + 1);  // the header, then one line per reject (no raw value has a line break)
}

class AtomicFileTest : public ::testing::Test {
 protected:
  test::TempFile file_{"clue_atomic"};
  const std::string& path_ = file_.path;
  // Anything left beside the target under a temporary name.
  size_t leftovers() const {
    size_t n = 0;
    const std::string stem = std::filesystem::path(path_).filename().string() + ".tmp-";
    for (const auto& e : std::filesystem::directory_iterator(std::filesystem::path(path_).parent_path()))
      n += e.path().filename().string().rfind(stem, 0) == 0;
    return n;
  }
};

TEST_F(AtomicFileTest, WrittenPiecesAppearOnlyOnCommit) {
  io::AtomicFile f;
  ASSERT_EQ(f.open(path_), "");
  f.write("数据源,文件\r\n");
  f.write("zb,a.csv\r\n");
  EXPECT_FALSE(std::filesystem::exists(path_));
  EXPECT_EQ(f.commit(), "");
  EXPECT_EQ(file_.read(), "数据源,文件\r\nzb,a.csv\r\n");
  EXPECT_EQ(leftovers(), 0u);
}

TEST_F(AtomicFileTest, DestroyedUncommittedLeavesNothingAndKeepsTheOldFile) {
  file_.write("old");
  {
    io::AtomicFile f;
    ASSERT_EQ(f.open(path_), "");
    f.write("half written");
  }
  EXPECT_EQ(file_.read(), "old");
  EXPECT_EQ(leftovers(), 0u);
}

TEST_F(AtomicFileTest, OpenInAMissingFolderIsAnError) {
  io::AtomicFile f;
  EXPECT_NE(f.open(::testing::TempDir() + "no_such_folder_" + std::to_string(::getpid()) + "/x.csv"), "");
  EXPECT_NE(f.commit(), "");
}

}  // namespace
}  // namespace clue
