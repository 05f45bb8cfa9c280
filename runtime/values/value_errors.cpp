#include "runtime/values/value_errors.h"

namespace clue::values {
namespace {

struct Row {
  const char* code;
  const char* en;
  const char* zh;
};

// Index 0 is ValueError::None; the rest follow codes.def's order, which is also
// the enum order, so lookup is a plain array index. The texts are the registry's
// (static storage: rejects refer to them without copying).
constexpr Row kRows[] = {
    {"V0000", "ok", "无错误"},
#define CLUE_VALUE(code, name, severity, en, zh, hint_en, hint_zh) {#code, en, zh},
#include "runtime/diag/codes.def"
};
static_assert(sizeof(kRows) / sizeof(kRows[0]) == kValueErrorCount + 1);

constexpr diag::Code kCodes[] = {
#define CLUE_VALUE(code, name, severity, en, zh, hint_en, hint_zh) diag::Code::code,
#include "runtime/diag/codes.def"
};

const Row& row(ValueError e) noexcept {
  auto i = static_cast<unsigned>(e);
  return i < sizeof(kRows) / sizeof(kRows[0]) ? kRows[i] : kRows[0];
}

}  // namespace

const char* code(ValueError e) noexcept { return row(e).code; }
const char* message_en(ValueError e) noexcept { return row(e).en; }
const char* message_zh(ValueError e) noexcept { return row(e).zh; }

std::optional<diag::Code> registry_code(ValueError e) noexcept {
  auto i = static_cast<unsigned>(e);
  if (i == 0 || i > unsigned(kValueErrorCount)) return std::nullopt;
  return kCodes[i - 1];
}

}  // namespace clue::values
