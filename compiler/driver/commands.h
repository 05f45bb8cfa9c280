// One function per subcommand; main.cpp wires them to CLI11.
#pragma once
#include <string>
#include <vector>

#include "compiler/driver/cli_common.h"

namespace clue::cli {

struct LintArgs {
  std::vector<std::string> paths;  // files, or directories searched for *.model
  bool list_rules = false;
};
int cmd_lint(const LintArgs& a, const Common& c);

struct ExplainArgs {
  std::string path;
  std::string emit = "typed";  // tokens | ast | typed
};
int cmd_explain(const ExplainArgs& a, const Common& c);

struct CheckArgs {
  std::string path;
  std::vector<std::string> data;  // NAME=PATH
  size_t sample_rows = 1000;
};
int cmd_check(const CheckArgs& a, const Common& c);

}  // namespace clue::cli
