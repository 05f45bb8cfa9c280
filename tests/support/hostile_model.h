// The hostile-model suite's helpers (tests/unit/limits_*.cpp): models far past Clue's limits
// are generated in code (megabytes that need not be in the repository), written to a fresh
// folder and given to the real `clue` binary, as a user would. A crash shows as exit 134/139.
#pragma once
#include <unistd.h>

#include <filesystem>
#include <string>

#include "tests/support/run_command.h"

namespace clue::test {

// A model's head: the `model` block, one schema (a: int, b: text, m: money) and its source.
inline std::string hostile_head() {
  return "model hostile { version \"1\"\n jurisdiction \"test\"\n basis \"test\" }\n"
         "schema S { a: int, b: text, m: money }\nsource s: S\n";
}

// A fresh folder under the system's temporary folder, removed with the object.
class ScratchDir {
 public:
  explicit ScratchDir(const std::string& tag)
      : path_(std::filesystem::temp_directory_path() / ("clue_" + tag + "_" + std::to_string(::getpid()))) {
    std::filesystem::remove_all(path_);
    std::filesystem::create_directories(path_);
  }
  ~ScratchDir() { std::filesystem::remove_all(path_); }
  std::string file(const std::string& name) const { return (path_ / name).string(); }
  std::string write(const std::string& name, const std::string& text) const {
    write_file(file(name), text);
    return file(name);
  }

 private:
  std::filesystem::path path_;
};

// `clue ARGS` from the repository root.
inline CommandResult clue(const std::string& args) {
  return run_command(std::string("'") + CLUE_BINARY + "' " + args + " 2>&1");
}

inline std::string repeat(const std::string& s, size_t n) {
  std::string out;
  out.reserve(s.size() * n);
  for (size_t i = 0; i < n; ++i) out += s;
  return out;
}

}  // namespace clue::test
