// A scratch file for a test: under the test temporary directory, named for this process (ctest
// runs the tests of one binary in parallel processes, so a fixed name would be shared), and
// removed when the test ends.
#pragma once
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>

#include <gtest/gtest.h>

namespace clue::test {

struct TempFile {
  std::string path;
  explicit TempFile(const std::string& stem, const std::string& ext = ".csv")
      : path(::testing::TempDir() + stem + "_" + std::to_string(::getpid()) + ext) {}
  ~TempFile() { std::remove(path.c_str()); }
  TempFile(const TempFile&) = delete;
  TempFile& operator=(const TempFile&) = delete;

  void write(const std::string& bytes) const { std::ofstream(path, std::ios::binary) << bytes; }
  std::string read() const {
    std::ifstream in(path, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
  }
};

}  // namespace clue::test
