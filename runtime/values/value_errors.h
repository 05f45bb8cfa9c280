// Stable error codes shared by every value parser (see value_errors.def).
#pragma once

#include <cstdint>

namespace clue::values {

// `None` is not in the registry: it is the "no error" state of a result and
// prints as V0000. Every other enumerator comes from value_errors.def.
enum class ValueError : std::uint16_t {
  None = 0,
#define VALUE_ERROR(code, name, en, zh) name,
#include "runtime/values/value_errors.def"
#undef VALUE_ERROR
};

// "V0101" etc. Stable across releases; safe to persist.
const char* code(ValueError e) noexcept;
// One-line English / Chinese description for reports and the CLI.
const char* message_en(ValueError e) noexcept;
const char* message_zh(ValueError e) noexcept;

// Number of registered errors (excluding None); handy for iteration in tests
// and for building data-quality histograms indexed by the enum value.
inline constexpr int kValueErrorCount = 0
#define VALUE_ERROR(code, name, en, zh) +1
#include "runtime/values/value_errors.def"
#undef VALUE_ERROR
    ;

}  // namespace clue::values
