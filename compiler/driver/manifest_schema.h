// The schema of a run's manifest.json as `clue why` reads it (docs/limits.md, "The manifest"),
// and its validator. A manifest is untrusted input: it may have been edited, truncated or
// written by someone else; every key `why` uses is checked for presence and type before use,
// so a tampered manifest is a usage error (U0316) naming the first bad key, never a crash.
#pragma once
#include <string>

#include <nlohmann/json.hpp>

namespace clue {

// The deepest nesting of arrays and objects a manifest has (it has 4).
inline constexpr size_t kMaxManifestDepth = 16;

// Empty when `m` follows the schema; else where it does not and why ("outputs[0].name: not a
// string"). Iterative: a manifest nested a million levels deep is refused, not recursed into.
std::string manifest_schema_error(const nlohmann::json& m);

}  // namespace clue
