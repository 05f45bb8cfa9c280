// Stable error codes shared by every value parser: the CLUE_VALUE rows of
// runtime/diag/codes.def, the registry of every code (runtime/diag/registry.h).
#pragma once

#include <cstdint>
#include <optional>

#include "runtime/diag/registry.h"

namespace clue::values {

// `None` is not in the registry: it is the "no error" state of a result and
// prints as V0000. Every other enumerator is a CLUE_VALUE row of codes.def.
enum class ValueError : std::uint16_t {
  None = 0,
#define CLUE_VALUE(code, name, severity, en, zh, hint_en, hint_zh) name,
#include "runtime/diag/codes.def"
};

// "V0101" etc. Stable across releases; safe to persist.
const char* code(ValueError e) noexcept;
// One-line English / Chinese description for reports and the CLI.
const char* message_en(ValueError e) noexcept;
const char* message_zh(ValueError e) noexcept;
// The error's entry in the registry; nullopt for None (and out-of-range values).
std::optional<diag::Code> registry_code(ValueError e) noexcept;

// Number of registered errors (excluding None); handy for iteration in tests
// and for building data-quality histograms indexed by the enum value.
inline constexpr int kValueErrorCount = 0
#define CLUE_VALUE(code, name, severity, en, zh, hint_en, hint_zh) +1
#include "runtime/diag/codes.def"
    ;

}  // namespace clue::values
