// Tests use the product's JSON reader.
#pragma once
#include "runtime/io/json.h"

namespace clue::test {
using io::Json;
using io::parse_json;
}  // namespace clue::test
