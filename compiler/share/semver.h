// Semantic versions (https://semver.org): MAJOR.MINOR.PATCH with an optional -pre-release and
// +build. A shared model's `version` must be one (lint W0601), so that a receiving office can
// tell a fix (1.2.1) from a change of meaning (2.0.0) and a package can be pinned.
#pragma once
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace clue::share {

struct SemVer {
  unsigned long major = 0, minor = 0, patch = 0;
  std::string pre;  // without the '-'; build metadata is dropped (it does not order)
};

std::optional<SemVer> parse_semver(std::string_view s);
// <0, 0, >0 as semver orders them (a pre-release before its release).
int compare(const SemVer& a, const SemVer& b);

}  // namespace clue::share

namespace clue::share {

// A version range as npm's node-semver reads it (docs/sharing.md, "Version ranges"), for
// `import "NAME@RANGE"`: `1.2.3` or `=1.2.3` exactly; `^1.2` (>=1.2.0 <2.0.0; `^0.2.3` is
// >=0.2.3 <0.3.0, `^0.0.3` only 0.0.3's patch line); `~1.2` (>=1.2.0 <1.3.0); `1.2`, `1.2.x`,
// `1`, `*` (any in that line); comparators `>=1.2 <2`, `>1.2.3`, `<=2`; `1.2 - 2.3.4`
// (inclusive); several ranges joined by `||`. A pre-release version (1.3.0-rc.1) matches only
// a range that names a pre-release of the same MAJOR.MINOR.PATCH (`>=1.3.0-rc.0`): a range never
// picks up a test release by accident.
struct Comparator {
  enum Op { Lt, Le, Gt, Ge, Eq } op = Ge;
  SemVer v;
};
struct Range {
  std::vector<std::vector<Comparator>> sets;  // any set whose comparators all hold
};

// The range, or nullopt with what is wrong in *why (English).
std::optional<Range> parse_range(std::string_view text, std::string* why = nullptr);
bool satisfies(const SemVer& v, const Range& r);
std::string to_string(const SemVer& v);

}  // namespace clue::share
