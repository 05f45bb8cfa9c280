// Parsed<T>: the result of every value parser.
//
// A cell is in exactly one of three states:
//   ok     - a value was parsed;
//   null   - the cell was empty (only whitespace); this is NOT an error, models
//            treat it as SQL NULL;
//   error  - the text is present but unusable; error() says why, with a stable
//            code from the registry (runtime/diag/codes.def, value_errors.h).
// Placeholders such as 不详 / #N/A are errors (ValueError::Placeholder), not
// null, so data-quality reports can count them separately; a caller that wants
// them as null can test `error() == ValueError::Placeholder`.
//
// The type is a trivially-copyable aggregate of T + 2 bytes: no heap, no
// exceptions, cheap to return by value from hot loops.
#pragma once

#include <cassert>
#include <optional>
#include <utility>

#include "runtime/values/value_errors.h"

namespace clue::values {

template <class T>
class Parsed {
 public:
  static constexpr Parsed success(T v) noexcept { return Parsed(std::move(v), ValueError::None, State::Ok); }
  static constexpr Parsed null() noexcept { return Parsed(T{}, ValueError::None, State::Null); }
  static constexpr Parsed failure(ValueError e) noexcept { return Parsed(T{}, e, State::Error); }

  constexpr bool ok() const noexcept { return state_ == State::Ok; }
  constexpr bool is_null() const noexcept { return state_ == State::Null; }
  constexpr bool is_error() const noexcept { return state_ == State::Error; }
  constexpr explicit operator bool() const noexcept { return ok(); }

  // Precondition: ok(). (Returns T{} otherwise in release builds.)
  constexpr const T& value() const noexcept {
    assert(ok());
    return value_;
  }
  constexpr T value_or(T fallback) const noexcept { return ok() ? value_ : fallback; }
  constexpr std::optional<T> as_optional() const { return ok() ? std::optional<T>(value_) : std::nullopt; }
  // ValueError::None unless is_error().
  constexpr ValueError error() const noexcept { return error_; }

 private:
  enum class State : unsigned char { Ok, Null, Error };
  constexpr Parsed(T v, ValueError e, State s) noexcept : value_(std::move(v)), error_(e), state_(s) {}

  T value_;
  ValueError error_;
  State state_;
};

}  // namespace clue::values
