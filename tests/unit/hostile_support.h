// Helpers for the hostile-model and fault suites: a fresh temporary folder per test, small
// files written into it, and `clue` run on them.
#pragma once
#include <unistd.h>

#include <filesystem>
#include <string>

#include "tests/support/run_command.h"

namespace clue::test {

class TempDir {
 public:
  explicit TempDir(const std::string& tag) {
    path_ = std::filesystem::temp_directory_path() / ("clue_" + tag + "_" + std::to_string(::getpid()));
    std::filesystem::remove_all(path_);
    std::filesystem::create_directories(path_);
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  const std::filesystem::path& path() const { return path_; }
  std::string operator/(const std::string& name) const { return (path_ / name).string(); }
  std::string write(const std::string& name, const std::string& text) const {
    const auto p = path_ / name;
    std::filesystem::create_directories(p.parent_path());
    write_file(p.string(), text);
    return p.string();
  }

 private:
  std::filesystem::path path_;
};

inline CommandResult clue(const std::string& args) {
  return run_command(std::string("'") + CLUE_BINARY + "' " + args);
}

// A model over the golden tests' small court schemas and data (tests/golden/diagnostics).
inline std::string small_model(const std::string& output_name) {
  return "model 小模型 { version \"1.0.0\" jurisdiction \"全国\" basis \"无\" }\n"
         "import \"court.model\"\n"
         "source zb: 终本案件\nsource civil: 民事案件\n"
         "leads = zb where zb.是否履行完毕 == false join civil on zb.被执行人身份证号 == civil.原告身份证号\n"
         "output " + output_name + " from leads { zb.案号 as 终本案号, civil.案号 as 民事案号 }\n";
}
inline const char* kCourtSchemas = "tests/golden/diagnostics/lib/court.model";
inline std::string small_data_args() {
  return "--data zb=tests/golden/diagnostics/data/zb_clean.csv --data civil=tests/golden/diagnostics/data/civil_clean.csv";
}

}  // namespace clue::test
