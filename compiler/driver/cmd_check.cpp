#include <iostream>

#include "compiler/driver/commands.h"

namespace clue::cli {

int cmd_check(const CheckArgs& a, const Common& c) {
  std::cerr << "clue check: not available yet\n";
  return kExitUsage;
}

}  // namespace clue::cli
