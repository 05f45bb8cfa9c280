// File input: mmap for regular files; anything else (FIFOs, devices, folders) is a clean error.
#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include <sys/stat.h>
#include <unistd.h>

#include "runtime/csv/input.h"
#include "runtime/csv/reader.h"

namespace clue::csv {
namespace {

std::string temp_path(const char* name) {
  return (std::filesystem::temp_directory_path() / (std::string("clue_csv_") + std::to_string(getpid()) + name)).string();
}

TEST(CsvInput, RegularFileIsMapped) {
  std::string p = temp_path("_reg.csv");
  { std::ofstream(p) << "a,b\n1,2\n"; }
  InputFile f;
  std::string err;
  ASSERT_TRUE(f.open(p, &err)) << err;
  EXPECT_TRUE(f.mapped());
  EXPECT_EQ(f.bytes(), "a,b\n1,2\n");
  InputFile g = std::move(f);  // moves keep the mapping alive
  EXPECT_EQ(g.bytes(), "a,b\n1,2\n");
  std::filesystem::remove(p);
}

TEST(CsvInput, EmptyRegularFile) {
  std::string p = temp_path("_empty.csv");
  { std::ofstream out(p); }
  InputFile f;
  std::string err;
  ASSERT_TRUE(f.open(p, &err));
  EXPECT_TRUE(f.bytes().empty());
  std::filesystem::remove(p);
}

// Only regular files are input (docs/security.md): a FIFO is refused at once, without
// waiting for a writer (the open would block without O_NONBLOCK), and a device such as
// /dev/zero is never read until memory runs out.
TEST(CsvInput, FifoAndDevicesAreRefusedWithoutWaiting) {
  std::string p = temp_path("_fifo");
  ASSERT_EQ(mkfifo(p.c_str(), 0600), 0);
  ReadOptions o;
  o.expected_headers = {"案号"};
  OpenResult res = CsvFile::open(p, o);
  EXPECT_FALSE(res.ok());
  InputFile f;
  std::string err;
  EXPECT_FALSE(f.open(p, &err));
  EXPECT_EQ(err, "a pipe (FIFO)");
  EXPECT_FALSE(f.open("/dev/zero", &err));
  EXPECT_EQ(err, "a device");
  std::filesystem::remove(p);
}

TEST(CsvInput, MissingFileAndDirectoryAreErrors) {
  InputFile f;
  std::string err;
  EXPECT_FALSE(f.open("/nonexistent/clue.csv", &err));
  EXPECT_FALSE(err.empty());
  EXPECT_FALSE(f.open(std::filesystem::temp_directory_path().string(), &err));
}

}  // namespace
}  // namespace clue::csv
