#include "runtime/values/value_errors.h"

namespace clue::values {
namespace {

struct Row {
  const char* code;
  const char* en;
  const char* zh;
};

// Index 0 is ValueError::None; the rest follow the .def order, which is also
// the enum order, so lookup is a plain array index.
constexpr Row kRows[] = {
    {"V0000", "ok", "无错误"},
#define VALUE_ERROR(code, name, en, zh) {#code, en, zh},
#include "runtime/values/value_errors.def"
#undef VALUE_ERROR
};

const Row& row(ValueError e) noexcept {
  auto i = static_cast<unsigned>(e);
  return i < sizeof(kRows) / sizeof(kRows[0]) ? kRows[i] : kRows[0];
}

}  // namespace

const char* code(ValueError e) noexcept { return row(e).code; }
const char* message_en(ValueError e) noexcept { return row(e).en; }
const char* message_zh(ValueError e) noexcept { return row(e).zh; }

}  // namespace clue::values
