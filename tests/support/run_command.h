// Runs a shell command from the repository root and captures what it prints and its exit code.
#pragma once
#include <map>
#include <string>

namespace clue::test {

struct CommandResult {
  std::string output;  // stdout and stderr, interleaved as printed
  int exit_code = -1;
};

CommandResult run_command(const std::string& command);
std::string read_file(const std::string& path);
void write_file(const std::string& path, const std::string& text);
// Every .csv file directly in `dir` (a run's outputs and rejects.csv), by file name: what tests
// that compare two runs' outputs byte for byte compare.
std::map<std::string, std::string> csv_files(const std::string& dir);
// True when CLUE_UPDATE_GOLDEN=1: golden tests rewrite their expected files instead of failing.
bool update_golden();

}  // namespace clue::test
