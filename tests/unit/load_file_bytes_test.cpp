// LoadSpec::file_bytes: the loader hands over every byte of the file, in order, exactly once
// (the run's SHA-256 of its inputs is computed from them). One cursor over a UTF-8 file hands
// them over along the parse; chunked, transcoded and failing loads hand them over otherwise.
// Each case checks that the bytes received are the file, byte for byte.
#include <gtest/gtest.h>

#include <string>

#include "runtime/load/loader.h"
#include "tests/support/temp_file.h"

namespace clue::rt {
namespace {

class LoadFileBytes : public ::testing::Test {
 protected:
  test::TempFile file_{"clue_file_bytes"};
  const std::string& path_ = file_.path;
  void write(const std::string& bytes) { file_.write(bytes); }

  // Loads path_ and returns what file_bytes received, and how many calls it took.
  std::string received(int threads, LoadResult* out = nullptr, size_t* calls = nullptr) {
    LoadSpec s;
    s.source = "终本";
    s.path = path_;
    s.threads = threads;
    s.min_chunk_bytes = 256;  // small chunks: several even for a small file
    ColumnSpec id;
    id.name = "被执行人身份证号";
    id.type = Logical::IdCard;
    id.headers = {id.name};
    ColumnSpec name;
    name.name = "被执行人";
    name.headers = {name.name};
    name.deferred = true;
    s.columns = {id, name};
    std::string got;
    size_t n = 0;
    s.file_bytes = [&](std::string_view b) {
      got.append(b);
      ++n;
    };
    LoadResult r = load_table(s);
    if (out) *out = std::move(r);
    if (calls) *calls = n;
    return got;
  }
};

// A UTF-8 export with a BOM and two title lines, many rows (so that bytes are handed over in
// many pieces along the parse), quoted newlines, a GBK row pasted in, and no final newline.
std::string big_file() {
  std::string s = "\xEF\xBB\xBF终本案件清单\r\n导出时间：2025年1月6日\r\n被执行人,被执行人身份证号\r\n";
  for (int i = 0; i < 5000; ++i) {
    if (i == 2500) s += "\xD5\xC5\xC8\xFD,110101199003074514\r\n";  // 张三 in GBK
    if (i % 700 == 0) s += "\"多行\n姓名\",330102198001011234\r\n";
    s += "张" + std::to_string(i) + ",11010119900307" + std::to_string(1000 + i % 9000) + "\r\n";
  }
  s += "李四,110101199003074514";
  return s;
}

TEST_F(LoadFileBytes, OneCursorHandsTheFileOverAlongTheParse) {
  const std::string file = big_file();
  write(file);
  LoadResult r;
  size_t calls = 0;
  EXPECT_EQ(received(1, &r, &calls), file);
  ASSERT_TRUE(r.ok) << r.error_en;
  EXPECT_GT(calls, 3u);  // along the parse, not in one piece after it
  EXPECT_EQ(r.stats.encoding_fallback_rows, 1u);
}

TEST_F(LoadFileBytes, ChunkedLoadHandsTheFileOverWhole) {
  const std::string file = big_file();
  write(file);
  LoadResult r;
  EXPECT_EQ(received(4, &r), file);
  ASSERT_TRUE(r.ok) << r.error_en;
}

TEST_F(LoadFileBytes, TranscodedFileGivesTheBytesAsStoredNotTheUtf8) {
  // 被执行人,被执行人身份证号 / 张三,110101199003074514 in GB18030.
  const std::string file =
      "\xB1\xBB\xD6\xB4\xD0\xD0\xC8\xCB,\xB1\xBB\xD6\xB4\xD0\xD0\xC8\xCB\xC9\xED\xB7\xDD\xD6\xA4\xBA\xC5\r\n"
      "\xD5\xC5\xC8\xFD,110101199003074514\r\n";
  write(file);
  LoadResult r;
  EXPECT_EQ(received(1, &r), file);
  ASSERT_TRUE(r.ok) << r.error_en;
  EXPECT_EQ(r.stats.encoding, "GB18030");
}

TEST_F(LoadFileBytes, ReadingThatStopsPartWayStillHandsOverTheWholeFile) {
  std::string file = "被执行人,被执行人身份证号\n";
  for (int i = 0; i < 3000; ++i) file += "王五,110101199003074514\n";
  file += "\"未闭合,110101199003074514\n";  // unterminated quote: reading stops here
  for (int i = 0; i < 100; ++i) file += "赵六,110101199003074514\n";
  write(file);
  LoadResult r;
  EXPECT_EQ(received(1, &r), file);
  EXPECT_FALSE(r.ok);
  EXPECT_EQ(r.error_code, "C0205");  // unterminated quote
}

TEST_F(LoadFileBytes, EmptyDataRegionAndHeaderOnlyFile) {
  const std::string file = "被执行人,被执行人身份证号\r\n";
  write(file);
  EXPECT_EQ(received(1), file);
}

}  // namespace
}  // namespace clue::rt
