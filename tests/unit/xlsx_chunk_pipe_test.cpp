// The xlsx writer's XML produced on a thread of its own (runtime/io/chunk_pipe.h): the chunks
// arrive whole and in order however far the producer runs ahead, a producer's failure reaches
// the reader after the chunks before it, a reader that stops early does not wait forever, and
// a workbook written with 2 or 4 threads is the one written with 1, byte for byte, and its cells
// read back are the rows written.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <new>
#include <sstream>

#include "runtime/io/chunk_pipe.h"
#include "runtime/io/xlsx_writer.h"
#include "runtime/xlsx/xlsx_reader.h"
#include "tests/support/run_command.h"

using namespace clue;
namespace fs = std::filesystem;

TEST(ChunkPipe, ChunksArriveInOrderThenEnd) {
  for (size_t ahead : {1, 2, 8}) {
    io::ChunkPipe pipe;
    int n = 0;
    pipe.start([&n](std::string& out) {
      out += "chunk" + std::to_string(n) + ";";
      return ++n < 100;
    }, ahead);
    std::string all, c;
    while (pipe.pop(c)) all += c;
    std::string want;
    for (int i = 0; i < 100; ++i) want += "chunk" + std::to_string(i) + ";";
    EXPECT_EQ(all, want) << "ahead " << ahead;
    EXPECT_FALSE(pipe.pop(c));  // stays at the end
  }
}

TEST(ChunkPipe, AFailureReachesTheReaderAfterTheChunksBeforeIt) {
  io::ChunkPipe pipe;
  int n = 0;
  pipe.start([&n](std::string& out) -> bool {
    if (n == 3) throw std::bad_alloc();
    out = std::to_string(n++);
    return true;
  });
  std::string c, all;
  EXPECT_THROW({ while (pipe.pop(c)) all += c; }, std::bad_alloc);
  EXPECT_EQ(all, "012");
}

TEST(ChunkPipe, StopWhileTheProducerWaitsForRoom) {
  io::ChunkPipe pipe;
  pipe.start([](std::string& out) { out = "x"; return true; }, 1);  // never ends by itself
  std::string c;
  ASSERT_TRUE(pipe.pop(c));
  EXPECT_EQ(c, "x");
  pipe.stop();  // returns: the producer sees the request while it waits
  pipe.start([](std::string& out) { out = "again"; return false; });  // and the pipe is reusable
  ASSERT_TRUE(pipe.pop(c));
  EXPECT_EQ(c, "again");
  EXPECT_FALSE(pipe.pop(c));
}

// Several MB of XML over three sheets (so several chunks each) and cells the writer changes.
TEST(XlsxTypedWriter, SameBytesWithOneTwoAndFourThreads) {
  std::vector<std::vector<std::string>> rows;
  for (int i = 0; i < 60000; ++i)
    rows.push_back({"1101011990" + std::to_string(10000000 + i), std::to_string(i) + ".25", "2024-03-" + std::to_string(10 + i % 19),
                    i % 7 == 0 ? std::string("bad\x01") : "被执行人 & <公司> " + std::to_string(i * 7919 % 100003),
                    i % 11 == 0 ? "12345678901234567" : std::to_string(i)});
  const std::vector<std::string> header = {"身份证号", "金额", "日期", "备注", "n"};
  const std::vector<TypeKind> types = {TypeKind::IdCard, TypeKind::Money, TypeKind::Date, TypeKind::Text, TypeKind::Int};
  std::string bytes[3];
  io::XlsxStats st[3];
  const int threads[3] = {1, 2, 4};
  for (int k = 0; k < 3; ++k) {
    const std::string p =
        (fs::temp_directory_path() / ("clue_pipe_" + std::to_string(threads[k]) + "_" + std::to_string(::getpid()) + ".xlsx")).string();
    ASSERT_EQ(io::write_xlsx_atomic(p, "线索", header, rows, types, &st[k], 25000, threads[k]), "");
    bytes[k] = clue::test::read_file(p);
    if (k == 0) {
      // Not only the same bytes: the right cells. Every row read back, in order, over the
      // three sheets (each with its header), through Clue's reader (libzip's zlib inflates).
      size_t next = 0;
      for (const char* sheet : {"线索", "线索-2", "线索-3"}) {
        auto r = xlsx::open_sheet(p, sheet);
        ASSERT_TRUE(r.reader) << r.error;
        xlsx::Row row;
        ASSERT_TRUE(r.reader->next(row));
        EXPECT_EQ(row.cells[0].text, "身份证号");
        while (r.reader->next(row)) {
          ASSERT_LT(next, rows.size());
          EXPECT_EQ(row.cells[0].text, rows[next][0]) << next;
          EXPECT_EQ(row.cells[1].number, double(next) + 0.25) << next;
          ++next;
        }
        EXPECT_EQ(r.reader->error(), "");
      }
      EXPECT_EQ(next, rows.size());
    }
    fs::remove(p);
  }
  ASSERT_GT(bytes[0].size(), 100000u);
  EXPECT_TRUE(bytes[1] == bytes[0]);
  EXPECT_TRUE(bytes[2] == bytes[0]);
  EXPECT_GT(st[0].replaced_cells, 0u);
  EXPECT_GT(st[0].numbers_as_text, 0u);
  for (int k = 1; k < 3; ++k) {
    EXPECT_EQ(st[k].replaced_cells, st[0].replaced_cells);
    EXPECT_EQ(st[k].numbers_as_text, st[0].numbers_as_text);
    EXPECT_EQ(st[k].truncated_cells, st[0].truncated_cells);
  }
}
